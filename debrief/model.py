"""The domain's vocabulary: enums with the words shown to users, and plain records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Self


def new_id() -> str:
    """Random UUIDs stay unique when two laptops' data are merged later."""
    return uuid.uuid4().hex


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class LabelledEnum(StrEnum):
    """A StrEnum whose members also carry the label users see."""

    label: str

    # `label` has a default only so that a lookup such as `Outcome("competitor")` type-checks;
    # every member is defined with its label.
    def __new__(cls, value: str, label: str = "") -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def parse(cls, value: str | None, default: Self | None = None) -> Self:
        try:
            if value is None:
                raise ValueError("no value")
            return cls(value)
        except ValueError:
            if default is None:
                raise
            return default


class Outcome(LabelledEnum):
    COMPETITOR = "competitor", "Lost to a competitor"
    NO_DECISION = "no_decision", "No decision"
    IN_HOUSE = "in_house", "Built in-house"
    UNKNOWN = "unknown", "Not known yet"


class ToldVia(LabelledEnum):
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    MEETING = "meeting", "In a meeting"
    OTHER = "other", "Some other way"


class Status(LabelledEnum):
    """Where a debrief stands in the workflow, from the loss notice to the win-back."""

    LOGGED = "logged", "Loss logged"
    MEETING_REQUESTED = "meeting_requested", "Meeting requested"
    MEETING_HELD = "meeting_held", "Meeting held"
    SUMMARY_SENT = "summary_sent", "Summary sent"
    FOLLOWING_UP = "following_up", "Following up"
    WON_BACK = "won_back", "Won back"  # set only by recording the relationship's outcome
    CLOSED = "closed", "Closed"


class LossReason(LabelledEnum):
    PRICE_VALUE = "price_value", "Price / value"
    PRODUCT_FIT = "product_fit", "Product fit"
    SERVICE_DELIVERY = "service_delivery", "Service / delivery"
    SALES_EXPERIENCE = "sales_experience", "Sales experience"
    RELATIONSHIP = "relationship", "Relationship / trust"
    IMPLEMENTATION_RISK = "implementation_risk", "Implementation risk"
    CHANGED_CRITERIA = "changed_criteria", "Changed criteria / strategy"
    TIMING_BUDGET = "timing_budget", "Timing / budget / no decision"


class QuestionState(LabelledEnum):
    OPEN = "open", "Not asked yet"
    ASKED = "asked", "Asked"
    SKIPPED = "skipped", "Skipped"


class Confidence(LabelledEnum):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class KeepInTouch(LabelledEnum):
    UNKNOWN = "unknown", "Not asked yet"
    YES = "yes", "Yes"
    NO = "no", "No, not for now"


class CaptureKind(LabelledEnum):
    # "What they chose instead" reads right for every outcome: a competitor, building it
    # in-house, or staying as they are (no decision). There is not always a "winner".
    COMPETITOR_STRENGTH = "competitor_strength", "What they chose instead does well"
    PRODUCT_REQUEST = "product_request", "What they'd like to see from us"


class PersonRole(LabelledEnum):
    """The part a customer's person played in the decision (a buying group has several)."""

    UNKNOWN = "unknown", "Role not recorded"
    DECISION_MAKER = "decision_maker", "Decision maker"
    SPONSOR = "sponsor", "Sponsor"
    EVALUATOR = "evaluator", "Evaluator"
    USER = "user", "User"
    PROCUREMENT = "procurement", "Procurement"
    INFLUENCER = "influencer", "Adviser / influencer"


class LetterKind(LabelledEnum):
    SUMMARY = "summary", "Summary letter"
    MEETING_REQUEST = "meeting_request", "Meeting request letter"
    LOSS_REPLY = "loss_reply", "Reply to the loss notice (email)"
    FOLLOW_UP = "follow_up", "Follow-up email (3–6 months)"

    @property
    def is_email(self) -> bool:
        return self in (LetterKind.LOSS_REPLY, LetterKind.FOLLOW_UP)

    @property
    def short_label(self) -> str:
        """'Reply to the loss notice': the label without its parenthesis (file names, titles)."""
        return self.label.split(" (")[0]


def won_by(outcome: Outcome, competitor: str) -> str:
    """Who or what won the business, for a "Won by" column or field — right for every outcome.

    A competitor loss names the competitor; the other outcomes have no winner to name and show
    the outcome itself ("No decision", "Built in-house", "Not known yet").
    """
    if outcome == Outcome.COMPETITOR:
        return competitor.strip() or "A competitor (not named)"
    return Outcome(outcome).label


def won_by_phrase(outcome: Outcome, competitor: str) -> str:
    """The same fact inside a sentence: "won by Globex", "no decision was made"…"""
    if outcome == Outcome.COMPETITOR:
        return f"won by {won_by(outcome, competitor)}"
    return {
        Outcome.NO_DECISION: "no decision was made",
        Outcome.IN_HOUSE: "they built it in-house",
    }.get(Outcome(outcome), "the outcome is not known yet")


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    industry: str = ""
    contract_start: str | None = None
    contract_end: str | None = None
    budget: str = ""
    buying_notes: str = ""
    notes: str = ""
    is_sample: bool = False
    address: str = ""  # postal address, for letters


@dataclass(frozen=True)
class Contact:
    id: str
    account_id: str
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    is_decision_maker: bool = False
    salutation: str = ""  # what follows "Dear" ('' = made from the name, see letters.wording)
    address: str = ""  # postal address when not the account's
    role: PersonRole = PersonRole.UNKNOWN  # their part in the decision


@dataclass(frozen=True)
class Debrief:
    id: str
    account_id: str
    account_name: str
    contact_id: str | None
    contact_name: str
    contact_title: str
    opportunity: str
    products: str
    value_minor: int | None
    currency: str
    date_lost: str | None
    told_via: ToldVia
    outcome: Outcome
    competitor: str
    status: Status
    rep_name: str
    created_at: str
    updated_at: str
    is_sample: bool = False
    deleted_at: str | None = None
    deal_public_name: str = ""  # the deal as the customer knows it ('' = letters don't name it)

    @property
    def won_by(self) -> str:
        return won_by(self.outcome, self.competitor)

    @property
    def won_by_phrase(self) -> str:
        return won_by_phrase(self.outcome, self.competitor)


@dataclass
class NewDebrief:
    """What the rep fills in to log a loss. Either an existing account/contact id or a new name."""

    account_id: str | None = None
    account_name: str = ""
    contact_id: str | None = None
    contact_name: str = ""
    contact_title: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    opportunity: str = ""
    products: str = ""
    value: str = ""
    currency: str = "EUR"
    date_lost: str | None = None
    told_via: ToldVia = ToldVia.PHONE
    outcome: Outcome = Outcome.COMPETITOR
    competitor: str = ""
    rep_name: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    deal_public_name: str = ""
