"""Eight-word runs of the source articles, kept as short hashes (tests/fixtures/article-runs.txt)
so the own-words tests run everywhere without the articles' text in the repository.

Refresh the file when the articles change: `python -m tests.own_words /path/to/shared/domain`.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 8  # words in a row that would count as copying
FINGERPRINT = Path(__file__).resolve().parent / "fixtures" / "article-runs.txt"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def run_hashes(text: str) -> dict[str, str]:
    """Each run of RUN words in `text`, by its short hash."""
    found = words(text)
    runs = (" ".join(found[i : i + RUN]) for i in range(len(found) - RUN + 1))
    return {hashlib.sha1(run.encode()).hexdigest()[:16]: run for run in runs}


def fingerprint_of(folder: Path) -> set[str]:
    hashes: set[str] = set()
    for path in sorted(folder.glob("*.txt")):
        hashes |= set(run_hashes(path.read_text(encoding="utf-8")))
    return hashes


def article_runs() -> set[str]:
    return set(FINGERPRINT.read_text(encoding="ascii").split())


if __name__ == "__main__":
    runs = fingerprint_of(Path(sys.argv[1]))
    FINGERPRINT.write_text("\n".join(sorted(runs)) + "\n", encoding="ascii")
    print(f"{len(runs)} runs written to {FINGERPRINT}")
