"""Deleting a debrief goes to the trash first, so a slip can be undone; emptying it is final.

A trashed debrief has no search document (search_index skips it), so its text can't be found;
restoring it rebuilds the document. Each step is one transaction.
"""

from __future__ import annotations

from debrief.changes import ChangeSet
from debrief.debriefs.lifecycle import get_debrief
from debrief.model import Debrief, now_iso
from debrief.search.index import reindex_debrief
from debrief.store.database import Store
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
    return len(ids)


def purge_debriefs(db: Database, ids: list[str]) -> None:
    """Remove debriefs and every row that refers to them (inside the caller's transaction).

    The referring tables are found from the schema's foreign keys, so tables added later by
    other features are cleared too instead of blocking the delete.
    """
    if not ids:
        return
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
        db.execute(f"DELETE FROM debrief_search WHERE debrief_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM debriefs WHERE id IN ({marks})", chunk)
