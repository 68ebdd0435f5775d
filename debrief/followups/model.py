"""The follow-up vocabulary: kinds, channels, states, the relationship's outcome, and records."""

from __future__ import annotations

from dataclasses import dataclass

from debrief.model import LabelledEnum


class FollowupKind(LabelledEnum):
    LOSS_REPLY = "loss_reply", "Reply to the loss notice"
    ASK_MEETING = "ask_meeting", "Ask for the debrief meeting"
    SUMMARY = "summary", "Send the summary letter"
    CHECK_IN = "check_in", "Check in"
    CUSTOMER_DATE = "customer_date", "Get in touch as agreed"
    PROMISED = "promised", "What we promised"
    CONSOLATION = "consolation", "Smaller order: next step"
    WIN_BACK = "win_back", "Win-back approach"
    RENEWAL_WATCH = "renewal_watch", "Renewal watch (internal)"
    OTHER = "other", "Other"

    @property
    def contacts_customer(self) -> bool:
        return self is not FollowupKind.RENEWAL_WATCH


class Channel(LabelledEnum):
    CALL = "call", "Call"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    VISIT = "visit", "Visit"
    NOTE = "note", "Reminder"  # internal: nobody is contacted


class FollowupState(LabelledEnum):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Relationship(LabelledEnum):
    """Where the customer relationship stands after the loss (separate from the workflow)."""

    OPEN = "open", "Still open"
    WON_BACK = "won_back", "Won back"
    WITH_COMPETITOR = "with_competitor", "Still with the competitor"
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class PlanItem:
    """One proposed follow-up, before the rep accepts it. `rule` names the rule that made it,
    so a rule's follow-up is proposed once per debrief."""

    rule: str
    kind: FollowupKind
    channel: Channel
    due: str  # YYYY-MM-DD
    purpose: str
    contact_id: str | None = None
    contact_name: str = ""
    note: str = ""  # why the date was chosen (shown in the plan, never exported)


@dataclass(frozen=True)
class Followup:
    id: str
    debrief_id: str
    rule: str
    kind: FollowupKind
    channel: Channel
    due: str
    purpose: str
    contact_id: str | None
    contact_name: str
    contact_title: str
    contact_email: str
    contact_phone: str
    state: FollowupState
    outcome_note: str  # internal: what came of it, never exported
    done_on: str | None
    sequence: int
    created_at: str
    updated_at: str
    account_id: str
    account_name: str
    opportunity: str
    debrief_live: bool

    @property
    def is_open(self) -> bool:
        return self.state is FollowupState.OPEN

    @property
    def is_internal(self) -> bool:
        return not self.kind.contacts_customer

    @property
    def title(self) -> str:
        """The rep's own one-line title (agenda, command line): 'Call Jana Novák (Acme
        Freight): Check in…'. Calendar files word theirs from the customer view instead."""
        who = self.account_name
        if self.kind.contacts_customer and self.contact_name:
            who = f"{self.contact_name} ({self.account_name})"
        return f"{self.channel.label} {who}: {self.purpose}"
