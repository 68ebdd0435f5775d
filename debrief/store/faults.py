"""Why a write to the database failed, in words a rep can read.

SQLite and the operating system report a busy database, a full disk or a read-only file as
`sqlite3.OperationalError` or `OSError`. The UI keeps the unsaved text and retries; this module
tells it what to say meanwhile, and whether the fault is the database's as a whole (so there is
no point trying the other pending saves straight away) or belongs to that one save.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass

from debrief.errors import DebriefError

# SQLite's primary result codes (https://sqlite.org/rescode.html); extended codes keep them in
# the low byte.
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

BUSY = "the database is busy (another copy of Debrief or another program is writing to it)"
FULL = "the disk is full"
READ_ONLY = "the database file can't be written to (it is read-only)"
IO_ERROR = "the disk reported an error while writing"
NO_ACCESS = "Debrief isn't allowed to write to its data folder"
DAMAGED = "the database file looks damaged"
UNEXPECTED = "something unexpected went wrong (the details are in the log)"


@dataclass(frozen=True)
class SaveFault:
    """What went wrong with a save: `cause` completes "Not saved yet — …"."""

    cause: str
    whole_database: bool  # every other save would fail the same way just now
    expected: bool = True  # False: a bug, worth a traceback in the log


def _by_sqlite_code(code: int) -> str | None:
    return {
        _SQLITE_BUSY: BUSY,
        _SQLITE_LOCKED: BUSY,
        _SQLITE_FULL: FULL,
        _SQLITE_READONLY: READ_ONLY,
        _SQLITE_PERM: NO_ACCESS,
        _SQLITE_CANTOPEN: NO_ACCESS,
        _SQLITE_IOERR: IO_ERROR,
        _SQLITE_CORRUPT: DAMAGED,
        _SQLITE_NOTADB: DAMAGED,
    }.get(code & 0xFF)


def _by_sqlite_message(message: str) -> str | None:
    text = message.lower()
    for needle, cause in (
        ("locked", BUSY),
        ("busy", BUSY),
        ("disk is full", FULL),
        ("readonly", READ_ONLY),
        ("read-only", READ_ONLY),
        ("disk i/o", IO_ERROR),
        ("unable to open", NO_ACCESS),
        ("malformed", DAMAGED),
        ("not a database", DAMAGED),
    ):
        if needle in text:
            return cause
    return None


def _by_errno(code: int | None) -> str | None:
    return {
        errno.ENOSPC: FULL,
        errno.EDQUOT: FULL,
        errno.EROFS: READ_ONLY,
        errno.EACCES: NO_ACCESS,
        errno.EPERM: NO_ACCESS,
        errno.EIO: IO_ERROR,
    }.get(code or -1)


def describe_save_fault(exc: BaseException) -> SaveFault:
    """Plain words for why a save failed. Never raises; unknown errors say so."""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        cause = (_by_sqlite_code(code) if isinstance(code, int) else None) or _by_sqlite_message(
            str(exc)
        )
        if cause is not None:
            return SaveFault(cause, whole_database=True)
    if isinstance(exc, OSError):
        cause = _by_errno(exc.errno)
        if cause is not None:
            return SaveFault(cause, whole_database=True)
    if isinstance(exc, DebriefError):
        message = str(exc).strip().rstrip(".")
        return SaveFault(message[:1].lower() + message[1:] if message else UNEXPECTED, False)
    return SaveFault(UNEXPECTED, whole_database=False, expected=False)


def not_saved_message(cause: str) -> str:
    """The calm notice shown while a save is failing."""
    return f"Not saved yet — {cause}; your text is kept here and saved as soon as it can be."
