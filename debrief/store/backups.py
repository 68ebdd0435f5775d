"""Backups of the database: taken with SQLite's online backup API, kept to a bounded number.

When: once a day after the app's first window, and only after the page-by-page check found the
file healthy (`debrief.store.after_open`: a damaged file never pushes a good backup out of those
kept); before every upgrade, before every import (`take_backup` with
reason "before-import"), and before a restore. Which are kept (`prune`):
- the three newest, whatever their age (a rep back from a long holiday still has some);
- the newest of each day for the last 7 days;
- the newest of each week for the last 9 weeks (about two months).
Everything else is deleted, so the folder never holds more than about 19 copies.

A backup is written under a temporary name and renamed when complete, so a cut-short backup is
never listed. Files are private to the user (0600).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from debrief.errors import DamagedDatabaseError, DebriefError
from debrief.files import fsync_folder
from debrief.store.checks import check_database, open_read_only
from debrief.store.disk import disk_error

KEEP_NEWEST = 3
KEEP_DAILY_DAYS = 7
KEEP_WEEKLY_WEEKS = 9
REASONS = ("daily", "before-upgrade", "before-import", "before-restore", "after-purge")
_NAME = re.compile(r"^debrief-(\d{8}-\d{6}(?:-\d{6})?)-([a-z-]+)\.sqlite3$")
_PARTIAL_SUFFIX = ".partial"
# Pages copied per step of a backup that can be cancelled (4096 pages of 4 KiB: 16 MiB).
STEP_PAGES = 4096


class BackupCancelled(Exception):
    """A backup was stopped on request (the app is quitting); its partial file is gone."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC
    reason: str

    @property
    def local_time(self) -> datetime:
        return self.taken_at.astimezone()


@dataclass(frozen=True)
class BackupSummary:
    """What the restore list shows: a backup, and how many debriefs it holds (None: unreadable)."""

    backup: Backup
    debriefs: int | None


def backup_name(taken_at: datetime, reason: str) -> str:
    return f"debrief-{taken_at.astimezone(UTC).strftime('%Y%m%d-%H%M%S-%f')}-{reason}.sqlite3"


def list_backups(folder: Path) -> list[Backup]:
    """Complete backups in `folder`, newest first."""
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        stamp = match.group(1)
        fmt = "%Y%m%d-%H%M%S-%f" if stamp.count("-") == 2 else "%Y%m%d-%H%M%S"
        taken = datetime.strptime(stamp, fmt).replace(tzinfo=UTC)
        found.append(Backup(entry, taken, match.group(2)))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def copy_database(
    source: sqlite3.Connection, target: Path, cancelled: Callable[[], bool] | None = None
) -> Path:
    """Write a consistent copy of the open database `source` to `target` (atomically).

    With `cancelled`, the copy goes in steps and asks between them whether to stop (then it
    raises BackupCancelled); `source` then holds one read transaction for the whole copy, so
    every step reads the same snapshot and another connection's writes don't restart it.
    """
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(target.name + _PARTIAL_SUFFIX)
    try:
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        with closing(sqlite3.connect(str(partial))) as dest:
            if cancelled is None:
                source.backup(dest)
            else:
                _copy_in_steps(source, dest, cancelled)
            dest.execute("PRAGMA journal_mode = DELETE")
        _fsync(partial)
        os.replace(partial, target)
        os.chmod(target, 0o600)
    except (OSError, sqlite3.OperationalError) as exc:
        partial.unlink(missing_ok=True)
        raise disk_error(exc, target.parent) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _copy_in_steps(
    source: sqlite3.Connection, dest: sqlite3.Connection, cancelled: Callable[[], bool]
) -> None:
    def between_steps(status: int, remaining: int, total: int) -> None:
        if cancelled():
            raise BackupCancelled()

    own_transaction = not source.in_transaction
    if own_transaction:
        source.execute("BEGIN")
        source.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()  # the snapshot starts
    try:
        if cancelled():
            raise BackupCancelled()
        source.backup(dest, pages=STEP_PAGES, progress=between_steps)
    finally:
        if own_transaction and source.in_transaction:
            source.rollback()


