"""Every menu command's key works from a fresh window, although the features behind the menus are
built only when first needed (issue 14); and no two keys of one window collide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import get_debrief
from debrief.store.database import Store
from tests.letter_data import add_meeting
from tests.ui.test_browse import click_yes
from ui.main_window import MainWindow
from ui.widgets.shortcuts_dialog import shortcut_rows

Setup = Callable[[QtBot, MainWindow, str], QWidget]
Check = Callable[[QtBot, MainWindow, str], None]


def _on_list(qtbot: QtBot, window: MainWindow, debrief_id: str) -> QWidget:
    """The list with the debrief selected, focus in the table (where the rep starts)."""
    window.list_page.refresh(select_id=debrief_id)
    window.list_page.table.setFocus()
    return window.list_page.table


def _on_detail(qtbot: QtBot, window: MainWindow, debrief_id: str) -> QWidget:
    window.browsing.open_debrief(debrief_id)
    return window.browsing.detail_page.browser


def _after_a_delete(qtbot: QtBot, window: MainWindow, debrief_id: str) -> QWidget:
    table = _on_list(qtbot, window, debrief_id)
    window.browsing.delete_current()
    click_yes(qtbot, window)
    qtbot.waitUntil(lambda: bool(get_debrief(window.store, debrief_id).deleted_at))
    table.setFocus()
    return table


def _dialog(name: str) -> Check:
    def check(qtbot: QtBot, window: MainWindow, _debrief_id: str) -> None:
        def shown() -> QDialog | None:
            for widget in QApplication.topLevelWidgets() + window.findChildren(QDialog):
                if type(widget).__name__ == name and widget.isVisible():
                    return widget  # type: ignore[return-value]
            return None

        qtbot.waitUntil(lambda: shown() is not None)
        dialog = shown()
        assert dialog is not None
        dialog.close()

    return check


def _page(which: Callable[[MainWindow], QWidget]) -> Check:
    def check(qtbot: QtBot, window: MainWindow, _debrief_id: str) -> None:
        qtbot.waitUntil(lambda: window.pages.currentWidget() is which(window))

    return check


def _meeting_opened(qtbot: QtBot, window: MainWindow, debrief_id: str) -> None:
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.meeting_mode.page)
    assert window.meeting_mode.page.debrief_id == debrief_id


def _letters_opened(qtbot: QtBot, window: MainWindow, debrief_id: str) -> None:
    qtbot.waitUntil(lambda: debrief_id in window.letter_actions.dialogs)
    window.letter_actions.dialogs[debrief_id].close()


def _search_focused(qtbot: QtBot, window: MainWindow, _debrief_id: str) -> None:
    qtbot.waitUntil(lambda: window.list_page.search.hasFocus())
    assert window.pages.currentWidget() is window.list_page


def _asked_to_delete(qtbot: QtBot, window: MainWindow, _debrief_id: str) -> None:
    def box() -> QMessageBox | None:
        boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        return boxes[0] if boxes else None

    qtbot.waitUntil(lambda: box() is not None)
    shown = box()
    assert shown is not None and shown.objectName() == "confirmBox"
    shown.reject()


def _undone(qtbot: QtBot, window: MainWindow, debrief_id: str) -> None:
    qtbot.waitUntil(lambda: not get_debrief(window.store, debrief_id).deleted_at)


def _copied(qtbot: QtBot, window: MainWindow, _debrief_id: str) -> None:
    qtbot.waitUntil(lambda: "CRM" in window.statusBar().currentMessage())
    assert QGuiApplication.clipboard().text().strip()


def _insights_shown(qtbot: QtBot, window: MainWindow, _debrief_id: str) -> None:
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.insights.host)
    assert window.insights.page is not None


def _full_screen(qtbot: QtBot, window: MainWindow, _debrief_id: str) -> None:
    qtbot.waitUntil(window.fullscreen_action.isChecked)
    window.fullscreen_action.setChecked(False)


def _closed(qtbot: QtBot, window: MainWindow, _debrief_id: str) -> None:
    qtbot.waitUntil(lambda: not window.isVisible())


@dataclass(frozen=True)
class Case:
    check: Check
    setup: Setup = _on_list


# Every menu command with a key, what the key must do (a command with a key missing here fails
# `test_every_menu_key_is_checked`).
CASES: dict[str, Case] = {
    "New debrief…": Case(_dialog("NewDebriefDialog")),
    "Start meeting…": Case(_meeting_opened),
    "Mark meeting held…": Case(_dialog("HeldDialog")),
    "Letters…": Case(_letters_opened),
    "Follow-up plan…": Case(_dialog("PlanDialog")),
    "Export…": Case(_dialog("ExportDialog")),
    "Import…": Case(_dialog("QFileDialog")),  # asks for the file first
    "Quit": Case(_closed),
    "Undo delete": Case(_undone, _after_a_delete),
    "Find…": Case(_search_focused, _on_detail),
    "Edit details…": Case(_dialog("EditDebriefDialog")),
    "Delete debrief…": Case(_asked_to_delete),
    "Copy for CRM": Case(_copied),
    "Sender profile…": Case(_dialog("SenderProfileDialog")),
    "Debriefs": Case(_page(lambda w: w.list_page), _on_detail),
    "Follow-ups": Case(_page(lambda w: w.followups.page)),
    "Insights": Case(_insights_shown),
    "Back to the list": Case(_page(lambda w: w.list_page), _on_detail),
    "Account history": Case(_page(lambda w: w.browsing.account_page)),
    "Trash": Case(_page(lambda w: w.browsing.trash_page)),
    "Full screen": Case(_full_screen),
    "Keyboard shortcuts": Case(_dialog("ShortcutsDialog")),
}


def _menu_actions(window: MainWindow) -> dict[str, QAction]:
    found = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        for action in menu.actions() if menu is not None else []:
            if not action.isSeparator() and not action.shortcut().isEmpty():
                found[action.text().replace("&", "")] = action
    return found


def test_every_menu_key_is_checked(window: MainWindow) -> None:
    actions = _menu_actions(window)
    assert sorted(actions) == sorted(CASES)
    # Enabled from the start, features unbuilt: all but Undo, which waits for a delete.
    assert [name for name, a in actions.items() if not a.isEnabled()] == ["Undo delete"]
    rows = {command for _menu, command, _keys in shortcut_rows(window.menuBar())}
    assert rows == set(CASES)  # and Help ▸ Keyboard shortcuts lists them all


def _close_file_dialog_when_shown(seen: list[str]) -> QTimer:
    """A file dialog runs its own event loop: note it and close it from inside that loop."""
    timer = QTimer()
    timer.setInterval(20)

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QFileDialog):
            seen.append(modal.windowTitle())
            modal.reject()

    timer.timeout.connect(look)
    timer.start()
    return timer


@pytest.mark.parametrize("command", sorted(CASES))
def test_each_menu_key_works_from_a_fresh_window(
    qtbot: QtBot, window: MainWindow, store: Store, command: str
) -> None:
    # Nothing but the list is built yet: the key itself builds the feature.
    assert window.browsing.built_detail_page is None
    assert window.meeting_mode.built_page is None
    assert window.pages.count() == 2  # the list, and Insights' empty host
    debrief_id = add_meeting(store)
    case = CASES[command]
    action = _menu_actions(window)[command]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    target = case.setup(qtbot, window, debrief_id)
    assert action.isEnabled(), command
    fired: list[bool] = []
    action.triggered.connect(lambda *_: fired.append(True))
    combination = action.shortcut()[0]
    seen: list[str] = []
    closer = _close_file_dialog_when_shown(seen) if command == "Import…" else None
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
    if closer is not None:
        closer.stop()
        assert seen == ["Import a Debrief export"]
    else:
        case.check(qtbot, window, debrief_id)
    assert fired == [True], command


# -- no two keys collide ------------------------------------------------------------------------


WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _keys(top: QWidget) -> list[tuple[str, bool, str]]:
    """(key, window-wide?, what) for every action and shortcut that belongs to the window `top`."""
    found: list[tuple[str, bool, str]] = []
    actions = {id(a): a for a in top.findChildren(QAction)}
    for widget in [top, *top.findChildren(QWidget)]:
        if widget.window() is top:
            actions.update({id(a): a for a in widget.actions()})
    for action in actions.values():
        for key in action.shortcuts():
            wide = action.shortcutContext() in WINDOW_WIDE
            found.append((key.toString(), wide, action.text().replace("&", "")))
    for shortcut in top.findChildren(QShortcut):
        for key in shortcut.keys():  # noqa: SIM118 (a QShortcut, not a dict)
            wide = shortcut.context() in WINDOW_WIDE
            found.append((key.toString(), wide, f"shortcut on {type(shortcut.parent()).__name__}"))
    return [k for k in found if k[0]]


def _collisions(keys: list[tuple[str, bool, str]]) -> list[str]:
    """A window-wide key used twice, or also by a part of the window (Qt then runs neither)."""
    wide: dict[str, str] = {}
    clashes = []
    for key, is_wide, what in keys:
        if is_wide:
            if key in wide and wide[key] != what:
                clashes.append(f"{key}: {wide[key]} / {what}")
            wide[key] = what
    for key, is_wide, what in keys:
        if not is_wide and key in wide:
            clashes.append(f"{key}: {wide[key]} (window) / {what}")
    return clashes


def test_no_two_keys_of_the_main_window_collide(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = add_meeting(store)
    # Build every page and panel (the meeting screen's capture keys, the agenda's, the panel's).
    window.list_page.refresh(select_id=debrief_id)
    window.browsing.open_debrief(debrief_id)
    window.browsing.open_account(get_debrief(store, debrief_id).account_id)
    window.browsing.show_trash()
    window.followups.show_agenda()
    window.list_page.refresh(select_id=debrief_id)
    window.show_list()
    window.meeting_mode.start_action.trigger()
    window.meeting_mode.page.prepare.start_button.click()
    assert window.meeting_mode.page.in_meeting()
    keys = _keys(window)
    named = {key for key, _wide, _what in keys}
    assert {"Ctrl+Shift+C", "Ctrl+Shift+Q", "Ctrl+Shift+W", "Ctrl+Shift+R"} <= named
    assert {"Ctrl+M", "Ctrl+L", "Ctrl+Shift+D", "Esc"} <= named
    assert _collisions(keys) == []


def test_no_two_keys_of_the_letters_window_collide(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = add_meeting(store)
    dialog = window.letter_actions.open_letters(debrief_id)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    keys = _keys(dialog)
    assert len(keys) >= 3
    assert _collisions(keys) == []
    dialog.close()


def test_a_clash_is_found() -> None:
    """The check itself: the same key twice window-wide, or window-wide and on a part."""
    assert _collisions([("Ctrl+M", True, "Start meeting"), ("Ctrl+M", True, "Mark")]) != []
    assert _collisions([("Ctrl+M", True, "Start meeting"), ("Ctrl+M", False, "Note")]) != []
    assert _collisions([("Esc", False, "Back"), ("Esc", False, "Leave")]) == []
    assert QKeySequence("Ctrl+Shift+C").toString() == "Ctrl+Shift+C"
