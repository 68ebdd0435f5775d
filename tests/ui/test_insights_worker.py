"""The Insights page counts on a worker thread: the newest request wins, and closing or quitting
while it counts is clean. The worker is held with a real lock on the database from another
connection (an exclusive transaction, which keeps readers out of a rollback-journal file; a
WAL file, what the app uses, lets them read)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from debrief.model import Outcome
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.insights_data import rich_archive
from ui.insights.page import COUNTING, InsightsPage


def insights_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "insights"]


@pytest.fixture(autouse=True)
def no_thread_outlives_the_test(qtbot: QtBot) -> Iterator[None]:
    yield
    qtbot.waitUntil(lambda: not insights_threads())


@pytest.fixture
def lockable(tmp_path: Path) -> Iterator[Store]:
    """A real archive in a rollback-journal file, so another connection can lock readers out."""
    path = tmp_path / "debrief.sqlite3"
    made = Store.open(path)
    rich_archive(made, bulk=40)
    made.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    conn.close()
    store = Store(sqlite3.connect(path), path)
    yield store
    store.close()


@pytest.fixture
def page(qtbot: QtBot, lockable: Store) -> InsightsPage:
    page = InsightsPage(lockable)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.shown, timeout=30_000):
        page.period.setCurrentText("All dates")
    assert page.insights is not None and page.insights.total > 9
    return page


class Held:
    """An exclusive transaction on another connection: the worker's reads wait for it."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.close()


def test_a_newer_request_supersedes_an_older_one(qtbot: QtBot, page: InsightsPage) -> None:
    assert page.worker is not None
    everything = page.insights
    assert everything is not None
    held = Held(page.store.path)
    try:
        # The first request is under way (and waits for the lock)...
        with qtbot.waitSignal(page.worker.started, timeout=30_000) as started:
            page.outcome.setCurrentIndex(page.outcome.findData(Outcome.NO_DECISION.value))
        older = started.args[0]
        assert page.summary.text() == COUNTING and page.counting
        # ...when the rep changes the filter back: the newer request must win.
        page.outcome.setCurrentIndex(0)
        newer = page.generation
        assert newer > older
        dropped: list[int] = []
        page.result_dropped.connect(dropped.append)
    finally:
        held.release()
    with qtbot.waitSignal(page.shown, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: dropped == [older])
    assert page.insights is not None and page.insights.filters == page.filters()
    assert page.insights.filters.outcome is None
    assert page.insights.total == everything.total
    assert page.summary.text().startswith(f"{everything.total} debriefs:")
    assert not page.counting


def test_closing_the_page_while_it_counts_is_clean(qtbot: QtBot, page: InsightsPage) -> None:
    assert page.worker is not None
    held = Held(page.store.path)
    try:
        with qtbot.waitSignal(page.worker.started, timeout=30_000):
            page.outcome.setCurrentIndex(page.outcome.findData(Outcome.COMPETITOR.value))
        assert insights_threads()
        shown: list[int] = []
        page.shown.connect(lambda: shown.append(1))
        page.close()  # hidden: the count is called off, and the window does not wait for it
        # The thread ends while the lock is still held: it does not wait for the lock.
        qtbot.waitUntil(lambda: not insights_threads())
        assert not page.worker.busy and shown == []
    finally:
        held.release()
    # Shown again, it counts again for what the filters say now.
    with qtbot.waitSignal(page.shown, timeout=30_000):
        page.show()
    assert page.insights is not None and page.insights.filters.outcome is Outcome.COMPETITOR


def test_quitting_while_it_counts_is_clean(qtbot: QtBot, page: InsightsPage) -> None:
    assert page.worker is not None
    held = Held(page.store.path)
    try:
        with qtbot.waitSignal(page.worker.started, timeout=30_000):
            page.outcome.setCurrentIndex(page.outcome.findData(Outcome.IN_HOUSE.value))
        app = QApplication.instance()
        assert app is not None
        app.aboutToQuit.emit()  # what QApplication.quit() emits before the loop ends
        assert not page.worker.busy and not insights_threads()
    finally:
        held.release()
    shown: list[object] = []
    page.shown.connect(lambda: shown.append(1))
    page.deleteLater()
    qtbot.waitUntil(lambda: not insights_threads())
    assert shown == []  # the called-off count never reaches the page


QUIT_PROBE = """
import sqlite3, sys, threading
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from debrief.model import Outcome
from debrief.store.database import Store
from ui.insights.page import InsightsPage

app = QApplication(sys.argv[:1])
path = Path(sys.argv[1])
store = Store(sqlite3.connect(path), path)
page = InsightsPage(store)
page.show()
holder = sqlite3.connect(path, isolation_level=None)
holder.execute("BEGIN EXCLUSIVE")  # the count waits for this lock until the app quits


def counting(generation):
    print("counting", generation, flush=True)
    QTimer.singleShot(0, app.quit)


page.worker.started.connect(counting)
page.outcome.setCurrentIndex(page.outcome.findData(Outcome.COMPETITOR.value))
code = app.exec()
print("threads", sorted(t.name for t in threading.enumerate() if t.name == "insights"))
print("no result shown", page.insights is None)
holder.execute("ROLLBACK")
holder.close()
store.close()
sys.exit(code)
"""


def test_the_app_quitting_while_it_counts_is_clean(lockable: Store) -> None:
    """A real process: the app quits while the count waits for a lock; it ends at once, with
    no thread left, no Qt warning and nothing on stderr."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    path = lockable.path
    lockable.close()
    done = subprocess.run(
        [sys.executable, "-c", QUIT_PROBE, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("counting ")
    assert lines[1:] == ["threads []", "no result shown True"]
    # (The offscreen platform's own note about window size hints is not ours.)
    said = [line for line in done.stderr.splitlines() if "propagateSizeHints" not in line]
    assert said == []


def test_an_archive_in_memory_is_counted_in_place(qtbot: QtBot) -> None:
    """No file, no second connection: the page counts on the spot (scripts, quick checks)."""
    from tests.insights_data import add_debrief

    store = Store.memory()
    add_debrief(store, lost_on="2026-01-05", competitor="Corvane Systems")
    page = InsightsPage(store)
    qtbot.addWidget(page)
    assert page.worker is None
    page.period.setCurrentText("All dates")
    assert page.summary.text().startswith("1 debrief:")
    assert not insights_threads()
    store.close()
