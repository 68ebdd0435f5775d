"""Merging a checked export into this database: what would happen (the plan), then doing it.

The rules (README "Export and import"):
- Records are matched by id. A customer or a person is taken from the file when the file's
  `updated_at` is newer; a debrief is taken whole (with its questions, criteria, reasons,
  captured items and the people who were in the meeting) when its `updated_at` is newer — every
  change to any of those moves it.
- A debrief trashed on either side stays trashed.
- Letters are kept versions: one missing here is added; none is removed, and only a letter's
  "sent" mark changes: one sent in the file but not here is marked sent (when the file says).
  A letter draft is taken when the file's is newer. Follow-ups merge by id, the newer edit
  winning.
- Older records, and records edited at the very same moment with different content, are kept as
  they are here and counted as "skipped"; identical ones as "unchanged". Nothing in the file is
  left out of the count.
- Importing the same file again changes nothing.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from debrief.changes import ChangeSet
from debrief.exchange.format import (
    ACCOUNT_COLUMNS,
    CONTACT_COLUMNS,
    DEBRIEF_COLUMNS,
    DRAFT_COLUMNS,
    FOLLOWUP_COLUMNS,
    FOLLOWUPS_TABLE,
    LETTER_COLUMNS,
    PARTS,
)
from debrief.exchange.snapshot import (
    CHUNK,
    Progress,
    Record,
    no_progress,
    read_accounts,
    read_contacts,
    read_debriefs,
)
from debrief.exchange.validation import ExportFile, recheck_references
from debrief.search.index import reindex_debriefs
from debrief.store.database import Store

_CORE_KEYS = (*DEBRIEF_COLUMNS, *(key for key, *_ in PARTS))


class Decision(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


class _Core(StrEnum):
    """What happens to a debrief's own record and its parts."""

    NEW = "new"
    TAKE = "take"  # the file's is newer
    TRASH = "trash"  # older in the file, but trashed there: trash it here, keep our content
    SAME = "same"
    OLDER = "older"
    TIE = "tie"  # same time, different content: ours is kept


@dataclass(frozen=True)
class Skipped:
    kind: str  # "customer", "person", "debrief"
    title: str
    why: str


@dataclass
class DebriefPlan:
    record: Record
    core: _Core
    local_deleted_at: str | None = None
    letters: list[Record] = field(default_factory=list)  # to add
    letters_sent: list[Record] = field(default_factory=list)  # here, but sent only in the file
    drafts: list[Record] = field(default_factory=list)  # to take
    followups_new: list[Record] = field(default_factory=list)
    followups_newer: list[Record] = field(default_factory=list)

    @property
    def decision(self) -> Decision:
        if self.core == _Core.NEW:
            return Decision.NEW
        if self.core in (_Core.TAKE, _Core.TRASH) or (
            self.letters
            or self.letters_sent
            or self.drafts
            or self.followups_new
            or self.followups_newer
        ):
            return Decision.UPDATED
        return Decision.UNCHANGED if self.core == _Core.SAME else Decision.SKIPPED


@dataclass(frozen=True)
class Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.skipped


def _count(decisions: Iterable[Decision]) -> Counts:
    values = list(decisions)
    return Counts(*(values.count(d) for d in Decision))


@dataclass
class ImportPlan:
    file: ExportFile
    accounts: dict[str, Decision]
    contacts: dict[str, Decision]
    debriefs: list[DebriefPlan]
    skipped: list[Skipped]
    made_at: tuple[int, int] = (0, 0)  # database_state() when planned

    def is_current(self, store: Store) -> bool:
        """Whether the database is as it was when this plan was made."""
        return self.made_at == database_state(store)

    @property
    def account_counts(self) -> Counts:
        return _count(self.accounts.values())

    @property
    def contact_counts(self) -> Counts:
        return _count(self.contacts.values())

    @property
    def debrief_counts(self) -> Counts:
        return _count(p.decision for p in self.debriefs)

    @property
    def changes_anything(self) -> bool:
        return any(
            c.new or c.updated
            for c in (self.account_counts, self.contact_counts, self.debrief_counts)
        )

    def summary(self) -> list[str]:
        """One line per kind of record, in plain words."""
        lines = []
        for label, counts in (
            ("Debriefs", self.debrief_counts),
            ("Customers", self.account_counts),
            ("People", self.contact_counts),
        ):
            lines.append(
                f"{label}: {counts.new} new, {counts.updated} updated, {counts.unchanged} "
                f"unchanged, {counts.skipped} skipped as older"
            )
        return lines


