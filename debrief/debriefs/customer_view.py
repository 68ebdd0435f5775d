"""The customer-facing view of a debrief: the one door to anything a customer will read.

Letters, emails, the read-back draft, calendar files (.ics) and shareable exports read a
`CustomerView` and nothing else, so the internal rule lives here and only here:

- The rep's Internal flag is the single truth. Notes on sensitive questions (about our people)
  and sales-experience reasons only *start* internal (see `debrief.meeting.session`); unticked,
  they are customer-facing like anything else.
- Never in the view: anything flagged internal, the note pad when internal, the competitor's
  name and what they chose instead does well (letters never name or judge the competitor),
  the account's and contacts' own notes, budget and buying notes, the deal's value and the
  rep's own label for it (`opportunity`: "Fleet renewal — push Q3" is ours, not theirs), a
  person's part in the decision (our reading of them), and the questions' hints (our own
  coaching).
- The deal appears only as the customer knows it (`deal_name`, what the rep typed in "Deal,
  as they know it"); when none was given it is '' and every output words itself without a
  name ("your decision"), exactly as the letters always have. Never the rep's label instead.
- A person's contact details they gave us (name, title, email, phone) are customer-facing:
  they are the customer's own, and a calendar entry for a call needs the number
  (`CustomerContact`, made by `customer_contact` — the one rule for what of a person a
  customer may read).
- Notes on skipped questions are left out: they are not what the customer told us.
- Records keep their shape (`Criterion`, `Reason`, `MeetingQuestion` from
  `debrief.debriefs.record`), filtered; their `internal` flags are therefore always False.
  A reason's `confidence` is the rep's own reading: fine for the rep's eyes, never printed.

Usage::

    view = load_customer_view(store, debrief_id)     # live debriefs only
    view = customer_view(load_record(store, debrief_id))

Every text is stripped of surrounding white space; empty lines of a list are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from debrief.debriefs.lifecycle import get_debrief
from debrief.debriefs.record import (
    CloseOutcome,
    Criterion,
    DebriefRecord,
    MeetingQuestion,
    Reason,
    contact_of,
    load_record,
)
from debrief.errors import NotFoundError
from debrief.model import CaptureKind, Contact, Debrief, Outcome, QuestionState
from debrief.store.database import Store


def _clean(text: str) -> str:
    return text.strip()


@dataclass(frozen=True)
class CustomerContact:
    """What of a person a customer may read: the contact details they gave us, nothing else
    (no notes, no part in the decision, no decision-maker flag)."""

    id: str
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""


def customer_contact(contact: Contact) -> CustomerContact:
    """The customer-facing card of one of the customer's people."""
    return CustomerContact(
        id=contact.id,
        name=_clean(contact.name),
        title=_clean(contact.title),
        email=_clean(contact.email),
        phone=_clean(contact.phone),
    )


@dataclass(frozen=True)
class CustomerView:
    """Only customer-facing material of one debrief; see the module docstring for the rule."""

    debrief_id: str
    account_name: str
    contact_name: str
    contact_title: str
    contact_email: str
    products: str
    outcome: Outcome  # never the competitor's name
    rep_name: str
    date_lost: str | None
    meeting_date: str | None
    meeting_minutes: int
    summary: str  # the read-back the rep wrote to be said to the customer
    notes: tuple[MeetingQuestion, ...]  # questions with a customer-facing note, in order
    notepad: str  # '' when the note pad is internal
    criteria: tuple[Criterion, ...]
    reasons: tuple[Reason, ...]  # the primary reason first
    product_requests: tuple[str, ...]
    close: CloseOutcome
    salutation: str = ""  # the contact's chosen greeting ('' = made from the name)
    address: str = ""  # the contact's postal address, else the account's
    deal_name: str = ""  # the deal as the customer knows it ('' = none given: name no deal)
    customer_since: str | None = None  # the account's contract start
    meeting_held: bool = False  # a debrief meeting took place (a summary letter needs one)
    contact: CustomerContact | None = None  # the debrief's contact, with their phone

    @property
    def contact_phone(self) -> str:
        return self.contact.phone if self.contact else ""

    def notes_in(self, *phases: str) -> list[str]:
        """The customer-facing notes taken on questions of these meeting phases."""
        return [q.note for q in self.notes if q.phase in phases]


