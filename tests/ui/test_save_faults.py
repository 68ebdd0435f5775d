"""Saves never drop text, tried against real faults: a database locked by another connection, a
full disk (a small tmpfs) and a file system turned read-only under the open database.

Each test types while the fault is on, checks the calm notice names the cause, clears the
fault, and checks that every typed character reached the database and the notice went away.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.model import NewDebrief
from debrief.store import faults
from debrief.store.database import Store
from tests.typing import type_text
from ui.app import build_window
from ui.main_window import MainWindow
from ui.paths import AppPaths, resolve_paths

FAST_BUSY_MS = 100  # how long a save waits on a locked database in these tests
RETRY_WAIT_MS = 8000  # first retry after 1 s, then 2 s, 4 s


def _start_meeting(qtbot: QtBot, window: MainWindow, store: Store) -> str:
    d = create_debrief(
        store,
        NewDebrief(account_name="Fault Co", contact_name="Ana", opportunity="X", competitor="G"),
    )
    window.list_page.refresh(select_id=d.id)
    window.meeting_mode.start_action.trigger()
    window.meeting_mode.page.prepare.start_button.click()
    assert window.meeting_mode.page.in_meeting()
    return d.id


def _type_at_end(editor: QPlainTextEdit, text: str) -> None:
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor, text)


def _stored(store: Store, debrief_id: str) -> tuple[str, str]:
    meeting = load_record(store, debrief_id)
    return meeting.notepad, meeting.questions[0].note


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[object]:
    """Builds the real main window on a store opened with a short busy timeout."""
    opened: list[tuple[MainWindow, Store]] = []

    def open_at(paths: AppPaths) -> tuple[MainWindow, Store]:
        store = Store.open(paths.database, backup_dir=paths.backups, busy_timeout_ms=FAST_BUSY_MS)
        window = build_window(store, paths)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append((window, store))
        return window, store

    yield open_at
    for window, store in opened:
        window.meeting_mode.page.saver.abandon_unsaved()
        window.hide()
        store.close()


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MB file system of its own (needs root and permission to mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    # Real faults need root (as on the project's machines and CI): without it this fails, loudly.
    assert done.returncode == 0, f"mounting a 3 MB tmpfs needs root: {done.stderr}"
    try:
        yield mount
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], capture_output=True)
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_locked_database_keeps_every_typed_character_and_says_so(
    qtbot: QtBot, open_window: object, data_dir: Path
) -> None:
    window, store = open_window(resolve_paths(data_dir))  # type: ignore[operator]
    debrief_id = _start_meeting(qtbot, window, store)
    screen = window.meeting_mode.page.meeting_screen
    notice = window.meeting_mode.page.save_notice
    _type_at_end(screen.notepad, "Before the lock. ")
    window.meeting_mode.page.saver.flush()

    other = sqlite3.connect(store.path, isolation_level=None)  # another program's connection
    other.execute("BEGIN IMMEDIATE")  # holds the write lock
    try:
        _type_at_end(screen.note_edit, "Note typed while locked. ")
        _type_at_end(screen.notepad, "Pad typed while locked — Zażółć 中文. ")
        qtbot.waitUntil(notice.isVisible, timeout=3000)
        assert notice.label.text() == faults.not_saved_message(faults.BUSY)
        assert not window.meeting_mode.page.saver.flush()  # "try again" while still locked
        _type_at_end(screen.notepad, "And more. ")  # typing on: the newer text replaces it
    finally:
        other.execute("ROLLBACK")
        other.close()

    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=RETRY_WAIT_MS)
    assert _stored(store, debrief_id) == (
        "Before the lock. Pad typed while locked — Zażółć 中文. And more. ",
        "Note typed while locked. ",
    )
    assert screen.notepad.toPlainText() == _stored(store, debrief_id)[0]


def _fill(folder: Path) -> Path:
    """Take every free byte of the file system `folder` is on."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 1 << 12, 1):  # big blocks, then the last few bytes
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_keeps_the_text_until_space_is_freed(
    qtbot: QtBot, open_window: object, tmpfs: Path
) -> None:
    window, store = open_window(resolve_paths(tmpfs / "data"))  # type: ignore[operator]
    debrief_id = _start_meeting(qtbot, window, store)
    screen = window.meeting_mode.page.meeting_screen
    notice = window.meeting_mode.page.save_notice
    filler = _fill(tmpfs)
    try:
        # A long paste then a few keys: more than fits in what SQLite already holds on disk.
        screen.notepad.setFocus()
        screen.notepad.insertPlainText("Pasted while the disk is full. " * 4000)
        _type_at_end(screen.notepad, "Typed after.")
        qtbot.waitUntil(notice.isVisible, timeout=3000)
        assert notice.label.text() == faults.not_saved_message(faults.FULL)
        assert "disk is full" in notice.label.text()
    finally:
        os.remove(filler)
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=RETRY_WAIT_MS)
    expected = "Pasted while the disk is full. " * 4000 + "Typed after."
    assert _stored(store, debrief_id)[0] == expected


def _chattr(flag: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["chattr", flag, *map(str, files)], capture_output=True, text=True)


def test_a_read_only_database_file_keeps_the_text_until_it_is_writable(
    qtbot: QtBot, open_window: object, data_dir: Path
) -> None:
    """The database file and its write-ahead log made immutable (`chattr +i`: read-only even
    for root, unlike file modes) under the running app; then writable again."""
    paths = resolve_paths(data_dir)
    window, store = open_window(paths)  # type: ignore[operator]
    debrief_id = _start_meeting(qtbot, window, store)
    screen = window.meeting_mode.page.meeting_screen
    notice = window.meeting_mode.page.save_notice
    files = (paths.database, Path(f"{paths.database}-wal"))  # never the -shm: it is mapped
    locked = _chattr("+i", *files)
    assert locked.returncode == 0, f"chattr +i needs root on ext4/tmpfs: {locked.stderr}"
    try:
        _type_at_end(screen.notepad, "Typed while the file is read-only. " * 50)
        qtbot.waitUntil(notice.isVisible, timeout=3000)
        assert notice.label.text() in {
            faults.not_saved_message(faults.READ_ONLY),
            faults.not_saved_message(faults.IO_ERROR),  # what SQLite reports for it on Linux
        }
    finally:
        assert _chattr("-i", *files).returncode == 0
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=RETRY_WAIT_MS)
    assert _stored(store, debrief_id)[0] == "Typed while the file is read-only. " * 50
