"""The autosave writer thread: a commit never holds the window, texts land in order, flushing
waits for it, closing the store stops it, and an import writes pending typing first.

Real threads and real SQLite files; another program's lock is a second connection holding
BEGIN IMMEDIATE, so the writer's commit really waits.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from debrief.changes import ChangeSet
from debrief.debriefs.record import load_record
from debrief.exchange.export import ExportOptions, export
from debrief.meeting import session as m
from debrief.store.database import Store
from tests.typing import type_text
from tests.ui.test_autosave import Lock, _meeting
from ui.autosave import Autosaver
from ui.main_window import MainWindow
from ui.paths import AppPaths
from ui.save_writer import THREAD_NAME, running_writer


def _notepad(path: Path, debrief_id: str) -> str:
    """What another program reading the file sees (committed text only)."""
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT notepad FROM debriefs WHERE id = ?", [debrief_id]).fetchone()
        return str(row[0])
    finally:
        conn.close()


def _writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD_NAME]


def test_a_commit_waiting_for_a_lock_never_holds_the_window(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = _meeting(window, store)
    page = window.meeting_mode.page
    notepad = page.meeting_screen.notepad
    ticks: list[int] = []
    ticker = QTimer(window)
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: ticks.append(1))
    lock = Lock(store)
    try:
        type_text(notepad, "Typed while another program holds the database.")
        # The timed save hands the text to the writer, whose commit now waits for the lock.
        qtbot.waitUntil(
            lambda: (w := running_writer(store)) is not None and w.busy_with(page.saver)
        )
        assert page.saver.last_save_ms < 200  # reading and handing over only
        ticker.start()
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=900)  # the window keeps working…
        type_text(notepad, " And more.")  # …and takes keys
        writer = running_writer(store)
        assert writer is not None and writer.busy_with(page.saver)  # still waiting on the lock
        assert _notepad(store.path, debrief_id) == ""  # type: ignore[arg-type]
    finally:
        lock.release()
        ticker.stop()
    # Once the lock is gone the text lands on its own, the newest with it.
    expected = "Typed while another program holds the database. And more."
    qtbot.waitUntil(lambda: not page.saver.has_pending(), timeout=3000)
    assert _notepad(store.path, debrief_id) == expected  # type: ignore[arg-type]
    assert not page.save_notice.isVisible()


def test_an_older_text_never_lands_on_a_newer_one(qtbot: QtBot, store: Store) -> None:
    debrief_id = _new(store)
    saver = Autosaver(delay_ms=10, store=store)
    tried: list[str] = []

    def save(own: Store, text: str) -> None:
        tried.append(text)  # on the writer thread, in the order it runs them
        m.save_notepad(own, debrief_id, text=text)

    lock = Lock(store)
    try:
        saver.schedule_save("pad", lambda: "first", save)
        qtbot.waitUntil(lambda: tried == ["first"])  # running, waiting for the lock
        saver.schedule_save("pad", lambda: "second", save)
        saver.schedule_save("pad", lambda: "third", save)  # replaces "second" before it is read
        writer = running_writer(store)
        assert writer is not None
        qtbot.waitUntil(lambda: len(writer._queue) == 1)  # "third" waits behind "first"
    finally:
        lock.release()
    with qtbot.waitSignal(saver.saved, timeout=3000):
        pass
    qtbot.waitUntil(lambda: not saver.has_pending())
    assert tried == ["first", "third"]
    assert load_record(store, debrief_id).notepad == "third"


def test_flush_waits_for_the_writer_and_closing_the_store_stops_it(
    qtbot: QtBot, paths: AppPaths
) -> None:
    store = Store.open(paths.database, backup_dir=paths.backups)
    debrief_id = _new(store)
    saver = Autosaver(delay_ms=60_000, store=store)
    saver.schedule_save(
        "pad",
        lambda: "Written before flush returns.",
        lambda own, t: m.save_notepad(own, debrief_id, text=t),
    )
    assert saver.flush()  # on disk when it returns: another connection sees it
    assert _notepad(paths.database, debrief_id) == "Written before flush returns."
    assert len(_writer_threads()) == 1
    store.close()
    assert not _writer_threads()


def test_an_import_writes_pending_typing_first(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    """The gap: a note typed just before File ▸ Import was still pending, so the import compared
    the file with the older saved version, took the file's, and the pending save then wrote the
    editor's text over what was imported. Now the typing is written (and waited for) first."""
    debrief_id = _meeting(window, store)
    page = window.meeting_mode.page
    # A colleague's copy of the same debrief, edited after our last save (but before we typed).
    store.db.execute(
        "UPDATE debriefs SET notepad = 'Colleague: pilot in March.',"
        " updated_at = '2026-01-02T09:00:00+00:00' WHERE id = ?",
        [debrief_id],
    )
    export(store, tmp_path / "colleague.json", ExportOptions())
    store.db.execute(
        "UPDATE debriefs SET notepad = '', updated_at = '2026-01-01T09:00:00+00:00' WHERE id = ?",
        [debrief_id],
    )
    data = json.loads((tmp_path / "colleague.json").read_text("utf-8"))
    assert [d["notepad"] for d in data["debriefs"]] == ["Colleague: pilot in March."]

    type_text(page.meeting_screen.notepad, "Typed just now: they want a pilot.")
    assert page.saver.has_pending()  # not written yet when the rep picks Import
    dialog = window.exchange.import_file(tmp_path / "colleague.json")
    assert dialog is not None
    assert not page.saver.has_pending()
    # Our just-typed version is the newer one now: the file's older copy changes nothing.
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    record = load_record(store, debrief_id)
    assert record.notepad == "Typed just now: they want a pilot."
    assert page.meeting_screen.notepad.toPlainText() == record.notepad


