"""The agenda's use cases on a real database: accept, done, snooze, reschedule, cancel, the
relationship's outcome, and the status that follows only what the rep did."""

from __future__ import annotations

from datetime import date

import pytest

from debrief.changes import ChangeSet
from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.debriefs.record import CloseOutcome
from debrief.errors import ValidationError
from debrief.followups.agenda import (
    accept_plan,
    agenda,
    cancel_followup,
    due_count,
    followups_of,
    followups_of_account,
    get_relationship,
    mark_done,
    mark_notified,
    reschedule,
    set_relationship,
    snooze,
)
from debrief.followups.model import FollowupKind, FollowupState, Relationship
from debrief.followups.plan import proposed_plan
from debrief.followups.settings import (
    FollowupSettings,
    get_followup_settings,
    save_followup_settings,
)
from debrief.meeting.session import save_close
from debrief.model import KeepInTouch, NewDebrief, Status
from debrief.store.database import Store, merged

TODAY = date(2026, 11, 27)  # a Friday


def _debrief(store: Store, lost: str = "2026-11-27") -> str:
    return create_debrief(
        store,
        NewDebrief(
            account_name="Acme Freight",
            contact_name="Jana Novák",
            opportunity="Fleet renewal",
            competitor="Globex",
            date_lost=lost,
        ),
        today=TODAY,
    ).id


def test_accepting_the_plan_puts_it_on_the_agenda_once(store: Store) -> None:
    debrief_id = _debrief(store)
    plan = proposed_plan(store, debrief_id, TODAY)
    assert [i.rule for i in plan] == ["loss_reply", "ask_meeting", "check_in_1", "check_in_2"]
    with store.collect_changes() as noted:
        accepted = accept_plan(store, debrief_id, plan)
    assert merged(noted) == ChangeSet.of(followups=[debrief_id])
    assert len(accepted) == 4 and all(f.state is FollowupState.OPEN for f in accepted)
    assert proposed_plan(store, debrief_id, TODAY) == []  # nothing proposed twice
    accept_plan(store, debrief_id, plan)
    assert len(followups_of(store, debrief_id)) == 4

    found = agenda(store, TODAY)
    assert [f.rule for f in found.this_week] == ["loss_reply"]
    assert [f.rule for f in found.later] == ["ask_meeting", "check_in_1", "check_in_2"]
    assert due_count(store, TODAY) == 1
    assert due_count(store, date(2026, 12, 3)) == 2
    assert [f.rule for f in agenda(store, date(2026, 12, 3)).overdue] == [
        "loss_reply",
        "ask_meeting",
    ]


def test_an_edited_plan_keeps_the_reps_dates_and_words(store: Store) -> None:
    from dataclasses import replace

    debrief_id = _debrief(store)
    plan = proposed_plan(store, debrief_id, TODAY)
    edited = [replace(plan[1], due="2026-12-04", purpose="Ask Jana for half an hour")]
    (followup,) = accept_plan(store, debrief_id, edited)
    assert (followup.due, followup.purpose, followup.kind) == (
        "2026-12-04",
        "Ask Jana for half an hour",
        FollowupKind.ASK_MEETING,
    )
    with pytest.raises(ValidationError):
        accept_plan(store, debrief_id, [replace(plan[0], purpose="  ")])


