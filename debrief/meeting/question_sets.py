"""Question sets: the shipped default (data in resources/) and the rep's own, saved by name.

A set is only a template. When a meeting starts its questions are copied into the debrief
(see debrief.meeting.session.start_meeting), so editing or deleting a set never changes a
past debrief.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from debrief.changes import ChangeSet
from debrief.errors import NotFoundError, ValidationError
from debrief.meeting.roles import QuestionRole, role_of
from debrief.model import new_id, now_iso
from debrief.store.database import Store

# Meeting phases in the order they happen, with the heading the rep sees.
PHASES: dict[str, str] = {
    "opening": "Opening",
    "decision": "Their decision",
    "performance": "Our performance",
    "competitor": "The competitor",
    "future": "Future",
    "close": "Close",
}


def phase_label(phase: str) -> str:
    """The heading of a phase; a phase from someone's own set reads as its words."""
    return PHASES.get(phase, phase.replace("_", " ").capitalize())


MAX_NAME = 80


@dataclass(frozen=True)
class Question:
    """One question of a set. `sensitive` = about our own people: asked gently; its notes start
    internal (the rep's Internal flag decides after that)."""

    phase: str
    text: str
    hint: str = ""
    sensitive: bool = False
    internal: bool = False
    role: QuestionRole = QuestionRole.OTHER  # what the answer means (see debrief.meeting.roles)

    @property
    def notes_internal(self) -> bool:
        """Whether notes on this question start out marked internal."""
        return self.sensitive or self.internal or self.role.starts_internal


@dataclass(frozen=True)
class QuestionSet:
    """A named list of questions. `id` is None for the shipped default set (read-only)."""

    name: str
    questions: tuple[Question, ...] = field(default_factory=tuple)
    id: str | None = None

    @property
    def is_builtin(self) -> bool:
        return self.id is None


def _question(raw: dict[str, Any]) -> Question:
    phase = str(raw.get("phase", ""))
    sensitive = bool(raw.get("sensitive", False))
    return Question(
        phase=phase,
        text=str(raw.get("text", "")),
        hint=str(raw.get("hint", "") or ""),
        sensitive=sensitive,
        internal=bool(raw.get("internal", False)),
        role=role_of(raw.get("role"), phase, sensitive),
    )


def _encode(questions: tuple[Question, ...] | list[Question]) -> str:
    return json.dumps([asdict(q) for q in questions], ensure_ascii=False)


def load_set_file(path: Path) -> QuestionSet:
    """Read a shipped set (JSON: {"name": ..., "questions": [{phase, text, hint?, ...}]})."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    questions = tuple(_question(q) for q in raw["questions"])
    return QuestionSet(name=str(raw["name"]), questions=questions)


def validate(name: str, questions: list[Question] | tuple[Question, ...]) -> list[Question]:
    """Clean a set the rep edited; raise ValidationError naming what to fix."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "Give the question set a name."
    elif len(name.strip()) > MAX_NAME:
        problems["name"] = f"Keep the name under {MAX_NAME} characters."
    cleaned = []
    for number, q in enumerate(questions, start=1):
        if q.phase not in PHASES:
            problems["phase"] = f"Question {number} needs a phase."
        if not q.text.strip():
            problems["text"] = f"Question {number} is empty. Write it or remove it."
        cleaned.append(
            Question(
                q.phase,
                q.text.strip(),
                q.hint.strip(),
                bool(q.sensitive),
                bool(q.internal),
                QuestionRole(q.role),
            )
        )
    if not cleaned:
        problems["questions"] = "A question set needs at least one question."
    if problems:
        raise ValidationError(problems)
    return cleaned


def save_set(
    store: Store,
    name: str,
    questions: list[Question] | tuple[Question, ...],
    set_id: str | None = None,
) -> QuestionSet:
    """Save a new set (set_id None) or replace an existing one; names are unique."""
    cleaned = validate(name, questions)
    name = name.strip()
    stamp = now_iso()
    with store.atomic() as db:
        clash = db.execute(
            "SELECT id FROM question_sets WHERE name = ? COLLATE NOCASE AND id != ?",
            [name, set_id or ""],
        ).fetchone()
        if clash:
            raise ValidationError({"name": f"You already have a set called “{name}”."})
        if set_id is None:
            set_id = new_id()
            db["question_sets"].insert(
                {
                    "id": set_id,
                    "name": name,
                    "questions": _encode(cleaned),
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
        else:
            get_set(store, set_id)
            db["question_sets"].update(
                set_id, {"name": name, "questions": _encode(cleaned), "updated_at": stamp}
            )
        store.note(ChangeSet(question_sets=True))
    return get_set(store, set_id)


def get_set(store: Store, set_id: str) -> QuestionSet:
    rows = list(store.db["question_sets"].rows_where("id = ?", [set_id]))
    if not rows:
        raise NotFoundError("That question set is no longer there.")
    row = rows[0]
    questions = tuple(_question(q) for q in json.loads(row["questions"]))
    return QuestionSet(name=row["name"], questions=questions, id=row["id"])


def list_sets(store: Store, default_file: Path) -> list[QuestionSet]:
    """The shipped default first, then the rep's own sets by name."""
    own = [
        get_set(store, row["id"])
        for row in store.db["question_sets"].rows_where(order_by="name COLLATE NOCASE")
    ]
    return [load_set_file(default_file), *own]


def delete_set(store: Store, set_id: str) -> None:
    """Remove one of the rep's sets. Past debriefs keep their own copy of the questions."""
    with store.atomic() as db:
        get_set(store, set_id)
        db["question_sets"].delete(set_id)
        store.note(ChangeSet(question_sets=True))


def copy_name(name: str, taken: set[str]) -> str:
    """A fresh name for a copy of `name`, e.g. 'Standard debrief (my copy 2)'."""
    lowered = {t.casefold() for t in taken}
    candidate = f"{name} (my copy)"
    number = 2
    while candidate.casefold() in lowered:
        candidate = f"{name} (my copy {number})"
        number += 1
    return candidate