def take_backup(
    conn: sqlite3.Connection,
    folder: Path,
    reason: str,
    cancelled: Callable[[], bool] | None = None,
) -> Backup:
    """Back up the open database now (reason: one of REASONS), then prune old copies.

    `cancelled`: see `copy_database`; a cancelled backup leaves nothing and prunes nothing."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    now = datetime.now(UTC)
    path = copy_database(conn, folder / backup_name(now, reason), cancelled)
    prune(folder, now)
    return Backup(path, now.replace(microsecond=now.microsecond), reason)


def backed_up_today(folder: Path, now: datetime | None = None) -> bool:
    """Whether a backup was taken on the current local calendar day."""
    today = (now or datetime.now(UTC)).astimezone().date()
    return any(b.local_time.date() == today for b in list_backups(folder))


def to_keep(backups: Iterable[Backup], now: datetime) -> set[Path]:
    """The policy in the module docstring, as a pure function of the list and the time."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep = {b.path for b in newest_first[:KEEP_NEWEST]}
    days: set[object] = set()
    weeks: set[object] = set()
    for b in newest_first:
        age = now - b.taken_at
        local = b.local_time.date()
        if age <= timedelta(days=KEEP_DAILY_DAYS) and local not in days:
            days.add(local)
            keep.add(b.path)
        week = local.isocalendar()[:2]
        if age <= timedelta(weeks=KEEP_WEEKLY_WEEKS) and week not in weeks:
            weeks.add(week)
            keep.add(b.path)
    return keep


def prune(folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups the policy doesn't keep, and leftovers of cut-short backups."""
    now = now or datetime.now(UTC)
    backups = list_backups(folder)
    keep = to_keep(backups, now)
    removed = [b.path for b in backups if b.path not in keep]
    removed += [p for p in folder.glob("debrief-*" + _PARTIAL_SUFFIX)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def delete_backups(folder: Path, before: datetime | None = None) -> int:
    """Delete every backup (taken before `before`, if given). Returns how many."""
    gone = 0
    for b in list_backups(folder):
        if before is None or b.taken_at < before:
            b.path.unlink(missing_ok=True)
            gone += 1
    return gone


def count_debriefs_in(path: Path) -> int | None:
    """How many debriefs (not in the trash) a backup holds; None if it can't be read."""
    try:
        with closing(open_read_only(path)) as conn:
            return int(
                conn.execute("SELECT COUNT(*) FROM debriefs WHERE deleted_at IS NULL").fetchone()[0]
            )
    except sqlite3.Error:
        return None


def summarize(folder: Path) -> list[BackupSummary]:
    return [BackupSummary(b, count_debriefs_in(b.path)) for b in list_backups(folder)]


def latest_good_backup(folder: Path, known_migrations: Iterable[str]) -> BackupSummary | None:
    """The newest backup that passes the same checks as the database itself."""
    known = set(known_migrations)
    for b in list_backups(folder):
        try:
            check_database(b.path, known)
        except DebriefError:
            continue
        return BackupSummary(b, count_debriefs_in(b.path))
    return None


def restore_file(backup: Path, database: Path, known_migrations: Iterable[str]) -> None:
    """Put the contents of `backup` in place of `database` (which must be closed).

    The backup is checked first and copied beside the database, then renamed over it; the old
    database's -wal and -shm files go first, or SQLite would apply them to the restored file.
    """
    check_database(backup, set(known_migrations))
    staged = database.with_name(database.name + ".restoring")
    try:
        with closing(open_read_only(backup)) as source:
            copy_database(source, staged)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(staged, database)
        fsync_folder(database.parent)
    except sqlite3.DatabaseError as exc:
        staged.unlink(missing_ok=True)
        raise DamagedDatabaseError(backup, "damaged", "the backup is damaged.", str(exc)) from exc
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise disk_error(exc, database.parent) from exc


def move_aside(database: Path, now: datetime | None = None) -> Path:
    """Rename a damaged or foreign database (with its -wal and -shm) out of the way, unchanged.

    Returns the new name of the main file: `debrief-set-aside-YYYYMMDD-HHMMSS.sqlite3`.
    """
    stamp = (now or datetime.now(UTC)).astimezone().strftime("%Y%m%d-%H%M%S")
    target = database.with_name(f"{database.stem}-set-aside-{stamp}{database.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = database.with_name(f"{database.stem}-set-aside-{stamp}-{n}{database.suffix}")
    try:
        for suffix in ("-wal", "-shm"):
            side = Path(f"{database}{suffix}")
            if side.exists():
                os.rename(side, f"{target}{suffix}")
        if database.exists():
            os.rename(database, target)
        fsync_folder(database.parent)
    except OSError as exc:
        raise disk_error(exc, database.parent) from exc
    return target


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
