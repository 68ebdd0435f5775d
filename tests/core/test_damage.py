"""A damaged, empty or foreign file at the database path is refused at open, and left as it was."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from debrief.debriefs.lifecycle import create_debrief, list_debriefs
from debrief.errors import DamagedDatabaseError
from debrief.model import NewDebrief
from debrief.store.checks import APPLICATION_ID
from debrief.store.database import Store

PAGE = 4096


def _filled(path: Path, n: int = 30) -> None:
    store = Store.open(path)
    for i in range(n):
        create_debrief(
            store,
            NewDebrief(
                account_name=f"Acme {i}",
                contact_name="Jo",
                opportunity="Fleet renewal",
                products="Fleet renewal " * 30,
                competitor="Globex",
            ),
        )
    store.checkpoint()
    store.close()


def _scramble_page(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    rnd = random.Random(page)
    data[(page - 1) * PAGE : page * PAGE] = bytes(rnd.randrange(256) for _ in range(PAGE))
    path.write_bytes(bytes(data))


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def truncated(path: Path) -> None:
    _filled(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(64 * 1024))


def corrupt_inner_page(path: Path) -> None:
    _filled(path)
    _scramble_page(path, 3)


def corrupt_last_page(path: Path) -> None:
    _filled(path)
    _scramble_page(path, path.stat().st_size // PAGE)


def another_programs_file(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT, steps TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('bread', 'knead')")
        conn.commit()


def another_sqlite_utils_app(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE _sqlite_migrations (migration_set, name, applied_at)")
        conn.execute("INSERT INTO _sqlite_migrations VALUES ('recipes', 'm001', 'x')")
        conn.commit()


def other_application_id(path: Path) -> None:
    _filled(path, 1)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA application_id = 1234")


def newer_schema(path: Path) -> None:
    _filled(path, 1)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('debrief', 'm999_from_the_future', 'x')"
        )
        conn.commit()


CASES: list[tuple[Callable[[Path], None], str, str]] = [
    (zero_bytes, "empty", "empty"),
    (truncated, "damaged", "damaged"),
    (random_bytes, "not_sqlite", "not a database"),
    (corrupt_inner_page, "damaged", "damaged"),
    (corrupt_last_page, "damaged", "damaged"),
    (another_programs_file, "foreign", "another program"),
    (another_sqlite_utils_app, "foreign", "another program"),
    (other_application_id, "foreign", "another program"),
    (newer_schema, "newer", "newer version of Debrief"),
]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("make", "kind", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_refused_at_open_named_and_left_untouched(
    make: Callable[[Path], None], kind: str, words: str, tmp_path: Path
) -> None:
    path = tmp_path / "debrief.sqlite3"
    make(path)
    before = _files(tmp_path)
    with pytest.raises(DamagedDatabaseError) as caught:
        Store.open(path, backup_dir=tmp_path / "backups")
    assert caught.value.kind == kind
    assert words in str(caught.value)
    assert str(path) in str(caught.value)
    assert _files(tmp_path) == before  # not modified, no backup added, no -wal/-shm left
    with pytest.raises(DamagedDatabaseError):  # and again on the next start: still nothing added
        Store.open(path, backup_dir=tmp_path / "backups")
    assert _files(tmp_path) == before


def test_a_file_from_before_the_marker_is_debriefs_and_gets_the_marker(tmp_path: Path) -> None:
    path = tmp_path / "debrief.sqlite3"
    _filled(path, 2)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA application_id = 0")
    store = Store.open(path)
    assert len(list_debriefs(store)) == 2
    assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    store.close()


def test_an_empty_sqlite_file_with_no_tables_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "debrief.sqlite3"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
    store = Store.open(path)
    assert list_debriefs(store) == []
    store.close()


def test_a_new_database_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    path = tmp_path / "debrief.sqlite3"
    Store.open(path).close()
    assert sorted(os.listdir(tmp_path)) == ["debrief.sqlite3"]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_damage_in_the_wal_is_found_too(tmp_path: Path) -> None:
    """Damage in an uncheckpointed -wal file: found by the same read-only check."""
    path = tmp_path / "debrief.sqlite3"
    _filled(path, 3)
    shutil.copy(path, tmp_path / "copy.sqlite3")
    data = bytearray(path.read_bytes())
    data[100:200] = b"\xff" * 100  # the first page's schema area
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabaseError, match="damaged"):
        Store.open(path)
