"""Real processes against real faults: read-only and full disks (tmpfs), a data folder that is a
file, a kill in the middle of an upgrade, private file modes, and logs without note text."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.meeting.question_sets import load_set_file
from debrief.meeting.session import start_meeting
from debrief.model import NewDebrief
from debrief.store.database import Store
from debrief.store.migrations import migrations
from tests.conftest import ROOT
from tests.core.test_files_for_rep import kill_mid_write

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DEBRIEF_NO_CRASH_DIALOG": "1"}


def run_app(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_plain_failure(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A small real filesystem we can fill up or make read-only (needs mount rights)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    # Real faults need root (as on the project's machines and CI): without it this fails, loudly.
    assert done.returncode == 0, f"mounting a tmpfs needs root: {done.stderr.decode().strip()}"
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def remount_read_only(mount: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)


def fill_up(mount: Path) -> None:
    with (mount / "filler").open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass


def make_data(data_dir: Path) -> None:
    store = Store.open(data_dir / "debrief.sqlite3", backup_dir=data_dir / "backups")
    create_debrief(
        store, NewDebrief(account_name="Acme", contact_name="Jo", opportunity="F", competitor="G")
    )
    store.close()


def test_read_only_data_folder_at_start(tmpfs: Path) -> None:
    data = tmpfs / "data"
    make_data(data)
    before = (data / "debrief.sqlite3").read_bytes()
    remount_read_only(tmpfs)
    done = run_app("--data-dir", str(data))
    assert_plain_failure(done, "read-only", str(data))
    assert (data / "debrief.sqlite3").read_bytes() == before
    letter = run_app("letter", "x", "-o", str(tmpfs.parent / "x.pdf"), "--data-dir", str(data))
    assert_plain_failure(letter, "read-only")


def test_full_disk_at_start(tmpfs: Path) -> None:
    data = tmpfs / "data"
    make_data(data)
    fill_up(tmpfs)
    done = run_app("--data-dir", str(data))
    assert_plain_failure(done, "is full", str(data))
    assert "not a Debrief database" not in done.stderr and "damaged" not in done.stderr


def test_full_disk_for_a_new_data_folder(tmpfs: Path) -> None:
    fill_up(tmpfs)
    done = run_app("--data-dir", str(tmpfs / "new"))
    assert_plain_failure(done, "is full")


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    assert_plain_failure(run_app("--data-dir", str(a_file)), "is a file, not a folder")
    assert_plain_failure(
        run_app("letter", "x", "-o", str(tmp_path / "x.pdf"), "--data-dir", str(a_file)),
        "is a file, not a folder",
    )
    assert a_file.read_text() == "mine"


def test_commands_name_a_data_folder_that_doesnt_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    done = run_app("letter", "x", "-o", str(tmp_path / "x.pdf"), "--data-dir", str(missing))
    assert_plain_failure(done, "doesn't exist", str(missing))
    assert not missing.exists()


def test_damaged_database_from_the_command_line_is_named_and_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_data(data)
    db = data / "debrief.sqlite3"
    db.write_bytes(db.read_bytes()[:5000])
    before = db.read_bytes()
    for _ in range(2):
        done = run_app("--data-dir", str(data))
        assert_plain_failure(done, str(db), "damaged")
    assert db.read_bytes() == before
    assert sorted(p.name for p in data.iterdir() if p.is_file()) == ["debrief.sqlite3"]
    assert list((data / "backups").iterdir()) == []  # no backup per failed start


UPGRADER = """
import sys
from pathlib import Path
from debrief.store.database import Store
Store.open(Path(sys.argv[1]), backup_dir=Path(sys.argv[2])).close()
"""


def _big_old_database(path: Path) -> None:
    shutil.copy(ROOT / "tests/fixtures/schema-1-m001.sqlite3", path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
            " INSERT INTO debriefs (id, account_id, status, outcome, competitor, rep_name,"
            " created_at, updated_at)"
            " SELECT 'bulk-' || i, 'accounts-0', 'logged', 'competitor', 'Rival ' || (i % 97),"
            " 'Rep ' || (i % 13), '2025-01-01', '2025-01-01' FROM n"
        )
        conn.commit()


@pytest.mark.slow
def test_a_kill_during_an_upgrade_leaves_the_old_file_usable(tmp_path: Path) -> None:
    path, backups = tmp_path / "debrief.sqlite3", tmp_path / "backups"
    _big_old_database(path)
    with closing(sqlite3.connect(path)) as conn:
        rows_before = conn.execute("SELECT COUNT(*) FROM debriefs").fetchone()[0]
    with subprocess.Popen(
        [sys.executable, "-c", UPGRADER, str(path), str(backups)], cwd=ROOT, env=ENV
    ) as upgrader:
        # The backup appears just before the migrations start; kill as soon as it is there.
        deadline = time.monotonic() + 60
        while not any(backups.glob("*before-upgrade*.sqlite3")):
            assert upgrader.poll() is None, "the upgrade finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        upgrader.send_signal(signal.SIGKILL)
        upgrader.wait(timeout=30)
    with closing(sqlite3.connect(path)) as conn:
        applied = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM debriefs").fetchone()[0] == rows_before
    assert applied != {m.name for m in migrations._migrations}, "killed after the upgrade"
    store = Store.open(path, backup_dir=backups)  # the next start finishes the upgrade
    assert store.db.execute("SELECT COUNT(*) FROM debriefs").fetchone()[0] == rows_before
    store.close()


NOTE_TYPER = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from tests.e2e.app_driver import main_window
from tests.typing import type_text
from ui import entry

def go():
    try:
        window = main_window()
        window.list_page.refresh(select_id=sys.argv[2])
        window.meeting_mode.start_action.trigger()
        screen = window.meeting_mode.page.meeting_screen
        type_text(screen.notepad, sys.argv[3])
        type_text(screen.note_edit, sys.argv[3])
        close_once_backed_up(window, 1000)
    except BaseException:
        import traceback
        traceback.print_exc()
        QApplication.exit(3)

def close_once_backed_up(window, tries):
    # Today's backup is taken after the first paint, once the whole-file check is done.
    from pathlib import Path
    from debrief.store.backups import list_backups
    if list_backups(Path(sys.argv[1]) / "backups") or tries == 0:
        window.close()
    else:
        QTimer.singleShot(10, lambda: close_once_backed_up(window, tries - 1))

app = QApplication(sys.argv[:1])
QTimer.singleShot(0, go)
sys.exit(entry.main(["--data-dir", sys.argv[1], "--no-crash-dialog"]))
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_private_modes_and_no_note_text_in_the_logs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store.open(data / "debrief.sqlite3")
    d = create_debrief(
        store,
        NewDebrief(account_name="Acme", contact_name="Ana", opportunity="F", competitor="G"),
    )
    start_meeting(store, d.id, load_set_file(ROOT / "resources/question_sets/default.json"))
    store.close()
    # Files from an earlier version were world-readable; the next start repairs that.
    os.chmod(data, 0o755)
    os.chmod(data / "debrief.sqlite3", 0o644)
    secret = "quetzalcoatlus confided the budget was cut"
    for _ in range(2):  # the first start takes the daily backup, after its first paint
        done = subprocess.run(
            [sys.executable, "-c", NOTE_TYPER, str(data), d.id, secret],
            cwd=ROOT,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    store = Store.open(data / "debrief.sqlite3")
    assert secret in load_record(store, d.id).notepad  # the text went through the app
    store.close()
    logs = list((data / "logs").glob("*"))
    assert logs
    for log in logs:
        assert "quetzalcoatlus" not in log.read_text(encoding="utf-8")
    assert any((data / "backups").iterdir())
    for path in [data, *data.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert _mode(path) == expected, f"{path} is {oct(_mode(path))}"


def test_the_next_start_removes_a_pdf_left_half_written(tmp_path: Path) -> None:
    data, folder = tmp_path / "data", tmp_path / "Documents"
    make_data(data)
    folder.mkdir()
    kill_mid_write(folder / "letter.pdf", data / "pending-writes")
    assert [p.name for p in folder.iterdir() if p.name.startswith(".debrief-")]
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.app_driver", "list", str(data)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert list(folder.iterdir()) == []
