"""The one autosave path: a maximum wait for every editor, failed saves kept and retried, and
no way to close or quit past unsaved text without being told."""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from debrief.debriefs.form_drafts import load_form_draft
from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.letters.drafting import LetterKind, working_draft
from debrief.meeting import session as m
from debrief.model import NewDebrief
from debrief.store import faults
from debrief.store.database import Store
from tests.letter_data import add_meeting
from tests.typing import type_text
from ui.app import build_window
from ui.autosave import MAX_DELAY_MS, Autosaver
from ui.crash import crash_message
from ui.forms.new_debrief_dialog import NewDebriefDialog
from ui.main_window import MainWindow
from ui.paths import AppPaths
from ui.unsaved import copy_text
from ui.widgets.save_notice import SaveNotice

# -- the saver on its own, writing to a real database file -------------------------------------


@pytest.fixture
def db_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "notes.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (key TEXT PRIMARY KEY, text TEXT)")
    conn.close()
    yield path


def _writer(path: Path) -> tuple[sqlite3.Connection, object]:
    conn = sqlite3.connect(path, isolation_level=None, timeout=0.05)

    def write(key: str) -> object:
        def save(text: str) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR REPLACE INTO notes VALUES (?, ?)", [key, text])
            conn.execute("COMMIT")

        return save

    return conn, write


