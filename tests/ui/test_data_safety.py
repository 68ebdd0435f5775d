"""The session's one path for a database that can't be used, and File ▸ Restore from backup…"""

from __future__ import annotations

import random
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief, list_debriefs
from debrief.debriefs.trash import empty_trash, trash_debrief
from debrief.model import NewDebrief
from debrief.search.browse import Filters, count
from debrief.store.backups import list_backups
from debrief.store.database import Store
from ui.app import build_window
from ui.backup_dialogs import RestoreDialog, offer_backup_purge
from ui.crash import install_excepthook, setup_logging
from ui.operations import Operations
from ui.paths import AppPaths, resolve_paths
from ui.session import Session


class Answerer:
    """Clicks `button` in every modal dialog named `name` that opens, and keeps what it said."""

    def __init__(self, name: str, button: str):
        self.name, self.button = name, button
        self.seen: list[str] = []
        self.running = True
        QTimer.singleShot(0, self._look)

    def _look(self) -> None:
        if not self.running:
            return
        box = QApplication.activeModalWidget()
        if box is not None and box.objectName() == self.name:
            text = box.text() + "\n" + box.informativeText() if isinstance(box, QMessageBox) else ""
            self.seen.append(text)
            box.findChild(QPushButton, self.button).click()
        QTimer.singleShot(5, self._look)

    def stop(self) -> None:
        self.running = False


def _add(store: Store, *names: str) -> None:
    for name in names:
        create_debrief(
            store,
            NewDebrief(
                account_name=name,
                contact_name="Jo",
                opportunity="Fleet renewal",
                products="Fleet renewal " * 30,
                competitor="Globex",
            ),
        )


def _with_backup(paths: AppPaths, *names: str) -> None:
    """A database holding `names`, and a daily backup of it (taken on the second start)."""
    store = Store.open(paths.database, backup_dir=paths.backups)
    _add(store, *names)
    store.close()
    Store.open(paths.database, backup_dir=paths.backups).close()
    assert [b.reason for b in list_backups(paths.backups)] == ["daily"]


def _scramble(path: Path, first_page: int = 3) -> None:
    data = bytearray(path.read_bytes())
    rnd = random.Random(7)
    for page in range(first_page, len(data) // 4096 + 1):
        data[(page - 1) * 4096 : page * 4096] = rnd.randbytes(4096)
    path.write_bytes(bytes(data))


def _set_aside(paths: AppPaths) -> list[Path]:
    return sorted(paths.data_dir.glob("debrief-set-aside-*.sqlite3"))


def test_damage_at_start_one_dialog_then_the_latest_backup(
    qtbot: QtBot, session: Session, paths: AppPaths
) -> None:
    _with_backup(paths, "Acme", "Globex Buyer")
    _scramble(paths.database)
    damaged = paths.database.read_bytes()
    answer = Answerer("damageDialog", "restoreLatest")
    assert session.start()
    answer.stop()
    assert len(answer.seen) == 1
    assert str(paths.database) in answer.seen[0] and "damaged" in answer.seen[0]
    assert "2 debriefs" in answer.seen[0]
    assert session.store is not None
    assert sorted(d.account_name for d in list_debriefs(session.store)) == ["Acme", "Globex Buyer"]
    (aside,) = _set_aside(paths)
    assert aside.read_bytes() == damaged
    assert session.window is not None and session.window.isVisible()
    said = session.window.statusBar().currentMessage()
    assert said.startswith("Restored the backup of ") and aside.name in said


def test_another_programs_file_start_fresh_keeps_it_unchanged(
    qtbot: QtBot, session: Session, paths: AppPaths
) -> None:
    with closing(sqlite3.connect(paths.database)) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.commit()
    theirs = paths.database.read_bytes()
    answer = Answerer("damageDialog", "startFresh")
    assert session.start()
    answer.stop()
    assert "another program" in answer.seen[0] and "no backup" in answer.seen[0]
    assert session.store is not None and list_debriefs(session.store) == []
    (aside,) = _set_aside(paths)
    assert aside.read_bytes() == theirs


def test_quitting_at_the_damage_dialog_changes_nothing(
    qtbot: QtBot, session: Session, paths: AppPaths
) -> None:
    paths.database.write_bytes(b"")
    answer = Answerer("damageDialog", "quit")
    assert not session.start()
    answer.stop()
    assert "empty" in answer.seen[0]
    assert paths.database.read_bytes() == b""
    assert _set_aside(paths) == []


@pytest.fixture
def restore_hook() -> Iterator[None]:
    saved = sys.excepthook
    yield
    sys.excepthook = saved


def test_damage_found_while_running_gives_one_dialog_not_a_stack(
    qtbot: QtBot, session: Session, paths: AppPaths, restore_hook: None
) -> None:
    _with_backup(paths, "Acme")
    install_excepthook(setup_logging(paths.logs), show_dialog=True, database=paths.database)
    assert session.start()
    store = session.store
    assert store is not None
    _add(store, *(f"Later {i}" for i in range(30)))
    store.checkpoint()
    _scramble(paths.database)
    store.db.execute("PRAGMA shrink_memory")  # forget cached pages: read what is on disk now
    first_window = session.window
    ops = Operations(store)
    outcomes = [ops.run(None, lambda: count(store, Filters(text="fleet"))) for _ in range(3)]
    assert [o.ok for o in outcomes] == [False, False, False]
    try:  # an error outside the runner reaches the excepthook: the same single path
        list_debriefs(store)
    except sqlite3.DatabaseError:
        sys.excepthook(*sys.exc_info())
    answer = Answerer("damageDialog", "restoreLatest")
    qtbot.waitUntil(lambda: session.window is not None and session.window is not first_window)
    answer.stop()
    assert len(answer.seen) == 1
    assert session.store is not None
    assert [d.account_name for d in list_debriefs(session.store)] == ["Acme"]
    assert len(_set_aside(paths)) == 1
    assert "Unexpected error" not in (paths.logs / "debrief.log").read_text(encoding="utf-8")


def test_restore_from_backup_lists_backups_and_backs_up_the_present_first(
    qtbot: QtBot, session: Session, paths: AppPaths
) -> None:
    _with_backup(paths, "Acme")
    assert session.start()
    assert session.store is not None and session.window is not None
    _add(session.store, "Newer One")
    first_window = session.window
    session.window.restore_action.trigger()
    dialog = session.window.findChild(RestoreDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    rows = [
        [dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())
    ]
    assert len(rows) == 1 and rows[0][1] == "1" and rows[0][2] == "Daily"
    answer = Answerer("confirmRestore", "confirmRestoreButton")
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: session.window is not None and session.window is not first_window)
    answer.stop()
    assert [d.account_name for d in list_debriefs(session.store)] == ["Acme"]
    before = [b for b in list_backups(paths.backups) if b.reason == "before-restore"]
    assert len(before) == 1
    with closing(sqlite3.connect(before[0].path)) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM accounts")}
    assert names == {"Acme", "Newer One"}


def test_after_deleting_for_good_older_backups_can_be_purged(qtbot: QtBot, paths: AppPaths) -> None:
    _with_backup(paths, "Zanthoxylum Secret")
    store = Store.open(paths.database, backup_dir=paths.backups)
    (doomed,) = [d.id for d in list_debriefs(store)]
    trash_debrief(store, doomed)
    removed = empty_trash(store)
    parent = QWidget()
    qtbot.addWidget(parent)
    answer = Answerer("purgeBackupsDialog", "purgeBackups")
    offer_backup_purge(parent, store, removed)
    qtbot.waitUntil(lambda: [b.reason for b in list_backups(paths.backups)] == ["after-purge"])
    answer.stop()
    assert "1 backup taken earlier still holds" in answer.seen[0]
    (left,) = list_backups(paths.backups)
    assert b"anthoxylum" not in left.path.read_bytes()
    store.close()


CHOOSE = "Choose a folder for Debrief's data."


def test_a_data_folder_problem_at_start_is_a_dialog_not_a_traceback(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_hook: None
) -> None:
    from ui.app import run_gui
    from ui.cli import parse_args

    monkeypatch.delenv("DEBRIEF_NO_CRASH_DIALOG")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.windowTitle() + ": " + box.text())
            box.accept()
        else:
            QTimer.singleShot(5, answer)

    QTimer.singleShot(0, answer)
    assert run_gui(parse_args(["--data-dir", str(a_file)])) == 1
    assert seen == [f"Debrief can't start: {a_file} is a file, not a folder. " + CHOOSE]
    assert a_file.read_text() == "mine"


