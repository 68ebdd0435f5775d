"""The read-back as shown to the customer: only customer-facing lines, even after a late flag."""

from __future__ import annotations

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.meeting import session as m
from debrief.meeting.facing import TITLE, facing_readback
from debrief.meeting.question_sets import load_set_file
from debrief.meeting.readback import OPENING
from debrief.model import NewDebrief
from debrief.store.database import Store
from tests.conftest import ROOT

CANARY = "CANARY the buyer was under pressure from finance"


def _meeting(store: Store) -> str:
    d = create_debrief(
        store, NewDebrief(account_name="Acme", contact_name="Ana", opportunity="X", competitor="G")
    )
    m.start_meeting(store, d.id, load_set_file(ROOT / "resources/question_sets/default.json"))
    return d.id


def test_a_line_flagged_internal_after_the_read_back_is_held_back(store: Store) -> None:
    debrief_id = _meeting(store)
    record = load_record(store, debrief_id)
    short = next(q for q in record.questions if "fall short" in q.text)
    m.save_question(store, short.id, note="Onboarding took too long")
    m.save_notepad(store, debrief_id, text=f"{CANARY}.", internal=False)
    summary = (
        f"{OPENING}\n\nWhere we fell short:\n- Onboarding took too long\n- {CANARY}"
        f"\n\nAlso:\n- {CANARY}"
    )
    m.save_summary(store, debrief_id, summary)
    shown = facing_readback(load_record(store, debrief_id))
    assert CANARY in shown.text and shown.held_back == 0  # customer-facing until flagged
    m.save_notepad(store, debrief_id, internal=True)
    shown = facing_readback(load_record(store, debrief_id))
    assert "CANARY" not in shown.text and shown.held_back == 2
    assert [(b.kind, b.text) for b in shown.blocks] == [
        ("title", TITLE),
        ("heading", "Where we fell short"),
        ("point", "Onboarding took too long"),
    ]  # the spoken opening is not shown; "Also" lost all its points and goes too
    assert not shown.drafted


def test_before_a_read_back_is_saved_a_draft_is_shown_and_nothing_internal(store: Store) -> None:
    debrief_id = _meeting(store)
    assert facing_readback(load_record(store, debrief_id)).blocks == ()
    record = load_record(store, debrief_id)
    short = next(q for q in record.questions if "fall short" in q.text)
    m.save_question(store, short.id, note="Onboarding took too long")
    m.save_question(store, record.questions[0].id, note=CANARY, note_internal=True)
    shown = facing_readback(load_record(store, debrief_id))
    assert shown.drafted and "Onboarding took too long" in shown.text
    assert "CANARY" not in shown.text and shown.held_back == 0
