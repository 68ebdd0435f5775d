"""The proposed follow-up plan of one debrief: rules over what was captured, with fixed dates.

`propose()` is pure (facts, settings and today in; plan items out) so every rule is tested with
fixed dates. `proposed_plan()` reads the facts from the store and leaves out what the agenda
already holds, so accepting a plan twice never doubles it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from debrief.dates import parse_optional_date
from debrief.debriefs.record import load_record
from debrief.errors import NotFoundError, ValidationError
from debrief.followups.agenda import get_relationship
from debrief.followups.dates import (
    add_months,
    add_working_days,
    describe_when,
    next_working_day,
    previous_working_day,
    when_to_date,
)
from debrief.followups.model import Channel, FollowupKind, PlanItem, Relationship
from debrief.followups.settings import FollowupSettings, get_followup_settings
from debrief.model import Outcome, Status, ToldVia
from debrief.store.database import Store

# A loss notice older than this gets no "reply today": the moment has passed.
REPLY_WINDOW_DAYS = 7
# A promised follow-up this close to the date they named is the same contact, not two.
SAME_CONTACT_WITHIN_DAYS = 31
# A check-in this close to a date the customer named is replaced by that date.
CUSTOMER_DATE_WINS_WITHIN_DAYS = 45


@dataclass(frozen=True)
class PlanFacts:
    """What the plan rules read about a debrief (customer-facing facts and workflow state)."""

    debrief_id: str
    status: Status
    outcome: Outcome
    told_via: ToldVia
    lost_on: date
    meeting_on: date | None
    keep_in_touch: str  # yes / no / unknown
    keep_in_touch_on: str  # '', 'YYYY-MM' or 'YYYY-MM-DD'
    renewal_on: date | None  # the debrief's renewal date, else the account's contract end
    consolation_order: str
    promised_followup: str
    followup_on: date | None
    contact_id: str | None
    contact_name: str
    letters_kept: frozenset[str]  # letter kinds already produced
    relationship: Relationship = Relationship.OPEN


class _Add(Protocol):
    def __call__(
        self,
        rule: str,
        kind: FollowupKind,
        channel: Channel,
        due: date,
        purpose: str,
        note: str = "",
    ) -> None: ...


_ORDER = list(Status)


def _reached(facts: PlanFacts, status: Status) -> bool:
    return _ORDER.index(facts.status) >= _ORDER.index(status)


def _not_before(day: date, today: date) -> date:
    return next_working_day(max(day, today))


def propose(facts: PlanFacts, settings: FollowupSettings, today: date) -> list[PlanItem]:
    """The follow-ups the rules suggest for `facts` as of `today`, earliest first."""
    if facts.relationship in (Relationship.WON_BACK, Relationship.CLOSED) or facts.status in (
        Status.WON_BACK,
        Status.CLOSED,
    ):
        return []
    items: list[PlanItem] = []

    def add(
        rule: str, kind: FollowupKind, channel: Channel, due: date, purpose: str, note: str = ""
    ) -> None:
        customer = kind.contacts_customer
        items.append(
            PlanItem(
                rule=rule,
                kind=kind,
                channel=channel,
                due=due.isoformat(),
                purpose=purpose,
                contact_id=facts.contact_id if customer else None,
                contact_name=facts.contact_name if customer else "",
                note=note,
            )
        )

    meeting_held = facts.meeting_on is not None or _reached(facts, Status.MEETING_HELD)
    if not meeting_held:
        _before_the_meeting(facts, settings, today, add)
    elif not _reached(facts, Status.SUMMARY_SENT) and "summary" not in facts.letters_kept:
        base = facts.meeting_on or today
        due = add_working_days(base, settings.summary_working_days)
        add(
            "summary",
            FollowupKind.SUMMARY,
            Channel.LETTER,
            _not_before(due, today),
            "Send the written summary of our conversation",
            f"{settings.summary_working_days} working days after the meeting",
        )
    if meeting_held and facts.consolation_order:
        base = facts.meeting_on or today
        add(
            "consolation",
            FollowupKind.CONSOLATION,
            Channel.CALL,
            _not_before(add_working_days(base, 5), today),
            "Agree the next step on the smaller order",
            "a week after the meeting",
        )
    if meeting_held and facts.followup_on is not None:
        add(
            "promised",
            FollowupKind.PROMISED,
            channel_for(facts.promised_followup, Channel.EMAIL),
            _not_before(facts.followup_on, today),
            _sentence(facts.promised_followup) or "Do what we said we would",
            "the date agreed in the meeting",
        )
    customer_day = when_to_date(facts.keep_in_touch_on)
    promise_day = facts.followup_on if meeting_held else None
    # A promise made for about that time is that contact; no second call beside it.
    promised_then = (
        customer_day is not None
        and promise_day is not None
        and abs((customer_day - promise_day).days) <= SAME_CONTACT_WITHIN_DAYS
    )
    if customer_day is not None and customer_day >= today and not promised_then:
        add(
            "customer_date",
            FollowupKind.CUSTOMER_DATE,
            Channel.CALL,
            next_working_day(customer_day),
            "Get in touch as agreed",
            f"they suggested {describe_when(facts.keep_in_touch_on)}",
        )
    _check_ins(facts, settings, today, customer_day, add)
    _win_back(facts, settings, today, add)

    if facts.keep_in_touch == "no":
        # No customer contact at all; at most a reminder for ourselves before the renewal.
        items = [item for item in items if not item.kind.contacts_customer]
        if settings.renewal_watch and facts.renewal_on is not None and facts.renewal_on > today:
            due = previous_working_day(
                add_months(facts.renewal_on, -settings.win_back_months_before_renewal)
            )
            add(
                "renewal_watch",
                FollowupKind.RENEWAL_WATCH,
                Channel.NOTE,
                _not_before(due, today),
                "Their contract comes up for renewal on "
                + describe_when(facts.renewal_on.isoformat()),
                "they asked us not to keep in touch: a reminder for us only",
            )
    return sorted(items, key=lambda item: (item.due, item.rule))


def _before_the_meeting(
    facts: PlanFacts, settings: FollowupSettings, today: date, add: _Add
) -> None:
    if (
        facts.status is Status.LOGGED
        and "loss_reply" not in facts.letters_kept
        and (today - facts.lost_on).days <= REPLY_WINDOW_DAYS
    ):
        by_phone = facts.told_via is ToldVia.PHONE
        add(
            "loss_reply",
            FollowupKind.LOSS_REPLY,
            Channel.CALL if by_phone else Channel.EMAIL,
            max(facts.lost_on, today),
            "Thank them for letting us know and ask for a short conversation later",
            "the same day as the loss notice",
        )
    if facts.status is Status.LOGGED and "meeting_request" not in facts.letters_kept:
        due = add_working_days(facts.lost_on, settings.ask_meeting_working_days)
        add(
            "ask_meeting",
            FollowupKind.ASK_MEETING,
            Channel.CALL,
            _not_before(due, today),
            "Ask for a short debrief meeting",
            f"{settings.ask_meeting_working_days} working days after the loss notice",
        )


def _check_ins(
    facts: PlanFacts,
    settings: FollowupSettings,
    today: date,
    customer_day: date | None,
    add: _Add,
) -> None:
    base = facts.meeting_on or facts.lost_on
    months = [settings.first_check_in_months]
    if settings.second_check_in_months:
        months.append(settings.second_check_in_months)
    channels = (Channel.EMAIL, Channel.CALL)
    for number, (month, channel) in enumerate(zip(months, channels, strict=False), 1):
        due = next_working_day(add_months(base, month))
        if due < today:
            continue  # a check-in whose time has passed is not proposed after the fact
        if customer_day is not None and abs((due - customer_day).days) <= (
            CUSTOMER_DATE_WINS_WITHIN_DAYS
        ):
            continue  # the date the customer named takes its place
        add(
            f"check_in_{number}",
            FollowupKind.CHECK_IN,
            channel,
            due,
            "Check in and ask how things are going",
            f"{month} months after the {'meeting' if facts.meeting_on else 'loss'}",
        )


def _win_back(facts: PlanFacts, settings: FollowupSettings, today: date, add: _Add) -> None:
    renewal = facts.renewal_on
    if renewal is None or renewal <= today:
        return  # no renewal known, or it has already passed
    months = settings.win_back_months_before_renewal
    due = previous_working_day(add_months(renewal, -months))
    note = f"{months} months before the renewal on {describe_when(renewal.isoformat())}"
    if due < today:
        due = next_working_day(today)
        note = (
            f"the renewal on {describe_when(renewal.isoformat())} is less than {months} months away"
        )
    if due >= renewal:
        return
    add(
        "win_back",
        FollowupKind.WIN_BACK,
        Channel.VISIT,
        due,
        "Ask for a conversation before the contract comes up for renewal",
        note,
    )


_CHANNEL_WORDS = {
    "call": Channel.CALL,
    "phone": Channel.CALL,
    "ring": Channel.CALL,
    "email": Channel.EMAIL,
    "e-mail": Channel.EMAIL,
    "send": Channel.EMAIL,
    "write": Channel.LETTER,
    "letter": Channel.LETTER,
    "visit": Channel.VISIT,
    "meet": Channel.VISIT,
    "lunch": Channel.VISIT,
}


def channel_for(text: str, default: Channel) -> Channel:
    """'Call in March…' is a call, 'Send the roadmap' an email: the rep's own first verb."""
    first = text.strip().split(" ", 1)[0].lower().strip(".,:;") if text.strip() else ""
    return _CHANNEL_WORDS.get(first, default)


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text[:1].upper() + text[1:] if text else ""


