"""The debrief meeting: its question checklist, notes, structured capture and how it closed.

Every function here is one small use case in its own transaction, cheap enough to run on each
autosave (the UI saves within a second of the last keystroke), and keeps the search index in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from debrief.changes import ChangeSet
from debrief.debriefs.lifecycle import get_debrief
from debrief.errors import NotFoundError, ValidationError
from debrief.meeting.question_sets import QuestionSet
from debrief.meeting.roles import QuestionRole, role_of
from debrief.model import Debrief, LabelledEnum, LossReason, Status, new_id, now_iso
from debrief.search.index import mark_stale
from debrief.store.database import Store


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
    COMPETITOR_STRENGTH = "competitor_strength", "What the competitor does well"
    PRODUCT_REQUEST = "product_request", "What they'd like to see from us"


# Competitor intel stays internal unless the rep decides otherwise; so does feedback on the sale.
_INTERNAL_BY_DEFAULT_KIND = {CaptureKind.COMPETITOR_STRENGTH}
_INTERNAL_BY_DEFAULT_REASON = {LossReason.SALES_EXPERIENCE}

DEFAULT_MINUTES = 30
MAX_MINUTES = 8 * 60


@dataclass(frozen=True)
class MeetingQuestion:
    id: str
    position: int
    phase: str
    text: str
    hint: str
    sensitive: bool
    state: QuestionState
    note: str
    note_internal: bool
    role: QuestionRole = QuestionRole.OTHER


@dataclass(frozen=True)
class Criterion:
    id: str
    position: int
    criterion: str
    then_text: str
    now_text: str
    internal: bool


@dataclass(frozen=True)
class Reason:
    id: str
    category: LossReason
    is_primary: bool
    confidence: Confidence
    quote: str
    internal: bool


@dataclass(frozen=True)
class CapturedItem:
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


@dataclass(frozen=True)
class Meeting:
    """Everything captured for one debrief's meeting, read in one go."""

    debrief: Debrief
    started_at: str | None
    minutes: int
    elapsed_s: int
    question_set_name: str
    questions: tuple[MeetingQuestion, ...]
    notepad: str
    notepad_internal: bool
    criteria: tuple[Criterion, ...]
    reasons: tuple[Reason, ...]
    items: tuple[CapturedItem, ...]
    close: CloseOutcome
    summary: str

    def items_of(self, kind: CaptureKind) -> tuple[CapturedItem, ...]:
        return tuple(i for i in self.items if i.kind == kind)

    @property
    def asked(self) -> int:
        return sum(q.state == QuestionState.ASKED for q in self.questions)

    @property
    def skipped(self) -> int:
        return sum(q.state == QuestionState.SKIPPED for q in self.questions)


# -- reading ----------------------------------------------------------------------------------


def get_meeting(store: Store, debrief_id: str) -> Meeting:
    debrief = get_debrief(store, debrief_id)
    db = store.db
    row = db["debriefs"].get(debrief_id)
    questions = tuple(
        MeetingQuestion(
            id=r["id"],
            position=r["position"],
            phase=r["phase"],
            text=r["text"],
            hint=r["hint"] or "",
            sensitive=bool(r["sensitive"]),
            state=QuestionState.parse(r["state"], QuestionState.OPEN),
            note=r["note"] or "",
            note_internal=bool(r["note_internal"]),
            role=role_of(r["role"], r["phase"], bool(r["sensitive"])),
        )
        for r in db["debrief_questions"].rows_where(
            "debrief_id = ?", [debrief_id], order_by="position"
        )
    )
    criteria = tuple(
        Criterion(
            r["id"],
            r["position"] or 0,
            r["criterion"] or "",
            r["then_text"] or "",
            r["now_text"] or "",
            bool(r["internal"]),
        )
        for r in db["criteria"].rows_where("debrief_id = ?", [debrief_id], order_by="position")
    )
    reasons = tuple(
        Reason(
            r["id"],
            LossReason.parse(r["category"], LossReason.PRODUCT_FIT),
            bool(r["is_primary"]),
            Confidence.parse(r["confidence"], Confidence.MEDIUM),
            r["quote"] or "",
            bool(r["internal"]),
        )
        for r in db["loss_reasons"].rows_where(
            "debrief_id = ?", [debrief_id], order_by="is_primary DESC, rowid"
        )
    )
    items = tuple(
        CapturedItem(
            r["id"],
            CaptureKind.parse(r["kind"], CaptureKind.PRODUCT_REQUEST),
            r["position"] or 0,
            r["text"] or "",
            bool(r["internal"]),
        )
        for r in db["captured_items"].rows_where(
            "debrief_id = ?", [debrief_id], order_by="kind, position"
        )
    )
    close = CloseOutcome(
        keep_in_touch=KeepInTouch.parse(row["keep_in_touch"], KeepInTouch.UNKNOWN),
        keep_in_touch_when=row["keep_in_touch_when"] or "",
        consolation_order=row["consolation_order"] or "",
        renewal_date=row["renewal_date"] or "",
        promised_followup=row["promised_followup"] or "",
        followup_date=row["followup_date"] or "",
    )
    return Meeting(
        debrief=debrief,
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
    )


