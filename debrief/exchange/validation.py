"""Reading a file offered for import, and rejecting anything that isn't a sound Debrief export.

Nothing here writes to the database. A file is checked in layers, each with a message that says
what is wrong and where (file, record, field): bytes and JSON syntax; the format name and version;
the JSON Schema (through `jsonschema`); then what a schema can't express — ids that repeat, and
references to customers, people and records that exist neither in the file nor here.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from debrief.errors import DebriefError
from debrief.exchange.files import read_import_file
from debrief.exchange.format import (
    ACCOUNT_COLUMNS,
    CONTACT_COLUMNS,
    DEBRIEF_COLUMNS,
    FOLLOWUPS_TABLE,
    FORMAT_NAME,
    FORMAT_VERSION,
    FULL,
    PARTS,
    SHAREABLE,
)
from debrief.exchange.schema_check import schema_errors
from debrief.exchange.snapshot import Progress, no_progress
from debrief.store.database import Store

MAX_LISTED = 8

Record = dict[str, Any]


class ImportRejected(DebriefError):
    """The file can't be imported; nothing was changed. `problems` lists each one found."""

    def __init__(self, file_name: str, problems: list[str]) -> None:
        self.file_name = file_name
        self.problems = list(problems)
        shown = self.problems[:MAX_LISTED]
        more = len(self.problems) - len(shown)
        text = f"{file_name} can't be imported; nothing was changed.\n" + "\n".join(
            f"• {p}" for p in shown
        )
        if more:
            text += f"\n• … and {more} more problem{'s' if more != 1 else ''}."
        super().__init__(text)


@dataclass(frozen=True)
class ExportFile:
    """A checked export, ready to merge."""

    name: str
    document: Record

    @property
    def accounts(self) -> list[Record]:
        return list(self.document["accounts"])

    @property
    def contacts(self) -> list[Record]:
        return list(self.document["contacts"])

    @property
    def debriefs(self) -> list[Record]:
        return list(self.document["debriefs"])


# -- bytes and syntax --------------------------------------------------------------------------


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the field “{key}” appears twice in one record")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(name: str, data: bytes) -> Any:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise ImportRejected(name, ["The file is empty."])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            name,
            [
                f"The file is not UTF-8 text (byte {exc.start} can't be read), so it isn't a "
                "Debrief export."
            ],
        ) from exc
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            reason = "it ends too early; the file looks cut off (truncated)"
        else:
            reason = exc.msg.lower()
        raise ImportRejected(name, [f"The JSON is not valid at {where}: {reason}."]) from exc
    except RecursionError as exc:
        raise ImportRejected(
            name, ["The JSON is nested far deeper than any Debrief export."]
        ) from exc
    except ValueError as exc:
        raise ImportRejected(name, [f"The JSON is not valid: {exc}."]) from exc


# -- format, version, schema -------------------------------------------------------------------


def _check_format(name: str, doc: Any) -> None:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ImportRejected(
            name,
            [
                "This is not a Debrief export: it has no “format”: “debrief-export” field. "
                "Debrief imports only the JSON files its own Export writes."
            ],
        )
    version = doc.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise ImportRejected(
            name,
            [
                f"The file was written by a newer Debrief (format version {version}); this version "
                f"reads format version {FORMAT_VERSION}. Update Debrief to import it."
            ],
        )
    if version != FORMAT_VERSION:
        raise ImportRejected(
            name,
            [
                f"Field “format_version”: {json.dumps(version)} is not a format version "
                f"Debrief knows (expected {FORMAT_VERSION})."
            ],
        )
    if doc.get("scope") == SHAREABLE:
        raise ImportRejected(
            name,
            [
                "This is a customer-shareable export: internal notes were left out of it, so "
                "importing it would lose them here. Import a full export instead."
            ],
        )


