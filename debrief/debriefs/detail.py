"""Everything about one debrief, and one customer's history, read back as plain records.

Read-only views for the detail and account pages; the meeting and letters features write the
tables read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from debrief.debriefs.accounts import get_account, get_contact, list_contacts
from debrief.debriefs.lifecycle import get_debrief, list_debriefs_for_account
from debrief.errors import NotFoundError
from debrief.letters.drafting import LetterKind
from debrief.model import Account, Contact, Debrief, LossReason
from debrief.store.database import Store

CAPTURED_KINDS = {
    "competitor_strength": "What the winner does well",
    "product_request": "What they'd like to see from us",
}
KEEP_IN_TOUCH = {"yes": "Yes", "no": "No", "unknown": "Not asked yet"}


def letter_kind_label(kind: str) -> str:
    try:
        return LetterKind(kind).label
    except ValueError:
        return kind.replace("_", " ").capitalize()


@dataclass(frozen=True)
class QuestionNote:
    phase: str
    text: str
    state: str  # open / asked / skipped
    note: str
    internal: bool


@dataclass(frozen=True)
class Criterion:
    criterion: str
    then_text: str
    now_text: str
    internal: bool


@dataclass(frozen=True)
class Reason:
    category: LossReason | None
    category_label: str
    is_primary: bool
    confidence: str
    quote: str
    internal: bool


@dataclass(frozen=True)
class CapturedItem:
    kind: str
    kind_label: str
    text: str
    internal: bool


@dataclass(frozen=True)
class LetterInfo:
    id: str
    debrief_id: str
    kind: str
    kind_label: str
    created_at: str
    has_pdf: bool
    text: str
    opportunity: str = ""


@dataclass(frozen=True)
class DebriefDetail:
    debrief: Debrief
    account: Account
    contact: Contact | None
    meeting_date: str
    meeting_minutes: int | None
    notepad: str
    notepad_internal: bool
    summary: str
    keep_in_touch: str
    keep_in_touch_when: str
    consolation_order: str
    renewal_date: str
    promised_followup: str
    followup_date: str
    questions: list[QuestionNote]
    criteria: list[Criterion]
    reasons: list[Reason]
    captured: list[CapturedItem]
    letters: list[LetterInfo]

    @property
    def primary_reason(self) -> Reason | None:
        return next((r for r in self.reasons if r.is_primary), None)

    @property
    def has_meeting(self) -> bool:
        return bool(
            self.meeting_date
            or self.notepad.strip()
            or self.summary.strip()
            or any(q.note.strip() or q.state != "open" for q in self.questions)
        )


@dataclass(frozen=True)
class AccountHistory:
    account: Account
    contacts: list[Contact]
    debriefs: list[Debrief]
    letters: list[LetterInfo]


def _reason(value: str | None) -> LossReason | None:
    return LossReason(value) if value and value in LossReason._value2member_map_ else None


def _letter(row: dict[str, Any], opportunity: str = "") -> LetterInfo:
    return LetterInfo(
        id=row["id"],
        debrief_id=row["debrief_id"],
        kind=row["kind"],
        kind_label=letter_kind_label(row["kind"]),
        created_at=row["created_at"],
        has_pdf=bool(row["has_pdf"]),
        text=row["text"] or "",
        opportunity=opportunity,
    )


_LETTER_COLUMNS = "id, debrief_id, kind, text, created_at, pdf IS NOT NULL AS has_pdf"


def get_detail(store: Store, debrief_id: str) -> DebriefDetail:
    """The debrief with its meeting, reasons, captured lists and letters."""
    debrief = get_debrief(store, debrief_id)
    db = store.db
    row = next(db["debriefs"].rows_where("id = ?", [debrief_id]))
    contact = None
    if debrief.contact_id:
        try:
            contact = get_contact(store, debrief.contact_id)
        except NotFoundError:
            contact = None
    questions = [
        QuestionNote(
            phase=q["phase"] or "",
            text=q["text"] or "",
            state=q["state"] or "open",
            note=q["note"] or "",
            internal=bool(q["note_internal"] or q["sensitive"]),
        )
        for q in db["debrief_questions"].rows_where(
            "debrief_id = ?", [debrief_id], order_by="position"
        )
    ]
    criteria = [
        Criterion(
            criterion=c["criterion"] or "",
            then_text=c["then_text"] or "",
            now_text=c["now_text"] or "",
            internal=bool(c["internal"]),
        )
        for c in db["criteria"].rows_where(
            "debrief_id = ?", [debrief_id], order_by="position, rowid"
        )
    ]
    reasons = []
    for r in db["loss_reasons"].rows_where(
        "debrief_id = ?", [debrief_id], order_by="is_primary DESC, rowid"
    ):
        category = _reason(r["category"])
        reasons.append(
            Reason(
                category=category,
                category_label=category.label if category else (r["category"] or ""),
                is_primary=bool(r["is_primary"]),
                confidence=r["confidence"] or "",
                quote=r["quote"] or "",
                internal=bool(r["internal"]),
            )
        )
    captured = [
        CapturedItem(
            kind=c["kind"],
            kind_label=CAPTURED_KINDS.get(c["kind"], c["kind"].replace("_", " ").capitalize()),
            text=c["text"] or "",
            internal=bool(c["internal"]),
        )
        for c in db["captured_items"].rows_where(
            "debrief_id = ?", [debrief_id], order_by="kind, position, rowid"
        )
    ]
    letters = [
        _letter(r, debrief.opportunity)
        for r in db.query(
            f"SELECT {_LETTER_COLUMNS} FROM letters WHERE debrief_id = ? ORDER BY created_at DESC",
            [debrief_id],
        )
    ]
    return DebriefDetail(
        debrief=debrief,
        account=get_account(store, debrief.account_id),
        contact=contact,
        meeting_date=row["meeting_date"] or "",
        meeting_minutes=row["meeting_minutes"],
        notepad=row["notepad"] or "",
        notepad_internal=bool(row["notepad_internal"]),
        summary=row["summary"] or "",
        keep_in_touch=row["keep_in_touch"] or "unknown",
        keep_in_touch_when=row["keep_in_touch_when"] or "",
        consolation_order=row["consolation_order"] or "",
        renewal_date=row["renewal_date"] or "",
        promised_followup=row["promised_followup"] or "",
        followup_date=row["followup_date"] or "",
        questions=questions,
        criteria=criteria,
        reasons=reasons,
        captured=captured,
        letters=letters,
    )


def account_history(store: Store, account_id: str) -> AccountHistory:
    """One customer: details, people, every live debrief (newest first) and every letter."""
    account = get_account(store, account_id)
    debriefs = list_debriefs_for_account(store, account_id)
    letters = [
        _letter(r, r["opportunity"] or "")
        for r in store.db.query(
            "SELECT l.id, l.debrief_id, l.kind, l.text, l.created_at,"
            " l.pdf IS NOT NULL AS has_pdf, d.opportunity"
            " FROM letters l JOIN debriefs d ON d.id = l.debrief_id"
            " WHERE d.account_id = ? AND d.deleted_at IS NULL ORDER BY l.created_at DESC",
            [account_id],
        )
    ]
    return AccountHistory(
        account=account,
        contacts=list_contacts(store, account_id),
        debriefs=debriefs,
        letters=letters,
    )
