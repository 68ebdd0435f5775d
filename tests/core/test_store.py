from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from debrief.debriefs.lifecycle import create_debrief, list_debriefs
from debrief.errors import DatabaseError
from debrief.model import NewDebrief
from debrief.store.database import Store


def _new(**kw: str) -> NewDebrief:
    base = {"account_name": "Acme", "contact_name": "Jo", "opportunity": "Fleet"}
    return NewDebrief(**{**base, "competitor": "Globex", **kw})


def test_data_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    store = Store.open(path)
    created = create_debrief(store, _new())
    store.close()
    again = Store.open(path)
    assert [d.id for d in list_debriefs(again)] == [created.id]
    again.close()


def test_wal_and_foreign_keys_are_on(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError), store.atomic() as db:
        db["contacts"].insert(
            {"id": "x", "account_id": "nope", "name": "n", "created_at": "t", "updated_at": "t"}
        )


def test_failed_use_case_leaves_nothing_half_written(store: Store) -> None:
    with pytest.raises(RuntimeError), store.atomic() as db:
        db["accounts"].insert({"id": "a", "name": "A", "created_at": "t", "updated_at": "t"})
        raise RuntimeError("boom")
    assert store.db["accounts"].count == 0


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    store = Store.open(path)
    create_debrief(store, _new())
    with store.atomic() as db:
        db["_sqlite_migrations"].insert(
            {"migration_set": "debrief", "name": "m999_from_the_future", "applied_at": "x"}
        )
    store.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_gets_a_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    path.write_bytes(b"this is a shopping list, not a database" * 100)
    with pytest.raises(DatabaseError, match="not a database file"):
        Store.open(path)


def test_upgrading_an_existing_file_keeps_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    path.write_bytes((Path(__file__).parent.parent / "fixtures/schema-1-m001.sqlite3").read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE accounts SET notes = 'every byte'")
    conn.close()
    store = Store.open(path, backup_dir=tmp_path / "backups")
    assert store.db.execute("SELECT notes FROM accounts").fetchone()[0] == "every byte"
    store.close()
    (backup,) = (tmp_path / "backups").iterdir()
    assert "before-upgrade" in backup.name
    assert sqlite3.connect(backup).execute("SELECT notes FROM accounts").fetchone()[0] == (
        "every byte"
    )


def test_full_text_index_follows_new_debriefs(store: Store) -> None:
    created = create_debrief(store, _new(account_name="Żabka Polska", competitor="Globex"))
    hits = store.db.execute(
        "SELECT debrief_id FROM debrief_search WHERE debrief_search MATCH ?", ['"zabka"']
    ).fetchall()
    assert hits == [(created.id,)]