def test_done_snooze_reschedule_cancel_raise_the_sequence(store: Store) -> None:
    debrief_id = _debrief(store)
    accept_plan(store, debrief_id, proposed_plan(store, debrief_id, TODAY))
    ask = next(f for f in followups_of(store, debrief_id) if f.rule == "ask_meeting")
    snoozed = snooze(store, ask.id, 1, today=TODAY)
    assert (snoozed.due, snoozed.sequence) == ("2026-12-03", 1)  # a day after the due date
    late = snooze(store, ask.id, 7, today=date(2026, 12, 10))
    assert late.due == "2026-12-17"  # a week from today, once it is overdue
    moved = reschedule(store, ask.id, "2026-12-05")  # rep's choice, even a Saturday
    assert (moved.due, moved.sequence) == ("2026-12-05", 3)
    with pytest.raises(ValidationError):
        reschedule(store, ask.id, "5/12/2026")
    assert get_debrief(store, debrief_id).status is Status.LOGGED
    done = mark_done(store, ask.id, "Agreed 30 minutes on the 14th.", date(2026, 12, 2))
    assert (done.state, done.done_on, done.sequence) == (FollowupState.DONE, "2026-12-02", 4)
    assert done.outcome_note == "Agreed 30 minutes on the 14th."
    assert get_debrief(store, debrief_id).status is Status.MEETING_REQUESTED
    with pytest.raises(ValidationError):
        mark_done(store, ask.id, "", date(2026, 12, 2))
    reply = next(f for f in followups_of(store, debrief_id) if f.rule == "loss_reply")
    cancelled = cancel_followup(store, reply.id)
    assert (cancelled.state, cancelled.sequence) == (FollowupState.CANCELLED, 1)
    assert [f.rule for f in agenda(store, TODAY).later] == ["check_in_1", "check_in_2"]


def test_the_follow_up_email_on_day_0_does_not_claim_following_up(store: Store) -> None:
    """A check-in done moves the status only forward, and only because the rep did it."""
    debrief_id = _debrief(store)
    accept_plan(store, debrief_id, proposed_plan(store, debrief_id, TODAY))
    assert get_debrief(store, debrief_id).status is Status.LOGGED
    check_in = next(f for f in followups_of(store, debrief_id) if f.rule == "check_in_1")
    mark_done(store, check_in.id, "", date(2027, 3, 1))
    assert get_debrief(store, debrief_id).status is Status.FOLLOWING_UP


def test_keep_in_touch_no_after_the_meeting(store: Store) -> None:
    debrief_id = _debrief(store)
    save_close(
        store,
        debrief_id,
        CloseOutcome(keep_in_touch=KeepInTouch.NO, renewal_date="2028-06-30"),
    )
    store.db["debriefs"].update(debrief_id, {"meeting_date": "2026-12-01"})
    plan = proposed_plan(store, debrief_id, date(2026, 12, 1))
    assert [(i.kind, i.contact_id) for i in plan] == [(FollowupKind.RENEWAL_WATCH, None)]


def test_the_relationship_outcome_moves_the_status_and_ends_the_open_follow_ups(
    store: Store,
) -> None:
    debrief_id = _debrief(store)
    accept_plan(store, debrief_id, proposed_plan(store, debrief_id, TODAY))
    with pytest.raises(ValidationError) as caught:
        set_relationship(
            store, debrief_id, Relationship.WON_BACK, "2027-13-01", "lots", today=TODAY
        )
    assert set(caught.value.fields) == {"on", "value"}
    state = set_relationship(
        store, debrief_id, Relationship.WON_BACK, "2026-11-27", "25,000", today=TODAY
    )
    assert (state.relationship, state.on, state.value_minor) == (
        Relationship.WON_BACK,
        "2026-11-27",
        2_500_000,
    )
    assert get_debrief(store, debrief_id).status is Status.WON_BACK
    assert {f.state for f in followups_of(store, debrief_id)} == {FollowupState.CANCELLED}
    assert proposed_plan(store, debrief_id, TODAY) == []
    # Undoing it returns the status the record supports, not a guess.
    set_relationship(store, debrief_id, Relationship.OPEN, today=TODAY)
    assert get_debrief(store, debrief_id).status is Status.LOGGED
    state = set_relationship(store, debrief_id, Relationship.WITH_COMPETITOR, today=TODAY)
    assert state.on == "2026-11-27"
    assert get_debrief(store, debrief_id).status is Status.LOGGED
    assert get_relationship(store, debrief_id).relationship is Relationship.WITH_COMPETITOR


def test_the_account_trail_lists_every_follow_up(store: Store) -> None:
    first = _debrief(store)
    second = _debrief(store, "2026-11-20")
    accept_plan(store, first, proposed_plan(store, first, TODAY)[:1])
    accept_plan(store, second, proposed_plan(store, second, TODAY)[:1])
    account_id = get_debrief(store, first).account_id
    trail = followups_of_account(store, account_id)
    assert {f.debrief_id for f in trail} == {first, second}