def database_state(store: Store) -> tuple[int, int]:
    """Changes since the connection opened: commits by other connections (data_version) and
    rows this connection changed (total_changes). Equal states mean nothing was written."""
    version = store.db.execute("PRAGMA data_version").fetchone()[0]
    return int(version), int(store.db.conn.total_changes)


def when(stamp: str) -> datetime:
    """A stored time as an aware datetime (a time without an offset is taken as UTC)."""
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _newer(theirs: str, ours: str) -> int:
    """1 when theirs is newer, -1 when ours is, 0 for the same moment."""
    try:
        a, b = when(theirs), when(ours)
    except (TypeError, ValueError):  # an odd stamp in this database: compare the text
        return (theirs > ours) - (theirs < ours) if ours else 1
    return (a > b) - (a < b)


def _title(record: Record) -> str:
    return str(record.get("opportunity") or record.get("name") or record["id"])


def _simple(
    kind: str,
    incoming: Sequence[Record],
    local: dict[str, Record],
    columns: Sequence[str],
    skipped: list[Skipped],
) -> dict[str, Decision]:
    decisions = {}
    for record in incoming:
        ours = local.get(record["id"])
        if ours is None:
            decisions[record["id"]] = Decision.NEW
        elif all(record.get(c) == ours.get(c) for c in columns):
            decisions[record["id"]] = Decision.UNCHANGED
        else:
            order = _newer(record["updated_at"], ours["updated_at"])
            if order > 0:
                decisions[record["id"]] = Decision.UPDATED
            else:
                decisions[record["id"]] = Decision.SKIPPED
                why = "edited later here" if order < 0 else "edited at the same moment here"
                skipped.append(Skipped(kind, _title(record), why))
    return decisions


