"""A second, read-only connection for counting insights away from the window's own.

The window keeps writing through its `Store`; this `Store` on the same file only reads (WAL lets
it read while the other writes), inside one read transaction so the records and follow-ups it
counts are one consistent snapshot. It can be stopped from another thread: `interrupt()` ends a
query under way, and a wait for another connection's lock is a wait on the cancel event, not
SQLite's own busy wait (which an interrupt does not end).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from debrief.errors import DebriefError
from debrief.store.database import Store

T = TypeVar("T")
_RETRY_S = 0.05


class Cancelled(Exception):
    """The count was called off (the page closed, or the app is quitting)."""


class Reader:
    def __init__(self, store: Store, cancel: threading.Event, wait_s: float) -> None:
        self.store = store
        self.cancel = cancel
        self.wait_s = wait_s

    def interrupt(self) -> None:
        """Stop the query under way (safe to call from any thread)."""
        self.store.db.conn.interrupt()

    def check(self) -> None:
        if self.cancel.is_set():
            raise Cancelled

    def snapshot(self, read: Callable[[], T]) -> T:
        """`read()` inside one read transaction; while another connection holds a lock that
        keeps readers out, try again until `wait_s` has passed or the count is called off."""
        conn = self.store.db.conn
        deadline = time.monotonic() + self.wait_s
        while True:
            self.check()
            try:
                conn.execute("BEGIN")
                try:
                    return read()
                finally:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
            except sqlite3.OperationalError as exc:
                if self.cancel.is_set():
                    raise Cancelled from exc
                if not _is_busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise DebriefError(
                        "Another program is holding the database, so the insights can't be "
                        "added up just now. Try again in a moment."
                    ) from exc
                self.cancel.wait(_RETRY_S)

    def close(self) -> None:
        self.store.close()


def open_reader(path: Path, cancel: threading.Event, wait_s: float) -> Reader:
    """A read-only `Store` on an existing database file (never created, upgraded or written)."""
    conn = sqlite3.connect(
        f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, isolation_level=None
    )
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA busy_timeout = 0")  # waits are ours: see `Reader.snapshot`
    except BaseException:
        conn.close()
        raise
    store = Store(conn, Path(path))
    return Reader(store, cancel, wait_s)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text
