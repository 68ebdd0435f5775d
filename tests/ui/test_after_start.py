"""The window comes first: the whole-file check and the daily backup run after its first paint,
on a worker thread, and damage they find is answered without another write to the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import list_debriefs
from debrief.store.after_open import AfterOpenReport
from debrief.store.backups import list_backups
from debrief.store.database import Store
from tests.core.test_after_open import _big, _filled, scramble_search_index
from ui.paths import AppPaths
from ui.session import Session


class Events(QObject):
    """Keeps the order of what happened: the main window's first paint, the check's signals."""

    def __init__(self, app: QApplication):
        super().__init__()
        self.seen: list[str] = []
        self.app = app
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), QMainWindow)
            and "painted" not in self.seen
        ):
            self.seen.append("painted")
        return False

    def stop(self) -> None:
        self.app.removeEventFilter(self)


@pytest.fixture
def events(qapp: QApplication) -> Iterator[Events]:
    e = Events(qapp)
    yield e
    e.stop()


def _follow(session: Session, events: Events) -> None:
    assert session.after_start is not None
    session.after_start.started.connect(lambda: events.seen.append("check started"))
    session.checked.connect(lambda report: events.seen.append(f"checked: {report.health.value}"))


def test_todays_backup_is_taken_after_the_window_painted_once_the_check_says_ok(
    qtbot: QtBot, session: Session, paths: AppPaths, events: Events
) -> None:
    _filled(paths.database, 3)
    assert session.start()
    assert list_backups(paths.backups) == []  # opening took none
    _follow(session, events)
    with qtbot.waitSignal(session.checked, timeout=30000) as got:
        pass
    report: AfterOpenReport = got.args[0]
    assert events.seen == ["painted", "check started", "checked: ok"]
    (daily,) = list_backups(paths.backups)
    assert daily.reason == "daily" and report.backup == daily.path


def test_a_new_database_is_checked_but_not_backed_up(
    qtbot: QtBot, session: Session, paths: AppPaths
) -> None:
    assert session.start()
    assert session.store is not None and session.store.created
    with qtbot.waitSignal(session.checked, timeout=30000) as got:
        pass
    report: AfterOpenReport = got.args[0]
    assert report.health.value == "ok" and report.backup is None
    assert list_backups(paths.backups) == []


class DamageAnswer:
    """Answers the damage dialog with `button`, noting what it said and whether the store had
    already stopped writing when it appeared."""

    def __init__(self, session: Session, button: str):
        self.session, self.button = session, button
        self.said: list[str] = []
        self.writes_stopped: list[bool] = []
        self.running = True
        QTimer.singleShot(0, self._look)

    def _look(self) -> None:
        if not self.running:
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "damageDialog":
            self.said.append(box.text() + "\n" + box.informativeText())
            store = self.session.store
            self.writes_stopped.append(store is not None and store.writes_stopped)
            button = box.findChild(QPushButton, self.button)
            assert button is not None
            button.click()
        QTimer.singleShot(5, self._look)

    def stop(self) -> None:
        self.running = False


def test_damage_found_after_the_first_paint_stops_writes_and_restores_the_backup(
    qtbot: QtBot, session: Session, paths: AppPaths, events: Events
) -> None:
    _filled(paths.database, 2)
    Store.open(paths.database, backup_dir=paths.backups).close()  # a good daily backup
    (good,) = list_backups(paths.backups)
    scramble_search_index(paths.database)
    damaged = paths.database.read_bytes()
    answer = DamageAnswer(session, "restoreLatest")
    assert session.start()  # the cheap checks at open don't read the damaged page
    first_store = session.store
    _follow(session, events)
    with qtbot.waitSignal(session.checked, timeout=30000):
        pass
    assert first_store is not None and first_store.writes_stopped  # at once, before the dialog
    qtbot.waitUntil(lambda: bool(answer.said) and session.store is not first_store, timeout=30000)
    answer.stop()
    assert events.seen[:3] == ["painted", "check started", "checked: damaged"]
    assert answer.writes_stopped == [True]
    (said,) = answer.said
    assert (
        str(paths.database) in said
        and "checked every page of it after the window opened and found damage" in said
    )
    assert "stopped writing to it" in said
    (aside,) = sorted(paths.data_dir.glob("debrief-set-aside-*.sqlite3"))
    assert aside.read_bytes() == damaged  # not one byte written to the damaged file
    wal = Path(f"{aside}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert list_backups(paths.backups) == [good]  # the damaged file was never backed up
    assert session.store is not None and len(list_debriefs(session.store)) == 2
    assert session.window is not None and session.window.isVisible()


def test_quitting_while_the_check_runs_leaves_no_backup_and_no_partial_file(
    qtbot: QtBot, session: Session, paths: AppPaths, events: Events
) -> None:
    _big(paths.database, 64)
    assert session.start()
    _follow(session, events)
    assert session.after_start is not None
    with qtbot.waitSignal(session.after_start.started, timeout=30000):
        pass
    assert session.window is not None
    session.window.close()
    session.close()  # what the app does after its event loop ends
    QApplication.processEvents()
    assert events.seen == ["painted", "check started"]  # no report after quitting
    assert list_backups(paths.backups) == []
    assert not paths.backups.exists() or list(paths.backups.iterdir()) == []
    assert list(paths.data_dir.glob("debrief-set-aside-*")) == []
