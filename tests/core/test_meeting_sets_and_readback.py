"""Question sets (shipped and the rep's own), coaching cues, and the read-back draft."""

from __future__ import annotations

import json

import pytest

from debrief.debriefs.customer_view import customer_view
from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import MeetingQuestion, load_record
from debrief.errors import NotFoundError, ValidationError
from debrief.meeting import session as m
from debrief.meeting.coaching import CUES, cues_for
from debrief.meeting.question_sets import (
    PHASES,
    Question,
    copy_name,
    delete_set,
    get_set,
    list_sets,
    load_set_file,
    save_set,
)
from debrief.meeting.readback import draft_readback
from debrief.model import CaptureKind, Confidence, LossReason, NewDebrief, QuestionState
from debrief.store.database import Store
from tests.conftest import ROOT

DEFAULT = ROOT / "resources" / "question_sets" / "default.json"


def test_the_shipped_set_covers_every_phase_in_order() -> None:
    qset = load_set_file(DEFAULT)
    assert qset.is_builtin
    phases = [q.phase for q in qset.questions]
    assert list(dict.fromkeys(phases)) == list(PHASES)
    assert all(q.text.strip() for q in qset.questions)
    assert any(q.sensitive for q in qset.questions)
    raw = json.loads(DEFAULT.read_text(encoding="utf-8"))
    assert len(raw["questions"]) == len(qset.questions)


def test_own_sets_save_list_rename_and_delete(store: Store) -> None:
    default = load_set_file(DEFAULT)
    edited = [Question("opening", "  Thanks!  "), *default.questions[3:5]]
    mine = save_set(store, "My set", edited)
    assert mine.questions[0].text == "Thanks!"
    assert [s.name for s in list_sets(store, DEFAULT)] == ["Standard debrief", "My set"]
    renamed = save_set(store, "Renamed", list(reversed(mine.questions)), mine.id)
    assert get_set(store, mine.id).questions == renamed.questions
    assert renamed.questions[-1].text == "Thanks!"
    with pytest.raises(ValidationError, match="already"):
        save_set(store, "renamed", edited)
    delete_set(store, mine.id)
    with pytest.raises(NotFoundError):
        get_set(store, mine.id)


