"""The shell and its one runner: features are wired by the window, not patched into it, and
every open view follows the change broadcast (issue 8)."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from debrief.changes import ChangeSet
from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.debriefs.trash import empty_trash, trash_debrief
from debrief.errors import NotFoundError
from debrief.letters.drafting import list_letters, working_draft
from debrief.model import LossReason, NewDebrief
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.letter_data import add_meeting
from tests.typing import type_text
from tests.ui.test_browse import click_yes
from ui.letters.dialog import LettersDialog
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.widgets.shortcuts_dialog import shortcut_rows


def _new(window: MainWindow, store: Store, account: str = "Acme") -> str:
    created = window.ops.run_quietly(
        lambda: create_debrief(
            store,
            NewDebrief(
                account_name=account, contact_name="Ana", opportunity="Scanners", competitor="X"
            ),
        )
    )
    window.list_page.refresh(select_id=created.id)
    return created.id


def _start_meeting(qtbot: QtBot, window: MainWindow, store: Store) -> str:
    debrief_id = _new(window, store)
    window.meeting_mode.start_action.trigger()
    page = window.meeting_mode.page
    page.prepare.start_button.click()
    assert page.in_meeting()
    return debrief_id


# -- the runner's outcome -------------------------------------------------------------------------


def test_a_use_case_returning_none_is_a_success_not_a_failure(store: Store) -> None:
    ops = Operations(store)
    outcome = ops.run(None, lambda: None)
    assert outcome.ok and outcome.value is None


def test_a_failed_use_case_is_shown_once_and_broadcasts_nothing(
    qtbot: QtBot, store: Store, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr("ui.operations.show_problem", lambda _p, message: shown.append(message))
    ops = Operations(store)
    heard: list[ChangeSet] = []
    ops.changed.connect(heard.append)
    outcome = ops.run(None, lambda: trash_debrief(store, "gone"))
    assert not outcome.ok and isinstance(outcome.error, NotFoundError)
    assert shown == [str(outcome.error)] and heard == []


def test_nested_runs_broadcast_once(store: Store) -> None:
    ops = Operations(store)
    heard: list[ChangeSet] = []
    ops.changed.connect(heard.append)

    def two_use_cases() -> None:
        a = create_debrief(
            store,
            NewDebrief(account_name="A", contact_name="B", opportunity="C", competitor="D"),
        )
        ops.run_quietly(lambda: trash_debrief(store, a.id))

    ops.run_quietly(two_use_cases)
    assert len(heard) == 1
    assert heard[0].added and heard[0].removed == heard[0].added


# -- bug: choosing a new main reason left both radio buttons checked -------------------------------


def test_choosing_another_main_reason_unchecks_the_first(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = _start_meeting(qtbot, window, store)
    screen = window.meeting_mode.page.meeting_screen
    reasons = screen.reasons
    screen.tabs.setCurrentWidget(reasons)
    for category in (LossReason.PRICE_VALUE, LossReason.RELATIONSHIP):
        reasons.category.setCurrentIndex(reasons.category.findData(category.value))
        reasons.add_button.click()
    first, second = (reasons.primary_buttons[r.id] for r in load_record(store, debrief_id).reasons)
    assert first.isChecked() and not second.isChecked()
    qtbot.waitExposed(second)
    qtbot.mouseClick(second, Qt.MouseButton.LeftButton)
    saved = {r.category: r.is_primary for r in load_record(store, debrief_id).reasons}
    assert saved == {LossReason.PRICE_VALUE: False, LossReason.RELATIONSHIP: True}
    assert second.isChecked() and not first.isChecked()
    checked = [b for b in reasons.findChildren(QRadioButton) if b.isChecked()]
    assert checked == [second]


# -- bug: a letters window stayed open on a trashed debrief ----------------------------------------


def _open_letters(qtbot: QtBot, window: MainWindow, store: Store) -> LettersDialog:
    debrief_id = add_meeting(store)
    window.list_page.refresh(select_id=debrief_id)
    dialog = window.letter_actions.open_letters(debrief_id)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_trashing_a_debrief_closes_its_letters_window_keeping_the_text(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = _open_letters(qtbot, window, store)
    debrief_id = dialog.debrief_id
    dialog.editor.moveCursor(dialog.editor.textCursor().MoveOperation.End)
    type_text(dialog.editor, " PS: typed just before")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.list_page.table.setFocus()
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_Delete)
    click_yes(qtbot, window)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert debrief_id not in window.letter_actions.dialogs
    assert "to the trash" in window.statusBar().currentMessage()
    kept = working_draft(store, debrief_id, dialog.current_kind())
    assert kept is not None and kept.text.endswith("PS: typed just before")
    assert list_letters(store, debrief_id) == []  # nothing was kept on a trashed debrief


def test_a_removal_from_elsewhere_closes_the_letters_with_a_calm_message(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = _open_letters(qtbot, window, store)
    debrief_id = dialog.debrief_id
    account = dialog.material.account_name
    window.ops.run_quietly(lambda: trash_debrief(store, debrief_id))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    message = window.statusBar().currentMessage()
    assert message.startswith("Closed the letters of “" + account)
    assert message.endswith("it was moved to the trash.")


def test_a_debrief_deleted_for_good_closes_its_letters_without_an_error(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = _open_letters(qtbot, window, store)
    debrief_id = dialog.debrief_id
    type_text(dialog.subject, " now")

    def purge() -> None:
        with store.atomic():
            trash_debrief(store, debrief_id)
            empty_trash(store)

    window.ops.run_quietly(purge)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.statusBar().currentMessage() == ("Closed the letters: that debrief was deleted.")


# -- pages showing a removed debrief go back to the list -------------------------------------------


def test_a_meeting_on_a_removed_debrief_goes_back_to_the_list(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = _start_meeting(qtbot, window, store)
    page = window.meeting_mode.page
    type_text(page.meeting_screen.notepad, "kept in the trash")
    window.ops.run_quietly(lambda: trash_debrief(store, debrief_id))
    assert window.pages.currentWidget() is window.list_page
    assert window.current_debrief_id() != debrief_id
    assert window.statusBar().currentMessage() == (
        "Closed the meeting of “Acme — Scanners”: it was moved to the trash."
    )
    assert load_record(store, debrief_id).notepad == "kept in the trash"
    assert page.current_debrief_id() is None


def test_the_detail_page_of_a_removed_debrief_goes_back_to_the_list(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = _new(window, store)
    window.browsing.open_debrief(debrief_id)
    window.ops.run_quietly(lambda: trash_debrief(store, debrief_id))
    assert window.pages.currentWidget() is window.list_page
    assert "moved to the trash" in window.statusBar().currentMessage()
    assert window.list_page.model.rowCount() == 0


def test_the_open_pages_follow_an_edit_made_elsewhere(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from debrief.debriefs.accounts import update_account
    from debrief.debriefs.lifecycle import get_debrief

    debrief_id = _new(window, store)
    window.browsing.open_debrief(debrief_id)
    account_id = get_debrief(store, debrief_id).account_id
    window.ops.run_quietly(lambda: update_account(store, account_id, name="Acme Group"))
    assert window.browsing.detail_page.title.text() == "Acme Group — Scanners"


# -- the shell -------------------------------------------------------------------------------------


def _menus(window: MainWindow) -> dict[str, list[str]]:
    return {
        top.text(): [a.text() for a in top.menu().actions() if not a.isSeparator()]
        for top in window.menuBar().actions()
    }


def test_the_window_places_every_feature_action_in_its_menus(window: MainWindow) -> None:
    assert _menus(window) == {
        "&File": [
            "&New debrief…",
            "Start &meeting…",
            "Mark meeting &held…",
            "&Letters…",
            "Follow-up &plan…",
            "&Relationship outcome…",
            "E&xport follow-ups to calendar…",
            "&Export…",
            "&Import…",
            "&Restore from backup…",
            "&Quit",
        ],
        "&Edit": [
            "&Undo delete",
            "&Find…",
            "&Edit details…",
            "&Delete debrief…",
            "Copy for C&RM",
            "&Question sets…",
            "Sender &profile…",
            "Follow-up se&ttings…",
        ],
        "&View": [
            "&Debriefs",
            "&Follow-ups",
            "&Insights",
            "&Back to the list",
            "&Account history",
            "&Trash",
            "&Full screen",
        ],
        "&Help": [
            "&Load sample debriefs",
            "&Remove sample debriefs…",
            "&Keyboard shortcuts",
            "&About Debrief",
            "About &Qt",
        ],
    }
    keys = {command: key for _menu, command, key in shortcut_rows(window.menuBar())}
    for command, key in {
        "New debrief…": "Ctrl+N",
        "Start meeting…": "Ctrl+M",
        "Letters…": "Ctrl+L",
        "Undo delete": "Ctrl+Z",
        "Find…": "Ctrl+F",
        "Edit details…": "Ctrl+E",
        "Delete debrief…": "Del",
        "Sender profile…": "Ctrl+,",
        "Debriefs": "Ctrl+1",
        "Follow-ups": "Ctrl+2",
        "Follow-up plan…": "Ctrl+Shift+P",
        "Insights": "Ctrl+Shift+I",
        "Export…": "Ctrl+Shift+S",
        "Import…": "Ctrl+Shift+O",
        "Copy for CRM": "Ctrl+Shift+K",
        "Back to the list": "Esc",
        "Account history": "Ctrl+H",
        "Trash": "Ctrl+T",
        "Full screen": "F11",
        "Keyboard shortcuts": "F1",
    }.items():
        assert keys[command] == key, command


def test_sample_actions_follow_the_data(qtbot: QtBot, window: MainWindow) -> None:
    browse = window.browsing
    assert browse.load_samples_action.isEnabled() and not browse.remove_samples_action.isEnabled()
    browse.load_samples_action.trigger()
    assert not browse.load_samples_action.isEnabled() and browse.remove_samples_action.isEnabled()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_feature_imports_the_main_window_or_patches_it() -> None:
    ui = ROOT / "ui"
    offenders = []
    for path in ui.rglob("*.py"):
        # The app level builds the window (session.py swaps it when a backup is restored).
        if path.name in {"main_window.py", "app.py", "entry.py", "session.py"}:
            continue
        text = path.read_text(encoding="utf-8")
        if any(name.endswith("main_window") for name in _imports(path)):
            offenders.append(f"{path.name}: imports main_window")
        for word in ("self.window", "setattr(", "insertAction(", "getattr(window", "getattr(page"):
            if word in text:
                offenders.append(f"{path.relative_to(ROOT)}: {word}")
    assert offenders == []


def test_the_old_helpers_are_gone() -> None:
    import ui.operations

    assert not hasattr(ui.operations, "attempt")
    assert not (ROOT / "ui" / "changes.py").exists()
    main = (ROOT / "ui" / "main_window.py").read_text(encoding="utf-8")
    assert "getattr(" not in main and "setattr(" not in main
