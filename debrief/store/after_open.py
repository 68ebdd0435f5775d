"""The checks that read the whole file, run after the app's first window, off its thread.

Opening the store reads a few pages (`check_database(..., full=False)`), so the window appears
at once whatever the archive's size. Then `AfterOpenCheck` runs, on a thread of its own with
its own read-only connection (sqlite3 lets other threads run while SQLite reads):
1. SQLite's `PRAGMA quick_check`, every page (seconds on a file of gigabytes);
2. only if that found the file healthy, today's backup, if none was taken today. A damaged file
   is never backed up, so it never pushes a good backup out of those kept (`backups.prune`).

It reports once, through the `done` callback (called on the worker thread: the UI passes it on
to its own thread). `cancel()` stops it promptly - SQLite is interrupted mid-check, a backup stops
between two steps and its partial file is removed - so quitting never waits for a whole pass.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from debrief.errors import DiskError
from debrief.store.backups import BackupCancelled, backed_up_today, take_backup
from debrief.store.checks import quick_check_problems
from debrief.store.disk import is_damage

log = logging.getLogger("debrief")


class Health(Enum):
    OK = "ok"  # every page checked and healthy
    DAMAGED = "damaged"  # SQLite found damage: `detail` has its words
    UNCHECKED = "unchecked"  # the file couldn't be read to the end (disk trouble): `detail`
    CANCELLED = "cancelled"  # stopped on request before the end


@dataclass(frozen=True)
class AfterOpenReport:
    health: Health
    detail: str = ""
    backup: Path | None = None  # today's backup, when this pass took it
    backup_problem: str = ""  # why a backup that was due wasn't taken (disk full, …)


def check_and_back_up(
    path: Path,
    backup_dir: Path | None,
    cancelled: Callable[[], bool] = lambda: False,
    connected: Callable[[sqlite3.Connection | None], None] = lambda conn: None,
) -> AfterOpenReport:
    """The whole pass, on the calling thread (AfterOpenCheck runs it on its own).

    `connected` is told the connection while it is open (and None after), so another thread
    can interrupt it.
    """
    try:
        conn = sqlite3.connect(
            Path(path).absolute().as_uri() + "?mode=ro", uri=True, check_same_thread=False
        )
    except sqlite3.Error as exc:
        return AfterOpenReport(Health.UNCHECKED, str(exc))
    connected(conn)
    try:
        with closing(conn):
            return _check_then_back_up(conn, backup_dir, cancelled)
    finally:
        connected(None)


def _check_then_back_up(
    conn: sqlite3.Connection, backup_dir: Path | None, cancelled: Callable[[], bool]
) -> AfterOpenReport:
    try:
        problems = quick_check_problems(conn)
    except sqlite3.Error as exc:
        if cancelled():
            return AfterOpenReport(Health.CANCELLED)
        if is_damage(exc):
            return AfterOpenReport(Health.DAMAGED, str(exc))
        return AfterOpenReport(Health.UNCHECKED, str(exc))
    if problems:
        return AfterOpenReport(Health.DAMAGED, problems)
    if cancelled():
        return AfterOpenReport(Health.CANCELLED)
    if backup_dir is None or backed_up_today(backup_dir):
        return AfterOpenReport(Health.OK)
    try:
        taken = take_backup(conn, backup_dir, "daily", cancelled=cancelled)
    except BackupCancelled:
        return AfterOpenReport(Health.CANCELLED)
    except DiskError as exc:  # disk full, folder not writable: the data is still fine
        log.warning("No daily backup today: %s", exc)
        return AfterOpenReport(Health.OK, backup_problem=str(exc))
    return AfterOpenReport(Health.OK, backup=taken.path)


class AfterOpenCheck:
    """`check_and_back_up` on a worker thread; `done(report)` is called on that thread, once,
    unless the check was cancelled first."""

    def __init__(
        self, path: Path, backup_dir: Path | None, done: Callable[[AfterOpenReport], None]
    ):
        self.path = Path(path)
        self.backup_dir = backup_dir
        self._done = done
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._thread = threading.Thread(
            target=self._run, name="debrief-after-open-check", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def cancel(self, wait_s: float = 10.0) -> bool:
        """Stop now and wait for the thread (at most `wait_s`). True when it has ended."""
        self._cancel.set()
        with self._lock:
            if self._conn is not None:
                with suppress(sqlite3.Error):
                    self._conn.interrupt()
        if self._thread.is_alive():
            self._thread.join(wait_s)
        return not self._thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _connected(self, conn: sqlite3.Connection | None) -> None:
        with self._lock:
            self._conn = conn
            if conn is not None and self._cancel.is_set():
                conn.interrupt()

    def _run(self) -> None:
        try:
            report = check_and_back_up(
                self.path, self.backup_dir, self._cancel.is_set, self._connected
            )
        except Exception as exc:  # never a silent end: the UI is told it couldn't check
            log.exception("The check after opening the database failed")
            report = AfterOpenReport(Health.UNCHECKED, str(exc))
        if report.health is Health.CANCELLED or self._cancel.is_set():
            log.info("The check after opening the database was stopped (quitting)")
            return
        self._done(report)
