"""Browsing past debriefs in the main window: the detail, account and trash pages, and the
actions that move between them (search, open, edit, delete with undo, samples).

Kept out of MainWindow so the window stays a thin shell; the window calls `Browsing(window)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton, QWidget

from debrief.debriefs.lifecycle import get_debrief
from debrief.debriefs.trash import empty_trash, restore_debrief, trash_debrief
from debrief.samples import has_samples, load_samples, remove_samples

from ..backup_dialogs import offer_backup_purge
from ..forms.edit_account_dialog import EditAccountDialog
from ..forms.edit_debrief_dialog import EditDebriefDialog
from ..operations import attempt
from ..widgets.confirm import confirm
from .account_view import AccountPage
from .debrief_list import ACCOUNT_ID_ROLE
from .debrief_view import DebriefPage
from .trash_view import TrashPage

if TYPE_CHECKING:
    from ..main_window import MainWindow

# Actions other features put on the window; the detail page shows them as buttons if present.
WORKFLOW_ACTIONS = ("meeting_action", "letters_action")


def _scope(action: QAction, *widgets: QWidget) -> None:
    """Make the action's shortcut work only while the focus is inside one of `widgets`."""
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    for widget in widgets:
        widget.addAction(action)


class Browsing(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        store = window.store
        self.undo_stack: list[str] = []
        self.detail_page = DebriefPage(store)
        self.account_page = AccountPage(store)
        self.trash_page = TrashPage(store)
        for page in (self.detail_page, self.account_page, self.trash_page):
            window.pages.addWidget(page)
            page.back_requested.connect(window.show_list)

        lst = window.list_page
        lst.open_requested.connect(self.open_debrief)
        lst.samples_requested.connect(self.load_samples)
        self.detail_page.edit_requested.connect(self.edit_debrief)
        self.detail_page.delete_requested.connect(self.delete_debrief)
        self.detail_page.account_requested.connect(self.open_account)
        self.account_page.open_requested.connect(self.open_debrief)
        self.account_page.edit_requested.connect(self.edit_account)
        self.trash_page.restore_requested.connect(self.restore)
        self.trash_page.empty_requested.connect(self.empty_trash)
        window.changes.debriefs_changed.connect(self._data_changed)
        window.changes.debrief_changed.connect(lambda _id: self._data_changed())
        window.changes.accounts_changed.connect(self._reload_account)

        self._build_actions()

    # -- actions and menus ----------------------------------------------------------------------

    def _build_actions(self) -> None:
        w = self.window

        def act(text: str, slot: object, shortcut: object = None) -> QAction:
            action = QAction(text, w)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            return action

        self.find_action = act("&Find…", self.find, QKeySequence.StandardKey.Find)
        self.back_action = act("&Back to the list", self.back, Qt.Key.Key_Escape)
        self.edit_action = act("&Edit details…", self.edit_current, "Ctrl+E")
        self.delete_action = act("&Delete debrief…", self.delete_current, Qt.Key.Key_Delete)
        self.undo_action = act("&Undo delete", self.undo, QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        self.account_action = act("&Account history", self.account_current, "Ctrl+H")
        self.trash_action = act("&Trash", self.show_trash, "Ctrl+T")
        self.load_samples_action = act("&Load sample debriefs", self.load_samples)
        self.remove_samples_action = act("&Remove sample debriefs…", self.remove_samples)
        w.edit_menu.addAction(self.undo_action)
        w.edit_menu.addSeparator()
        for action in (self.find_action, self.edit_action, self.delete_action):
            w.edit_menu.addAction(action)
        for action in (self.back_action, self.account_action, self.trash_action):
            w.view_menu.addAction(action)
        first = w.help_menu.actions()[0] if w.help_menu.actions() else None
        w.help_menu.insertAction(first, self.load_samples_action)
        w.help_menu.insertAction(first, self.remove_samples_action)
        w.help_menu.insertSeparator(first)
        w.help_menu.aboutToShow.connect(self._update_sample_actions)
        self._update_sample_actions()
        # Keys that mean something else on other features' pages (a meeting, a letter) only
        # work on the browsing pages.
        lst, detail = w.list_page, self.detail_page
        mine = (lst, detail, self.account_page, self.trash_page)
        _scope(self.back_action, *mine)
        _scope(self.undo_action, *mine)
        _scope(self.edit_action, lst, detail)
        _scope(self.delete_action, lst.table, detail)
        _scope(self.account_action, lst, detail)
        # Undo stays one click away in the status bar while there is something to undo.
        self.undo_button = QToolButton()
        self.undo_button.setObjectName("undoButton")
        self.undo_button.setDefaultAction(self.undo_action)
        self.undo_button.hide()
        w.statusBar().addPermanentWidget(self.undo_button)

    def _update_sample_actions(self) -> None:
        present = has_samples(self.window.store)
        self.load_samples_action.setEnabled(not present)
        self.remove_samples_action.setEnabled(present)

    # -- navigation -----------------------------------------------------------------------------

    def find(self) -> None:
        self.window.show_list()
        self.window.list_page.focus_search()

    def back(self) -> None:
        """Esc: back to the list; on the list, clear the search first."""
        lst = self.window.list_page
        if self.window.pages.currentWidget() is lst:
            if lst.search.text():
                lst.search.clear()
                lst.filter_bar.apply_now()
            return
        self.window.show_list()
        lst.table.setFocus()

    def open_debrief(self, debrief_id: str) -> None:
        actions = [getattr(self.window, name, None) for name in WORKFLOW_ACTIONS]
        self.detail_page.set_actions([a for a in actions if isinstance(a, QAction)])
        if self.detail_page.show_debrief(debrief_id):
            self.window.pages.setCurrentWidget(self.detail_page)
            self.detail_page.browser.setFocus()

    def open_account(self, account_id: str) -> None:
        if self.account_page.show_account(account_id):
            self.window.pages.setCurrentWidget(self.account_page)
            self.account_page.browser.setFocus()

    def account_current(self) -> None:
        page = self.window.pages.currentWidget()
        if page is self.detail_page and self.detail_page.current_account_id():
            self.open_account(self.detail_page.current_account_id())
            return
        index = self.window.list_page.table.currentIndex()
        if page is self.window.list_page and index.isValid():
            self.open_account(self.window.list_page.model.data(index, ACCOUNT_ID_ROLE))

    def show_trash(self) -> None:
        self.trash_page.refresh()
        self.window.pages.setCurrentWidget(self.trash_page)
        self.trash_page.table.setFocus()

    # -- changes --------------------------------------------------------------------------------

    def edit_current(self) -> None:
        debrief_id = self.window.current_debrief_id()
        if debrief_id:
            self.edit_debrief(debrief_id)

    def edit_debrief(self, debrief_id: str) -> EditDebriefDialog | None:
        dialog = attempt(
            self.window, lambda: EditDebriefDialog(self.window.store, debrief_id, self.window)
        )
        if dialog is None:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda saved: self.window.changes.debrief_changed.emit(saved.id))
        dialog.open()
        return dialog

    def edit_account(self, account_id: str) -> EditAccountDialog | None:
        dialog = attempt(
            self.window, lambda: EditAccountDialog(self.window.store, account_id, self.window)
        )
        if dialog is None:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _saved: self._account_saved())
        dialog.open()
        return dialog

    def _account_saved(self) -> None:
        self.window.changes.accounts_changed.emit()
        self.window.changes.debriefs_changed.emit()  # the list shows account names

    def delete_current(self) -> None:
        debrief_id = self.window.current_debrief_id()
        if debrief_id:
            self.delete_debrief(debrief_id)

    def delete_debrief(self, debrief_id: str) -> None:
        found = attempt(self.window, lambda: get_debrief(self.window.store, debrief_id))
        if found is None:
            return
        confirm(
            self.window,
            "Delete debrief",
            f"Move “{found.account_name} — {found.opportunity}” to the trash?\n\n"
            "You can undo this with Ctrl+Z, or restore it from View → Trash.",
            "Move to trash",
            lambda: self._trash(debrief_id),
        )

    def _trash(self, debrief_id: str) -> None:
        trashed = attempt(self.window, lambda: trash_debrief(self.window.store, debrief_id))
        if trashed is None:
            return
        self.undo_stack.append(debrief_id)
        self._update_undo()
        if self.window.pages.currentWidget() is self.detail_page:
            self.window.show_list()
        self.window.changes.debriefs_changed.emit()
        self.window.statusBar().showMessage(
            f"Moved “{trashed.account_name} — {trashed.opportunity}” to the trash. "
            "Ctrl+Z brings it back.",
            15000,
        )

    def undo(self) -> None:
        if not self.undo_stack:
            return
        self.restore(self.undo_stack[-1])

    def restore(self, debrief_id: str) -> None:
        restored = attempt(self.window, lambda: restore_debrief(self.window.store, debrief_id))
        if debrief_id in self.undo_stack:
            self.undo_stack.remove(debrief_id)
        self._update_undo()
        if restored is None:
            return
        self.window.changes.debriefs_changed.emit()
        if self.window.pages.currentWidget() is self.window.list_page:
            self.window.list_page.select(debrief_id)
        self.window.statusBar().showMessage(
            f"Restored “{restored.account_name} — {restored.opportunity}”.", 8000
        )

    def empty_trash(self) -> None:
        confirm(
            self.window,
            "Empty trash",
            "Delete every debrief in the trash for good?\n\nThis can't be undone.",
            "Delete for good",
            self._empty,
        )

    def _empty(self) -> None:
        removed = attempt(self.window, lambda: empty_trash(self.window.store))
        self.undo_stack.clear()
        self._update_undo()
        self.window.changes.debriefs_changed.emit()
        self.window.statusBar().showMessage(f"Deleted {removed or 0} debriefs for good.", 8000)
        offer_backup_purge(self.window, self.window.store, self.window.paths.backups, removed or 0)

    def _update_undo(self) -> None:
        self.undo_action.setEnabled(bool(self.undo_stack))
        self.undo_button.setVisible(bool(self.undo_stack))

    def load_samples(self) -> None:
        added = attempt(self.window, lambda: load_samples(self.window.store))
        self._update_sample_actions()
        if added:
            self.window.changes.debriefs_changed.emit()
            self.window.changes.accounts_changed.emit()
            self.window.show_list()
            self.window.statusBar().showMessage(
                f"Loaded {added} sample debriefs. Help → Remove sample debriefs takes them away.",
                10000,
            )

    def remove_samples(self) -> None:
        confirm(
            self.window,
            "Remove sample debriefs",
            "Remove all sample debriefs and their invented customers?\n\n"
            "Your own debriefs are not touched.",
            "Remove samples",
            self._remove_samples,
        )

    def _remove_samples(self) -> None:
        removed = attempt(self.window, lambda: remove_samples(self.window.store))
        self._update_sample_actions()
        self.undo_stack.clear()
        self._update_undo()
        if self.window.pages.currentWidget() in (self.detail_page, self.account_page):
            self.window.show_list()
        self.window.changes.debriefs_changed.emit()
        self.window.changes.accounts_changed.emit()
        self.window.statusBar().showMessage(f"Removed {removed or 0} sample debriefs.", 8000)

    def _data_changed(self) -> None:
        """Refresh the page in view; the others reload when they are opened."""
        current = self.window.pages.currentWidget()
        if current is self.trash_page:
            self.trash_page.refresh()
        elif current is self.detail_page and (
            not self.detail_page.reload() or self.detail_page.detail.debrief.deleted_at
        ):
            self.window.show_list()
        self._reload_account()

    def _reload_account(self) -> None:
        if (
            self.window.pages.currentWidget() is self.account_page
            and not self.account_page.reload()
        ):
            self.window.show_list()