def plan_import(store: Store, file: ExportFile) -> ImportPlan:
    """What importing `file` would do, record by record. Reads only."""
    made_at = database_state(store)
    skipped: list[Skipped] = []
    accounts = _simple("customer", file.accounts, read_accounts(store), ACCOUNT_COLUMNS, skipped)
    contacts = _simple("person", file.contacts, read_contacts(store), CONTACT_COLUMNS, skipped)
    incoming = file.debriefs
    ids = [d["id"] for d in incoming]
    meta: dict[str, tuple[str, str | None]] = {}
    letter_sent: dict[str, str | None] = {}  # letter id: when it was marked sent here
    drafts: dict[tuple[str, str], str] = {}
    followups: dict[str, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for row in store.db.execute(
            f"SELECT id, updated_at, deleted_at FROM debriefs WHERE id IN ({marks})", chunk
        ):
            meta[row[0]] = (row[1], row[2])
        letter_sent.update(
            (r[0], r[1])
            for r in store.db.execute(
                f"SELECT id, sent_at FROM letters WHERE debrief_id IN ({marks})", chunk
            )
        )
        for row in store.db.execute(
            f"SELECT debrief_id, kind, updated_at FROM letter_drafts WHERE debrief_id IN ({marks})",
            chunk,
        ):
            drafts[(row[0], row[1])] = row[2]
        for row in store.db.execute(
            f"SELECT id, updated_at FROM [{FOLLOWUPS_TABLE}] WHERE debrief_id IN ({marks})", chunk
        ):
            followups[row[0]] = row[1]
    # Same moment on both sides: usually the same edit (a file imported before); compare.
    ties = [
        d["id"]
        for d in incoming
        if d["id"] in meta and _newer(d["updated_at"], meta[d["id"]][0]) == 0
    ]
    local_ties = {r["id"]: r for r in read_debriefs(store, ties)}
    plans = []
    for record in incoming:
        rid = record["id"]
        if rid not in meta:
            plan = DebriefPlan(record, _Core.NEW)
        else:
            ours_at, ours_deleted = meta[rid]
            order = _newer(record["updated_at"], ours_at)
            trashed_there = bool(record.get("deleted_at")) and not ours_deleted
            if order > 0:
                core = _Core.TAKE
            elif order == 0 and all(
                record.get(k) == local_ties[rid].get(k) for k in _CORE_KEYS if k != "deleted_at"
            ):
                core = _Core.TRASH if trashed_there else _Core.SAME
            elif trashed_there:
                core = _Core.TRASH
            else:
                core = _Core.OLDER if order < 0 else _Core.TIE
            plan = DebriefPlan(record, core, local_deleted_at=ours_deleted)
        _plan_attachments(plan, letter_sent, drafts, followups)
        if plan.decision == Decision.SKIPPED:
            why = (
                "edited later here"
                if plan.core == _Core.OLDER
                else ("edited at the same moment here")
            )
            skipped.append(Skipped("debrief", _title(record), why))
        plans.append(plan)
    return ImportPlan(file, accounts, contacts, plans, skipped, made_at)


def _plan_attachments(
    plan: DebriefPlan,
    letter_sent: dict[str, str | None],
    drafts: dict[tuple[str, str], str],
    followups: dict[str, str],
) -> None:
    record = plan.record
    plan.letters = [letter for letter in record["letters"] if letter["id"] not in letter_sent]
    # A letter that went out stays sent: the file's mark is taken where this one has none
    # (where both have one, ours is kept: it is the same letter, sent once).
    plan.letters_sent = [
        letter
        for letter in record["letters"]
        if letter["id"] in letter_sent
        and letter.get("sent_at")
        and letter_sent[letter["id"]] is None
    ]
    for draft in record.get("letter_drafts", []):
        ours = drafts.get((record["id"], draft["kind"]))
        if ours is None or _newer(draft["updated_at"], ours) > 0:
            plan.drafts.append(draft)
    for item in record.get("followups", []):
        if item["id"] not in followups:
            plan.followups_new.append(item)
        else:
            if _newer(item["updated_at"], followups[item["id"]]) > 0:
                plan.followups_newer.append(item)


# -- doing it ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    accounts: Counts
    contacts: Counts
    debriefs: Counts
    changes: ChangeSet


def _insert(
    db_conn: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if rows:
        cols = ", ".join(f"[{c}]" for c in columns)
        marks = ", ".join("?" for _ in columns)
        db_conn.executemany(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", rows)


def _update(
    db_conn: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Rows are the columns' values followed by the id."""
    if rows:
        sets = ", ".join(f"[{c}] = ?" for c in columns)
        db_conn.executemany(f"UPDATE [{table}] SET {sets} WHERE id = ?", rows)


def apply_plan(store: Store, plan: ImportPlan, progress: Progress = no_progress) -> Applied:
    """Merge in one transaction; declares what changed.

    If anything was written since `plan` was made, the file's references are checked again and
    the plan is made again, under the write lock.
    """
    with store.atomic() as db:
        if not plan.is_current(store):
            recheck_references(store, plan.file)
            plan = plan_import(store, plan.file)
        conn = db.conn
        by_id = {a["id"]: a for a in plan.file.accounts}
        acc_cols = [c for c in ACCOUNT_COLUMNS if c != "id"]
        new = [a for a, d in plan.accounts.items() if d == Decision.NEW]
        taken = [a for a, d in plan.accounts.items() if d == Decision.UPDATED]
        _insert(
            conn, "accounts", ACCOUNT_COLUMNS, [_values(by_id[a], ACCOUNT_COLUMNS) for a in new]
        )
        _update(conn, "accounts", acc_cols, [[*_values(by_id[a], acc_cols), a] for a in taken])
        changed_accounts = set(new) | set(taken)

        people = {c["id"]: c for c in plan.file.contacts}
        con_cols = [c for c in CONTACT_COLUMNS if c != "id"]
        new_c = [c for c, d in plan.contacts.items() if d == Decision.NEW]
        taken_c = [c for c, d in plan.contacts.items() if d == Decision.UPDATED]
        _insert(
            conn, "contacts", CONTACT_COLUMNS, [_values(people[c], CONTACT_COLUMNS) for c in new_c]
        )
        _update(conn, "contacts", con_cols, [[*_values(people[c], con_cols), c] for c in taken_c])
        changed_accounts |= {people[c]["account_id"] for c in new_c + taken_c}

        _apply_debriefs(conn, plan.debriefs)
        reindex = {
            p.record["id"] for p in plan.debriefs if p.core in (_Core.NEW, _Core.TAKE, _Core.TRASH)
        }
        reindex |= {p.record["id"] for p in plan.debriefs if p.letters}
        reindex |= _debriefs_of(conn, "account_id", taken)
        reindex |= _debriefs_showing(conn, sorted(taken_c))
        reindex_debriefs(
            db, sorted(reindex), lambda done, total: progress("Updating search", done, total)
        )

        decisions = [(p.record["id"], p) for p in plan.debriefs]
        changes = ChangeSet.of(
            added=[i for i, p in decisions if p.core == _Core.NEW],
            debriefs=[i for i, p in decisions if p.decision == Decision.UPDATED],
            removed=[
                i
                for i, p in decisions
                if p.core in (_Core.TRASH, _Core.TAKE)
                and p.record.get("deleted_at")
                and not p.local_deleted_at
            ],
            accounts=changed_accounts,
            letters=[i for i, p in decisions if p.letters or p.letters_sent or p.drafts],
            followups=[i for i, p in decisions if p.followups_new or p.followups_newer],
        )
        store.note(changes)
    return Applied(plan.account_counts, plan.contact_counts, plan.debrief_counts, changes)


def _values(record: Record, columns: Iterable[str]) -> list[Any]:
    return [record.get(c) for c in columns]


def _debriefs_of(conn: Any, column: str, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        marks = ", ".join("?" for _ in chunk)
        found.update(
            r[0]
            for r in conn.execute(f"SELECT id FROM debriefs WHERE {column} IN ({marks})", chunk)
        )
    return found


def _debriefs_showing(conn: Any, contact_ids: Sequence[str]) -> set[str]:
    """Debriefs whose search text holds these people: as the contact or as an attendee."""
    found = _debriefs_of(conn, "contact_id", contact_ids)
    for start in range(0, len(contact_ids), CHUNK):
        chunk = list(contact_ids[start : start + CHUNK])
        marks = ", ".join("?" for _ in chunk)
        found.update(
            r[0]
            for r in conn.execute(
                f"SELECT debrief_id FROM debrief_attendees WHERE contact_id IN ({marks})", chunk
            )
        )
    return found


def _apply_debriefs(conn: Any, plans: list[DebriefPlan]) -> None:
    cols = [c for c in DEBRIEF_COLUMNS if c != "id"]
    new_rows, take_rows, trash_rows = [], [], []
    replaced: list[str] = []
    part_rows: dict[str, list[list[Any]]] = {table: [] for _k, table, _c, _o in PARTS}
    for plan in plans:
        record = plan.record
        if plan.core == _Core.NEW:
            new_rows.append(_values(record, DEBRIEF_COLUMNS))
        elif plan.core == _Core.TAKE:
            merged = dict(record)
            merged["deleted_at"] = record.get("deleted_at") or plan.local_deleted_at
            take_rows.append([*_values(merged, cols), record["id"]])
            replaced.append(record["id"])
        elif plan.core == _Core.TRASH:
            trash_rows.append([record["deleted_at"], record["id"]])
        if plan.core in (_Core.NEW, _Core.TAKE):
            for key, table, columns, _order in PARTS:
                part_rows[table].extend(
                    [record["id"], *_values(part, columns)] for part in record.get(key, [])
                )
    _insert(conn, "debriefs", DEBRIEF_COLUMNS, new_rows)
    _update(conn, "debriefs", cols, take_rows)
    _update(conn, "debriefs", ["deleted_at"], trash_rows)
    for start in range(0, len(replaced), CHUNK):
        chunk = replaced[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for _key, table, _columns, _order in PARTS:
            conn.execute(f"DELETE FROM [{table}] WHERE debrief_id IN ({marks})", chunk)
    for _key, table, columns, _order in PARTS:
        _insert(conn, table, ["debrief_id", *columns], part_rows[table])
    letters = [
        [
            plan.record["id"],
            *_values(letter, LETTER_COLUMNS),
            base64.b64decode(letter["pdf"]) if letter.get("pdf") else None,
        ]
        for plan in plans
        for letter in plan.letters
    ]
    _insert(conn, "letters", ["debrief_id", *LETTER_COLUMNS, "pdf"], letters)
    conn.executemany(
        "UPDATE letters SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
        [[letter["sent_at"], letter["id"]] for plan in plans for letter in plan.letters_sent],
    )
    drafts = [
        [plan.record["id"], *_values(d, DRAFT_COLUMNS)] for plan in plans for d in plan.drafts
    ]
    if drafts:
        cols_sql = ", ".join(["debrief_id", *DRAFT_COLUMNS])
        conn.executemany(
            f"INSERT OR REPLACE INTO letter_drafts ({cols_sql}) VALUES"
            f" ({', '.join('?' for _ in range(len(DRAFT_COLUMNS) + 1))})",
            drafts,
        )
    followup_cols = [c for c in FOLLOWUP_COLUMNS if c != "id"]
    _insert(
        conn,
        FOLLOWUPS_TABLE,
        ["debrief_id", *FOLLOWUP_COLUMNS],
        [
            [plan.record["id"], *_values(item, FOLLOWUP_COLUMNS)]
            for plan in plans
            for item in plan.followups_new
        ],
    )
    _update(
        conn,
        FOLLOWUPS_TABLE,
        followup_cols,
        [
            [*_values(item, followup_cols), item["id"]]
            for plan in plans
            for item in plan.followups_newer
        ],
    )