@pytest.mark.parametrize(
    ("name", "questions", "field"),
    [
        ("", [Question("opening", "Hi")], "name"),
        ("X", [], "questions"),
        ("X", [Question("opening", "  ")], "text"),
        ("X", [Question("nowhere", "Hi")], "phase"),
    ],
)
def test_bad_sets_are_refused(store: Store, name: str, questions: list, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        save_set(store, name, questions)
    assert field in err.value.fields
    assert list_sets(store, DEFAULT)[1:] == []


def test_copy_names_never_clash() -> None:
    assert copy_name("Std", {"Std"}) == "Std (my copy)"
    assert copy_name("Std", {"Std", "std (MY COPY)"}) == "Std (my copy 2)"


def test_cues_put_the_phase_first_and_include_the_general_ones() -> None:
    cues = cues_for("competitor")
    assert cues[0].title == "Don't criticise their choice"
    assert {c.title for c in CUES if not c.phases} <= {c.title for c in cues}


@pytest.fixture
def meeting_id(store: Store) -> str:
    d = create_debrief(
        store, NewDebrief(account_name="A", contact_name="B", opportunity="C", competitor="G")
    )
    m.start_meeting(store, d.id, load_set_file(DEFAULT))
    return d.id


def _question(store: Store, debrief_id: str, text: str) -> MeetingQuestion:
    return next(q for q in load_record(store, debrief_id).questions if q.text == text)


def test_readback_uses_customer_facing_material_only(store: Store, meeting_id: str) -> None:
    basis = _question(store, meeting_id, "What did your decision come down to in the end?")
    m.save_question(store, basis.id, note="Total cost over\nfive years", state=QuestionState.ASKED)
    short = _question(store, meeting_id, "Where did we fall short for you?")
    m.save_question(store, short.id, note="SECRET-A slow answers", note_internal=True)
    people = _question(store, meeting_id, "How did our people come across to you?")
    m.save_question(store, people.id, note="SECRET-B pushy rep")
    future = _question(store, meeting_id, "What would you like to see from us in future?")
    m.save_question(store, future.id, note="A returns module")
    c = m.add_criterion(store, meeting_id)
    m.save_criterion(store, c.id, "Delivery", "a week", "next day", False)
    hidden = m.add_criterion(store, meeting_id)
    m.save_criterion(store, hidden.id, "SECRET-C", "", "", True)
    price = m.add_reason(store, meeting_id, LossReason.PRICE_VALUE)
    m.save_reason(store, price.id, Confidence.HIGH, "too dear", False)
    m.add_reason(store, meeting_id, LossReason.SALES_EXPERIENCE)  # internal by default
    m.add_item(store, meeting_id, CaptureKind.COMPETITOR_STRENGTH, "SECRET-D fast onboarding")
    m.add_item(store, meeting_id, CaptureKind.PRODUCT_REQUEST, "Better reports")
    m.save_notepad(store, meeting_id, text="SECRET-E", internal=False)

    text = draft_readback(customer_view(load_record(store, meeting_id)))
    assert "SECRET" not in text
    assert "the way we handled the sale" not in text
    assert "Total cost over five years" in text
    assert "Delivery: when you first chose us it was a week; now it is next day" in text
    assert "above all, the price didn't match the value you expected from us" in text
    assert "(in your words, “too dear”)" in text
    assert "Better reports" in text and "A returns module" in text
    assert text.index("What your decision came down to") < text.index("Where we fell short")
    assert text.index("Where we fell short") < text.index("What you'd like to see from us")


def test_reasons_about_their_own_situation_are_not_our_shortfalls(
    store: Store, meeting_id: str
) -> None:
    changed = m.add_reason(store, meeting_id, LossReason.CHANGED_CRITERIA)
    m.save_reason(store, changed.id, Confidence.HIGH, "", False)
    timing = m.add_reason(store, meeting_id, LossReason.TIMING_BUDGET)
    m.save_reason(store, timing.id, Confidence.HIGH, "", False)
    service = m.add_reason(store, meeting_id, LossReason.SERVICE_DELIVERY)
    m.save_reason(store, service.id, Confidence.HIGH, "", False)

    text = draft_readback(customer_view(load_record(store, meeting_id)))
    came_down_to = text.split("What your decision came down to:\n", 1)[1].split("\n\n", 1)[0]
    fell_short = text.split("Where we fell short:\n", 1)[1].split("\n\n", 1)[0]
    assert "your priorities changed along the way" in came_down_to
    assert "the timing or the budget wasn't right" in came_down_to
    assert fell_short.strip() == "- we let you down on service or delivery"


def test_readback_is_empty_when_nothing_customer_facing(store: Store, meeting_id: str) -> None:
    assert draft_readback(customer_view(load_record(store, meeting_id))) == ""


def test_readback_files_each_answer_under_what_it_answers(store: Store, meeting_id: str) -> None:
    well = _question(store, meeting_id, "Where did we do well?")
    m.save_question(store, well.id, note="She liked the route planning.", state=QuestionState.ASKED)
    short = _question(store, meeting_id, "Where did we fall short for you?")
    m.save_question(store, short.id, note="They found support slow in winter.")
    renewal = _question(
        store, meeting_id, "How long is the new contract, and when does it come up for renewal?"
    )
    m.save_question(store, renewal.id, note="Three years, renewal in 2029.")
    competitor = _question(store, meeting_id, "What do they do especially well?")
    m.save_question(store, competitor.id, note="SECRET fuel cards", note_internal=False)

    text = draft_readback(customer_view(load_record(store, meeting_id)))
    did_well = text.split("Where we did well:\n", 1)[1].split("\n\n", 1)[0]
    fell_short = text.split("Where we fell short:\n", 1)[1].split("\n\n", 1)[0]
    assert did_well == "- You liked the route planning."
    assert fell_short == "- You found support slow in winter."
    assert "What happens next:\n- Three years, renewal in 2029." in text
    assert "SECRET" in text  # the rep unticked Internal on it: the flag decides
    assert "What made the difference:\n- SECRET fuel cards" in text


def test_a_reps_own_wording_is_read_by_role(store: Store) -> None:
    from debrief.meeting.question_sets import Question, QuestionSet
    from debrief.meeting.roles import QuestionRole

    own = QuestionSet(
        "Mine",
        (
            Question("performance", "Any bouquets?", role=QuestionRole.DID_WELL),
            Question("performance", "Any brickbats?", role=QuestionRole.FELL_SHORT),
        ),
    )
    debrief_id = create_debrief(
        store, NewDebrief(account_name="A", contact_name="B", opportunity="C", competitor="G")
    ).id
    m.start_meeting(store, debrief_id, own)
    first, second = load_record(store, debrief_id).questions
    m.save_question(store, first.id, note="The dashboards")
    m.save_question(store, second.id, note="Onboarding was slow")
    text = draft_readback(customer_view(load_record(store, debrief_id)))
    assert "Where we did well:\n- The dashboards" in text
    assert "Where we fell short:\n- Onboarding was slow" in text


def test_third_person_notes_are_said_to_their_face() -> None:
    from debrief.meeting.readback import to_their_face

    assert to_their_face("She was open. He wants faster reports.") == (
        "You were open. You want faster reports."
    )
    assert to_their_face("Their board chose to consolidate.") == "Your board chose to consolidate."
    assert to_their_face("Liked the demo; they said it was long.") == (
        "Liked the demo; they said it was long."
    )
