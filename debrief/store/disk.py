"""Disk trouble in plain words: what an OSError or an SQLite error code means to a rep.

Full disks, read-only folders, missing permissions and a file where a folder should be all reach
the rep as one sentence naming the place and what to do, never as a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path

from debrief.errors import DiskError

# SQLite primary result codes (the low byte of `sqlite_errorcode`).
SQLITE_PERM = 3
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

_DAMAGE_CODES = {SQLITE_CORRUPT, SQLITE_NOTADB}
_DISK_CODES = {SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN}
# What Debrief keeps in its data folder (make_folder_private touches nothing else).
OWN_FOLDERS = {"backups", "logs", "pending-writes", "drafts"}
OWN_FILE_PREFIXES = ("debrief", "window", ".debrief")
_DAMAGE_WORDS = ("malformed", "not a database", "database corrupt")


def sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_damage(exc: BaseException) -> bool:
    """True for an SQLite error that means the database file itself is damaged."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = sqlite_code(exc)
    if code is not None:
        return code in _DAMAGE_CODES
    return any(word in str(exc).lower() for word in _DAMAGE_WORDS)


def is_disk_trouble(exc: BaseException) -> bool:
    """True for an SQLite error that comes from the disk (full, read-only, unreadable)."""
    return isinstance(exc, sqlite3.Error) and sqlite_code(exc) in _DISK_CODES


def explain_os_error(exc: OSError, path: Path) -> str:
    """One sentence saying what went wrong with `path` and what the rep can do."""
    code = exc.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return f"The disk holding {path} is full. Free some space, then try again."
    if code == errno.EROFS:
        return f"{path} is on a read-only disk, so Debrief can't save there."
    if code in (errno.EACCES, errno.EPERM):
        return f"Debrief isn't allowed to write to {path}. Check the folder's permissions."
    if code in (errno.ENOTDIR, errno.EEXIST) and path.exists() and not path.is_dir():
        return f"{path} is a file, not a folder. Choose a folder for Debrief's data."
    if code == errno.ENOTDIR:
        return f"Part of the path {path} is a file, not a folder. Choose a folder for the data."
    if code == errno.ENOENT:
        return f"{path} doesn't exist."
    reason = exc.strerror or str(exc)
    return f"Debrief couldn't use {path}: {reason}."


def explain_sqlite_error(exc: sqlite3.Error, path: Path) -> str:
    code = sqlite_code(exc)
    if code == SQLITE_FULL:
        return f"The disk holding {path} is full. Free some space, then try again."
    if code == SQLITE_READONLY:
        return f"{path} can't be written to: the file or its disk is read-only."
    if code in (SQLITE_PERM, SQLITE_CANTOPEN):
        return (
            f"Debrief couldn't open {path}. Check that the folder exists and that you are "
            "allowed to write to it."
        )
    if code == SQLITE_IOERR:
        return f"The disk reported an error while Debrief used {path} ({exc})."
    return f"Debrief couldn't use {path} ({exc})."


def disk_error(exc: OSError | sqlite3.Error, path: Path) -> DiskError:
    if isinstance(exc, OSError):
        return DiskError(explain_os_error(exc, path))
    return DiskError(explain_sqlite_error(exc, path))


def check_writable_folder(folder: Path, create: bool = True) -> None:
    """Make sure `folder` is a folder Debrief can write to; raise DiskError in plain words.

    A probe file is created and removed, because a read-only mount or a full disk only shows
    when something is actually written.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DiskError(f"{folder} is a file, not a folder. Choose a folder for Debrief's data.")
    if not folder.exists():
        if not create:
            raise DiskError(f"There is no Debrief data in {folder}: the folder doesn't exist.")
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise disk_error(exc, folder) from exc
    probe = folder / f".debrief-probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"\0" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise disk_error(exc, folder) from exc
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()


def make_folder_private(folder: Path) -> None:
    """The data folder 0700, Debrief's files in it 0600: notes about customers are nobody else's.

    Also repairs files written by earlier versions with the default 0644/0755 modes. Only
    Debrief's own files and folders are touched (a --data-dir pointed at a shared folder must not
    change anyone else's files); symbolic links are left alone.
    """
    _chmod(folder, 0o700)
    for entry in folder.iterdir() if folder.is_dir() else []:
        if entry.is_symlink():
            continue
        if entry.is_dir() and entry.name in OWN_FOLDERS:
            for root, dirs, files in os.walk(entry):
                _chmod(Path(root), 0o700)
                for name in files:
                    _chmod(Path(root) / name, 0o600)
                dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]
        elif entry.is_file() and entry.name.startswith(OWN_FILE_PREFIXES):
            _chmod(entry, 0o600)


def _chmod(path: Path, mode: int) -> None:
    try:
        if path.is_symlink():
            return
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except OSError:
        pass
