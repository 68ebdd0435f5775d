"""The proposed follow-up plan, with fixed dates: working days, month ends, leap days, a renewal
already past, and "keep in touch: No"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from debrief.followups.dates import (
    add_months,
    add_working_days,
    describe_when,
    is_when,
    parse_when,
    when_to_date,
)
from debrief.followups.model import Channel, FollowupKind, Relationship
from debrief.followups.plan import PlanFacts, propose
from debrief.followups.settings import FollowupSettings
from debrief.model import Outcome, Status, ToldVia

DEFAULTS = FollowupSettings()


def facts(**changes: object) -> PlanFacts:
    base = PlanFacts(
        debrief_id="d1",
        status=Status.LOGGED,
        outcome=Outcome.COMPETITOR,
        told_via=ToldVia.EMAIL,
        lost_on=date(2026, 11, 27),  # a Friday
        meeting_on=None,
        keep_in_touch="unknown",
        keep_in_touch_on="",
        renewal_on=None,
        consolation_order="",
        promised_followup="",
        followup_on=None,
        contact_id="c1",
        contact_name="Jana Novák",
        letters_kept=frozenset(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def by_rule(items: list) -> dict[str, tuple[str, FollowupKind, Channel]]:  # type: ignore[type-arg]
    return {i.rule: (i.due, i.kind, i.channel) for i in items}


# -- dates -----------------------------------------------------------------------------------


def test_working_days_skip_the_weekend() -> None:
    assert add_working_days(date(2026, 11, 27), 3) == date(2026, 12, 2)  # Fri -> Wed
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # Sat -> Mon
    assert add_working_days(date(2026, 11, 25), 0) == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 3, date(2026, 11, 30)),  # month end clamps
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # leap day, a year on
        (date(2028, 2, 29), -12, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # across the year
        (date(2027, 3, 31), -13, date(2026, 2, 28)),
    ],
)
def test_months_clamp_at_month_ends(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("After the winter, around March", "2027-03"),
        ("January, when budgets open", "2027-01"),
        ("a call in March", "2027-03"),
        ("May 2028", "2028-05"),
        ("we may talk again in June", "2027-06"),
        ("call on 2027-02-15 please", "2027-02-15"),
        ("2027-04", "2027-04"),
        ("December", "2026-12"),  # later this year
        ("November", "2027-11"),  # this month is past: next year's
        ("Before the 2028 renewal", None),
        ("Quarterly newsletter, call before renewal", None),
        ("March or April", None),
        ("", None),
        ("2027-13-40", None),
    ],
)
def test_free_text_when_is_read_only_where_it_is_clear(text: str, expected: str | None) -> None:
    assert parse_when(text, date(2026, 11, 20)) == expected


def test_when_values() -> None:
    assert is_when("") and is_when("2027-03") and is_when("2028-02-29")
    assert not is_when("2027-02-29") and not is_when("2027-3") and not is_when("March")
    assert when_to_date("2027-05") == date(2027, 5, 3)  # 1 May 2027 is a Saturday
    assert describe_when("2027-03") == "March 2027"
    assert describe_when("2027-03-05") == "5 March 2027"


# -- the plan ------------------------------------------------------------------------------


def test_a_fresh_loss_gets_the_reply_today_and_the_meeting_ask_in_working_days() -> None:
    plan = propose(facts(), DEFAULTS, today=date(2026, 11, 27))
    assert by_rule(plan) == {
        "loss_reply": ("2026-11-27", FollowupKind.LOSS_REPLY, Channel.EMAIL),
        "ask_meeting": ("2026-12-02", FollowupKind.ASK_MEETING, Channel.CALL),
        "check_in_1": ("2027-03-01", FollowupKind.CHECK_IN, Channel.EMAIL),  # 27 Feb is a Sat
        "check_in_2": ("2027-05-27", FollowupKind.CHECK_IN, Channel.CALL),
    }
    assert all(i.contact_id == "c1" and i.contact_name == "Jana Novák" for i in plan)
    assert [i.due for i in plan] == sorted(i.due for i in plan)


def test_a_loss_told_by_phone_is_answered_by_phone_and_an_old_one_not_at_all() -> None:
    phone = propose(facts(told_via=ToldVia.PHONE), DEFAULTS, today=date(2026, 11, 27))
    assert by_rule(phone)["loss_reply"][2] is Channel.CALL
    late = propose(facts(), DEFAULTS, today=date(2026, 12, 10))
    assert "loss_reply" not in by_rule(late)
    # Asking for the meeting is overdue, not skipped: it is proposed for today.
    assert by_rule(late)["ask_meeting"][0] == "2026-12-10"


def test_after_the_meeting_with_permission_and_a_renewal() -> None:
    meeting = facts(
        status=Status.MEETING_HELD,
        meeting_on=date(2026, 11, 30),  # a Monday
        keep_in_touch="yes",
        renewal_on=date(2028, 8, 31),
        consolation_order="Two route-planner licences",
    )
    plan = by_rule(propose(meeting, DEFAULTS, today=date(2026, 11, 30)))
    assert plan == {
        "summary": ("2026-12-02", FollowupKind.SUMMARY, Channel.LETTER),
        "consolation": ("2026-12-07", FollowupKind.CONSOLATION, Channel.CALL),
        "check_in_1": ("2027-03-01", FollowupKind.CHECK_IN, Channel.EMAIL),  # 28 Feb: Sunday
        "check_in_2": ("2027-05-31", FollowupKind.CHECK_IN, Channel.CALL),
        "win_back": ("2027-08-31", FollowupKind.WIN_BACK, Channel.VISIT),  # 12 months before
    }


def test_a_leap_day_renewal_and_a_month_end_meeting() -> None:
    meeting = facts(
        status=Status.SUMMARY_SENT,
        meeting_on=date(2027, 11, 30),
        keep_in_touch="yes",
        renewal_on=date(2028, 2, 29),
    )
    plan = by_rule(
        propose(meeting, replace(DEFAULTS, win_back_months_before_renewal=1), date(2027, 12, 1))
    )
    assert plan["check_in_1"][0] == "2028-02-29"  # 30 Nov + 3 months, a Tuesday in a leap year
    assert plan["win_back"][0] == "2028-01-28"  # 29 Jan 2028 is a Saturday: the Friday before
    assert "summary" not in plan  # already sent


def test_a_renewal_already_past_gets_no_win_back_and_a_near_one_starts_now() -> None:
    past = facts(status=Status.SUMMARY_SENT, meeting_on=date(2026, 1, 5), keep_in_touch="yes")
    today = date(2026, 11, 30)
    assert "win_back" not in by_rule(
        propose(replace(past, renewal_on=date(2026, 6, 30)), DEFAULTS, today)
    )
    assert "win_back" not in by_rule(propose(replace(past, renewal_on=today), DEFAULTS, today))
    near = by_rule(propose(replace(past, renewal_on=date(2027, 5, 31)), DEFAULTS, today))
    assert near["win_back"][0] == "2026-11-30"
    # Check-ins whose time has passed are not proposed after the fact.
    assert "check_in_1" not in by_rule(propose(past, DEFAULTS, today))


def test_keep_in_touch_no_proposes_no_customer_contact() -> None:
    said_no = facts(
        status=Status.MEETING_HELD,
        meeting_on=date(2026, 11, 30),
        keep_in_touch="no",
        keep_in_touch_on="2027-03",
        renewal_on=date(2028, 8, 31),
        consolation_order="Licences",
        promised_followup="Send the roadmap",
        followup_on=date(2026, 12, 15),
    )
    plan = propose(said_no, DEFAULTS, today=date(2026, 11, 30))
    assert [(i.kind, i.channel, i.contact_id, i.contact_name) for i in plan] == [
        (FollowupKind.RENEWAL_WATCH, Channel.NOTE, None, "")
    ]
    assert plan[0].due == "2027-08-31"
    assert not any(i.kind.contacts_customer for i in plan)
    quiet = propose(said_no, replace(DEFAULTS, renewal_watch=False), date(2026, 11, 30))
    assert quiet == []


def test_a_date_the_customer_named_replaces_the_nearby_check_in() -> None:
    named = facts(
        status=Status.SUMMARY_SENT,
        meeting_on=date(2026, 11, 30),
        keep_in_touch="yes",
        keep_in_touch_on="2027-03",
        promised_followup="send the portal roadmap.",
        followup_on=date(2026, 12, 12),  # a Saturday
    )
    plan = by_rule(propose(named, DEFAULTS, today=date(2026, 12, 1)))
    assert plan["customer_date"][0] == "2027-03-01"
    assert "check_in_1" not in plan and "check_in_2" in plan
    assert plan["promised"][0] == "2026-12-14"
    promised = next(i for i in propose(named, DEFAULTS, date(2026, 12, 1)) if i.rule == "promised")
    assert promised.purpose == "Send the portal roadmap"


def test_settings_change_the_plan() -> None:
    custom = replace(
        DEFAULTS,
        ask_meeting_working_days=2,
        first_check_in_months=4,
        second_check_in_months=0,
        win_back_months_before_renewal=18,
    )
    plan = by_rule(propose(facts(renewal_on=date(2029, 6, 1)), custom, date(2026, 11, 27)))
    assert plan["ask_meeting"][0] == "2026-12-01"
    assert plan["check_in_1"][0] == "2027-03-29"  # 27 March 2027 is a Saturday
    assert "check_in_2" not in plan
    assert plan["win_back"][0] == "2027-12-01"


def test_won_back_or_closed_proposes_nothing() -> None:
    for rel in (Relationship.WON_BACK, Relationship.CLOSED):
        assert propose(facts(relationship=rel), DEFAULTS, date(2026, 11, 27)) == []


def test_a_promise_for_the_month_they_named_is_one_contact_not_two() -> None:
    named = facts(
        status=Status.SUMMARY_SENT,
        meeting_on=date(2026, 11, 30),
        keep_in_touch="yes",
        keep_in_touch_on="2027-03",
        promised_followup="Call in March to hear how the roll-out went",
        followup_on=date(2027, 3, 1),
    )
    plan = by_rule(propose(named, DEFAULTS, today=date(2026, 12, 1)))
    assert "customer_date" not in plan
    assert plan["promised"] == ("2027-03-01", FollowupKind.PROMISED, Channel.CALL)
    assert "check_in_1" not in plan  # the named month still replaces the nearby check-in