def has_started(store: Store, debrief_id: str) -> bool:
    found = store.db.execute(
        "SELECT 1 FROM debrief_questions WHERE debrief_id = ? LIMIT 1", [debrief_id]
    ).fetchone()
    return found is not None


# -- starting ---------------------------------------------------------------------------------


def start_meeting(
    store: Store, debrief_id: str, question_set: QuestionSet, minutes: int = DEFAULT_MINUTES
) -> Meeting:
    """Copy the set's questions into the debrief and start the clock.

    A meeting that already has questions keeps them: starting again only resumes it.
    """
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValidationError({"minutes": "Agree a meeting length between 1 minute and 8 hours."})
    if not question_set.questions:
        raise ValidationError({"questions": "That question set has no questions."})
    with store.atomic() as db:
        debrief = get_debrief(store, debrief_id)
        if has_started(store, debrief_id):
            return get_meeting(store, debrief_id)
        db["debrief_questions"].insert_all(
            {
                "id": new_id(),
                "debrief_id": debrief_id,
                "position": position,
                "phase": q.phase,
                "text": q.text,
                "hint": q.hint,
                "sensitive": int(q.sensitive),
                "state": QuestionState.OPEN.value,
                "note": "",
                "note_internal": int(q.notes_internal),
                "role": QuestionRole(q.role).value,
                "updated_at": now_iso(),
            }
            for position, q in enumerate(question_set.questions)
        )
        row = db["debriefs"].get(debrief_id)
        changes: dict[str, object] = {
            "meeting_minutes": minutes,
            "question_set_name": question_set.name,
            "meeting_started_at": row["meeting_started_at"] or now_iso(),
            "meeting_date": row["meeting_date"] or date.today().isoformat(),
        }
        if debrief.status in (Status.LOGGED, Status.MEETING_REQUESTED):
            changes["status"] = Status.MEETING_HELD.value
        _touch(store, debrief_id, changes)
    return get_meeting(store, debrief_id)


# -- during the meeting -----------------------------------------------------------------------


def _touch(store: Store, debrief_id: str, changes: dict | None = None) -> None:
    """Every meeting save: stamp the debrief and declare it changed; its search document
    catches up when searched."""
    store.db["debriefs"].update(debrief_id, {**(changes or {}), "updated_at": now_iso()})
    mark_stale(store.db, debrief_id)
    store.note(ChangeSet.debrief(debrief_id))


def _owner(db: Database, table: str, row_id: str) -> str:
    found = db.execute(f"SELECT debrief_id FROM [{table}] WHERE id = ?", [row_id]).fetchone()
    if not found:
        raise NotFoundError("That part of the meeting record is no longer there.")
    return found[0]


