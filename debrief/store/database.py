"""The local SQLite database: opening, upgrading, and the transaction each use case runs in."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from debrief.changes import NOTHING, ChangeSet
from debrief.errors import DatabaseError
from debrief.store.migrations import migrations
from debrief.store.tables import Database

DB_FILENAME = "debrief.sqlite3"


class Store:
    """One open database file. Use cases take a Store and own their transaction via `atomic()`."""

    def __init__(self, db: Database, path: Path | None):
        self.db = db
        self.path = path
        # One list of noted changes per open transaction level (outermost first).
        self._noted: list[list[ChangeSet]] = []
        self._collectors: list[list[ChangeSet]] = []

    @classmethod
    def open(cls, path: Path, backup_dir: Path | None = None) -> Store:
        """Open (creating if needed) and upgrade the database at `path`.

        Before an existing file is upgraded, a byte-for-byte copy goes to `backup_dir`.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists() and path.stat().st_size > 0
        try:
            conn = sqlite3.connect(str(path))
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(
                f"The file {path} is not a Debrief database, or it is damaged ({exc})."
            ) from exc
        store = cls(_configure(Database(conn)), path)
        try:
            store._upgrade(backup_dir if existed else None)
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def memory(cls) -> Store:
        """A throwaway in-memory store (for scripts and quick checks)."""
        store = cls(_configure(Database(memory=True)), None)
        store._upgrade(None)
        return store

    def _upgrade(self, backup_dir: Path | None) -> None:
        known = {m.name for m in migrations._migrations}
        applied = {m.name for m in migrations.applied(self.db)}
        unknown = applied - known
        if unknown:
            raise DatabaseError(
                "This database was written by a newer version of Debrief. "
                "Please update Debrief to open it; the file has not been changed."
            )
        pending = migrations.pending(self.db)
        if not pending:
            return
        if backup_dir is not None and self.path is not None:
            self.backup_to(backup_dir / f"before-upgrade-{_stamp()}.sqlite3")
        migrations.apply(self.db)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction; nested calls become savepoints.

        The outermost level starts with BEGIN IMMEDIATE: it takes the write lock up front, so a
        second writer (another copy of the app, a command) waits for the busy timeout instead of
        failing at once when a read lock can't be upgraded.
        """
        conn = self.db.conn
        outermost = not conn.in_transaction
        savepoint = f"debrief_{len(self._noted)}"
        conn.execute("BEGIN IMMEDIATE" if outermost else f"SAVEPOINT {savepoint}")
        self._noted.append([])
        try:
            yield self.db
        except BaseException:
            self._noted.pop()
            if conn.in_transaction:
                if outermost:
                    conn.execute("ROLLBACK")
                else:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        noted = self._noted.pop()
        if not outermost:
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            self._noted[-1].extend(noted)
            return
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        for collector in self._collectors:
            collector.extend(noted)

    def note(self, change: ChangeSet) -> None:
        """Declare what the running use case changed; it counts only if its transaction commits."""
        if not self._noted:
            raise RuntimeError("store.note() belongs inside the use case's store.atomic()")
        self._noted[-1].append(change)

    @contextmanager
    def collect_changes(self) -> Iterator[list[ChangeSet]]:
        """Gather what committed transactions declared while the block runs (see `merged`)."""
        collector: list[ChangeSet] = []
        self._collectors.append(collector)
        try:
            yield collector
        finally:
            self._collectors.remove(collector)

    def backup_to(self, target: Path) -> Path:
        """A consistent copy of the whole database, taken with SQLite's backup API."""
        target.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(str(target))
        try:
            self.db.conn.backup(dest)
        finally:
            dest.close()
        return target

    def close(self) -> None:
        self.db.close()


def merged(changes: list[ChangeSet]) -> ChangeSet:
    result = NOTHING
    for change in changes:
        result = result | change
    return result


def _configure(db: Database) -> Database:
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        db.enable_wal()
    # WAL + NORMAL: a committed transaction survives a killed process; only power loss can
    # cost the last moments, and never corrupts the file.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA busy_timeout = 5000")
    return db


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
