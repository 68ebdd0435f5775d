"""The debrief meeting: its question checklist, notes, structured capture and how it closed.

Every function here is one small use case in its own transaction, cheap enough to run on each
autosave (the UI saves within a second of the last keystroke), and keeps the search index in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from debrief.changes import ChangeSet
from debrief.dates import check_date, iso
from debrief.debriefs.lifecycle import get_debrief
from debrief.debriefs.record import (
    DEFAULT_MINUTES,
    CapturedItem,
    CloseOutcome,
    Criterion,
    DebriefRecord,
    Reason,
    load_record,
)
from debrief.errors import NotFoundError, ValidationError
from debrief.followups.dates import is_when
from debrief.meeting.question_sets import QuestionSet
from debrief.meeting.roles import QuestionRole
from debrief.model import (
    CaptureKind,
    Confidence,
    KeepInTouch,
    LabelledEnum,
    LossReason,
    QuestionState,
    Status,
    new_id,
    now_iso,
)
from debrief.search.index import mark_stale
from debrief.store.database import Store

if TYPE_CHECKING:
    from debrief.store.tables import Database

# Competitor intel and feedback on the sale START internal; the rep's flag decides after that.
_INTERNAL_BY_DEFAULT_KIND = {CaptureKind.COMPETITOR_STRENGTH}
_INTERNAL_BY_DEFAULT_REASON = {LossReason.SALES_EXPERIENCE}

MAX_MINUTES = 8 * 60


def has_started(store: Store, debrief_id: str) -> bool:
    found = store.db.execute(
        "SELECT 1 FROM debrief_questions WHERE debrief_id = ? LIMIT 1", [debrief_id]
    ).fetchone()
    return found is not None


# -- starting ---------------------------------------------------------------------------------


def start_meeting(
    store: Store, debrief_id: str, question_set: QuestionSet, minutes: int = DEFAULT_MINUTES
) -> DebriefRecord:
    """Copy the set's questions into the debrief and start the clock.

    A meeting that already has questions keeps them: starting again only resumes it.
    """
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValidationError({"minutes": "Agree a meeting length between 1 minute and 8 hours."})
    if not question_set.questions:
        raise ValidationError({"questions": "That question set has no questions."})
    with store.atomic() as db:
        get_debrief(store, debrief_id)
        if has_started(store, debrief_id):
            return load_record(store, debrief_id)
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
        # Opening the screen is not the meeting: "held" (status and date) is what the rep says,
        # with `mark_meeting_held`.
        changes: dict[str, object] = {
            "meeting_minutes": minutes,
            "question_set_name": question_set.name,
            "meeting_started_at": row["meeting_started_at"] or now_iso(),
        }
        _touch(store, debrief_id, changes)
    return load_record(store, debrief_id)


# -- whether it took place ----------------------------------------------------------------------

_BEFORE_HELD = (Status.LOGGED, Status.MEETING_REQUESTED)


def mark_meeting_held(store: Store, debrief_id: str, held_on: str | None = None) -> DebriefRecord:
    """The rep says the meeting took place, on `held_on` (any form `debrief.dates` accepts;
    default today): its date is kept and the status moves on to Meeting held if it was before."""
    problems: dict[str, str] = {}
    day = check_date(held_on, "meeting_date", "meeting date", problems)
    if problems:
        raise ValidationError(problems)
    if day is not None and day > date.today():
        raise ValidationError({"meeting_date": "A meeting that took place can't be in the future."})
    with store.atomic():
        debrief = get_debrief(store, debrief_id)
        changes: dict[str, object] = {"meeting_date": iso(day or date.today())}
        if debrief.status in _BEFORE_HELD:
            changes["status"] = Status.MEETING_HELD.value
        _touch(store, debrief_id, changes)
    return load_record(store, debrief_id)


def worth_asking_if_held(record: DebriefRecord) -> bool:
    """Whether leaving this meeting should ask once if it took place: something was asked or
    written, and nothing says yet that it was held."""
    if record.meeting_date or record.debrief.status not in _BEFORE_HELD:
        return False
    return bool(
        record.notepad.strip()
        or any(q.state == QuestionState.ASKED or q.note.strip() for q in record.questions)
    )


# -- during the meeting -----------------------------------------------------------------------


def _touch(store: Store, debrief_id: str, changes: dict[str, Any] | None = None) -> None:
    """Every meeting save: stamp the debrief and declare it changed; its search document
    catches up when searched.

    One plain UPDATE: sqlite-utils' `update()` reads the whole row first, which with a 1 MB
    note pad doubled the time an autosave holds the window (issue 14)."""
    values = {**(changes or {}), "updated_at": now_iso()}
    assignments = ", ".join(f"[{column}] = ?" for column in values)
    done = store.db.execute(
        f"UPDATE debriefs SET {assignments} WHERE id = ?", [*values.values(), debrief_id]
    )
    if done.rowcount == 0:
        raise NotFoundError("That debrief is no longer in the database.")
    mark_stale(store.db, debrief_id)
    store.note(ChangeSet.debrief(debrief_id))


def _owner(db: Database, table: str, row_id: str) -> str:
    found = db.execute(f"SELECT debrief_id FROM [{table}] WHERE id = ?", [row_id]).fetchone()
    if not found:
        raise NotFoundError("That part of the meeting record is no longer there.")
    return str(found[0])


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
        _touch(store, debrief_id, changes)  # raises NotFoundError when it is gone


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


def save_close(store: Store, debrief_id: str, close: CloseOutcome) -> None:
    """Dates may be typed in any form `debrief.dates` accepts; they are stored as YYYY-MM-DD."""
    problems: dict[str, str] = {}
    renewal = check_date(close.renewal_date, "renewal_date", "renewal date", problems)
    followup = check_date(close.followup_date, "followup_date", "follow-up date", problems)
    if not is_when(close.keep_in_touch_on):
        problems["keep_in_touch_on"] = "Pick a month or a day for keeping in touch."
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
                "renewal_date": iso(renewal),
                "promised_followup": close.promised_followup,
                "followup_date": iso(followup),
                "keep_in_touch_on": close.keep_in_touch_on,
            },
        )


# -- capture once: a line of a note becomes a structured item -------------------------------


class CaptureTarget(LabelledEnum):
    """Where a line of a question's note can go, without retyping it."""

    CRITERION = "criterion", "Criterion"
    REASON_QUOTE = "reason_quote", "Reason quote"
    COMPETITOR_STRENGTH = "competitor_strength", CaptureKind.COMPETITOR_STRENGTH.label
    PRODUCT_REQUEST = "product_request", "Request"


