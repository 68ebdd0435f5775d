"""One debrief and everything that hangs off it, read in one go as frozen records.

This is the only reader of a debrief's tables: the meeting screen, the detail page, the
read-back and (through `debrief.debriefs.customer_view`) the letters all start from
`load_record`. The records keep every field, internal ones included, with the rep's Internal
flag as stored: deciding what a customer may see is `customer_view`'s job, not the reader's.
"""

from __future__ import annotations

from dataclasses import dataclass

from debrief.debriefs.accounts import contact_from_row as _contact
from debrief.debriefs.accounts import get_account, get_contact
from debrief.debriefs.lifecycle import get_debrief
from debrief.errors import NotFoundError
from debrief.meeting.roles import QuestionRole, role_of
from debrief.model import (
    Account,
    CaptureKind,
    Confidence,
    Contact,
    Debrief,
    KeepInTouch,
    LetterKind,
    LossReason,
    QuestionState,
)
from debrief.store.database import Store

DEFAULT_MINUTES = 30


@dataclass(frozen=True)
class MeetingQuestion:
    """A question as copied into this debrief, with how it went and the note taken on it."""

    id: str
    position: int
    phase: str
    text: str
    hint: str
    sensitive: bool  # about our own people: asked gently; its note STARTS internal
    state: QuestionState
    note: str
    note_internal: bool  # the rep's flag, the only thing that decides
    role: QuestionRole = QuestionRole.OTHER  # what the answer means (debrief.meeting.roles)


@dataclass(frozen=True)
class Criterion:
    """What their decision rested on, when they first chose us and now."""

    id: str
    position: int
    criterion: str
    then_text: str
    now_text: str
    internal: bool


@dataclass(frozen=True)
class Reason:
    """A loss reason from the taxonomy, with confidence and their words."""

    id: str
    category: LossReason
    is_primary: bool
    confidence: Confidence
    quote: str
    internal: bool


@dataclass(frozen=True)
class CapturedItem:
    """One line of a captured list (what they chose instead does well, product requests)."""

    id: str
    kind: CaptureKind
    position: int
    text: str
    internal: bool


@dataclass(frozen=True)
class CloseOutcome:
    """How the meeting closed: the doors left open. Dates are ISO 'YYYY-MM-DD' or ''."""

    keep_in_touch: KeepInTouch = KeepInTouch.UNKNOWN
    keep_in_touch_when: str = ""
    consolation_order: str = ""
    renewal_date: str = ""
    promised_followup: str = ""
    followup_date: str = ""
    keep_in_touch_on: str = ""  # picked: '', 'YYYY-MM' (a month) or 'YYYY-MM-DD' (a day)

    @property
    def is_empty(self) -> bool:
        return self == CloseOutcome()


@dataclass(frozen=True)
class Letter:
    """One kept version of a letter or email (the PDF bytes are read separately)."""

    id: str
    debrief_id: str
    kind: LetterKind
    subject: str
    text: str
    page_size: str | None
    created_at: str
    has_pdf: bool
    sent_at: str | None = None  # when the rep said it went to the customer


LETTER_COLUMNS = (
    "id, debrief_id, kind, subject, text, page_size, created_at, pdf IS NOT NULL, sent_at"
)


def letter_from_row(row: tuple[object, ...] | list[object]) -> Letter:
    """A `Letter` from a row selected with `LETTER_COLUMNS`."""
    page_size = row[5]
    return Letter(
        id=str(row[0]),
        debrief_id=str(row[1]),
        kind=LetterKind(str(row[2])),
        subject=str(row[3] or ""),
        text=str(row[4] or ""),
        page_size=str(page_size) if page_size is not None else None,
        created_at=str(row[6]),
        has_pdf=bool(row[7]),
        sent_at=str(row[8]) if row[8] is not None else None,
    )


@dataclass(frozen=True)
class DebriefRecord:
    """A debrief with its account, contact, meeting, capture, close, summary and letters."""

    debrief: Debrief
    account: Account
    contact: Contact | None
    meeting_date: str  # '' before the meeting
    started_at: str | None
    minutes: int  # the agreed length
    elapsed_s: int
    question_set_name: str
    questions: tuple[MeetingQuestion, ...]
    notepad: str
    notepad_internal: bool
    criteria: tuple[Criterion, ...]
    reasons: tuple[Reason, ...]  # the primary reason first
    items: tuple[CapturedItem, ...]
    close: CloseOutcome
    summary: str  # the read-back as the rep edited it
    letters: tuple[Letter, ...]  # kept versions, newest first
    deal_public_name: str = ""  # what the customer calls the deal ('' = not given)
    attendees: tuple[Contact, ...] = ()  # the customer's people in the meeting, as chosen

    @property
    def id(self) -> str:
        return self.debrief.id

    def items_of(self, kind: CaptureKind) -> tuple[CapturedItem, ...]:
        return tuple(i for i in self.items if i.kind == kind)

    @property
    def asked(self) -> int:
        return sum(q.state == QuestionState.ASKED for q in self.questions)

    @property
    def skipped(self) -> int:
        return sum(q.state == QuestionState.SKIPPED for q in self.questions)

    @property
    def primary_reason(self) -> Reason | None:
        return next((r for r in self.reasons if r.is_primary), None)

    @property
    def has_meeting(self) -> bool:
        """Whether anything of a meeting was recorded (a date, notes, a summary, a state)."""
        return bool(
            self.meeting_date
            or self.notepad.strip()
            or self.summary.strip()
            or any(q.note.strip() or q.state != QuestionState.OPEN for q in self.questions)
        )


