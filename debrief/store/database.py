"""The local SQLite database: opening, upgrading, and the transaction each use case runs in."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from debrief.changes import NOTHING, ChangeSet
from debrief.errors import DamagedDatabaseError, DiskError
from debrief.store.backups import backed_up_today, copy_database, take_backup
from debrief.store.checks import APPLICATION_ID, check_database
from debrief.store.disk import disk_error, is_damage
from debrief.store.migrations import migrations
from debrief.store.tables import Database

DB_FILENAME = "debrief.sqlite3"
# How long a write waits for another writer (a second copy, a command) before it fails as busy.
BUSY_TIMEOUT_MS = 5000
log = logging.getLogger("debrief")


class Store:
    """One open database file. Use cases take a Store and own their transaction via `atomic()`."""

    def __init__(self, db: Database, path: Path | None, backup_dir: Path | None = None):
        self.db = db
        self.path = path
        self.backup_dir = backup_dir  # where `backup()` puts copies (None: no backups)
        self.busy_timeout_ms = BUSY_TIMEOUT_MS
        # One list of noted changes per open transaction level (outermost first).
        self._noted: list[list[ChangeSet]] = []
        self._collectors: list[list[ChangeSet]] = []
        self._before_close: list[Callable[[], None]] = []

    @classmethod
    def open(
        cls, path: Path, backup_dir: Path | None = None, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> Store:
        """Open (creating if needed) and upgrade the database at `path`.

        An existing file is first looked at read-only (`check_database`): a damaged file,
        another program's file or a newer Debrief's file raises DamagedDatabaseError and is left
        exactly as it was. Disk trouble (full, read-only, not allowed) raises DiskError.
        With `backup_dir`, a backup is taken at most once a day and before every upgrade.
        `busy_timeout_ms` is how long a write waits while another connection holds the lock.
        """
        path = Path(path)
        known = {m.name for m in migrations._migrations}
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            existed = path.exists()
            if existed:
                check_database(path, known)
            else:
                _create(path)
            make_private(path)
        except OSError as exc:
            raise disk_error(exc, path.parent) from exc
        except sqlite3.Error as exc:
            raise disk_error(exc, path) from exc
        try:
            conn = sqlite3.connect(str(path))
        except sqlite3.Error as exc:
            raise disk_error(exc, path) from exc
        # No sqlite-utils plugins: Debrief uses none, and looking for them scans every installed
        # package's metadata at start-up (~20 ms).
        store = cls(Database(conn, execute_plugins=False), path, backup_dir)
        store.busy_timeout_ms = busy_timeout_ms
        try:
            _configure(store.db, busy_timeout_ms)
            store._upgrade(backup_dir if existed else None)
            if backup_dir is not None and existed and not backed_up_today(backup_dir):
                _daily_backup(conn, backup_dir)
        except sqlite3.Error as exc:
            _close_quietly(conn)
            if is_damage(exc):
                raise DamagedDatabaseError(
                    path, "damaged", "the file is damaged.", str(exc)
                ) from exc
            raise disk_error(exc, path) from exc
        except BaseException:
            _close_quietly(conn)
            raise
        return store

    @classmethod
    def another_connection(cls, path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """A second Store on a database file another Store already opened (checked, upgraded,
        backed up), for a writer thread that needs its own connection: none of that again."""
        conn = sqlite3.connect(str(path))
        store = cls(Database(conn, execute_plugins=False), Path(path))
        store.busy_timeout_ms = busy_timeout_ms
        try:
            _configure(store.db, busy_timeout_ms)
        except BaseException:
            _close_quietly(conn)
            raise
        return store

    @classmethod
    def memory(cls) -> Store:
        """A throwaway in-memory store (for scripts and quick checks)."""
        store = cls(_configure(Database(memory=True, execute_plugins=False)), None)
        store._upgrade(None)
        return store

    def _upgrade(self, backup_dir: Path | None) -> None:
        pending = migrations.pending(self.db)
        if pending:
            if backup_dir is not None and self.path is not None:
                take_backup(self.db.conn, backup_dir, "before-upgrade")
            migrations.apply(self.db)
        if self.db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def backup(self, reason: str = "before-import", folder: Path | None = None) -> Path:
        """Take a backup now, into `folder` or the store's backup folder.

        The import feature calls `store.backup("before-import")` before it writes anything.
        """
        folder = folder or self.backup_dir
        if folder is None:
            raise RuntimeError("this store has no backup folder")
        if self.db.conn.in_transaction:
            raise RuntimeError("take backups outside a transaction")
        return take_backup(self.db.conn, folder, reason).path

    def checkpoint(self) -> bool:
        """Move everything from the WAL into the database file and empty the WAL.

        After a delete for good, this is what keeps the old text out of the -wal file. Inside a
        caller's transaction it can't run (False); SQLite's own checkpoints follow later.
        """
        if self.db.conn.in_transaction:
            return False
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return True

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

    @contextmanager
    def waiting_at_most(self, ms: int) -> Iterator[None]:
        """Writes in the block wait at most `ms` (never longer than usual) for another writer.

        Saving as you type uses it: better to keep the text and retry a moment later than to
        freeze the window for the whole busy timeout.
        """
        self.db.execute(f"PRAGMA busy_timeout = {int(min(ms, self.busy_timeout_ms))}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")

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
        return copy_database(self.db.conn, target)

    def before_close(self, stop: Callable[[], None]) -> None:
        """Run `stop` first when this store closes (a writer thread with its own connection to
        the same file finishes and closes before the file is closed, restored or moved)."""
        self._before_close.append(stop)

    def close(self) -> None:
        stops, self._before_close = self._before_close, []
        for stop in stops:
            stop()
        self.db.close()


def merged(changes: list[ChangeSet]) -> ChangeSet:
    result = NOTHING
    for change in changes:
        result = result | change
    return result


def _configure(db: Database, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Database:
    db.execute("PRAGMA foreign_keys = ON")
    # Deleted text is overwritten with zeros, whatever the SQLite build's default.
    db.execute("PRAGMA secure_delete = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        db.enable_wal()
    # WAL + NORMAL: a committed transaction survives a killed process; only power loss can
    # cost the last moments, and never corrupts the file.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return db


def _daily_backup(conn: sqlite3.Connection, backup_dir: Path) -> None:
    """Today's backup. If the disk can't take it, the rep still gets their data (and the log
    says why); a backup before an upgrade, by contrast, must succeed or nothing is upgraded."""
    try:
        take_backup(conn, backup_dir, "daily")
    except DiskError as exc:
        log.warning("No daily backup today: %s", exc)


def _create(path: Path) -> None:
    """Write a new database with the whole schema under a temporary name, then rename it.

    So the database path either doesn't exist or holds a complete Debrief database: an empty or
    half-made file there is always a problem worth telling the rep about.
    """
    staged = path.with_name(path.name + ".creating")
    staged.unlink(missing_ok=True)
    # Created private; SQLite gives the -wal and -shm files the same mode later.
    os.close(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        db = Database(sqlite3.connect(str(staged)))
        try:
            db.execute("PRAGMA foreign_keys = ON")
            migrations.apply(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        finally:
            db.close()
        fd = os.open(staged, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(staged, path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def make_private(path: Path) -> None:
    """The database and its -wal/-shm files are readable by their owner only."""
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            os.chmod(file, 0o600)


def _close_quietly(conn: sqlite3.Connection) -> None:
    with suppress(sqlite3.Error):
        conn.close()
