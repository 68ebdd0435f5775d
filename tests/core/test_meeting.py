"""The meeting record: snapshot of questions, notes, capture, close, summary, round trips."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from debrief.debriefs.customer_view import load_customer_view
from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.debriefs.record import CloseOutcome, load_record
from debrief.errors import NotFoundError, ValidationError
from debrief.meeting import session as m
from debrief.meeting.question_sets import Question, QuestionSet, load_set_file, save_set
from debrief.model import (
    CaptureKind,
    Confidence,
    KeepInTouch,
    LossReason,
    NewDebrief,
    QuestionState,
    Status,
)
from debrief.search.index import refresh_stale
from debrief.store.database import Store, merged
from tests.conftest import ROOT

DEFAULT = ROOT / "resources" / "question_sets" / "default.json"
TRICKY = "Zażółć Съешь 中文 😀 שלום <b>&amp;</b> \"q\" 'x'\n\tline two"


def _debrief(store: Store) -> str:
    return create_debrief(
        store,
        NewDebrief(
            account_name="Acme", contact_name="Ana", opportunity="Scanners", competitor="Globex"
        ),
    ).id


@pytest.fixture
def started(store: Store) -> str:
    debrief_id = _debrief(store)
    m.start_meeting(store, debrief_id, load_set_file(DEFAULT), minutes=45)
    return debrief_id


def _search(store: Store, word: str) -> list[str]:
    refresh_stale(store.db)
    return [
        r[0]
        for r in store.db.execute(
            "SELECT debrief_id FROM debrief_search WHERE debrief_search MATCH ?", [word]
        ).fetchall()
    ]


def test_starting_copies_the_questions_and_marks_nothing_held(store: Store) -> None:
    debrief_id = _debrief(store)
    assert not m.has_started(store, debrief_id)
    qset = load_set_file(DEFAULT)
    meeting = m.start_meeting(store, debrief_id, qset, minutes=45)
    assert [q.text for q in meeting.questions] == [q.text for q in qset.questions]
    assert all(q.state == QuestionState.OPEN for q in meeting.questions)
    assert meeting.minutes == 45 and meeting.started_at
    assert meeting.question_set_name == "Standard debrief"
    # Opening the meeting screen is not the meeting: no status, no meeting date.
    assert get_debrief(store, debrief_id).status == Status.LOGGED
    assert meeting.meeting_date == "" and not load_customer_view(store, debrief_id).meeting_held
    # sensitive questions (about our people) and competitor intel start internal
    by_text = {q.text: q for q in meeting.questions}
    people = by_text["How did our people come across to you?"]
    assert people.sensitive and people.note_internal
    assert by_text["What do they do especially well?"].note_internal
    assert not by_text["Where did we fall short for you?"].note_internal


def test_starting_again_resumes_and_never_resnapshots(store: Store, started: str) -> None:
    first = load_record(store, started)
    m.save_question(store, first.questions[0].id, note="kept")
    other = QuestionSet("Other", (Question("opening", "Only one"),))
    again = m.start_meeting(store, started, other)
    assert [q.id for q in again.questions] == [q.id for q in first.questions]
    assert again.questions[0].note == "kept"


def test_editing_a_set_later_never_changes_a_past_debrief(store: Store) -> None:
    mine = save_set(store, "Mine", [Question("opening", "Hello?"), Question("close", "Bye?")])
    debrief_id = _debrief(store)
    m.start_meeting(store, debrief_id, mine)
    save_set(store, "Mine", [Question("opening", "Changed")], mine.id)
    assert [q.text for q in load_record(store, debrief_id).questions] == ["Hello?", "Bye?"]


def test_bad_meeting_length_or_empty_set_is_refused(store: Store) -> None:
    debrief_id = _debrief(store)
    with pytest.raises(ValidationError):
        m.start_meeting(store, debrief_id, load_set_file(DEFAULT), minutes=0)
    with pytest.raises(ValidationError):
        m.start_meeting(store, debrief_id, QuestionSet("Empty"))
    assert not m.has_started(store, debrief_id)


def test_question_state_note_and_flag_round_trip_exactly(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    store = Store.open(path)
    debrief_id = _debrief(store)
    meeting = m.start_meeting(store, debrief_id, load_set_file(DEFAULT))
    q = meeting.questions[3]
    big = (TRICKY * 20000)[:1_000_000]
    m.save_question(store, q.id, state=QuestionState.ASKED, note=big, note_internal=True)
    m.save_question(store, meeting.questions[4].id, state=QuestionState.SKIPPED)
    m.save_notepad(store, debrief_id, text=TRICKY, internal=False)
    before = load_record(store, debrief_id)
    store.close()
    reopened = Store.open(path)
    after = load_record(reopened, debrief_id)
    reopened.close()
    assert after == before
    assert after.questions[3].note == big and len(big) == 1_000_000
    assert after.questions[3].state == QuestionState.ASKED and after.questions[3].note_internal
    assert after.notepad == TRICKY and not after.notepad_internal
    assert (after.asked, after.skipped) == (1, 1)


def test_saving_a_note_keeps_search_in_step(store: Store, started: str) -> None:
    q = load_record(store, started).questions[0]
    m.save_question(store, q.id, note="they loved the dashboards")
    assert _search(store, "dashboards") == [started]
    m.save_question(store, q.id, note="something else")
    assert _search(store, "dashboards") == []


def test_criteria_then_and_now(store: Store, started: str) -> None:
    c = m.add_criterion(store, started)
    second = m.add_criterion(store, started)
    m.save_criterion(store, c.id, "Delivery time", "two weeks", "two days", False)
    crit = load_record(store, started).criteria
    assert [(x.criterion, x.then_text, x.now_text) for x in crit] == [
        ("Delivery time", "two weeks", "two days"),
        ("", "", ""),
    ]
    assert crit[1].position > crit[0].position
    m.remove_criterion(store, second.id)
    assert len(load_record(store, started).criteria) == 1
    assert _search(store, "weeks") == [started]


def test_one_primary_reason_with_secondaries(store: Store, started: str) -> None:
    price = m.add_reason(store, started, LossReason.PRICE_VALUE)
    fit = m.add_reason(store, started, LossReason.PRODUCT_FIT)
    sales = m.add_reason(store, started, LossReason.SALES_EXPERIENCE)
    assert price.is_primary and not fit.is_primary
    assert sales.internal and not fit.internal  # feedback on the sale stays internal by default
    with pytest.raises(ValidationError, match="already"):
        m.add_reason(store, started, LossReason.PRICE_VALUE)
    m.save_reason(store, fit.id, Confidence.HIGH, "It didn't do returns", False)
    m.set_primary_reason(store, fit.id)
    reasons = load_record(store, started).reasons
    assert [r.category for r in reasons if r.is_primary] == [LossReason.PRODUCT_FIT]
    assert reasons[0].confidence == Confidence.HIGH and reasons[0].quote == "It didn't do returns"
    m.remove_reason(store, fit.id)
    reasons = load_record(store, started).reasons
    assert [r.category for r in reasons if r.is_primary] == [LossReason.PRICE_VALUE]


def test_captured_items_by_kind(store: Store, started: str) -> None:
    strength = m.add_item(store, started, CaptureKind.COMPETITOR_STRENGTH, "Fast onboarding")
    request = m.add_item(store, started, CaptureKind.PRODUCT_REQUEST)
    assert strength.internal and not request.internal
    m.save_item(store, request.id, "An API for returns", False)
    meeting = load_record(store, started)
    assert [i.text for i in meeting.items_of(CaptureKind.PRODUCT_REQUEST)] == ["An API for returns"]
    assert [i.text for i in meeting.items_of(CaptureKind.COMPETITOR_STRENGTH)] == [
        "Fast onboarding"
    ]
    m.remove_item(store, strength.id)
    assert load_record(store, started).items_of(CaptureKind.COMPETITOR_STRENGTH) == ()
    with pytest.raises(NotFoundError):
        m.save_item(store, strength.id, "x", False)


def test_close_outcome_round_trip_and_date_checks(store: Store, started: str) -> None:
    close = CloseOutcome(
        keep_in_touch=KeepInTouch.YES,
        keep_in_touch_when="after Easter",
        consolation_order="Spare batteries",
        renewal_date="2028-03-31",
        promised_followup="Send the returns roadmap",
        followup_date="2026-12-01",
    )
    m.save_close(store, started, close)
    assert load_record(store, started).close == close
    with pytest.raises(ValidationError) as err:
        m.save_close(store, started, CloseOutcome(renewal_date="31/03/2028"))
    assert set(err.value.fields) == {"renewal_date"}
    assert load_record(store, started).close == close  # nothing half-written


def test_summary_and_elapsed_are_saved(store: Store, started: str) -> None:
    m.save_summary(store, started, TRICKY)
    m.save_elapsed(store, started, 754)
    meeting = load_record(store, started)
    assert meeting.summary == TRICKY and meeting.elapsed_s == 754


def test_a_missing_question_is_a_plain_error(store: Store) -> None:
    with pytest.raises(NotFoundError):
        m.save_question(store, "nope", note="x")


def test_typing_saves_defer_the_search_document_but_search_is_never_stale(
    store: Store, started: str
) -> None:
    from debrief.search import browse

    question = load_record(store, started).questions[0]
    m.save_question(store, question.id, note="porcupine " * 50_000)
    assert store.db["search_stale"].count == 1  # the expensive rebuild waited
    found = browse.page(store, browse.Filters(text="porcupin"), browse.Sort(), 0, 10)
    assert [row.id for row in found] == [started]
    assert store.db["search_stale"].count == 0


# -- held is what the rep says ------------------------------------------------------------------


def test_marking_held_keeps_the_date_and_moves_the_status(store: Store, started: str) -> None:
    assert not m.worth_asking_if_held(load_record(store, started))
    first = load_record(store, started).questions[0]
    m.save_question(store, first.id, note="They were glad to talk")
    assert m.worth_asking_if_held(load_record(store, started))
    with pytest.raises(ValidationError):
        m.mark_meeting_held(store, started, "not a date")
    with pytest.raises(ValidationError):
        m.mark_meeting_held(store, started, (date.today() + timedelta(days=2)).isoformat())
    assert get_debrief(store, started).status == Status.LOGGED
    with store.collect_changes() as noted:
        record = m.mark_meeting_held(store, started, "2026-11-20")
    assert merged(noted).touches(started)
    assert record.meeting_date == "2026-11-20"
    assert record.debrief.status == Status.MEETING_HELD
    assert load_customer_view(store, started).meeting_held
    assert not m.worth_asking_if_held(record)
    # a later status is never moved back; the date can still be put right
    with store.atomic() as db:
        db["debriefs"].update(started, {"status": Status.SUMMARY_SENT.value})
    assert m.mark_meeting_held(store, started).meeting_date == date.today().isoformat()
    assert get_debrief(store, started).status == Status.SUMMARY_SENT


def test_an_asked_question_alone_is_worth_asking_about(store: Store, started: str) -> None:
    first = load_record(store, started).questions[0]
    m.save_question(store, first.id, state=QuestionState.SKIPPED)
    assert not m.worth_asking_if_held(load_record(store, started))
    m.save_question(store, first.id, state=QuestionState.ASKED)
    assert m.worth_asking_if_held(load_record(store, started))


# -- capture once ---------------------------------------------------------------------------


def test_a_note_line_becomes_an_item_with_the_stricter_internal_flag(
    store: Store, started: str
) -> None:
    with store.collect_changes() as noted:
        made = m.capture_from_note(
            store, started, m.CaptureTarget.CRITERION, "- Delivery within a week", False
        )
    assert merged(noted).touches(started)
    record = load_record(store, started)
    assert [(c.id, c.criterion, c.internal) for c in record.criteria] == [
        (made.item_ids[0], "Delivery within a week", False)
    ]
    # several selected lines: one item each, list markers gone, blank lines dropped
    m.capture_from_note(
        store, started, m.CaptureTarget.PRODUCT_REQUEST, "1. Better reports\n\n• Returns\n", True
    )
    requests = load_record(store, started).items_of(CaptureKind.PRODUCT_REQUEST)
    assert [(i.text, i.internal) for i in requests] == [
        ("Better reports", True),
        ("Returns", True),
    ]
    # competitor strengths start internal even from a customer-facing note
    strength = m.capture_from_note(
        store, started, m.CaptureTarget.COMPETITOR_STRENGTH, "Fast onboarding", False
    )
    assert strength.internal
    (item,) = load_record(store, started).items_of(CaptureKind.COMPETITOR_STRENGTH)
    assert item.internal and item.text == "Fast onboarding"
    with pytest.raises(ValidationError):
        m.capture_from_note(store, started, m.CaptureTarget.CRITERION, " \n ", False)


def test_a_quote_goes_to_the_chosen_or_main_reason(store: Store, started: str) -> None:
    with pytest.raises(ValidationError):  # no reason yet, none chosen
        m.capture_from_note(store, started, m.CaptureTarget.REASON_QUOTE, "Too slow", False)
    made = m.capture_from_note(
        store,
        started,
        m.CaptureTarget.REASON_QUOTE,
        "Twelve weeks was too long",
        False,
        category=LossReason.SERVICE_DELIVERY,
    )
    (reason,) = load_record(store, started).reasons
    assert reason.id == made.item_ids[0] and reason.is_primary and not reason.internal
    assert reason.quote == "Twelve weeks was too long"
    # without a choice: the main reason, added to its quote; an internal note makes it internal
    m.capture_from_note(store, started, m.CaptureTarget.REASON_QUOTE, "for us", True)
    (reason,) = load_record(store, started).reasons
    assert reason.quote == "Twelve weeks was too long for us" and reason.internal
    # sales experience starts internal
    sales = m.capture_from_note(
        store,
        started,
        m.CaptureTarget.REASON_QUOTE,
        "Nobody called back",
        False,
        category=LossReason.SALES_EXPERIENCE,
    )
    assert sales.internal
    second = m.add_reason(store, started, LossReason.PRICE_VALUE)
    m.capture_from_note(
        store, started, m.CaptureTarget.REASON_QUOTE, "Too dear", False, reason_id=second.id
    )
    by_category = {r.category: r for r in load_record(store, started).reasons}
    assert by_category[LossReason.PRICE_VALUE].quote == "Too dear"
    assert not by_category[LossReason.PRICE_VALUE].internal