def save_question(
    store: Store,
    question_id: str,
    *,
    state: QuestionState | None = None,
    note: str | None = None,
    note_internal: bool | None = None,
) -> None:
    """Save what changed about one question (any of its state, note, internal flag)."""
    changes: dict[str, object] = {"updated_at": now_iso()}
    if state is not None:
        changes["state"] = QuestionState(state).value
    if note is not None:
        changes["note"] = note
    if note_internal is not None:
        changes["note_internal"] = int(note_internal)
    with store.atomic() as db:
        debrief_id = _owner(db, "debrief_questions", question_id)
        db["debrief_questions"].update(question_id, changes)
        _touch(store, debrief_id)


def save_notepad(
    store: Store, debrief_id: str, text: str | None = None, internal: bool | None = None
) -> None:
    changes: dict[str, object] = {}
    if text is not None:
        changes["notepad"] = text
    if internal is not None:
        changes["notepad_internal"] = int(internal)
    with store.atomic():
        get_debrief(store, debrief_id)
        _touch(store, debrief_id, changes)


def save_elapsed(store: Store, debrief_id: str, seconds: int) -> None:
    """Time spent in the meeting so far (the clock only runs while the meeting is on screen)."""
    with store.atomic() as db:
        db["debriefs"].update(debrief_id, {"meeting_elapsed_s": max(0, int(seconds))})
        store.note(ChangeSet.debrief(debrief_id))


def save_summary(store: Store, debrief_id: str, text: str) -> None:
    """The read-back summary the rep edited; the summary letter is built on it."""
    with store.atomic():
        get_debrief(store, debrief_id)
        _touch(store, debrief_id, {"summary": text})


# -- criteria: what their decision rested on, then and now ------------------------------------


def add_criterion(store: Store, debrief_id: str) -> Criterion:
    with store.atomic() as db:
        get_debrief(store, debrief_id)
        position = db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM criteria WHERE debrief_id = ?",
            [debrief_id],
        ).fetchone()[0]
        criterion = Criterion(new_id(), position, "", "", "", False)
        db["criteria"].insert(
            {"id": criterion.id, "debrief_id": debrief_id, "position": position, "internal": 0}
        )
        _touch(store, debrief_id)
    return criterion


def save_criterion(
    store: Store,
    criterion_id: str,
    criterion: str,
    then_text: str,
    now_text: str,
    internal: bool,
) -> None:
    with store.atomic() as db:
        debrief_id = _owner(db, "criteria", criterion_id)
        db["criteria"].update(
            criterion_id,
            {
                "criterion": criterion,
                "then_text": then_text,
                "now_text": now_text,
                "internal": int(internal),
            },
        )
        _touch(store, debrief_id)


def remove_criterion(store: Store, criterion_id: str) -> None:
    with store.atomic() as db:
        debrief_id = _owner(db, "criteria", criterion_id)
        db["criteria"].delete(criterion_id)
        _touch(store, debrief_id)


# -- loss reasons: one primary, any secondaries -----------------------------------------------


def add_reason(store: Store, debrief_id: str, category: LossReason) -> Reason:
    """Record a reason; the first one becomes the primary reason."""
    category = LossReason(category)
    with store.atomic() as db:
        get_debrief(store, debrief_id)
        taken = {
            r[0]
            for r in db.execute(
                "SELECT category FROM loss_reasons WHERE debrief_id = ?", [debrief_id]
            ).fetchall()
        }
        if category.value in taken:
            raise ValidationError({"category": f"“{category.label}” is already on the list."})
        reason = Reason(
            new_id(),
            category,
            not taken,
            Confidence.MEDIUM,
            "",
            category in _INTERNAL_BY_DEFAULT_REASON,
        )
        db["loss_reasons"].insert(
            {
                "id": reason.id,
                "debrief_id": debrief_id,
                "category": category.value,
                "is_primary": int(reason.is_primary),
                "confidence": reason.confidence.value,
                "quote": "",
                "internal": int(reason.internal),
            }
        )
        _touch(store, debrief_id)
    return reason


