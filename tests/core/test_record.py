"""One reader for a debrief, one vocabulary of labels, one "won by"."""

from __future__ import annotations

import pytest

from debrief.debriefs.history import account_history
from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.debriefs.record import load_record
from debrief.errors import NotFoundError
from debrief.letters.drafting import Draft, keep_letter
from debrief.meeting import session as m
from debrief.meeting.question_sets import load_set_file
from debrief.model import (
    CaptureKind,
    KeepInTouch,
    LabelledEnum,
    LetterKind,
    LossReason,
    NewDebrief,
    Outcome,
    QuestionState,
    won_by,
)
from debrief.search import browse
from debrief.search.browse import Filters
from debrief.store.database import Store
from tests.conftest import ROOT

DEFAULT = ROOT / "resources" / "question_sets" / "default.json"


def _debrief(
    store: Store, outcome: Outcome = Outcome.COMPETITOR, competitor: str = "Globex"
) -> str:
    return create_debrief(
        store,
        NewDebrief(
            account_name="Acme",
            contact_name="Ana",
            opportunity="Fleet",
            outcome=outcome,
            competitor=competitor,
        ),
    ).id


def test_one_record_holds_the_debrief_and_all_that_hangs_off_it(store: Store) -> None:
    debrief_id = _debrief(store)
    with pytest.raises(NotFoundError):
        load_record(store, "nope")
    fresh = load_record(store, debrief_id)
    assert fresh.questions == () and not fresh.has_meeting and fresh.letters == ()
    assert fresh.account.name == "Acme" and fresh.contact is not None
    assert fresh.contact.name == "Ana"

    started = m.start_meeting(store, debrief_id, load_set_file(DEFAULT))
    assert started == load_record(store, debrief_id)
    q = started.questions[0]
    m.save_question(store, q.id, note="cost", state=QuestionState.ASKED)
    m.add_criterion(store, debrief_id)
    m.add_reason(store, debrief_id, LossReason.PRICE_VALUE)
    m.add_item(store, debrief_id, CaptureKind.PRODUCT_REQUEST, "Reports")
    m.save_summary(store, debrief_id, "You chose…")
    keep_letter(store, debrief_id, Draft(LetterKind.SUMMARY, "Thanks", "Dear Ana"))

    record = load_record(store, debrief_id)
    assert record.id == debrief_id and record.has_meeting and record.asked == 1
    assert record.questions[0].note == "cost"
    assert len(record.criteria) == 1 and record.primary_reason is not None
    assert [i.text for i in record.items_of(CaptureKind.PRODUCT_REQUEST)] == ["Reports"]
    assert record.summary == "You chose…" and record.close.keep_in_touch == KeepInTouch.UNKNOWN
    (letter,) = record.letters
    assert letter.kind == LetterKind.SUMMARY and letter.text == "Dear Ana"
    history = account_history(store, record.debrief.account_id)
    assert history.letters == record.letters
    assert history.opportunity_of(letter) == "Fleet"


@pytest.mark.parametrize(
    ("outcome", "competitor", "cell", "phrase"),
    [
        (Outcome.COMPETITOR, "Globex", "Globex", "won by Globex"),
        (Outcome.NO_DECISION, "", "No decision", "no decision was made"),
        (Outcome.IN_HOUSE, "", "Built in-house", "they built it in-house"),
        (Outcome.UNKNOWN, "", "Not known yet", "the outcome is not known yet"),
    ],
)
def test_won_by_reads_right_for_every_outcome(
    store: Store, outcome: Outcome, competitor: str, cell: str, phrase: str
) -> None:
    debrief_id = _debrief(store, outcome, competitor)
    debrief = get_debrief(store, debrief_id)
    (row,) = browse.page(store, Filters(), browse.Sort(), 0, 5)
    # The list, the detail page, the account page and the meeting all ask the same function.
    assert row.won_by == debrief.won_by == won_by(outcome, competitor) == cell
    assert debrief.won_by_phrase == phrase


def test_a_competitor_loss_without_a_name_still_says_something(store: Store) -> None:
    debrief_id = _debrief(store)
    store.db["debriefs"].update(debrief_id, {"competitor": ""})  # e.g. an older database
    (row,) = browse.page(store, Filters(), browse.Sort(), 0, 5)
    assert row.won_by == get_debrief(store, debrief_id).won_by == "A competitor (not named)"


def _labelled_enums() -> list[type[LabelledEnum]]:
    import debrief.model as model

    return [
        value
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, LabelledEnum) and value is not LabelledEnum
    ]


def test_labels_read_right_whatever_the_outcome() -> None:
    """There is not always a winner: no decision and in-house losses have none."""
    labels = [member.label for enum in _labelled_enums() for member in enum]
    assert len(labels) > 30
    assert not [label for label in labels if "winner" in label.lower()]
    assert CaptureKind.COMPETITOR_STRENGTH.label == "What they chose instead does well"