def contact_of(store: Store, debrief: Debrief) -> Contact | None:
    """The debrief's contact, or None when it has none (or it was removed)."""
    if not debrief.contact_id:
        return None
    try:
        return get_contact(store, debrief.contact_id)
    except NotFoundError:
        return None


def load_record(store: Store, debrief_id: str) -> DebriefRecord:
    """Read one debrief (live or in the trash) and all that hangs off it.

    Raises NotFoundError when there is no such debrief.
    """
    debrief = get_debrief(store, debrief_id)
    db = store.db
    row = db["debriefs"].get(debrief_id)
    contact = contact_of(store, debrief)
    where = ("debrief_id = ?", [debrief_id])
    questions = tuple(
        MeetingQuestion(
            id=r["id"],
            position=r["position"] or 0,
            phase=r["phase"] or "",
            text=r["text"] or "",
            hint=r["hint"] or "",
            sensitive=bool(r["sensitive"]),
            state=QuestionState.parse(r["state"], QuestionState.OPEN),
            note=r["note"] or "",
            note_internal=bool(r["note_internal"]),
            role=role_of(r["role"], r["phase"] or "", bool(r["sensitive"])),
        )
        for r in db["debrief_questions"].rows_where(*where, order_by="position, rowid")
    )
    criteria = tuple(
        Criterion(
            id=r["id"],
            position=r["position"] or 0,
            criterion=r["criterion"] or "",
            then_text=r["then_text"] or "",
            now_text=r["now_text"] or "",
            internal=bool(r["internal"]),
        )
        for r in db["criteria"].rows_where(*where, order_by="position, rowid")
    )
    reasons = tuple(
        Reason(
            id=r["id"],
            category=LossReason(r["category"]),
            is_primary=bool(r["is_primary"]),
            confidence=Confidence.parse(r["confidence"], Confidence.MEDIUM),
            quote=r["quote"] or "",
            internal=bool(r["internal"]),
        )
        for r in db["loss_reasons"].rows_where(*where, order_by="is_primary DESC, rowid")
        if r["category"] in LossReason._value2member_map_
    )
    items = tuple(
        CapturedItem(
            id=r["id"],
            kind=CaptureKind(r["kind"]),
            position=r["position"] or 0,
            text=r["text"] or "",
            internal=bool(r["internal"]),
        )
        for r in db["captured_items"].rows_where(*where, order_by="kind, position, rowid")
        if r["kind"] in CaptureKind._value2member_map_
    )
    close = CloseOutcome(
        keep_in_touch=KeepInTouch.parse(row["keep_in_touch"], KeepInTouch.UNKNOWN),
        keep_in_touch_when=row["keep_in_touch_when"] or "",
        consolation_order=row["consolation_order"] or "",
        renewal_date=row["renewal_date"] or "",
        promised_followup=row["promised_followup"] or "",
        followup_date=row["followup_date"] or "",
        keep_in_touch_on=row["keep_in_touch_on"] or "",
    )
    letters = tuple(
        letter_from_row(r)
        for r in db.execute(
            f"SELECT {LETTER_COLUMNS} FROM letters WHERE debrief_id = ?"
            " ORDER BY created_at DESC, rowid DESC",
            [debrief_id],
        ).fetchall()
        if r[2] in LetterKind._value2member_map_
    )
    attendees = tuple(
        _contact(r)
        for r in db.query(
            "SELECT c.* FROM debrief_attendees x JOIN contacts c ON c.id = x.contact_id"
            " WHERE x.debrief_id = ? ORDER BY x.position, x.rowid",
            [debrief_id],
        )
    )
    return DebriefRecord(
        debrief=debrief,
        account=get_account(store, debrief.account_id),
        contact=contact,
        meeting_date=row["meeting_date"] or "",
        started_at=row["meeting_started_at"],
        minutes=row["meeting_minutes"] or DEFAULT_MINUTES,
        elapsed_s=row["meeting_elapsed_s"] or 0,
        question_set_name=row["question_set_name"] or "",
        questions=questions,
        notepad=row["notepad"] or "",
        notepad_internal=bool(row["notepad_internal"]),
        criteria=criteria,
        reasons=reasons,
        items=items,
        close=close,
        summary=row["summary"] or "",
        letters=letters,
        deal_public_name=row["deal_public_name"] or "",
        attendees=attendees,
    )
