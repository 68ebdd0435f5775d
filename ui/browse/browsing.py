"""Browsing past debriefs: the detail, account and trash pages, and the actions that move
between them (search, open, edit, delete with undo, samples).

Built by the main window with a `Shell`; it exposes its pages and actions as attributes and the
window places them. Only the actions are made at start (the list page is the window's): each
page and dialog, and the modules behind it, is built the first time it is needed. The built
pages update or close themselves from the runner's change broadcast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton, QWidget

from debrief.changes import ChangeSet
from debrief.debriefs.lifecycle import get_debrief, has_samples

from ..shell import Lazy, Shell, closed_because_removed
from ..widgets.confirm import confirm
from .debrief_list import ACCOUNT_ID_ROLE, DebriefListPage

if TYPE_CHECKING:  # the pages and dialogs load the first time they are needed
    from ..forms.attendees_dialog import AttendeesDialog
    from ..forms.edit_account_dialog import EditAccountDialog
    from ..forms.edit_debrief_dialog import EditDebriefDialog
    from ..forms.person_dialog import PersonDialog
    from .account_view import AccountPage
    from .debrief_view import DebriefPage
    from .trash_view import TrashPage

Keys = QKeySequence | QKeySequence.StandardKey | Qt.Key | str


def _scope(action: QAction, *widgets: QWidget) -> None:
    """Make the action's shortcut work only while the focus is inside one of `widgets`."""
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    for widget in widgets:
        widget.addAction(action)


