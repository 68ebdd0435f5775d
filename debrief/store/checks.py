"""Is this file a healthy Debrief database? Looked at read-only, before anything writes to it.

Two depths. Every open does the cheap part: the header, the marker, Debrief's tables and its
migrations (known vs applied) - a few pages, whatever the file's size. `full=True` adds SQLite's
`PRAGMA quick_check`, which reads every page (seconds on a file of gigabytes): the app runs it
after its first window is painted, on a worker thread (`debrief.store.after_open`); commands,
restores and backups run it before they use a file.

A file is Debrief's when it carries Debrief's marker (`PRAGMA application_id`), or, for files
written before the marker existed, when it holds Debrief's migrations table; the marker is set
during the upgrade. Everything else - an empty file, random bytes, a damaged page, another
program's SQLite file, a file from a newer Debrief - is refused with a DamagedDatabaseError that
names the problem, and the file is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from contextlib import closing
from pathlib import Path

from debrief.errors import DamagedDatabaseError
from debrief.store.disk import disk_error, is_damage, is_disk_trouble

# "DbRf": Debrief's own mark in the database header (PRAGMA application_id).
APPLICATION_ID = 0x44625266
MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_SET = "debrief"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can't change the file, and adds no files beside it.

    Without a -wal file the file is opened immutable (SQLite then creates no -wal or -shm);
    with one, read-only, so what the -wal holds is read and checked too.
    """
    path = Path(path)
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    return sqlite3.connect(path.absolute().as_uri() + "?" + mode, uri=True)


def check_database(path: Path, known_migrations: Collection[str], full: bool = True) -> None:
    """Raise DamagedDatabaseError (or DiskError) unless `path` is a Debrief database we can open.

    Without `full`, pages the cheap checks don't read are not looked at (see the module doc),
    unless the file needs an upgrade: that rewrites much of it, so it must be healthy first.

    A file with no tables at all (a start that was cut short before the schema was written)
    counts as Debrief's: there is nothing in it to lose.
    """
    path = Path(path)
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as exc:
        raise disk_error(exc, path) from exc
    if not header:
        raise DamagedDatabaseError(path, "empty", "the file is empty (0 bytes).")
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise DamagedDatabaseError(path, "not_sqlite", "it is not a database file.")
    try:
        with closing(open_read_only(path)) as conn:
            _check_contents(conn, path, known_migrations, full)
    except sqlite3.Error as exc:
        if is_disk_trouble(exc) and not is_damage(exc):
            raise disk_error(exc, path) from exc
        raise DamagedDatabaseError(path, "damaged", "the file is damaged.", str(exc)) from exc


def quick_check_problems(conn: sqlite3.Connection) -> str:
    """SQLite's `quick_check` of every page: "" when the file is healthy, else its first words
    about what is wrong. Raises sqlite3.Error when the file can't even be read that far."""
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)").fetchall()]
    if problems == ["ok"]:
        return ""
    return "; ".join(" ".join(str(p).split()) for p in problems[:2])


def _check_contents(
    conn: sqlite3.Connection, path: Path, known: Collection[str], full: bool
) -> None:
    if full:
        detail = quick_check_problems(conn)
        if detail:
            raise DamagedDatabaseError(path, "damaged", "the file is damaged.", detail)
    marker = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if marker not in (0, APPLICATION_ID):
        raise DamagedDatabaseError(path, "foreign", "it belongs to another program.")
    if MIGRATIONS_TABLE not in tables:
        if marker == 0 and not tables:
            return  # an empty SQLite file: the schema was never written
        if marker == 0:
            raise DamagedDatabaseError(path, "foreign", "it belongs to another program.")
        raise DamagedDatabaseError(path, "damaged", "Debrief's own tables are missing from it.")
    applied = {
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET]
        )
    }
    if marker == 0 and not applied:
        raise DamagedDatabaseError(path, "foreign", "it belongs to another program.")
    if applied - set(known):
        raise DamagedDatabaseError(
            path,
            "newer",
            "it was written by a newer version of Debrief. Update Debrief to open it.",
        )
    if not full and set(known) - applied:
        detail = quick_check_problems(conn)
        if detail:
            raise DamagedDatabaseError(path, "damaged", "the file is damaged.", detail)
