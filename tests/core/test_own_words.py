"""The product's words are our own: no run of eight words from the source articles in our
questions, cues, letter templates, phrases, sample data or the letters drafted from them (ideas
only, never their sentences). The articles are compared through tests/fixtures/article-runs.txt,
so the check runs on every machine."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

from debrief.debriefs.lifecycle import list_debriefs
from debrief.letters.compose import SummaryNeedsMeeting
from debrief.letters.drafting import draft_letter
from debrief.letters.sender_profile import SenderProfile
from debrief.meeting.coaching import CUES
from debrief.model import LetterKind
from debrief.resources import resource_path
from debrief.samples import SAMPLES, load_samples
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.own_words import article_runs, fingerprint_of, run_hashes

DOMAIN = ROOT.parent / "shared" / "domain"


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


def _drafts() -> Iterator[tuple[str, str]]:
    """Every letter and email drafted for every sample."""
    store = Store.memory()
    load_samples(store)
    profile = SenderProfile(name="Jamie Ortega")
    for debrief in list_debriefs(store):
        for kind in LetterKind:
            try:
                draft = draft_letter(store, debrief.id, kind, profile, resource_path("letters"))
            except SummaryNeedsMeeting:
                continue
            yield f"{kind.value} to {debrief.account_name}", f"{draft.subject}\n{draft.text}"


def _copied(texts: Iterator[tuple[str, str]]) -> list[tuple[str, str]]:
    theirs = article_runs()
    return [
        (where, run)
        for where, text in texts
        for digest, run in run_hashes(text).items()
        if digest in theirs
    ]


def test_no_run_of_the_source_articles_is_in_our_words() -> None:
    assert len(article_runs()) > 1000  # the fingerprint is there and not empty
    assert _copied(_ours()) == []


def test_no_drafted_letter_repeats_the_source_articles() -> None:
    assert _copied(_drafts()) == []


def test_the_check_would_see_a_copied_sentence() -> None:
    theirs = article_runs()
    planted = "I think the way you handle losing a customer is every bit as important"
    assert any(digest in theirs for digest in run_hashes(planted))


def test_the_fingerprint_matches_the_articles_where_they_are_at_hand() -> None:
    present = DOMAIN.is_dir() and any(DOMAIN.glob("*.txt"))
    assert not present or fingerprint_of(DOMAIN) == article_runs(), (
        "the articles changed: run `python -m tests.own_words <shared/domain>`"
    )
