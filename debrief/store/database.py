"""The local SQLite database: opening, upgrading, and the transaction each use case runs in."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from debrief.changes import NOTHING, ChangeSet
from debrief.errors import DamagedDatabaseError, DatabaseError, DiskError
from debrief.store.backups import backed_up_today, copy_database, take_backup
from debrief.store.checks import APPLICATION_ID, check_database
from debrief.store.disk import disk_error, is_damage
from debrief.store.migrations import migrations

if TYPE_CHECKING:
    from debrief.store.tables import Database

DB_FILENAME = "debrief.sqlite3"
# How long a write waits for another writer (a second copy, a command) before it fails as busy.
BUSY_TIMEOUT_MS = 5000
log = logging.getLogger("debrief")


class WritesStoppedError(DatabaseError):
    """The store was told to write nothing more (its file was found damaged while open)."""


class Store:
    """One open database file. Use cases take a Store and own their transaction via `atomic()`.

    `conn` is the plain sqlite3 connection: what the first window reads goes through it. `db`,
    the sqlite-utils wrapper on the same connection, is made (and sqlite-utils imported) the
    first time a use case asks for it.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, backup_dir: Path | None = None):
        self.conn = conn
        self._db: Database | None = None
        self._writes_stopped = ""  # why nothing more may be written ("" while writing is fine)
        self._of: Store | None = None  # the store this one is a second connection of
        self.path = path
        self.backup_dir = backup_dir  # where `backup()` puts copies (None: no backups)
        self.created = False  # `open` wrote this file new (nothing in it worth a backup yet)
        self.busy_timeout_ms = BUSY_TIMEOUT_MS
        # One list of noted changes per open transaction level (outermost first).
        self._noted: list[list[ChangeSet]] = []
        self._collectors: list[list[ChangeSet]] = []
        self._before_close: list[Callable[[], None]] = []

    @property
    def db(self) -> Database:
        """sqlite-utils' Database on this store's connection (imports sqlite-utils once)."""
        if self._db is None:
            from debrief.store.tables import Database

            # No sqlite-utils plugins: Debrief uses none, and looking for them scans every
            # installed package's metadata (~20 ms).
            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    @classmethod
    def open(
        cls,
        path: Path,
        backup_dir: Path | None = None,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        full_check: bool = True,
    ) -> Store:
        """Open (creating if needed) and upgrade the database at `path`.

        An existing file is first looked at read-only (`check_database`): a damaged file,
        another program's file or a newer Debrief's file raises DamagedDatabaseError and is left
        exactly as it was. Disk trouble (full, read-only, not allowed) raises DiskError.
        With `backup_dir`, a backup is taken before every upgrade, and at most once a day.
        `busy_timeout_ms` is how long a write waits while another connection holds the lock.

        `full_check=False` (the app's start) does only the checks that read a few pages and
        leaves SQLite's page-by-page check and the daily backup to the caller, which runs them
        after its first window on a thread of their own (`debrief.store.after_open`). A file
        that needs an upgrade is still checked page by page first (see `check_database`).
        """
        path = Path(path)
        known = set(migrations.names())
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            existed = path.exists()
            if existed:
                check_database(path, known, full=full_check)
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
        store = cls(conn, path, backup_dir)
        store.busy_timeout_ms = busy_timeout_ms
        store.created = not existed
        try:
            _configure(conn, busy_timeout_ms)
            store._upgrade(backup_dir if existed else None)
            if full_check and existed and backup_dir and not backed_up_today(backup_dir):
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
    def another_connection(
        cls, path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS, of: Store | None = None
    ) -> Store:
        """A second Store on a database file another Store already opened (checked, upgraded,
        backed up), for a writer thread that needs its own connection: none of that again.
        With `of`, writes stop here too when they stop there (the file was found damaged)."""
        conn = sqlite3.connect(str(path))
        store = cls(conn, Path(path))
        store._of = of
        store.busy_timeout_ms = busy_timeout_ms
        try:
            _configure(conn, busy_timeout_ms)
        except BaseException:
            _close_quietly(conn)
            raise
        return store

    @classmethod
    def memory(cls) -> Store:
        """A throwaway in-memory store (for scripts and quick checks)."""
        store = cls(_configure(sqlite3.connect(":memory:")), None)
        store._upgrade(None)
        return store

    def _upgrade(self, backup_dir: Path | None) -> None:
        if migrations.pending(self.conn):
            if backup_dir is not None and self.path is not None:
                take_backup(self.conn, backup_dir, "before-upgrade")
            migrations.apply(self.db)
        if self.conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def stop_writes(self, reason: str) -> None:
        """Write nothing more through this store: its file was found damaged while open.

        Enforced twice: `atomic()` refuses with WritesStoppedError(reason), and SQLite itself
        refuses any other write on the connection (`PRAGMA query_only`). Reads go on.
        """
        self._writes_stopped = reason
        with suppress(sqlite3.Error):
            self.conn.execute("PRAGMA query_only = ON")

    def _stop_reason(self) -> str:
        """Why nothing more may be written here, or '': this store's reason, else that of the
        store it is a second connection of."""
        if self._writes_stopped or self._of is None:
            return self._writes_stopped
        return self._of._stop_reason()

    @property
    def writes_stopped(self) -> bool:
        return bool(self._stop_reason())

    def backup(self, reason: str = "before-import", folder: Path | None = None) -> Path:
        """Take a backup now, into `folder` or the store's backup folder.

        The import feature calls `store.backup("before-import")` before it writes anything.
        """
        folder = folder or self.backup_dir
        if folder is None:
            raise RuntimeError("this store has no backup folder")
        if self.conn.in_transaction:
            raise RuntimeError("take backups outside a transaction")
        return take_backup(self.conn, folder, reason).path

    def checkpoint(self) -> bool:
        """Move everything from the WAL into the database file and empty the WAL.

        After a delete for good, this is what keeps the old text out of the -wal file. Inside a
        caller's transaction it can't run (False); SQLite's own checkpoints follow later.
        """
        if self.conn.in_transaction or self._stop_reason():
            return False
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return True

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction; nested calls become savepoints.

        The outermost level starts with BEGIN IMMEDIATE: it takes the write lock up front, so a
        second writer (another copy of the app, a command) waits for the busy timeout instead of
        failing at once when a read lock can't be upgraded.
        """
        if reason := self._stop_reason():
            raise WritesStoppedError(reason)
        db = self.db
        conn = self.conn
        outermost = not conn.in_transaction
        savepoint = f"debrief_{len(self._noted)}"
        conn.execute("BEGIN IMMEDIATE" if outermost else f"SAVEPOINT {savepoint}")
        self._noted.append([])
        try:
            yield db
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
        self.conn.execute(f"PRAGMA busy_timeout = {int(min(ms, self.busy_timeout_ms))}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")

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
        return copy_database(self.conn, target)

    def before_close(self, stop: Callable[[], None]) -> None:
        """Run `stop` first when this store closes (a writer thread with its own connection to
        the same file finishes and closes before the file is closed, restored or moved)."""
        self._before_close.append(stop)

    def close(self) -> None:
        stops, self._before_close = self._before_close, []
        for stop in stops:
            stop()
        self.conn.close()


def merged(changes: list[ChangeSet]) -> ChangeSet:
    result = NOTHING
    for change in changes:
        result = result | change
    return result


def _configure(
    conn: sqlite3.Connection, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> sqlite3.Connection:
    # As sqlite-utils' Database sets it: the same triggers fire before and after `store.db`.
    conn.execute("PRAGMA recursive_triggers = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    # Deleted text is overwritten with zeros, whatever the SQLite build's default.
    conn.execute("PRAGMA secure_delete = ON")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] not in ("memory", "wal"):
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
    # WAL + NORMAL: a committed transaction survives a killed process; only power loss can
    # cost the last moments, and never corrupts the file.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    return conn


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
        from debrief.store.tables import Database  # a new database: sqlite-utils writes it

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