@dataclass(frozen=True)
class Captured:
    """What one capture made or changed (for the rep's quiet confirmation)."""

    target: CaptureTarget
    item_ids: tuple[str, ...]
    texts: tuple[str, ...]
    internal: bool


_BULLET = re.compile(r"^\s*(?:[-*•–·>]|\d+[.)])\s+")


def capture_lines(text: str) -> list[str]:
    """A note's line or selection as items: one per line, list markers and blank lines gone."""
    lines = (_BULLET.sub("", line).strip() for line in text.replace("\u2029", "\n").splitlines())
    return [" ".join(line.split()) for line in lines if line.strip()]


def _next_position(db: Database, table: str, debrief_id: str, where: str = "", *args: str) -> int:
    found = db.execute(
        f"SELECT COALESCE(MAX(position), -1) + 1 FROM [{table}] WHERE debrief_id = ?{where}",
        [debrief_id, *args],
    ).fetchone()
    return int(found[0])


def capture_from_note(
    store: Store,
    debrief_id: str,
    target: CaptureTarget,
    text: str,
    note_internal: bool,
    *,
    reason_id: str | None = None,
    category: LossReason | None = None,
) -> Captured:
    """Turn a line (or selected lines) of a note into criteria, strengths, requests or a
    reason's quote. The new item is internal when the note was, or when its kind starts
    internal (competitor strengths, sales-experience reasons): the stricter of the two.

    A quote goes to `reason_id`; else to the reason of `category` (added if missing); else to
    the main reason. It is added to any quote the reason already holds.
    """
    target = CaptureTarget(target)
    lines = capture_lines(text)
    if not lines:
        raise ValidationError(
            {"text": "Put the cursor on a line with words in it, or select some."}
        )
    with store.atomic() as db:
        get_debrief(store, debrief_id)
        if target is CaptureTarget.REASON_QUOTE:
            captured = _quote_reason(
                db, debrief_id, " ".join(lines), note_internal, reason_id, category
            )
        elif target is CaptureTarget.CRITERION:
            ids = []
            for line in lines:
                row_id = new_id()
                db["criteria"].insert(
                    {
                        "id": row_id,
                        "debrief_id": debrief_id,
                        "position": _next_position(db, "criteria", debrief_id),
                        "criterion": line,
                        "then_text": "",
                        "now_text": "",
                        "internal": int(note_internal),
                    }
                )
                ids.append(row_id)
            captured = Captured(target, tuple(ids), tuple(lines), note_internal)
        else:
            kind = CaptureKind(target.value)
            internal = note_internal or kind in _INTERNAL_BY_DEFAULT_KIND
            ids = []
            for line in lines:
                row_id = new_id()
                db["captured_items"].insert(
                    {
                        "id": row_id,
                        "debrief_id": debrief_id,
                        "kind": kind.value,
                        "position": _next_position(
                            db, "captured_items", debrief_id, " AND kind = ?", kind.value
                        ),
                        "text": line,
                        "internal": int(internal),
                    }
                )
                ids.append(row_id)
            captured = Captured(target, tuple(ids), tuple(lines), internal)
        _touch(store, debrief_id)
    return captured


def _quote_reason(
    db: Database,
    debrief_id: str,
    quote: str,
    note_internal: bool,
    reason_id: str | None,
    category: LossReason | None,
) -> Captured:
    rows = [
        dict(zip(("id", "category", "is_primary", "quote", "internal"), r, strict=True))
        for r in db.execute(
            "SELECT id, category, is_primary, quote, internal FROM loss_reasons"
            " WHERE debrief_id = ? ORDER BY is_primary DESC, rowid",
            [debrief_id],
        ).fetchall()
    ]
    if reason_id is not None:
        found = [r for r in rows if r["id"] == reason_id]
        if not found:
            raise NotFoundError("That reason is no longer there.")
        row = found[0]
    elif category is not None:
        category = LossReason(category)
        same = [r for r in rows if r["category"] == category.value]
        if same:
            row = same[0]
        else:
            internal = note_internal or category in _INTERNAL_BY_DEFAULT_REASON
            new = {
                "id": new_id(),
                "debrief_id": debrief_id,
                "category": category.value,
                "is_primary": int(not rows),
                "confidence": Confidence.MEDIUM.value,
                "quote": quote,
                "internal": int(internal),
            }
            db["loss_reasons"].insert(new)
            return Captured(CaptureTarget.REASON_QUOTE, (str(new["id"]),), (quote,), internal)
    elif rows:
        row = rows[0]
    else:
        raise ValidationError({"category": "Choose which reason these words belong to."})
    internal = bool(row["internal"]) or note_internal
    before = str(row["quote"] or "").strip()
    joined = f"{before} {quote}" if before else quote
    db["loss_reasons"].update(str(row["id"]), {"quote": joined, "internal": int(internal)})
    return Captured(CaptureTarget.REASON_QUOTE, (str(row["id"]),), (quote,), internal)