def test_an_import_that_brings_a_newer_version_keeps_what_was_typed_in_the_backup(
    qtbot: QtBot, window: MainWindow, store: Store, paths: AppPaths, tmp_path: Path
) -> None:
    debrief_id = _meeting(window, store)
    page = window.meeting_mode.page
    store.db.execute(
        "UPDATE debriefs SET notepad = 'Colleague, later: signed a pilot.',"
        " updated_at = '2099-01-01T09:00:00+00:00' WHERE id = ?",
        [debrief_id],
    )
    export(store, tmp_path / "colleague.json", ExportOptions())
    store.db.execute(
        "UPDATE debriefs SET notepad = '', updated_at = '2026-01-01T09:00:00+00:00' WHERE id = ?",
        [debrief_id],
    )
    type_text(page.meeting_screen.notepad, "Typed before the import.")
    dialog = window.exchange.import_file(tmp_path / "colleague.json")
    assert dialog is not None and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported):
        dialog.import_button.click()
    # The newer copy is taken whole, and no save from before the import lands on it later.
    assert not page.saver.has_pending()
    assert load_record(store, debrief_id).notepad == "Colleague, later: signed a pilot."
    # What was typed reached the database before the import, so its backup holds it.
    (backup,) = paths.backups.glob("debrief-*-before-import.sqlite3")
    assert _notepad(backup, debrief_id) == "Typed before the import."
    # The open meeting shows the imported text, so typing on can't save the old one over it.
    notepad = page.meeting_screen.notepad
    assert notepad.toPlainText() == "Colleague, later: signed a pilot."
    assert not page.saver.has_pending()  # showing it is not typing
    type_text(notepad, " Then a call.")
    assert page.saver.flush()
    assert (
        load_record(store, debrief_id).notepad == "Colleague, later: signed a pilot. Then a call."
    )


def test_an_import_while_typing_cant_be_written_says_so_and_imports_nothing(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    debrief_id = _meeting(window, store)
    page = window.meeting_mode.page
    export(store, tmp_path / "mine.json", ExportOptions())
    lock = Lock(store)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        box.accept()

    try:
        type_text(page.meeting_screen.notepad, "Kept through the lock.")
        QTimer.singleShot(0, answer)
        assert window.exchange.import_file(tmp_path / "mine.json") is None
    finally:
        lock.release()
    assert seen and seen[0].startswith("Some text you typed isn't in the database yet")
    assert "the database is busy" in seen[0]
    assert page.saver.flush()
    assert load_record(store, debrief_id).notepad == "Kept through the lock."


def _new(store: Store) -> str:
    from debrief.debriefs.lifecycle import create_debrief
    from debrief.model import NewDebrief

    d = create_debrief(
        store,
        NewDebrief(account_name="Order Co", contact_name="Ana", opportunity="X", competitor="G"),
    )
    return d.id


def test_notes_changed_elsewhere_show_in_the_open_meeting(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """Another program (or an import) wrote newer notes: the open meeting shows them, so typing
    on never saves the old text back over them; typing at the end goes on at the end."""
    debrief_id = _meeting(window, store)
    screen = window.meeting_mode.page.meeting_screen
    question_id = screen.current_id
    assert question_id is not None
    type_text(screen.note_edit, "Ours")
    assert window.meeting_mode.page.saver.flush()
    store.db.execute(
        "UPDATE debrief_questions SET note = 'Theirs, newer' WHERE id = ?", [question_id]
    )
    store.db.execute(
        "UPDATE debriefs SET summary = 'A summary from elsewhere' WHERE id = ?", [debrief_id]
    )
    window.ops.broadcast(ChangeSet.of(debriefs=[debrief_id]))
    assert screen.note_edit.toPlainText() == "Theirs, newer"
    assert screen.readback.editor.toPlainText() == "A summary from elsewhere"
    assert not window.meeting_mode.page.saver.has_pending()
    type_text(screen.note_edit, "!")
    assert window.meeting_mode.page.saver.flush()
    (question,) = [q for q in load_record(store, debrief_id).questions if q.id == question_id]
    assert question.note == "Theirs, newer!"