def test_settings_live_in_the_database(store: Store) -> None:
    assert get_followup_settings(store) == FollowupSettings()
    custom = FollowupSettings(win_back_months_before_renewal=18, renewal_watch=False)
    with store.collect_changes() as noted:
        assert save_followup_settings(store, custom) == custom
    assert merged(noted).settings
    with pytest.raises(ValidationError):
        save_followup_settings(store, FollowupSettings(second_check_in_months=2))
    store.db["settings"].upsert({"key": "followups.alarm_hour", "value": "late"}, pk="key")
    assert get_followup_settings(store).alarm_hour == 9  # a damaged value falls back


def test_keeping_the_follow_up_email_on_day_0_leaves_the_status(store: Store) -> None:
    """Bug: the 3–6-month email 'sent' right after the loss moved the status to Following up."""
    from debrief.letters.drafting import Draft, LetterKind, keep_letter, mark_sent

    def send(kind: LetterKind, text: str) -> None:
        mark_sent(store, keep_letter(store, debrief_id, Draft(kind, "Hello", text)).id)

    debrief_id = _debrief(store)
    send(LetterKind.FOLLOW_UP, "How are things?")
    assert get_debrief(store, debrief_id).status is Status.LOGGED
    send(LetterKind.SUMMARY, "Summary text")
    assert get_debrief(store, debrief_id).status is Status.SUMMARY_SENT
    send(LetterKind.FOLLOW_UP, "How are things now?")
    assert get_debrief(store, debrief_id).status is Status.FOLLOWING_UP


def test_emptying_the_trash_takes_the_follow_ups_too(store: Store) -> None:
    from debrief.debriefs.trash import empty_trash, trash_debrief

    debrief_id = _debrief(store)
    accept_plan(store, debrief_id, proposed_plan(store, debrief_id, TODAY))
    trash_debrief(store, debrief_id)
    assert agenda(store, TODAY).later == [] and due_count(store, TODAY) == 0
    assert empty_trash(store) == 1
    assert store.db["followups"].count == 0


def test_editing_an_accepted_follow_up(store: Store) -> None:
    from debrief.followups.agenda import edit_followup
    from debrief.followups.model import Channel

    debrief_id = _debrief(store)
    accept_plan(store, debrief_id, proposed_plan(store, debrief_id, TODAY))
    first = followups_of(store, debrief_id)[0]
    edited = edit_followup(
        store, first.id, purpose="  Ring   Jana ", channel=Channel.CALL, due="2026-12-01"
    )
    assert (edited.purpose, edited.channel, edited.due, edited.sequence) == (
        "Ring Jana",
        Channel.CALL,
        "2026-12-01",
        1,
    )
    with pytest.raises(ValidationError):
        edit_followup(store, first.id, purpose=" ", channel=Channel.CALL, due="2026-12-01")


def test_each_use_case_declares_what_it_changed(store: Store) -> None:
    """The window's views follow the runner's broadcast: follow-ups, and the debrief whose
    status moved; the notifier's bookkeeping is no change anyone sees."""
    debrief_id = _debrief(store)
    accept_plan(store, debrief_id, proposed_plan(store, debrief_id, TODAY))
    reply, ask = followups_of(store, debrief_id)[:2]
    with store.collect_changes() as noted:
        snooze(store, reply.id, 1, today=TODAY)
    assert merged(noted) == ChangeSet.of(followups=[debrief_id])
    with store.collect_changes() as noted:
        mark_done(store, ask.id, "", date(2026, 12, 2))
    assert merged(noted) == ChangeSet.of(followups=[debrief_id], debriefs=[debrief_id])
    with store.collect_changes() as noted:
        mark_notified(store, [reply.id], TODAY)
    assert merged(noted) == ChangeSet()
    with store.collect_changes() as noted:
        set_relationship(store, debrief_id, Relationship.CLOSED, today=TODAY)
    assert merged(noted) == ChangeSet.of(followups=[debrief_id], debriefs=[debrief_id])
    with store.collect_changes() as noted:
        save_followup_settings(store, FollowupSettings(alarm_hour=8))
    assert merged(noted) == ChangeSet.of(settings=True)
