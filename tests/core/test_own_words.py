"""The product's words are our own: no run of eight words from the source articles in our
questions, cues, letter templates, phrases or sample data (ideas only, never their sentences)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator

import pytest

from debrief.meeting.coaching import CUES
from debrief.samples import SAMPLES
from tests.conftest import ROOT

DOMAIN = ROOT.parent / "shared" / "domain"
RUN = 8  # words in a row that would count as copying


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def _ours() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "resources" / "letters").iterdir()):
        yield path.name, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "resources" / "question_sets").glob("*.json")):
        yield path.name, json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False)
    for sample in SAMPLES:
        for text in _strings(sample):
            yield f"sample {sample.account}", text
    for text in _strings(CUES):
        yield "coaching cues", text


def test_no_sentence_of_the_source_articles_is_ours() -> None:
    articles = sorted(DOMAIN.glob("*.txt"))
    if not articles:
        pytest.skip(f"the source articles are not at {DOMAIN}")
    theirs: set[tuple[str, ...]] = set()
    for path in articles:
        theirs |= _runs(path.read_text(encoding="utf-8"))
    copied = [
        (where, " ".join(run)) for where, text in _ours() for run in _runs(text) if run in theirs
    ]
    assert copied == []
