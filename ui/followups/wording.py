"""How follow-ups read on screen: due dates in plain words, and which draft goes with which."""

from __future__ import annotations

from datetime import date

from debrief.followups.model import Followup, FollowupKind, PlanItem
from debrief.model import LetterKind

# The draft that goes with a follow-up ("one key away"); None where there is nothing to draft.
DRAFT_FOR: dict[FollowupKind, LetterKind] = {
    FollowupKind.LOSS_REPLY: LetterKind.LOSS_REPLY,
    FollowupKind.ASK_MEETING: LetterKind.MEETING_REQUEST,
    FollowupKind.SUMMARY: LetterKind.SUMMARY,
    FollowupKind.CHECK_IN: LetterKind.FOLLOW_UP,
    FollowupKind.CUSTOMER_DATE: LetterKind.FOLLOW_UP,
    FollowupKind.PROMISED: LetterKind.FOLLOW_UP,
    FollowupKind.WIN_BACK: LetterKind.FOLLOW_UP,
}


def draft_for(item: Followup | PlanItem) -> LetterKind | None:
    return DRAFT_FOR.get(item.kind)


def draft_label(kind: LetterKind) -> str:
    return {
        LetterKind.LOSS_REPLY: "Draft the reply",
        LetterKind.MEETING_REQUEST: "Draft the meeting request",
        LetterKind.SUMMARY: "Draft the summary letter",
        LetterKind.FOLLOW_UP: "Draft the follow-up email",
    }[kind]


def short_day(iso: str) -> str:
    """'Wed 2 Dec 2026' (the year only when it isn't this year's)."""
    day = date.fromisoformat(iso)
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == date.today().year else f"{text} {day.year}"


def when_words(iso: str, today: date) -> str:
    """'today', 'tomorrow', 'in 5 days', '3 days late'."""
    days = (date.fromisoformat(iso) - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "1 day late"
    if days < 0:
        return f"{-days} days late"
    if days < 14:
        return f"in {days} days"
    if days < 60:
        return f"in {round(days / 7)} weeks"
    return f"in {round(days / 30.4)} months"


def who(item: Followup) -> str:
    if item.kind.contacts_customer and item.contact_name:
        return f"{item.contact_name}, {item.account_name}"
    return item.account_name


def what(item: Followup | PlanItem) -> str:
    """'Call: Check in…', but 'Call in March…' stays as the rep wrote it."""
    channel = item.channel.label
    if item.purpose.lower().startswith(channel.lower() + " "):
        return item.purpose
    return f"{channel}: {item.purpose}"
