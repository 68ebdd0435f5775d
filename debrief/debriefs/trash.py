"""Deleting a debrief goes to the trash first, so a slip can be undone; emptying it is final.

A trashed debrief has no search document (search_index skips it), so its text can't be found;
restoring it rebuilds the document. Each step is one transaction.

Deleting for good removes the text from the file, not just from view: secure_delete (set by the
store) zeroes freed space, the search index is merged so no old segment keeps a deleted word,
contacts and customers nothing else uses go too, and the WAL is emptied afterwards. Backups
taken earlier still hold the text; the UI says so and offers to delete them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from debrief.changes import ChangeSet
from debrief.debriefs.lifecycle import get_debrief
from debrief.model import Debrief, now_iso
from debrief.search.index import reindex_debrief, remove_documents
from debrief.store.database import Store

if TYPE_CHECKING:
    from debrief.store.tables import Database


def trash_debrief(store: Store, debrief_id: str) -> Debrief:
    with store.atomic() as db:
        get_debrief(store, debrief_id)
        stamp = now_iso()
        db["debriefs"].update(debrief_id, {"deleted_at": stamp, "updated_at": stamp})
        reindex_debrief(db, debrief_id)
        store.note(ChangeSet.of(removed=[debrief_id]))
    return get_debrief(store, debrief_id)


def restore_debrief(store: Store, debrief_id: str) -> Debrief:
    with store.atomic() as db:
        get_debrief(store, debrief_id)
        db["debriefs"].update(debrief_id, {"deleted_at": None, "updated_at": now_iso()})
        reindex_debrief(db, debrief_id)
        store.note(ChangeSet.of(added=[debrief_id]))
    return get_debrief(store, debrief_id)


def count_trashed(store: Store) -> int:
    found: int = store.db.execute(
        "SELECT COUNT(*) FROM debriefs WHERE deleted_at IS NOT NULL"
    ).fetchone()[0]
    return found


def empty_trash(store: Store) -> int:
    """Delete every trashed debrief for good, with everything hanging off it. Returns how many."""
    with store.atomic() as db:
        ids = [r[0] for r in db.execute("SELECT id FROM debriefs WHERE deleted_at IS NOT NULL")]
        purge_debriefs(db, ids)
        store.note(ChangeSet.of(removed=ids))
    if ids:
        store.checkpoint()
    return len(ids)


def purge_debriefs(db: Database, ids: list[str]) -> None:
    """Remove debriefs and every row that refers to them (inside the caller's transaction).

    The referring tables are found from the schema's foreign keys, so tables added later by
    other features are cleared too instead of blocking the delete.
    """
    if not ids:
        return
    people: list[tuple[str, str | None]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        people += db.execute(
            f"SELECT account_id, contact_id FROM debriefs WHERE id IN ({marks})", chunk
        ).fetchall()
    children = [
        (table, fk.column)
        for table in db.table_names()
        for fk in db[table].foreign_keys
        if fk.other_table == "debriefs" and table != "debriefs"
    ]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for table, column in children:
            db.execute(f'DELETE FROM "{table}" WHERE "{column}" IN ({marks})', chunk)
        remove_documents(db, chunk)
        db.execute(f"DELETE FROM search_stale WHERE debrief_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM debriefs WHERE id IN ({marks})", chunk)
    contacts = {c for _a, c in people if c}
    accounts = {a for a, _c in people}
    accounts |= {
        r[0]
        for c in contacts
        for r in db.execute("SELECT account_id FROM contacts WHERE id = ?", [c]).fetchall()
    }
    _delete_unused(db, "contacts", contacts)
    for account_id in accounts:
        # The account's own contacts that nothing refers to go with it, if the account goes.
        spare = [
            r[0] for r in db.execute("SELECT id FROM contacts WHERE account_id = ?", [account_id])
        ]
        if not _is_used(db, "accounts", account_id, ignore={"contacts"}) and not any(
            _is_used(db, "contacts", c) for c in spare
        ):
            _delete_unused(db, "contacts", set(spare))
    _delete_unused(db, "accounts", accounts)
    # Merge the index: until then, older FTS5 segments keep the deleted words.
    db.execute("INSERT INTO debrief_search (debrief_search) VALUES ('optimize')")


def _referrers(db: Database, table: str) -> list[tuple[str, str]]:
    return [
        (other, str(fk.column))
        for other in db.table_names()
        for fk in db[other].foreign_keys
        if fk.other_table == table and other != table
    ]


def _is_used(db: Database, table: str, row_id: str, ignore: set[str] | None = None) -> bool:
    for other, column in _referrers(db, table):
        if ignore and other in ignore:
            continue
        if db.execute(f'SELECT 1 FROM "{other}" WHERE "{column}" = ? LIMIT 1', [row_id]).fetchone():
            return True
    return False


def _delete_unused(db: Database, table: str, row_ids: set[str]) -> None:
    """Delete the rows of `table` (contacts, accounts) that no other row refers to any more."""
    for row_id in sorted(row_ids):
        if not _is_used(db, table, row_id):
            db.execute(f'DELETE FROM "{table}" WHERE id = ?', [row_id])
