"""The whole journey across features, as a rep does it: log, meet, write, find, tidy up.

Each feature has its own tests; this one proves they work together in one window.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.debriefs.record import load_record
from debrief.model import NewDebrief, Status
from debrief.store.database import Store
from tests.typing import type_text
from ui.browse.debrief_list import DEBRIEF_ID_ROLE
from ui.main_window import MainWindow
from ui.meeting.held_dialog import HeldDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_log_meet_write_find_and_tidy_up(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    d = create_debrief(
        store,
        NewDebrief(
            account_name="Łódź Castings",
            contact_name="Zofia Wiśniewska",
            opportunity="Inspection cameras",
            competitor="Globex",
        ),
    )
    window.list_page.refresh()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    # Find it in the list and open it with the keyboard.
    table = window.list_page.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    detail = window.browsing.detail_page
    assert window.pages.currentWidget() is detail and window.current_debrief_id() == d.id

    # The detail page offers the meeting; the meeting page takes over.
    (start,) = [b for b in detail.findChildren(QToolButton) if "start" in b.text().lower()]
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    meeting = window.meeting_mode.page
    assert window.pages.currentWidget() is meeting and window.current_debrief_id() == d.id
    meeting.prepare.start_button.click()
    screen = meeting.meeting_screen
    qtbot.waitUntil(lambda: focused() is screen.note_edit)
    while "fall short" not in screen.current().text:
        qtbot.keyClick(focused(), Qt.Key.Key_Down, ALT)
    type_text(focused(), "Onboarding took too long for the plant managers")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_P, ALT)
    type_text(focused(), "CANARY-private-remark")
    qtbot.keyClick(focused(), Qt.Key.Key_D, ALT)
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    summary = load_record(store, d.id).summary
    assert "Onboarding took too long" in summary and "CANARY" not in summary

    # Esc leaves the meeting for the page it came from; opening it marked nothing, so the rep
    # is asked once whether it took place, and says yes (today).
    assert get_debrief(store, d.id).status == Status.LOGGED
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    (held,) = [h for h in window.findChildren(HeldDialog) if h.isVisible()]
    qtbot.keyClick(held.date, Qt.Key.Key_Return)
    assert get_debrief(store, d.id).status == Status.MEETING_HELD
    assert window.pages.currentWidget() is detail

    # Letters from the detail page: the summary letter carries the read-back, nothing internal.
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    letters = window.letter_actions.dialogs[d.id]
    qtbot.waitExposed(letters)
    text = letters.editor.toPlainText()
    assert "Onboarding took too long" in text and "CANARY" not in text
    letters.activateWindow()
    qtbot.waitUntil(letters.isActiveWindow)
    qtbot.keyClick(letters, Qt.Key.Key_S, CTRL)
    (chooser,) = [c for c in letters.findChildren(QFileDialog) if c.isVisible()]
    target = tmp_path / "summary.pdf"
    with qtbot.waitSignal(letters.letter_kept):
        chooser.selectFile(str(target))
        chooser.accept()
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Onboarding took too long" in pdf and "CANARY" not in pdf
    # A saved file is not a sent letter: the status moves when the rep says it went out.
    assert get_debrief(store, d.id).status == Status.MEETING_HELD
    qtbot.keyClick(letters, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert get_debrief(store, d.id).status == Status.SUMMARY_SENT
    letters.close()

    # Back on the list: the status moved on, and search finds the meeting's words.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    model = window.list_page.model
    statuses = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert Status.SUMMARY_SENT.label in statuses
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert focused() is window.list_page.search
    type_text(focused(), "plant manag")
    qtbot.waitUntil(
        lambda: model.rowCount() == 1 and model.data(model.index(0, 0), DEBRIEF_ID_ROLE) == d.id
    )

    # Delete from the detail page, then undo.
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert window.pages.currentWidget() is detail
    qtbot.keyClick(detail, Qt.Key.Key_Delete)
    (yes,) = [b for b in window.findChildren(QPushButton, "confirmYes") if b.isVisible()]
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: get_debrief(store, d.id).deleted_at is not None)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: get_debrief(store, d.id).deleted_at is None)