# -- reading the facts ----------------------------------------------------------------------------


def _day(value: object) -> date | None:
    """A stored date (or the day of a stored timestamp); None when empty or not a date."""
    if not value:
        return None
    try:
        return parse_optional_date(str(value)[:10])
    except ValidationError:
        return None


def plan_facts(store: Store, debrief_id: str) -> PlanFacts:
    """The facts of a live debrief, read through the one reader (`load_record`)."""
    record = load_record(store, debrief_id)
    d, close = record.debrief, record.close
    if d.deleted_at:
        raise NotFoundError("That debrief is no longer in the database.")
    return PlanFacts(
        debrief_id=debrief_id,
        status=d.status,
        outcome=d.outcome,
        told_via=d.told_via,
        lost_on=_day(d.date_lost) or _day(d.created_at) or date.today(),
        meeting_on=_day(record.meeting_date),
        keep_in_touch=close.keep_in_touch.value,
        keep_in_touch_on=close.keep_in_touch_on,
        renewal_on=_day(close.renewal_date) or _day(record.account.contract_end),
        consolation_order=close.consolation_order.strip(),
        promised_followup=close.promised_followup.strip(),
        followup_on=_day(close.followup_date),
        contact_id=d.contact_id,
        contact_name=record.contact.name if record.contact else "",
        letters_kept=frozenset(letter.kind.value for letter in record.letters),
        relationship=get_relationship(store, debrief_id).relationship,
    )


def proposed_plan(store: Store, debrief_id: str, today: date | None = None) -> list[PlanItem]:
    """The proposals not yet in the agenda (a rule's follow-up is proposed once)."""
    facts = plan_facts(store, debrief_id)
    taken = {
        r[0]
        for r in store.db.execute(
            "SELECT rule FROM followups WHERE debrief_id = ? AND rule != ''", [debrief_id]
        ).fetchall()
    }
    items = propose(facts, get_followup_settings(store), today or date.today())
    return [item for item in items if item.rule not in taken]


__all__ = ["PlanFacts", "plan_facts", "propose", "proposed_plan"]
