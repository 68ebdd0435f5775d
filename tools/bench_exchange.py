"""How long exporting and importing a large archive takes (20,000 debriefs by default).

Builds a temporary archive, then times: JSON, CSV and XLSX exports; importing the JSON into an
empty data folder; importing it again (nothing to change). Run
`python tools/bench_exchange.py [--count N]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.exchange.importing import preview_import, run_import
from debrief.samples import generate_archive, load_samples
from debrief.store.database import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="debriefs to generate")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="debrief-bench-") as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "a.sqlite3")
        generate_archive(store, args.count)
        load_samples(store)
        rows: list[tuple[str, float, str]] = []
        for fmt in ExportFormat:
            path = folder / f"export{fmt.suffix}"
            start = time.perf_counter()
            export(store, path, ExportOptions(fmt))
            rows.append((f"export {fmt.value}", time.perf_counter() - start, _size(path)))
        store.close()
        target = Store.open(folder / "b.sqlite3")
        for label in ("import into an empty folder", "import the same file again"):
            start = time.perf_counter()
            plan = preview_import(target, folder / "export.json")
            run_import(target, plan, folder / "backups")
            rows.append((label, time.perf_counter() - start, plan.summary()[0]))
        target.close()
    print(f"Debrief export/import benchmark: {args.count:,} generated debriefs (+ samples)")
    for label, seconds, note in rows:
        print(f"{label:<30} {seconds:6.1f} s   {note}")
    return 0


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1_000_000:.1f} MB"


if __name__ == "__main__":
    sys.exit(main())
