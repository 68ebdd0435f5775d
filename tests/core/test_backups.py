"""Backups: once a day and before upgrades/imports, bounded by age, restorable, private."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from debrief.debriefs.lifecycle import create_debrief, list_debriefs
from debrief.errors import DamagedDatabaseError
from debrief.model import NewDebrief
from debrief.store.backups import (
    Backup,
    backup_name,
    count_debriefs_in,
    latest_good_backup,
    list_backups,
    move_aside,
    prune,
    restore_file,
    to_keep,
)
from debrief.store.database import Store
from debrief.store.migrations import migrations

KNOWN = [m.name for m in migrations._migrations]


def _new(name: str) -> NewDebrief:
    return NewDebrief(account_name=name, contact_name="Jo", opportunity="Fleet", competitor="X")


def test_a_daily_backup_at_most_once_a_day_and_none_for_a_new_database(tmp_path: Path) -> None:
    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    store = Store.open(path, backup_dir=shelf)
    create_debrief(store, _new("Acme"))
    store.close()
    assert list_backups(shelf) == []
    for _ in range(3):
        Store.open(path, backup_dir=shelf).close()
    (daily,) = list_backups(shelf)
    assert daily.reason == "daily"
    assert count_debriefs_in(daily.path) == 1
    assert stat.S_IMODE(daily.path.stat().st_mode) == 0o600


def test_a_backup_before_an_import_on_request(tmp_path: Path) -> None:
    shelf = tmp_path / "backups"
    store = Store.open(tmp_path / "debrief.sqlite3", backup_dir=shelf)
    create_debrief(store, _new("Acme"))
    path = store.backup("before-import")
    store.close()
    assert "before-import" in path.name
    assert count_debriefs_in(path) == 1


def _fake(folder: Path, when: datetime, reason: str = "daily") -> Backup:
    path = folder / backup_name(when, reason)
    path.write_bytes(b"x")
    return Backup(path, when, reason)


def test_old_backups_are_thinned_by_age(tmp_path: Path) -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    # Four backups a day for 200 days.
    made = [
        _fake(tmp_path, now - timedelta(days=d, hours=h * 5)) for d in range(200) for h in range(4)
    ]
    keep = to_keep(made, now)
    assert len(keep) <= 19
    newest = sorted(made, key=lambda b: b.taken_at, reverse=True)
    assert {b.path for b in newest[:3]} <= keep  # the newest three, always
    kept = [b for b in made if b.path in keep]
    assert len({b.local_time.date() for b in kept if now - b.taken_at <= timedelta(days=7)}) >= 7
    assert min(b.taken_at for b in kept) >= now - timedelta(weeks=9, days=1)
    removed = prune(tmp_path, now)
    assert len(removed) == len(made) - len(keep)
    assert {b.path for b in list_backups(tmp_path)} == keep


def test_a_long_absence_still_leaves_the_newest_backups(tmp_path: Path) -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    made = [_fake(tmp_path, now - timedelta(days=400 + d)) for d in range(10)]
    prune(tmp_path, now)
    assert len(list_backups(tmp_path)) == 3
    assert {b.path for b in list_backups(tmp_path)} == {b.path for b in made[:3]}


def test_restore_puts_the_backup_in_place_and_drops_the_old_wal(tmp_path: Path) -> None:
    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    store = Store.open(path, backup_dir=shelf)
    create_debrief(store, _new("Kept"))
    backup = store.backup("before-import")
    create_debrief(store, _new("Later"))
    store.close()
    restore_file(backup, path, KNOWN)
    assert not Path(f"{path}-wal").exists()
    store = Store.open(path, backup_dir=shelf)
    assert [d.account_name for d in list_debriefs(store)] == ["Kept"]
    store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_damaged_backup_is_not_restored_and_not_offered(tmp_path: Path) -> None:
    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    store = Store.open(path, backup_dir=shelf)
    create_debrief(store, _new("Good"))
    good = store.backup("before-import")
    bad = store.backup("before-import")
    store.close()
    bad.write_bytes(b"\0" * 8192)
    before = path.read_bytes()
    with pytest.raises(DamagedDatabaseError):
        restore_file(bad, path, KNOWN)
    assert path.read_bytes() == before
    latest = latest_good_backup(shelf, KNOWN)
    assert latest is not None and latest.backup.path == good and latest.debriefs == 1


def test_move_aside_keeps_every_byte_and_the_wal_pairing(tmp_path: Path) -> None:
    path = tmp_path / "debrief.sqlite3"
    store = Store.open(path)
    create_debrief(store, _new("Acme"))
    # A second connection keeps the WAL around, as a crash would.
    with closing(sqlite3.connect(path)) as other:
        other.execute("SELECT 1 FROM debriefs").fetchall()
        originals = {
            s: Path(f"{path}{s}").read_bytes() for s in ("", "-wal") if Path(f"{path}{s}").exists()
        }
        store.db.conn.close()
        moved = move_aside(path)
    assert not path.exists() and not Path(f"{path}-wal").exists()
    for suffix, data in originals.items():
        assert Path(f"{moved}{suffix}").read_bytes() == data
    assert moved.name.startswith("debrief-set-aside-")
    assert os.listdir(tmp_path)
