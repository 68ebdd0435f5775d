"""Writing an export file whole or not at all, and reading an import file safely."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from debrief.errors import DebriefError

# An export of 20,000 debriefs with long notes is tens of MB; a file far beyond that is not one.
MAX_IMPORT_BYTES = 512 * 1024 * 1024


def _target(path: Path) -> tuple[Path, int | None]:
    """Where to write (through a symbolic link, to what it points at) and the mode to keep."""
    target = Path(path).expanduser()
    if target.is_symlink():
        target = target.resolve()
    if target.exists():
        info = target.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DebriefError(f"{path} is not a regular file; choose another name to export to.")
        return target, stat.S_IMODE(info.st_mode)
    return target, None


@contextmanager
def write_atomically(path: Path, binary: bool = False) -> Iterator[IO]:  # type: ignore[type-arg]
    """Yield a file to write; it replaces `path` only when the block finishes without error.

    A half-written export never replaces a good one. A symbolic link is written through, and
    an existing file keeps its permissions.
    """
    target, mode = _target(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".debrief-", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise DebriefError(f"Debrief couldn't write {path}: {exc.strerror or exc}.") from exc
    try:
        if binary:
            handle: IO = os.fdopen(fd, "wb")  # type: ignore[type-arg]
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DebriefError(f"Debrief couldn't write {path}: {exc.strerror or exc}.") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_import_file(path: Path) -> bytes:
    """The bytes of a file offered for import; only a regular file of a sane size."""
    name = Path(path).name
    try:
        info = Path(path).stat()
    except OSError as exc:
        raise DebriefError(f"Can't read {name}: {exc.strerror or exc}.") from exc
    if not stat.S_ISREG(info.st_mode):
        raise DebriefError(f"{name} is not a regular file, so it can't be a Debrief export.")
    if info.st_size > MAX_IMPORT_BYTES:
        raise DebriefError(
            f"{name} is {info.st_size // (1024 * 1024)} MB, far larger than any Debrief export."
        )
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise DebriefError(f"Can't read {name}: {exc.strerror or exc}.") from exc
