"""Each writing use case declares what it changed, and only what committed counts.

The UI's runner broadcasts exactly these change sets to every open view, so a use case that
forgets to declare leaves a screen showing stale data (or a window open on a trashed debrief).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest

from debrief.changes import NOTHING, ChangeSet
from debrief.debriefs.accounts import get_account, insert_account, insert_contact
from debrief.debriefs.editing import (
    AccountEdit,
    DebriefEdit,
    update_account_details,
    update_debrief,
)
from debrief.debriefs.form_drafts import discard_form_draft, save_form_draft
from debrief.debriefs.lifecycle import advance_status, create_debrief, get_debrief, set_status
from debrief.debriefs.record import CloseOutcome
from debrief.debriefs.trash import empty_trash, restore_debrief, trash_debrief
from debrief.errors import DebriefError, ValidationError
from debrief.letters.drafting import Draft, keep_letter, save_working_draft
from debrief.letters.sender_profile import get_sender_profile, save_sender_profile
from debrief.meeting import session as m
from debrief.meeting.question_sets import Question, delete_set, load_set_file, save_set
from debrief.model import CaptureKind, Confidence, LetterKind, LossReason, NewDebrief, Status
from debrief.samples import generate_archive, load_samples, remove_samples
from debrief.store.database import Store, merged
from tests.conftest import ROOT

DEFAULT = ROOT / "resources" / "question_sets" / "default.json"
T = TypeVar("T")


def committed(store: Store, action: Callable[[], T]) -> tuple[T, ChangeSet]:
    """Run a use case the way the UI's runner does; return its value and what it declared."""
    with store.collect_changes() as noted:
        value = action()
    return value, merged(noted)


def failed(store: Store, action: Callable[[], object]) -> ChangeSet:
    with store.collect_changes() as noted, pytest.raises(DebriefError):
        action()
    return merged(noted)


def _new(store: Store, account: str = "Acme") -> str:
    return create_debrief(
        store,
        NewDebrief(
            account_name=account, contact_name="Ana", opportunity="Scanners", competitor="Globex"
        ),
    ).id


@pytest.fixture
def debrief_id(store: Store) -> str:
    return _new(store)


def test_logging_a_debrief_declares_it_added_with_its_new_customer(store: Store) -> None:
    created, changes = committed(
        store,
        lambda: create_debrief(
            store,
            NewDebrief(
                account_name="Initech", contact_name="Bo", opportunity="Fleet", competitor="Globex"
            ),
        ),
    )
    assert changes.added == {created.id}
    assert changes.accounts == {created.account_id}
    assert changes.listing


def test_a_rejected_debrief_declares_nothing(store: Store) -> None:
    assert failed(store, lambda: create_debrief(store, NewDebrief(account_name="X"))) == NOTHING


def test_editing_and_status_declare_the_one_debrief(store: Store, debrief_id: str) -> None:
    edit = DebriefEdit.of(get_debrief(store, debrief_id))
    edit.opportunity = "Scanners 2028"
    _, changes = committed(store, lambda: update_debrief(store, debrief_id, edit))
    assert changes == ChangeSet.debrief(debrief_id)
    _, changes = committed(store, lambda: set_status(store, debrief_id, Status.CLOSED))
    assert changes == ChangeSet.debrief(debrief_id)


def test_advancing_to_a_stage_already_passed_declares_nothing(
    store: Store, debrief_id: str
) -> None:
    _, changes = committed(
        store, lambda: advance_status(store, debrief_id, Status.MEETING_REQUESTED)
    )
    assert changes == ChangeSet.debrief(debrief_id)
    _, changes = committed(store, lambda: advance_status(store, debrief_id, Status.LOGGED))
    assert changes == NOTHING


def test_an_invalid_edit_declares_nothing(store: Store, debrief_id: str) -> None:
    edit = DebriefEdit.of(get_debrief(store, debrief_id))
    edit.opportunity = " "
    assert failed(store, lambda: update_debrief(store, debrief_id, edit)) == NOTHING


def test_a_customer_edit_declares_the_account_and_every_debrief_showing_its_name(
    store: Store, debrief_id: str
) -> None:
    account_id = get_debrief(store, debrief_id).account_id
    other = _new(store, "Acme")  # the same customer
    elsewhere = _new(store, "Globex")
    edit = AccountEdit.of(get_account(store, account_id))
    edit.name = "Acme Group"
    _, changes = committed(store, lambda: update_account_details(store, account_id, edit))
    assert changes.accounts == {account_id}
    assert changes.debriefs == {debrief_id, other}
    assert not changes.touches(elsewhere)


def test_adding_people_declares_their_account(store: Store) -> None:
    account, changes = committed(store, lambda: insert_account(store, "Umbrella"))
    assert changes == ChangeSet.of(accounts=[account.id])
    _, changes = committed(store, lambda: insert_contact(store, account.id, "Lee"))
    assert changes == ChangeSet.of(accounts=[account.id])


def test_trash_restore_and_empty_declare_removed_and_added(store: Store, debrief_id: str) -> None:
    _, changes = committed(store, lambda: trash_debrief(store, debrief_id))
    assert changes == ChangeSet.of(removed=[debrief_id])
    assert changes.touches(debrief_id) and changes.listing
    _, changes = committed(store, lambda: restore_debrief(store, debrief_id))
    assert changes == ChangeSet.of(added=[debrief_id])
    trash_debrief(store, debrief_id)
    _, changes = committed(store, lambda: empty_trash(store))
    assert changes == ChangeSet.of(removed=[debrief_id])


def test_trashing_a_missing_debrief_declares_nothing(store: Store) -> None:
    assert failed(store, lambda: trash_debrief(store, "no-such-id")) == NOTHING


