"""Opening reads a few pages; the whole-file check and the daily backup come after, on a thread
of their own (debrief.store.after_open), and a damaged file is never backed up or written."""

from __future__ import annotations

import random
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from debrief.debriefs.lifecycle import count_debriefs, create_debrief
from debrief.errors import DamagedDatabaseError
from debrief.model import NewDebrief
from debrief.store.after_open import AfterOpenCheck, AfterOpenReport, Health, check_and_back_up
from debrief.store.backups import list_backups
from debrief.store.database import Store, WritesStoppedError
from tests.core.test_damage import _filled

PAGE = 4096


def scramble_search_index(path: Path) -> None:
    """Damage a page the cheap checks and the first window never read: the search index's."""
    with closing(sqlite3.connect(path)) as conn:
        (page,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'debrief_search_data'"
        ).fetchone()
    data = bytearray(path.read_bytes())
    data[(page - 1) * PAGE : page * PAGE] = random.Random(page).randbytes(PAGE)
    path.write_bytes(bytes(data))


def _big(path: Path, mib: int = 48) -> None:
    """A Debrief database padded with blobs, so a backup takes several steps."""
    _filled(path, 2)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE padding (blob BLOB)")
        for _ in range(mib):
            conn.execute("INSERT INTO padding VALUES (randomblob(1024 * 1024))")
        conn.commit()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_open_without_the_full_check_reads_past_damage_that_the_full_check_refuses(
    tmp_path: Path,
) -> None:
    path = tmp_path / "debrief.sqlite3"
    _filled(path)
    scramble_search_index(path)
    with pytest.raises(DamagedDatabaseError, match="damaged"):
        Store.open(path, backup_dir=tmp_path / "backups")  # commands: checked before use
    store = Store.open(path, backup_dir=tmp_path / "backups", full_check=False)
    assert count_debriefs(store) == 30
    assert list_backups(tmp_path / "backups") == []  # no daily backup at open any more
    store.close()


def test_the_check_after_opening_finds_the_damage_and_takes_no_backup(tmp_path: Path) -> None:
    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    _filled(path)
    scramble_search_index(path)
    store = Store.open(path, backup_dir=shelf, full_check=False)
    before = _files(tmp_path)
    report = check_and_back_up(path, shelf)
    assert report.health is Health.DAMAGED and report.detail
    assert report.backup is None and list_backups(shelf) == []
    assert _files(tmp_path) == before  # the check only read the file
    store.close()


def test_a_healthy_file_gets_todays_backup_once(tmp_path: Path) -> None:
    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    _filled(path, 3)
    store = Store.open(path, backup_dir=shelf, full_check=False)
    report = check_and_back_up(path, shelf)
    assert report.health is Health.OK and report.backup is not None
    (daily,) = list_backups(shelf)
    assert daily.path == report.backup and daily.reason == "daily"
    again = check_and_back_up(path, shelf)
    assert again.health is Health.OK and again.backup is None
    assert len(list_backups(shelf)) == 1
    store.close()


def test_a_backup_stopped_between_steps_leaves_nothing(tmp_path: Path) -> None:
    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    _big(path)
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked >= 4  # after the check, then two steps of the copy

    report = check_and_back_up(path, shelf, cancelled)
    assert report.health is Health.CANCELLED
    assert asked == 4
    assert list_backups(shelf) == []
    assert [p.name for p in shelf.iterdir()] == []  # the partial file is gone too


def test_the_copy_is_one_snapshot_while_the_app_writes(tmp_path: Path) -> None:
    """Another connection writing between the copy's steps neither restarts nor tears it."""
    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    _big(path, 40)
    store = Store.open(path, backup_dir=shelf, full_check=False)
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        if asked >= 3:  # between steps of the copy: the app saves something
            create_debrief(
                store,
                NewDebrief(
                    account_name=f"Late {asked}",
                    contact_name="Jo",
                    opportunity="Fleet renewal",
                    competitor="Globex",
                ),
            )
        return False

    report = check_and_back_up(path, shelf, cancelled)
    assert report.health is Health.OK and report.backup is not None
    with closing(sqlite3.connect(report.backup)) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM debriefs").fetchone()[0] == 2
    assert count_debriefs(store) > 2
    store.close()