def _rows(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT key, text FROM notes").fetchall())
    finally:
        conn.close()


def test_a_locked_database_keeps_every_save_queued_behind_it(qtbot: QtBot, db_file: Path) -> None:
    """The bug: one "database is locked" dropped the note-pad save queued behind the note."""
    conn, write = _writer(db_file)
    saver = Autosaver(delay_ms=10_000, retry_ms=50, max_retry_ms=200)
    other = sqlite3.connect(db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    saver.schedule("note", lambda: "first note", write("note"))  # type: ignore[operator]
    saver.schedule("pad", lambda: "the pad", write("pad"))  # type: ignore[operator]
    with qtbot.waitSignal(saver.notice_changed) as notice:
        assert not saver.flush()
    assert notice.args == [faults.not_saved_message(faults.BUSY)]
    assert saver.is_failing() and sorted(label for label, _ in saver.unsaved()) == ["note", "pad"]
    saver.schedule("note", lambda: "second note", write("note"))  # type: ignore[operator]
    assert dict(saver.unsaved()) == {"note": "second note", "pad": "the pad"}  # the latest
    other.execute("ROLLBACK")
    other.close()
    with qtbot.waitSignal(saver.notice_changed, timeout=3000) as cleared:
        pass  # the retry, on its own
    assert cleared.args == [""]
    assert _rows(db_file) == {"note": "second note", "pad": "the pad"}
    assert not saver.has_pending()
    conn.close()


def test_retries_back_off(qtbot: QtBot, db_file: Path) -> None:
    attempts: list[float] = []

    def fails(_text: str) -> None:
        attempts.append(time.monotonic())
        raise sqlite3.OperationalError("database or disk is full")

    saver = Autosaver(delay_ms=10, retry_ms=40, max_retry_ms=160)
    saver.schedule("x", lambda: "x", fails)
    qtbot.waitUntil(lambda: len(attempts) >= 6, timeout=5000)
    gaps = [b - a for a, b in itertools.pairwise(attempts)]
    # 40, 80, 160, 160 ms: growing, then capped (Qt may fire a coarse timer 5% early)
    assert gaps[0] >= 0.035 and gaps[1] >= 0.075 and gaps[2] >= 0.15 and gaps[3] >= 0.15
    assert saver.notice() == faults.not_saved_message(faults.FULL)
    saver.abandon_unsaved()
    assert not saver.has_pending() and saver.notice() == ""


def test_storage_faults_in_plain_words() -> None:
    assert faults.describe_save_fault(OSError(28, "No space")).cause == faults.FULL
    assert faults.describe_save_fault(OSError(30, "Read-only")).cause == faults.READ_ONLY
    assert faults.describe_save_fault(OSError(5, "EIO")).cause == faults.IO_ERROR
    locked = faults.describe_save_fault(sqlite3.OperationalError("database is locked"))
    assert locked.cause == faults.BUSY and locked.whole_database
    readonly = sqlite3.OperationalError("attempt to write a readonly database")
    assert faults.describe_save_fault(readonly).cause == faults.READ_ONLY
    bug = faults.describe_save_fault(KeyError("x"))
    assert bug.cause == faults.UNEXPECTED and not bug.expected and not bug.whole_database
    for words in (faults.BUSY, faults.FULL, faults.READ_ONLY, faults.IO_ERROR):
        assert "sqlite" not in words.lower() and "errno" not in words.lower()


# -- the editors, in the real window --------------------------------------------------------------


@pytest.fixture
def short_wait_store(paths: AppPaths) -> Iterator[Store]:
    s = Store.open(paths.database, backup_dir=paths.backups, busy_timeout_ms=100)
    yield s
    s.close()


@pytest.fixture
def fast_window(qtbot: QtBot, short_wait_store: Store, paths: AppPaths) -> Iterator[MainWindow]:
    win = build_window(short_wait_store, paths)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for saver in win.findChildren(Autosaver):
        saver.abandon_unsaved()


class Lock:
    """Another program holding the database's write lock."""

    def __init__(self, store: Store):
        self.conn = sqlite3.connect(store.path, isolation_level=None)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()


def _meeting(window: MainWindow, store: Store) -> str:
    d = create_debrief(
        store,
        NewDebrief(account_name="Lock Co", contact_name="Ana", opportunity="X", competitor="G"),
    )
    window.list_page.refresh(select_id=d.id)
    window.meeting_mode.start_action.trigger()
    window.meeting_mode.page.prepare.start_button.click()
    return d.id


def _answer(
    qtbot: QtBot, name: str, button: str, then: object = None, before: object = None
) -> list[str]:
    """When the modal box `name` shows, remember its text and click `button` on it (after
    running `before`; `then` is scheduled to run once the click has been handled)."""
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != name:
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        (chosen,) = [b for b in box.findChildren(QPushButton) if b.text() == button]
        if before is not None:
            before()
        if then is not None:
            QTimer.singleShot(0, then)
        chosen.click()

    QTimer.singleShot(0, answer)
    return seen


def test_steady_typing_in_a_letter_reaches_disk_within_a_second(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """The letters window once restarted a 500 ms timer on every key: typing steadily put
    nothing on disk. Now it shares the autosave path and its maximum wait."""
    debrief_id = add_meeting(store)
    dialog = window.letter_actions.open_letters(debrief_id, LetterKind.SUMMARY)
    assert dialog is not None
    dialog.editor.moveCursor(QTextCursor.MoveOperation.End)
    typed = ""

    def key() -> None:
        nonlocal typed
        type_text(dialog.editor, "a")
        typed += "a"

    timer = QTimer(dialog)
    timer.setInterval(30)  # a key every 30 ms: never a pause of 500 ms
    timer.timeout.connect(key)
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(typed) >= 5, timeout=2000)
        started = time.monotonic()
        qtbot.waitUntil(
            lambda: (
                working_draft(store, debrief_id, LetterKind.SUMMARY) or dialog.draft()
            ).text.endswith("a" * 5),
            timeout=MAX_DELAY_MS + 500,
        )
        assert time.monotonic() - started < 1.5
        assert timer.isActive()  # still typing when it reached the disk
    finally:
        timer.stop()
    dialog.close()
    assert working_draft(store, debrief_id, LetterKind.SUMMARY).text.endswith("a" * len(typed))


def test_a_letter_typed_while_locked_is_kept_shown_and_saved(
    qtbot: QtBot, fast_window: MainWindow, short_wait_store: Store
) -> None:
    debrief_id = add_meeting(short_wait_store)
    dialog = fast_window.letter_actions.open_letters(debrief_id, LetterKind.SUMMARY)
    assert dialog is not None
    lock = Lock(short_wait_store)
    try:
        dialog.editor.moveCursor(QTextCursor.MoveOperation.End)
        type_text(dialog.editor, "\nWritten while locked.")
        qtbot.waitUntil(dialog.save_notice.isVisible, timeout=3000)
        assert "database is busy" in dialog.save_notice.label.text()
        # Closing now would lose it: the window asks, and "Keep it open" keeps it open.
        seen = _answer(qtbot, "unsavedPrompt", "Keep it open")
        dialog.close()
        assert seen and "Not saved yet" in seen[0]
        assert dialog.isVisible()
    finally:
        lock.release()
    qtbot.waitUntil(lambda: not dialog.save_notice.isVisible(), timeout=5000)
    draft = working_draft(short_wait_store, debrief_id, LetterKind.SUMMARY)
    assert draft is not None and draft.text.endswith("\nWritten while locked.")
    dialog.close()
    qtbot.waitUntil(lambda: debrief_id not in fast_window.letter_actions.dialogs)


def test_a_form_draft_that_cant_be_kept_says_so_in_the_form(
    qtbot: QtBot, fast_window: MainWindow, short_wait_store: Store
) -> None:
    dialog = NewDebriefDialog(fast_window.ops, rep_name="Sam", parent=fast_window)
    qtbot.addWidget(dialog)
    dialog.show()
    lock = Lock(short_wait_store)
    try:
        type_text(dialog.opportunity, "Fleet renewal")
        qtbot.waitUntil(dialog.draft.saver.is_failing, timeout=3000)
        notice = dialog.findChild(SaveNotice)
        assert notice is not None and notice.isVisible()
        assert notice.label.text() == faults.not_saved_message(faults.BUSY)
    finally:
        lock.release()
    qtbot.waitUntil(lambda: not dialog.draft.saver.has_pending(), timeout=5000)
    assert not notice.isVisible()
    assert load_form_draft(short_wait_store, "new_debrief")["opportunity"] == "Fleet renewal"
    dialog.reject()


def test_quitting_with_unsaved_text_asks_and_can_keep_a_copy(
    qtbot: QtBot, fast_window: MainWindow, short_wait_store: Store, tmp_path: Path
) -> None:
    _meeting(fast_window, short_wait_store)
    screen = fast_window.meeting_mode.page.meeting_screen
    lock = Lock(short_wait_store)
    try:
        type_text(screen.notepad, "Only here: Zażółć 中文 <b>")
        qtbot.waitUntil(fast_window.meeting_mode.page.save_notice.isVisible, timeout=3000)
        assert "safe" not in crash_message(tmp_path / "debrief.log")
        assert "not in the database yet" in crash_message(tmp_path / "debrief.log")

        # 1. Keep Debrief open: the window stays.
        _answer(qtbot, "unsavedPrompt", "Keep Debrief open")
        fast_window.close()
        assert fast_window.isVisible()

        # 2. Quit without it -> the loss warning -> Go back: still open, text still pending.
        def go_back() -> None:
            _answer(qtbot, "unsavedLossWarning", "Go back", then=keep_open)

        def keep_open() -> None:
            _answer(qtbot, "unsavedPrompt", "Keep Debrief open")

        warning = _answer(qtbot, "unsavedPrompt", "Quit without it", then=go_back)
        fast_window.close()
        assert warning and fast_window.isVisible()
        assert fast_window.meeting_mode.page.saver.is_failing()

        # 3. Save a copy…: the text goes to a file the rep picks, then the window closes.
        copy = tmp_path / "kept.txt"

        def pick_file() -> None:
            chooser = QApplication.activeModalWidget()
            if not isinstance(chooser, QFileDialog):
                QTimer.singleShot(20, pick_file)
                return
            chooser.selectFile(str(copy))
            chooser.accept()

        _answer(qtbot, "unsavedPrompt", "Save a copy…", then=pick_file)
        fast_window.close()
        assert not fast_window.isVisible()
    finally:
        lock.release()
    kept = copy.read_text(encoding="utf-8")
    assert "Only here: Zażółć 中文 <b>" in kept
    assert "Note pad — Lock Co" in kept


def test_quitting_after_the_fault_cleared_just_saves(
    qtbot: QtBot, fast_window: MainWindow, short_wait_store: Store, tmp_path: Path
) -> None:
    debrief_id = _meeting(fast_window, short_wait_store)
    screen = fast_window.meeting_mode.page.meeting_screen
    lock = Lock(short_wait_store)
    type_text(screen.notepad, "Kept through the lock.")
    qtbot.waitUntil(fast_window.meeting_mode.page.save_notice.isVisible, timeout=3000)

    _answer(qtbot, "unsavedPrompt", "Try again", before=lock.release)
    fast_window.close()
    assert not fast_window.isVisible()
    assert load_record(short_wait_store, debrief_id).notepad == "Kept through the lock."
    assert "Everything you typed is saved" in crash_message(tmp_path / "debrief.log")


def test_unsaved_copy_lists_each_editor_with_its_text(qtbot: QtBot) -> None:
    saver = Autosaver(delay_ms=10_000)

    def fails(_value: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    saver.schedule("a", lambda: "Note text", fails, "Note on “Basis of decision”")
    saver.schedule("b", lambda: {"opportunity": "Fleet", "value": ""}, fails, "A form")
    saver.flush()
    text = copy_text([saver])
    assert "== Note on “Basis of decision” ==\nNote text" in text
    assert "== A form ==\nopportunity: Fleet" in text


# -- a 10 MB note ---------------------------------------------------------------------------------


def test_a_ten_megabyte_note_is_read_once_per_save_not_per_keystroke(
    qtbot: QtBot, window: MainWindow, store: Store, paths: AppPaths
) -> None:
    debrief_id = _meeting(window, store)
    page = window.meeting_mode.page
    big = ("The quick brown fox, Zażółć 中文. " * 30 + "\n") * 10_500  # ≈10 MB, real lines
    m.save_notepad(store, debrief_id, text=big)
    page.open(debrief_id)
    notepad = page.meeting_screen.notepad
    extractions = 0
    original = notepad.toPlainText

    def counting() -> str:
        nonlocal extractions
        extractions += 1
        return original()

    notepad.toPlainText = counting  # type: ignore[method-assign]
    page.meeting_screen._notepad_typed()  # re-register with the counting reader
    page.saver.flush()
    extractions = 0
    notepad.moveCursor(QTextCursor.MoveOperation.End)
    for _ in range(40):
        type_text(notepad, "k")
    assert extractions == 0  # 40 keys, no copy of the 10 MB text
    page.saver.flush()
    assert extractions == 1  # taken once, when the save ran
    # The save's stall on the GUI thread is measured and spaces out the next one.
    assert page.saver.last_save_ms > 0
    assert page.saver.next_delay_ms() >= min(MAX_DELAY_MS, 4 * page.saver.last_save_ms)
    assert load_record(store, debrief_id).notepad == big + "k" * 40
    del notepad.toPlainText


def test_a_save_on_a_locked_database_holds_the_window_about_a_second_not_five(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """The store waits 5 s for another writer; a save as you type waits at most about 1 s,
    then keeps the text and retries, so the window isn't frozen for the whole busy timeout."""
    assert store.busy_timeout_ms == 5000
    _meeting(window, store)
    page = window.meeting_mode.page
    lock = Lock(store)
    try:
        type_text(page.meeting_screen.notepad, "Typed while another program writes.")
        started = time.monotonic()
        assert not page.saver.flush()
        held = time.monotonic() - started
        assert 0.9 <= held < 3.0, held
        assert page.save_notice.isVisible()
    finally:
        lock.release()
    assert page.saver.flush()
    assert not page.save_notice.isVisible()
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000  # restored
