"""Writing a file where the rep chose (a letter's PDF): whole or not at all, and nothing else.

- A symbolic link is written through: the file it points at gets the new contents, the link
  stays a link.
- A device, pipe, socket or folder at that name is refused in plain words, never replaced.
- An existing file keeps its permissions (and, when we may, its owner); a new file gets the
  permissions the rep's own umask gives.
- The new contents go to a hidden temporary file in the same folder, renamed over the target
  when complete. Its name is noted in the app's data folder first, so if the app is killed
  mid-write the next start removes the leftover (`clean_leftovers`).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import uuid
from pathlib import Path

from debrief.errors import DebriefError, DiskError
from debrief.store.disk import explain_os_error

PENDING_WRITES = "pending-writes"  # folder in the data dir holding notes of writes under way
_TEMP_PREFIX = ".debrief-"
_TEMP_SUFFIX = ".part"
_TEMP_NAME = re.compile(r"^\.debrief-[A-Za-z0-9_]+\.part$")
_user_umask = [0o022]


def remember_user_umask(mask: int) -> None:
    """Start-up tightens the process umask to 0077 for the data folder; files written for the
    rep still get the permissions the rep's own umask would give."""
    _user_umask[0] = mask & 0o777


def new_file_mode() -> int:
    return 0o666 & ~_user_umask[0]


def pending_writes_dir(database: Path | None) -> Path | None:
    """The notes folder beside the database (None for an in-memory store)."""
    return None if database is None else Path(database).parent / PENDING_WRITES


def resolve_target(path: Path) -> Path:
    """The file that will actually be written: through symbolic links, and only a regular file."""
    path = Path(path).expanduser()
    if path.is_symlink():
        try:
            path = path.resolve(strict=False)
        except (OSError, RuntimeError) as exc:
            raise DebriefError(
                f"Debrief can't save to {path}: it is a link that leads in a circle."
            ) from exc
    if path.exists() or path.is_symlink():
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise DebriefError(f"{path} is a folder. Choose a file name inside it.")
        if not stat.S_ISREG(mode):
            raise DebriefError(
                f"Debrief won't save over {path}: it isn't an ordinary file (it is a device, "
                "a pipe or a socket). Choose another name."
            )
    if not path.parent.is_dir():
        raise DebriefError(f"Debrief couldn't save {path}: the folder {path.parent} doesn't exist.")
    return path


def write_file(path: Path, data: bytes, pending: Path | None = None) -> Path:
    """Write `data` to `path` as described in the module docstring; returns the file written."""
    target = resolve_target(path)
    existing = target.stat() if target.exists() else None
    note: Path | None = None
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=target.parent)
        if pending is not None:
            note = _note(pending, Path(tmp))
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
                os.fchmod(
                    out.fileno(), stat.S_IMODE(existing.st_mode) if existing else new_file_mode()
                )
                if existing is not None and hasattr(os, "fchown"):
                    # Not ours to give away unless we may; the permissions are kept regardless.
                    with contextlib.suppress(OSError):
                        os.fchown(out.fileno(), existing.st_uid, existing.st_gid)
            os.replace(tmp, target)
            tmp = None
            fsync_folder(target.parent)
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
    except OSError as exc:
        raise DiskError(f"Debrief couldn't save {target}. {explain_os_error(exc, target)}") from exc
    finally:
        if note is not None:
            note.unlink(missing_ok=True)
    return target


def clean_leftovers(pending: Path) -> list[Path]:
    """Remove temporary files left by writes that were cut short (called at start)."""
    removed: list[Path] = []
    if not pending.is_dir():
        return removed
    for note in pending.glob("*.note"):
        try:
            leftover = Path(note.read_text(encoding="utf-8").strip())
            if _TEMP_NAME.match(leftover.name) and leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()
                removed.append(leftover)
            note.unlink()
        except OSError:
            continue
    return removed


def _note(pending: Path, tmp: Path) -> Path:
    pending.mkdir(mode=0o700, parents=True, exist_ok=True)
    note = pending / f"{uuid.uuid4().hex}.note"
    fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(str(tmp.absolute()))
        out.flush()
        os.fsync(out.fileno())
    return note


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: some file systems can't)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
