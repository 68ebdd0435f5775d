"""Read debriefs, their customers and everything hanging off them as plain JSON-ready records.

Every export starts here. Rows are read a table at a time (not a debrief at a time), so 20,000
debriefs come out in a couple of seconds.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

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
from debrief.search import browse
from debrief.search.browse import Filters, Sort
from debrief.store.database import Store

Record = dict[str, Any]
Progress = Callable[[str, int, int], None]
"""`progress(stage, done, total)`: called now and then during long work."""

CHUNK = 500


def no_progress(stage: str, done: int, total: int) -> None:
    """The default: nobody is watching."""


@dataclass(frozen=True)
class Selection:
    """Which debriefs go out: everything, or the list as filtered on screen."""

    filters: Filters | None = None  # None: every debrief
    include_trash: bool = True  # only without filters: trashed debriefs (so a merge keeps them)
    ids: tuple[str, ...] | None = None  # exactly these debriefs (e.g. the Insights view's)


@dataclass(frozen=True)
class Snapshot:
    accounts: list[Record]
    contacts: list[Record]
    debriefs: list[Record]


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _marks(chunk: Sequence[str]) -> str:
    return ", ".join("?" for _ in chunk)


def selected_ids(store: Store, selection: Selection) -> list[str]:
    """The chosen debriefs' ids, in the list's default order (newest loss first)."""
    if selection.ids is not None:
        return list(selection.ids)
    if selection.filters is None:
        where = "" if selection.include_trash else " WHERE deleted_at IS NULL"
        return [
            r[0]
            for r in store.db.execute(
                "SELECT id FROM debriefs" + where + " ORDER BY"
                " COALESCE(date_lost, substr(created_at, 1, 10)) DESC, created_at DESC, id DESC"
            )
        ]
    total = browse.count(store, selection.filters)
    return [row.id for row in browse.page(store, selection.filters, Sort(), 0, total)]


def _select(
    store: Store, table: str, columns: Iterable[str], where: str, args: list[Any]
) -> list[Record]:
    cols = list(columns)
    sql = f"SELECT {', '.join(cols)} FROM [{table}] WHERE {where}"
    return [dict(zip(cols, row, strict=True)) for row in store.db.execute(sql, args)]


def read_debriefs(
    store: Store, ids: Sequence[str], include_pdf: bool = False, progress: Progress = no_progress
) -> list[Record]:
    """The debriefs with these ids (in this order) with everything hanging off them."""
    total = len(ids)
    by_id: dict[str, Record] = {}
    progress("Reading debriefs", 0, total)
    for chunk in _chunks(ids):
        marks = _marks(chunk)
        for row in _select(store, "debriefs", DEBRIEF_COLUMNS, f"id IN ({marks})", list(chunk)):
            row.update({key: [] for key, *_ in PARTS})
            row.update(letters=[], letter_drafts=[], followups=[])
            by_id[row["id"]] = row
        _attach_parts(store, chunk, by_id, include_pdf)
        progress("Reading debriefs", len(by_id), total)
    return [by_id[i] for i in ids if i in by_id]


def read_snapshot(
    store: Store,
    selection: Selection,
    include_pdf: bool = False,
    progress: Progress = no_progress,
) -> Snapshot:
    """Every field of the chosen debriefs and of their customers, as plain records."""
    ids = selected_ids(store, selection)
    debriefs = read_debriefs(store, ids, include_pdf, progress)
    if selection.filters is None and selection.ids is None:
        accounts = _select(store, "accounts", ACCOUNT_COLUMNS, "1", [])
        contacts = _select(store, "contacts", CONTACT_COLUMNS, "1", [])
    else:
        account_ids = sorted({d["account_id"] for d in debriefs})
        accounts, contacts = [], []
        for chunk in _chunks(account_ids):
            marks = _marks(chunk)
            accounts += _select(store, "accounts", ACCOUNT_COLUMNS, f"id IN ({marks})", list(chunk))
            contacts += _select(
                store, "contacts", CONTACT_COLUMNS, f"account_id IN ({marks})", list(chunk)
            )
    accounts.sort(key=lambda a: (a["created_at"], a["id"]))
    contacts.sort(key=lambda c: (c["created_at"], c["id"]))
    return Snapshot(accounts, contacts, debriefs)


def read_accounts(store: Store) -> dict[str, Record]:
    return {a["id"]: a for a in _select(store, "accounts", ACCOUNT_COLUMNS, "1", [])}


def read_contacts(store: Store) -> dict[str, Record]:
    return {c["id"]: c for c in _select(store, "contacts", CONTACT_COLUMNS, "1", [])}


def _attach_parts(
    store: Store, chunk: Sequence[str], by_id: dict[str, Record], include_pdf: bool
) -> None:
    marks = _marks(chunk)
    args = list(chunk)
    for key, table, columns, order in PARTS:
        grouped: dict[str, list[Record]] = defaultdict(list)
        cols = ["debrief_id", *columns]
        sql = (
            f"SELECT {', '.join(cols)} FROM [{table}] WHERE debrief_id IN ({marks})"
            f" ORDER BY debrief_id, {order}"
        )
        for row in store.db.execute(sql, args):
            grouped[row[0]].append(dict(zip(columns, row[1:], strict=True)))
        for debrief_id, rows in grouped.items():
            by_id[debrief_id][key] = rows
    letter_cols = [*LETTER_COLUMNS, "pdf" if include_pdf else "NULL"]
    for row in store.db.execute(
        f"SELECT debrief_id, {', '.join(letter_cols)} FROM letters"
        f" WHERE debrief_id IN ({marks}) ORDER BY debrief_id, created_at, id",
        args,
    ):
        letter = dict(zip(LETTER_COLUMNS, row[1:-1], strict=True))
        if include_pdf and row[-1] is not None:
            letter["pdf"] = base64.b64encode(row[-1]).decode("ascii")
        by_id[row[0]]["letters"].append(letter)
    for row in store.db.execute(
        f"SELECT debrief_id, {', '.join(DRAFT_COLUMNS)} FROM letter_drafts"
        f" WHERE debrief_id IN ({marks}) ORDER BY debrief_id, kind",
        args,
    ):
        by_id[row[0]]["letter_drafts"].append(dict(zip(DRAFT_COLUMNS, row[1:], strict=True)))
    for row in store.db.execute(
        f"SELECT debrief_id, {', '.join(FOLLOWUP_COLUMNS)} FROM [{FOLLOWUPS_TABLE}]"
        f" WHERE debrief_id IN ({marks}) ORDER BY debrief_id, due, created_at, id",
        args,
    ):
        by_id[row[0]]["followups"].append(dict(zip(FOLLOWUP_COLUMNS, row[1:], strict=True)))