def test_privacy_repair_touches_only_debriefs_own_files(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    theirs = shared / "holiday.jpg"
    theirs.write_bytes(b"x")
    theirs.chmod(0o644)
    script = shared / "tool.sh"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    paths = resolve_paths(shared)
    Store.open(paths.database, backup_dir=paths.backups).close()
    (paths.logs / "old.log").write_text("x")
    (paths.logs / "old.log").chmod(0o644)
    paths.database.chmod(0o644)
    resolve_paths(shared)
    assert (theirs.stat().st_mode & 0o777, script.stat().st_mode & 0o777) == (0o644, 0o755)
    assert paths.database.stat().st_mode & 0o777 == 0o600
    assert (paths.logs / "old.log").stat().st_mode & 0o777 == 0o600
    assert shared.stat().st_mode & 0o777 == 0o700


def test_disk_trouble_while_running_is_said_plainly_not_as_a_crash(
    qtbot: QtBot, paths: AppPaths, restore_hook: None
) -> None:
    Store.open(paths.database).close()
    install_excepthook(setup_logging(paths.logs), show_dialog=True, database=paths.database)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.windowTitle() + ": " + box.text())
            box.accept()
        else:
            QTimer.singleShot(5, answer)

    QTimer.singleShot(0, answer)
    with closing(sqlite3.connect(paths.database.as_uri() + "?mode=ro", uri=True)) as conn:
        try:  # a real SQLITE_READONLY from SQLite itself
            conn.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
        except sqlite3.OperationalError:
            sys.excepthook(*sys.exc_info())
    assert len(seen) == 1
    assert seen[0].startswith("Debrief couldn't save: ") and "read-only" in seen[0]
    assert "Traceback" not in seen[0] and "Something went wrong" not in seen[0]


def test_emptying_the_trash_says_that_older_backups_hold_the_text(
    qtbot: QtBot, paths: AppPaths
) -> None:
    from tests.ui.test_browse import click_yes

    _with_backup(paths, "Zanthoxylum Secret")
    store = Store.open(paths.database, backup_dir=paths.backups)
    window = build_window(store, paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.list_page.table.selectRow(0)
    window.browsing.delete_current()
    click_yes(qtbot, window)
    window.browsing.show_trash()
    answer = Answerer("purgeBackupsDialog", "keepBackups")
    qtbot.mouseClick(window.browsing.trash_page.empty_button, Qt.MouseButton.LeftButton)
    click_yes(qtbot, window)
    qtbot.waitUntil(lambda: bool(answer.seen))
    answer.stop()
    assert "1 backup taken earlier still holds their text" in answer.seen[0]
    assert [b.reason for b in list_backups(paths.backups)] == ["daily"]  # kept, as asked
    window.close()
    store.close()
