from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.widgets.shortcuts_dialog import ShortcutsDialog


def test_f1_lists_every_menu_shortcut_and_the_meeting_keys(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    (dialog,) = [d for d in window.findChildren(ShortcutsDialog) if d.isVisible()]
    text = dialog.text.text()
    for keys, command in [
        ("Ctrl+N", "New debrief"),
        ("Ctrl+M", "Start meeting"),
        ("Ctrl+L", "Letters"),
        ("Ctrl+F", "Find"),
        ("Ctrl+Q", "Quit"),
    ]:
        assert f"<b>{keys}</b>" in text and command in text
    assert "Ctrl+Enter asked, next" in text
    dialog.reject()


def test_quit_has_a_shortcut_everywhere(window: MainWindow) -> None:
    (quit_action,) = [a for a in window.file_menu.actions() if a.text() == "&Quit"]
    assert not quit_action.shortcut().isEmpty()