def save_reason(
    store: Store, reason_id: str, confidence: Confidence, quote: str, internal: bool
) -> None:
    with store.atomic() as db:
        debrief_id = _owner(db, "loss_reasons", reason_id)
        db["loss_reasons"].update(
            reason_id,
            {"confidence": Confidence(confidence).value, "quote": quote, "internal": int(internal)},
        )
        _touch(store, debrief_id)


def set_primary_reason(store: Store, reason_id: str) -> None:
    with store.atomic() as db:
        debrief_id = _owner(db, "loss_reasons", reason_id)
        db.execute(
            "UPDATE loss_reasons SET is_primary = (id = ?) WHERE debrief_id = ?",
            [reason_id, debrief_id],
        )
        _touch(store, debrief_id)


def remove_reason(store: Store, reason_id: str) -> None:
    """Remove a reason; if it was the primary one, the oldest remaining reason takes its place."""
    with store.atomic() as db:
        debrief_id = _owner(db, "loss_reasons", reason_id)
        db["loss_reasons"].delete(reason_id)
        has_primary = db.execute(
            "SELECT 1 FROM loss_reasons WHERE debrief_id = ? AND is_primary = 1", [debrief_id]
        ).fetchone()
        if not has_primary:
            db.execute(
                "UPDATE loss_reasons SET is_primary = 1 WHERE rowid = "
                "(SELECT MIN(rowid) FROM loss_reasons WHERE debrief_id = ?)",
                [debrief_id],
            )
        _touch(store, debrief_id)


# -- captured lists: competitor strengths, product requests -----------------------------------


def add_item(store: Store, debrief_id: str, kind: CaptureKind, text: str = "") -> CapturedItem:
    kind = CaptureKind(kind)
    with store.atomic() as db:
        get_debrief(store, debrief_id)
        position = db.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM captured_items"
            " WHERE debrief_id = ? AND kind = ?",
            [debrief_id, kind.value],
        ).fetchone()[0]
        item = CapturedItem(new_id(), kind, position, text, kind in _INTERNAL_BY_DEFAULT_KIND)
        db["captured_items"].insert(
            {
                "id": item.id,
                "debrief_id": debrief_id,
                "kind": kind.value,
                "position": position,
                "text": text,
                "internal": int(item.internal),
            }
        )
        _touch(store, debrief_id)
    return item


def save_item(store: Store, item_id: str, text: str, internal: bool) -> None:
    with store.atomic() as db:
        debrief_id = _owner(db, "captured_items", item_id)
        db["captured_items"].update(item_id, {"text": text, "internal": int(internal)})
        _touch(store, debrief_id)


def remove_item(store: Store, item_id: str) -> None:
    with store.atomic() as db:
        debrief_id = _owner(db, "captured_items", item_id)
        db["captured_items"].delete(item_id)
        _touch(store, debrief_id)


# -- how it closed ----------------------------------------------------------------------------


def is_valid_date(text: str) -> bool:
    """'' (no date) or an ISO date 'YYYY-MM-DD'."""
    if not text:
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _check_date(value: str, field: str, label: str, problems: dict[str, str]) -> None:
    if not is_valid_date(value):
        problems[field] = f"Enter the {label} as YYYY-MM-DD, or leave it empty."


def save_close(store: Store, debrief_id: str, close: CloseOutcome) -> None:
    problems: dict[str, str] = {}
    _check_date(close.renewal_date, "renewal_date", "renewal date", problems)
    _check_date(close.followup_date, "followup_date", "follow-up date", problems)
    if problems:
        raise ValidationError(problems)
    with store.atomic():
        get_debrief(store, debrief_id)
        _touch(
            store,
            debrief_id,
            {
                "keep_in_touch": KeepInTouch(close.keep_in_touch).value,
                "keep_in_touch_when": close.keep_in_touch_when,
                "consolation_order": close.consolation_order,
                "renewal_date": close.renewal_date or None,
                "promised_followup": close.promised_followup,
                "followup_date": close.followup_date or None,
            },
        )