def _label(value: Any, limit: int = 40) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_KINDS = {
    "accounts": "customer",
    "contacts": "contact",
    "debriefs": "debrief",
    "questions": "question",
    "criteria": "criterion",
    "reasons": "reason",
    "captured_items": "captured item",
    "attendees": "attendee",
    "letters": "letter",
    "letter_drafts": "letter draft",
    "followups": "follow-up",
}


def locate(doc: Any, path: Iterable[Any]) -> tuple[str, str | None]:
    """("debrief 3 (id …, “Fleet renewal”) › reason 2", field) for a path into the document."""
    parts: list[str] = []
    node = doc
    steps = list(path)
    field: str | None = None
    i = 0
    while i < len(steps):
        step = steps[i]
        if isinstance(step, str) and i + 1 < len(steps) and isinstance(steps[i + 1], int):
            index = steps[i + 1]
            kind = _KINDS.get(step, step)
            try:
                node = node[step][index]
            except (KeyError, IndexError, TypeError):
                parts.append(f"{kind} {index + 1}")
                break
            desc = f"{kind} {index + 1}"
            if isinstance(node, dict):
                ident = node.get("id")
                title = node.get("opportunity") or node.get("name")
                extra = [f"id {_label(ident, 36)}"] if isinstance(ident, str) else []
                if isinstance(title, str) and title.strip():
                    extra.append(f"“{_label(title)}”")
                if extra:
                    desc += f" ({', '.join(extra)})"
            parts.append(desc)
            i += 2
            continue
        field = str(step)
        with contextlib.suppress(KeyError, IndexError, TypeError):
            node = node[step]
        i += 1
    return " › ".join(parts), field


def _describe(error: Any) -> tuple[str | None, str]:
    """(field, what is wrong) for one jsonschema error, in plain words."""
    v = error.validator
    value = error.instance
    if v == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        return (missing[0] if missing else None), "is missing"
    if v == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in value if k not in known) if isinstance(value, dict) else []
        return (extra[0] if extra else None), "is not a field Debrief knows"
    shown = _label(json.dumps(value, ensure_ascii=False), 60)
    if v == "enum":
        allowed = ", ".join(str(x) for x in error.validator_value if x is not None)
        return None, f"{shown} is not one of the allowed values ({allowed})"
    if v == "const":
        return None, f"{shown} should be {json.dumps(error.validator_value)}"
    if v == "type":
        kinds = error.validator_value
        kinds = " or ".join(kinds) if isinstance(kinds, list) else kinds
        return None, f"{shown} should be of type {kinds}"
    if v == "pattern":
        return None, f"{shown} is not in the expected form"
    if v == "maxLength":
        return None, "is far longer than Debrief allows"
    if v in ("minimum", "maximum"):
        return None, f"{shown} is out of range"
    if v == "anyOf":
        return None, f"{shown} is not an id or null"
    return None, _label(error.message, 200)