def test_meeting_saves_declare_their_debrief(store: Store, debrief_id: str) -> None:
    meeting, changes = committed(
        store, lambda: m.start_meeting(store, debrief_id, load_set_file(DEFAULT))
    )
    assert changes == ChangeSet.debrief(debrief_id)
    question = meeting.questions[0]
    reason = m.add_reason(store, debrief_id, LossReason.PRICE_VALUE)
    criterion = m.add_criterion(store, debrief_id)
    item = m.add_item(store, debrief_id, CaptureKind.PRODUCT_REQUEST)
    saves: list[Callable[[], object]] = [
        lambda: m.save_question(store, question.id, note="They liked us"),
        lambda: m.save_notepad(store, debrief_id, text="aside"),
        lambda: m.save_elapsed(store, debrief_id, 120),
        lambda: m.save_summary(store, debrief_id, "You chose…"),
        lambda: m.add_criterion(store, debrief_id),
        lambda: m.save_criterion(store, criterion.id, "Speed", "low", "high", False),
        lambda: m.remove_criterion(store, criterion.id),
        lambda: m.add_reason(store, debrief_id, LossReason.RELATIONSHIP),
        lambda: m.save_reason(store, reason.id, Confidence.HIGH, "too dear", False),
        lambda: m.set_primary_reason(store, reason.id),
        lambda: m.remove_reason(store, reason.id),
        lambda: m.add_item(store, debrief_id, CaptureKind.COMPETITOR_STRENGTH, "Fast"),
        lambda: m.save_item(store, item.id, "A named lead", False),
        lambda: m.remove_item(store, item.id),
        lambda: m.save_close(store, debrief_id, CloseOutcome()),
    ]
    for save in saves:
        _, changes = committed(store, save)
        assert changes == ChangeSet.debrief(debrief_id)


def test_a_meeting_save_that_fails_declares_nothing(store: Store, debrief_id: str) -> None:
    m.start_meeting(store, debrief_id, load_set_file(DEFAULT))
    assert failed(store, lambda: m.save_question(store, "gone", note="x")) == NOTHING
    bad_close = CloseOutcome(renewal_date="20240105x")
    assert failed(store, lambda: m.save_close(store, debrief_id, bad_close)) == NOTHING
    assert failed(store, lambda: m.add_reason(store, "gone", LossReason.PRICE_VALUE)) == NOTHING


def test_a_failure_inside_the_transaction_rolls_the_note_back(
    store: Store, debrief_id: str
) -> None:
    """The note is made, then the use case fails later in the same transaction."""
    m.start_meeting(store, debrief_id, load_set_file(DEFAULT))
    m.add_reason(store, debrief_id, LossReason.PRICE_VALUE)
    with store.collect_changes() as noted, pytest.raises(ValidationError), store.atomic():
        m.add_reason(store, debrief_id, LossReason.RELATIONSHIP)  # notes, nested
        m.add_reason(store, debrief_id, LossReason.PRICE_VALUE)  # already there: fails
    assert merged(noted) == NOTHING


def test_question_sets_and_profile_declare_their_kind(store: Store) -> None:
    questions = [Question(phase="opening", text="How did you decide?")]
    saved, changes = committed(store, lambda: save_set(store, "Short", questions))
    assert changes == ChangeSet(question_sets=True)
    _, changes = committed(store, lambda: delete_set(store, saved.id))
    assert changes == ChangeSet(question_sets=True)
    assert failed(store, lambda: delete_set(store, saved.id)) == NOTHING
    _, changes = committed(store, lambda: save_sender_profile(store, get_sender_profile(store)))
    assert changes == ChangeSet(profile=True)


def test_letters_declare_their_debrief(store: Store, debrief_id: str) -> None:
    draft = Draft(LetterKind.SUMMARY, "Thank you", "Dear Ana Müller, thank you.")
    _, changes = committed(store, lambda: save_working_draft(store, debrief_id, draft))
    assert changes == NOTHING  # private to the letters window, like a form draft
    _, changes = committed(store, lambda: keep_letter(store, debrief_id, draft))
    assert debrief_id in changes.letters
    assert failed(store, lambda: keep_letter(store, "gone", draft)) == NOTHING


def test_samples_declare_what_they_add_and_remove(store: Store) -> None:
    own = _new(store, "Our real customer")
    added, changes = committed(store, lambda: load_samples(store))
    assert len(changes.added) == added > 0
    assert own not in changes.added
    assert changes.accounts
    _, changes = committed(store, lambda: load_samples(store))  # again: nothing added
    assert changes == NOTHING
    removed, changes = committed(store, lambda: remove_samples(store))
    assert len(changes.removed) == removed
    assert own not in changes.removed
    _, changes = committed(store, lambda: generate_archive(store, 8, accounts=2))
    assert len(changes.added) == 8 and len(changes.accounts) == 2


def test_form_drafts_are_private_to_their_form(store: Store) -> None:
    _, changes = committed(store, lambda: save_form_draft(store, "new", {"a": "b"}))
    assert changes == NOTHING
    _, changes = committed(store, lambda: discard_form_draft(store, "new"))
    assert changes == NOTHING


def test_every_writing_use_case_module_declares() -> None:
    """A module that opens a transaction and never notes anything is a forgotten declaration."""
    core = ROOT / "debrief"
    silent = [
        path.relative_to(ROOT).as_posix()
        for path in core.rglob("*.py")
        if "store.atomic()" in (text := path.read_text(encoding="utf-8"))
        and "store.note(" not in text
        and path.name not in {"database.py", "form_drafts.py"}  # drafts: private to a form
    ]
    assert silent == []