class Browsing(QObject):
    def __init__(self, shell: Shell, list_page: DebriefListPage) -> None:
        super().__init__(shell.parent)
        self.store, self.ops, self.nav = shell.store, shell.ops, shell.nav
        self.parent_widget = shell.parent  # parent of dialogs
        self.list_page = list_page
        self.undo_stack: list[str] = []
        self._detail = Lazy(self._build_detail_page)
        self._account = Lazy(self._build_account_page)
        self._trash_page = Lazy(self._build_trash_page)
        self._workflow_actions: list[QAction] = []
        # Other features' panels on a debrief's page: (make the panel, show it for a debrief).
        self._detail_panels: list[tuple[Callable[[], QWidget], Callable[[str], object]]] = []

        list_page.open_requested.connect(self.open_debrief)
        list_page.samples_requested.connect(self.load_samples)
        self.ops.changed.connect(self._data_changed)

        self._build_actions()

    # -- the pages, built when first needed -----------------------------------------------------

    @property
    def detail_page(self) -> DebriefPage:
        return self._detail.get()

    @property
    def built_detail_page(self) -> DebriefPage | None:
        """The debrief's page if it was built (nothing else can be in view)."""
        return self._detail.built

    @property
    def account_page(self) -> AccountPage:
        return self._account.get()

    @property
    def trash_page(self) -> TrashPage:
        return self._trash_page.get()

    def _adopt(self, page: QWidget, *scoped: QAction) -> None:
        """A page just built: its keys (see `_build_actions`), then into the window."""
        for action in scoped:
            _scope(action, page)
        self.nav.add_page(page)

    def _build_detail_page(self) -> DebriefPage:
        from .debrief_view import DebriefPage

        page = DebriefPage(self.store)
        page.back_requested.connect(self.nav.show_list)
        page.edit_requested.connect(self.edit_debrief)
        page.delete_requested.connect(self.delete_debrief)
        page.account_requested.connect(self.open_account)
        page.edit_person_requested.connect(self.edit_person)
        page.attendees_requested.connect(self.edit_attendees)
        page.set_actions(self._workflow_actions)
        for make_panel, show_for in self._detail_panels:
            page.add_panel(make_panel())
            page.shown.connect(show_for)
        self._adopt(
            page,
            self.back_action,
            self.undo_action,
            self.edit_action,
            self.delete_action,
            self.account_action,
        )
        return page

    def _build_account_page(self) -> AccountPage:
        from .account_view import AccountPage

        page = AccountPage(self.store)
        page.back_requested.connect(self.nav.show_list)
        page.open_requested.connect(self.open_debrief)
        page.edit_requested.connect(self.edit_account)
        page.add_person_requested.connect(lambda a: self.edit_person(a, None))
        page.edit_person_requested.connect(self._edit_person_of_account)
        self._adopt(page, self.back_action, self.undo_action)
        return page

    def _build_trash_page(self) -> TrashPage:
        from .trash_view import TrashPage

        page = TrashPage(self.store)
        page.back_requested.connect(self.nav.show_list)
        page.restore_requested.connect(self.restore)
        page.empty_requested.connect(self.empty_trash)
        self._adopt(page, self.back_action, self.undo_action)
        return page

    # -- actions --------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        def act(text: str, slot: Callable[[], None], shortcut: Keys | None = None) -> QAction:
            action = QAction(text, self.parent_widget)
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
        self._update_sample_actions()
        # Keys that mean something else on other features' pages (a meeting, a letter) only
        # work on the browsing pages (the others are scoped as they are built).
        lst = self.list_page
        _scope(self.back_action, lst)
        _scope(self.undo_action, lst)
        _scope(self.edit_action, lst)
        _scope(self.delete_action, lst.table)
        _scope(self.account_action, lst)
        # Undo stays one click away (the window puts this in its status bar) while there is
        # something to undo.
        self.undo_button = QToolButton()
        self.undo_button.setObjectName("undoButton")
        self.undo_button.setDefaultAction(self.undo_action)
        self.undo_button.hide()

    def set_workflow_actions(self, actions: list[QAction]) -> None:
        """Other features' steps for one debrief (Start meeting, Letters…), shown as buttons on
        its page in the given order."""
        self._workflow_actions = list(actions)
        if (page := self._detail.built) is not None:
            page.set_actions(self._workflow_actions)

    def add_detail_panel(
        self, make_panel: Callable[[], QWidget], show_for: Callable[[str], object]
    ) -> None:
        """Another feature's panel on a debrief's page (follow-ups' "What to do next"): made
        when the page is first built; `show_for` is told each debrief the page shows."""
        self._detail_panels.append((make_panel, show_for))
        if (page := self._detail.built) is not None:
            page.add_panel(make_panel())
            page.shown.connect(show_for)

    def _update_sample_actions(self) -> None:
        present = has_samples(self.store)
        self.load_samples_action.setEnabled(not present)
        self.remove_samples_action.setEnabled(present)

    # -- navigation -----------------------------------------------------------------------------

    def find(self) -> None:
        self.nav.show_list()
        self.list_page.focus_search()

    def back(self) -> None:
        """Esc: back to the list; on the list, clear the search first."""
        lst = self.list_page
        if self.nav.is_current(lst):
            if lst.search.text():
                lst.search.clear()
                lst.filter_bar.apply_now()
            return
        self.nav.show_list()
        lst.table.setFocus()

    def open_debrief(self, debrief_id: str) -> None:
        if self.detail_page.show_debrief(debrief_id):
            self.nav.show_page(self.detail_page)
            self.detail_page.browser.setFocus()

    def open_account(self, account_id: str) -> None:
        if self.account_page.show_account(account_id):
            self.nav.show_page(self.account_page)
            self.account_page.browser.setFocus()

    def account_current(self) -> None:
        detail = self._detail.built
        account_id = detail.current_account_id() if detail is not None else None
        if detail is not None and self.nav.is_current(detail) and account_id:
            self.open_account(account_id)
            return
        index = self.list_page.table.currentIndex()
        if self.nav.is_current(self.list_page) and index.isValid():
            listed = self.list_page.model.data(index, ACCOUNT_ID_ROLE)
            if isinstance(listed, str):
                self.open_account(listed)

    def show_trash(self) -> None:
        self.trash_page.refresh()
        self.nav.show_page(self.trash_page)
        self.trash_page.table.setFocus()

    # -- changes --------------------------------------------------------------------------------

    def edit_current(self) -> None:
        debrief_id = self.nav.current_debrief_id()
        if debrief_id:
            self.edit_debrief(debrief_id)

    def edit_debrief(self, debrief_id: str) -> EditDebriefDialog | None:
        from ..forms.edit_debrief_dialog import EditDebriefDialog

        parent = self.parent_widget
        return self.ops.open_dialog(parent, lambda: EditDebriefDialog(self.ops, debrief_id, parent))

    def edit_account(self, account_id: str) -> EditAccountDialog | None:
        from ..forms.edit_account_dialog import EditAccountDialog

        parent = self.parent_widget
        return self.ops.open_dialog(parent, lambda: EditAccountDialog(self.ops, account_id, parent))

    def _edit_person_of_account(self, contact_id: str) -> None:
        account = self._account.built
        if account is not None and account.account_id:
            self.edit_person(account.account_id, contact_id)

    def edit_person(self, account_id: str, contact_id: str | None) -> PersonDialog | None:
        """Add a person to the account (contact_id None) or correct one."""
        from ..forms.person_dialog import PersonDialog

        parent = self.parent_widget
        return self.ops.open_dialog(
            parent,
            lambda: PersonDialog(self.ops, account_id, contact_id, parent),
        )

    def edit_attendees(self, debrief_id: str) -> AttendeesDialog | None:
        from ..forms.attendees_dialog import AttendeesDialog

        parent = self.parent_widget
        return self.ops.open_dialog(parent, lambda: AttendeesDialog(self.ops, debrief_id, parent))

    def delete_current(self) -> None:
        debrief_id = self.nav.current_debrief_id()
        if debrief_id:
            self.delete_debrief(debrief_id)

    def delete_debrief(self, debrief_id: str) -> None:
        found = self.ops.run(self.parent_widget, lambda: get_debrief(self.store, debrief_id))
        if not found.ok:
            return
        d = found.unwrap()
        confirm(
            self.parent_widget,
            "Delete debrief",
            f"Move “{d.account_name} — {d.opportunity}” to the trash?\n\n"
            "You can undo this with Ctrl+Z, or restore it from View → Trash.",
            "Move to trash",
            lambda: self._trash(debrief_id),
        )

    def _trash(self, debrief_id: str) -> None:
        from debrief.debriefs.trash import trash_debrief

        outcome = self.ops.run(self.parent_widget, lambda: trash_debrief(self.store, debrief_id))
        if not outcome.ok:
            return
        trashed = outcome.unwrap()
        self.undo_stack.append(debrief_id)
        self._update_undo()
        self.nav.show_message(
            f"Moved “{trashed.account_name} — {trashed.opportunity}” to the trash. "
            "Ctrl+Z brings it back.",
            15000,
        )

    def undo(self) -> None:
        if not self.undo_stack:
            return
        self.restore(self.undo_stack[-1])

    def restore(self, debrief_id: str) -> None:
        from debrief.debriefs.trash import restore_debrief

        outcome = self.ops.run(self.parent_widget, lambda: restore_debrief(self.store, debrief_id))
        if debrief_id in self.undo_stack:
            self.undo_stack.remove(debrief_id)
        self._update_undo()
        if not outcome.ok:
            return
        restored = outcome.unwrap()
        if self.nav.is_current(self.list_page):
            self.list_page.select(debrief_id)
        self.nav.show_message(f"Restored “{restored.account_name} — {restored.opportunity}”.")

    def empty_trash(self) -> None:
        confirm(
            self.parent_widget,
            "Empty trash",
            "Delete every debrief in the trash for good?\n\nThis can't be undone.",
            "Delete for good",
            self._empty,
        )

    def _empty(self) -> None:
        from debrief.debriefs.trash import empty_trash

        from ..backup_dialogs import offer_backup_purge

        outcome = self.ops.run(self.parent_widget, lambda: empty_trash(self.store))
        self.undo_stack.clear()
        self._update_undo()
        if outcome.ok:
            self.nav.show_message(f"Deleted {outcome.unwrap()} debriefs for good.")
            offer_backup_purge(
                self.parent_widget, self.store, outcome.unwrap(), self.nav.show_message
            )

    def _update_undo(self) -> None:
        self.undo_action.setEnabled(bool(self.undo_stack))
        self.undo_button.setVisible(bool(self.undo_stack))

    def load_samples(self) -> None:
        from debrief.samples import load_samples

        outcome = self.ops.run(self.parent_widget, lambda: load_samples(self.store))
        if outcome.ok and outcome.unwrap():
            self.nav.show_list()
            self.nav.show_message(
                f"Loaded {outcome.unwrap()} sample debriefs. "
                "Help → Remove sample debriefs takes them away.",
                10000,
            )

    def remove_samples(self) -> None:
        confirm(
            self.parent_widget,
            "Remove sample debriefs",
            "Remove all sample debriefs and their invented customers?\n\n"
            "Your own debriefs are not touched.",
            "Remove samples",
            self._remove_samples,
        )

    def _remove_samples(self) -> None:
        from debrief.samples import remove_samples

        outcome = self.ops.run(self.parent_widget, lambda: remove_samples(self.store))
        self.undo_stack.clear()
        self._update_undo()
        if outcome.ok:
            self.nav.show_message(f"Removed {outcome.unwrap()} sample debriefs.")

    # -- the change broadcast -------------------------------------------------------------------

    def _data_changed(self, changes: ChangeSet) -> None:
        """Refresh the page in view, or leave it when what it shows is gone; the other pages
        re-read when they are opened."""
        if changes.added or changes.removed:
            self._update_sample_actions()
        detail = self._detail.built
        detail_id = detail.current_debrief_id() if detail is not None else None
        if (
            detail is not None
            and self.nav.is_current(detail)
            and detail_id
            and changes.touches(detail_id)
        ):
            if detail_id in changes.removed:
                self.nav.show_list()
                self.nav.show_message(closed_because_removed(self.store, detail_id, "the page"))
            elif not detail.reload() or self._detail_in_trash(detail):
                self.nav.show_list()
        trash = self._trash_page.built
        if (
            trash is not None
            and self.nav.is_current(trash)
            and (changes.added or changes.removed or changes.debriefs)
        ):
            trash.refresh()
        account = self._account.built
        if (
            account is not None
            and self.nav.is_current(account)
            and (changes.accounts or changes.listing)
            and not account.reload()
        ):
            self.nav.show_list()

    @staticmethod
    def _detail_in_trash(page: DebriefPage) -> bool:
        detail = page.detail
        return detail is not None and bool(detail.debrief.deleted_at)