def _schema_problems(doc: Record) -> list[str]:
    problems = []
    for error in sorted(schema_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        where, field = locate(doc, error.absolute_path)
        extra_field, what = _describe(error)
        field = extra_field if error.validator in ("required", "additionalProperties") else field
        text = where or "The file"
        if field is not None:
            text += f", field “{field}”"
        problems.append(f"{text}: {what}.")
        if len(problems) > 50:
            break
    return problems


# -- what a schema can't express ---------------------------------------------------------------

# A full export has every column (the schema lets a shareable export leave most out).
_FULL_COLUMNS = {
    "accounts": ACCOUNT_COLUMNS,
    "contacts": CONTACT_COLUMNS,
    "debriefs": (*DEBRIEF_COLUMNS, "attendees", "letter_drafts", "followups"),
}


_DATES = {
    "accounts": ("contract_start", "contract_end"),
    "debriefs": ("date_lost", "meeting_date", "renewal_date", "followup_date", "relationship_on"),
}
_TIMES = {
    "accounts": ("created_at", "updated_at"),
    "contacts": ("created_at", "updated_at"),
    "debriefs": (
        "created_at",
        "updated_at",
        "deleted_at",
        "meeting_started_at",
        "plan_accepted_at",
    ),
}
_PART_TIMES = {
    "questions": ("updated_at",),
    "letters": ("created_at", "sent_at"),
    "letter_drafts": ("updated_at",),
    "followups": ("created_at", "updated_at"),
}
_PART_DATES = {"followups": ("due", "done_on", "notified_on")}


def _bad_date(value: Any) -> bool:
    if not value:
        return False
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return True
    return False


def _bad_time(value: Any) -> bool:
    if value is None:
        return False
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return True
    return False


def _calendar_problems(doc: Record) -> list[str]:
    """Dates and times that have the right shape but don't exist (2026-02-30, 25:00)."""
    problems: list[str] = []

    def at(path: list[Any], value: Any) -> None:
        where, field = locate(doc, path)
        problems.append(
            f"{where}, field “{field}”: {json.dumps(value)} is not a real date or time."
        )

    for key in ("accounts", "contacts", "debriefs"):
        for n, record in enumerate(doc[key]):
            for name in _DATES.get(key, ()):
                if _bad_date(record.get(name)):
                    at([key, n, name], record.get(name))
            for name in _TIMES[key]:
                if _bad_time(record.get(name)):
                    at([key, n, name], record.get(name))
    for n, record in enumerate(doc["debriefs"]):
        for key, names in _PART_TIMES.items():
            for m, part in enumerate(record.get(key, [])):
                for name in names:
                    if _bad_time(part.get(name)):
                        at(["debriefs", n, key, m, name], part.get(name))
        for key, names in _PART_DATES.items():
            for m, part in enumerate(record.get(key, [])):
                for name in names:
                    if _bad_date(part.get(name)):
                        at(["debriefs", n, key, m, name], part.get(name))
    return problems


def _ids(store: Store, table: str, column: str = "id") -> set[str]:
    return {r[0] for r in store.db.execute(f"SELECT {column} FROM [{table}]")}


def _reference_problems(store: Store, doc: Record) -> list[str]:
    problems: list[str] = _calendar_problems(doc)

    def at(path: list[Any], message: str) -> None:
        where, field = locate(doc, path)
        problems.append(f"{where}{', field “' + field + '”' if field else ''}: {message}.")

    if doc.get("scope") == FULL:
        for key, fields in _FULL_COLUMNS.items():
            for n, record in enumerate(doc[key]):
                missing = [name for name in fields if name not in record]
                for name in missing[:3]:
                    at([key, n, name], "is missing (a full export always has it)")
        for n, record in enumerate(doc["debriefs"]):
            for m, reason in enumerate(record["reasons"]):
                if "confidence" not in reason:
                    at(["debriefs", n, "reasons", m, "confidence"], "is missing")
    for key in ("accounts", "contacts", "debriefs"):
        seen: set[str] = set()
        for n, record in enumerate(doc[key]):
            if record["id"] in seen:
                at([key, n, "id"], "the same id appears earlier in the file")
            seen.add(record["id"])
    accounts = {a["id"] for a in doc["accounts"]} | _ids(store, "accounts")
    contacts = {c["id"] for c in doc["contacts"]} | _ids(store, "contacts")
    for n, contact in enumerate(doc["contacts"]):
        if contact["account_id"] not in accounts:
            at(
                ["contacts", n, "account_id"],
                "refers to a customer that is neither in the file nor here",
            )
    for n, record in enumerate(doc["debriefs"]):
        if record["account_id"] not in accounts:
            at(
                ["debriefs", n, "account_id"],
                "refers to a customer that is neither in the file nor here",
            )
        if record["contact_id"] is not None and record["contact_id"] not in contacts:
            at(
                ["debriefs", n, "contact_id"],
                "refers to a person who is neither in the file nor here",
            )
    # A part (reason, letter, …) belongs to one debrief: its id must not repeat in the file, nor
    # belong to a different debrief here.
    tables = [(key, table) for key, table, columns, _o in PARTS if "id" in columns] + [
        ("letters", "letters"),
        ("followups", FOLLOWUPS_TABLE),
    ]
    for key, table in tables:
        owners = dict(store.db.execute(f"SELECT id, debrief_id FROM [{table}]").fetchall())
        seen = set()
        for n, record in enumerate(doc["debriefs"]):
            for m, part in enumerate(record.get(key, [])):
                pid = part["id"]
                if pid in seen:
                    at(["debriefs", n, key, m, "id"], "the same id appears earlier in the file")
                elif owners.get(pid, record["id"]) != record["id"]:
                    at(["debriefs", n, key, m, "id"], "belongs to a different debrief here")
                seen.add(pid)
    for n, record in enumerate(doc["debriefs"]):
        kinds: set[str] = set()
        for m, draft in enumerate(record.get("letter_drafts", [])):
            if draft["kind"] in kinds:
                at(["debriefs", n, "letter_drafts", m, "kind"], "two drafts of the same letter")
            kinds.add(draft["kind"])
        for m, letter in enumerate(record["letters"]):
            if "pdf" in letter:
                try:
                    base64.b64decode(letter["pdf"], validate=True)
                except (binascii.Error, ValueError):
                    at(["debriefs", n, "letters", m, "pdf"], "is not valid base64")
    _attendee_problems(store, doc, at)
    for n, record in enumerate(doc["debriefs"]):
        for m, item in enumerate(record.get("followups", [])):
            if item.get("contact_id") is not None and item["contact_id"] not in contacts:
                at(
                    ["debriefs", n, "followups", m, "contact_id"],
                    "refers to a person who is neither in the file nor here",
                )
    return problems


def _attendee_problems(store: Store, doc: Record, at: Callable[[list[Any], str], None]) -> None:
    """Who was in a meeting: people who exist (in the file or here), each listed once, and from
    the debrief's own customer (as the app allows)."""
    customer_of = dict(store.db.execute("SELECT id, account_id FROM contacts").fetchall())
    customer_of.update((c["id"], c["account_id"]) for c in doc["contacts"])
    for n, record in enumerate(doc["debriefs"]):
        seen: set[str] = set()
        for m, attendee in enumerate(record.get("attendees", [])):
            contact_id = attendee["contact_id"]
            path = ["debriefs", n, "attendees", m, "contact_id"]
            if contact_id not in customer_of:
                at(path, "refers to a person who is neither in the file nor here")
            elif contact_id in seen:
                at(path, "the same person is listed earlier in this meeting")
            elif customer_of[contact_id] != record["account_id"]:
                at(path, "refers to a person at a different customer than the debrief's")
            seen.add(contact_id)


def check_document(store: Store, name: str, doc: Any) -> ExportFile:
    """Every check on a parsed document; raises ImportRejected listing what is wrong."""
    _check_format(name, doc)
    problems = _schema_problems(doc)
    if problems:
        raise ImportRejected(name, problems)
    problems = _reference_problems(store, doc)
    if problems:
        raise ImportRejected(name, problems)
    return ExportFile(name, doc)


def recheck_references(store: Store, file: ExportFile) -> None:
    """The checks that depend on the database, again (inside the import's transaction)."""
    problems = _reference_problems(store, file.document)
    if problems:
        raise ImportRejected(file.name, problems)


def read_export(store: Store, path: Path, progress: Progress = no_progress) -> ExportFile:
    """Read and check the file at `path`; raises ImportRejected (or DebriefError) if unusable."""
    name = Path(path).name
    data = read_import_file(Path(path))
    doc = parse_json(name, data)
    listed = doc.get("debriefs") if isinstance(doc, dict) else None
    size = len(listed) if isinstance(listed, list) else 0
    progress("Checking the file", 0, size)
    checked = check_document(store, name, doc)
    progress("Checking the file", size, size)
    return checked