def customer_view(record: DebriefRecord) -> CustomerView:
    """Keep what a customer may read from a full debrief record."""
    d = record.debrief
    contact = record.contact
    notes = tuple(
        replace(q, note=_clean(q.note), hint="")
        for q in record.questions
        if not q.note_internal and q.note.strip() and q.state != QuestionState.SKIPPED
    )
    criteria = tuple(
        replace(
            c,
            criterion=_clean(c.criterion),
            then_text=_clean(c.then_text),
            now_text=_clean(c.now_text),
        )
        for c in record.criteria
        if not c.internal and c.criterion.strip()
    )
    reasons = tuple(replace(r, quote=_clean(r.quote)) for r in record.reasons if not r.internal)
    requests = tuple(
        _clean(i.text)
        for i in record.items_of(CaptureKind.PRODUCT_REQUEST)
        if not i.internal and i.text.strip()
    )
    party = customer_party(d, contact)
    c = record.close
    close = CloseOutcome(
        keep_in_touch=c.keep_in_touch,
        keep_in_touch_when=_clean(c.keep_in_touch_when),
        consolation_order=_clean(c.consolation_order),
        renewal_date=_clean(c.renewal_date),
        promised_followup=_clean(c.promised_followup),
        followup_date=_clean(c.followup_date),
        keep_in_touch_on=c.keep_in_touch_on,
    )
    return CustomerView(
        debrief_id=d.id,
        account_name=party.account_name,
        contact_name=_clean(contact.name) if contact else "",
        contact_title=_clean(contact.title) if contact else "",
        contact_email=_clean(contact.email) if contact else "",
        products=_clean(d.products),
        outcome=d.outcome,
        rep_name=_clean(d.rep_name),
        date_lost=d.date_lost or None,
        meeting_date=record.meeting_date or None,
        meeting_minutes=record.minutes,
        summary=_clean(record.summary),
        notes=notes,
        notepad="" if record.notepad_internal else _clean(record.notepad),
        criteria=criteria,
        reasons=reasons,
        product_requests=requests,
        close=close,
        salutation=_clean(contact.salutation) if contact else "",
        address=_clean((contact.address if contact else "") or record.account.address),
        deal_name=_clean(record.deal_public_name),
        customer_since=record.account.contract_start or None,
        meeting_held=bool(record.meeting_date),
        contact=party.contact,
    )


@dataclass(frozen=True)
class CustomerParty:
    """Who a debrief is with, as the customer view names them: the customer's name and the
    debrief's contact card. For outputs that need no more (calendar entries), read without the
    meeting's notes, which makes exporting every follow-up cheap."""

    account_name: str
    contact: CustomerContact | None


def customer_party(debrief: Debrief, contact: Contact | None) -> CustomerParty:
    """The one rule for naming the customer and their person; `customer_view` uses it too."""
    return CustomerParty(
        account_name=_clean(debrief.account_name),
        contact=customer_contact(contact) if contact else None,
    )


def load_customer_party(store: Store, debrief_id: str) -> CustomerParty:
    """The party of a debrief, live or in the trash (NotFoundError when there is none)."""
    debrief = get_debrief(store, debrief_id)
    return customer_party(debrief, contact_of(store, debrief))


def load_customer_view(store: Store, debrief_id: str) -> CustomerView:
    """The customer-facing view of a live debrief; NotFoundError if missing or in the trash."""
    try:
        record = load_record(store, debrief_id)
    except NotFoundError:
        record = None
    if record is None or record.debrief.deleted_at:
        raise NotFoundError(f"There is no debrief with the id {debrief_id!r}.")
    return customer_view(record)