def test_cancel_stops_the_thread_at_once_and_reports_nothing(tmp_path: Path) -> None:
    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    _big(path)
    reports: list[AfterOpenReport] = []
    check = AfterOpenCheck(path, shelf, reports.append)
    check.start()
    assert check.cancel(wait_s=30)
    assert not check.running
    assert reports == []
    assert list_backups(shelf) == [] and not list(shelf.glob("*.partial"))


def test_the_thread_reports_once_from_its_own_thread(tmp_path: Path) -> None:
    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    _filled(path, 2)
    reported = threading.Event()
    seen: list[tuple[AfterOpenReport, str]] = []

    def done(report: AfterOpenReport) -> None:
        seen.append((report, threading.current_thread().name))
        reported.set()

    check = AfterOpenCheck(path, shelf, done)
    check.start()
    assert reported.wait(30)
    assert check.cancel()
    ((report, thread),) = seen
    assert report.health is Health.OK and report.backup is not None
    assert thread == "debrief-after-open-check"


def test_stopped_writes_are_refused_by_the_store_and_by_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "debrief.sqlite3"
    _filled(path, 1)
    store = Store.open(path, full_check=False)
    store.stop_writes("the database file is damaged, so Debrief no longer writes to it")
    with pytest.raises(WritesStoppedError, match="no longer writes"):
        create_debrief(
            store,
            NewDebrief(
                account_name="Nope", contact_name="Jo", opportunity="F", competitor="Globex"
            ),
        )
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM debriefs")
    assert not store.checkpoint()
    assert count_debriefs(store) == 1  # reading goes on
    store.close()


def test_stopped_writes_stop_a_second_connection_of_the_store_too(tmp_path: Path) -> None:
    """The autosave writer thread has its own connection: damage found stops it as well."""
    path = tmp_path / "debrief.sqlite3"
    _filled(path, 1)
    store = Store.open(path, full_check=False)
    writer = Store.another_connection(path, of=store)
    store.stop_writes("the database file is damaged, so Debrief no longer writes to it")
    assert writer.writes_stopped
    with pytest.raises(WritesStoppedError, match="no longer writes"):
        create_debrief(
            writer,
            NewDebrief(
                account_name="Nope", contact_name="Jo", opportunity="F", competitor="Globex"
            ),
        )
    assert not writer.checkpoint()
    assert count_debriefs(store) == 1
    writer.close()
    store.close()


def test_opening_an_up_to_date_database_does_not_need_sqlite_utils(tmp_path: Path) -> None:
    """The store reads and checks through plain sqlite3; sqlite-utils comes with `store.db`."""
    import subprocess
    import sys

    path = tmp_path / "debrief.sqlite3"
    _filled(path, 1)
    probe = (
        "import sys; from pathlib import Path\n"
        "from debrief.store.database import Store\n"
        "from debrief.debriefs.lifecycle import count_debriefs\n"
        "import debrief.files\n"
        "s = Store.open(Path(sys.argv[1]), full_check=False)\n"
        "n = count_debriefs(s)\n"
        "early = [m for m in ('sqlite_utils', 'click', 'dateutil', 'pluggy') if m in sys.modules]\n"
        "s.db\n"
        "print(n, early, 'sqlite_utils' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split("\n")[0] == "1 [] True"


def test_an_upgrade_without_the_full_check_first_checks_every_page(tmp_path: Path) -> None:
    """Upgrading rewrites much of the file: a damaged one is refused before the backup and the
    upgrade touch anything, as the full check at open did."""
    import shutil

    path, shelf = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    shutil.copy(fixtures / "schema-6-m903.sqlite3", path)  # older: upgrades are pending
    scramble_search_index(path)
    before = _files(tmp_path)
    with pytest.raises(DamagedDatabaseError, match="damaged"):
        Store.open(path, backup_dir=shelf, full_check=False)
    assert _files(tmp_path) == before
