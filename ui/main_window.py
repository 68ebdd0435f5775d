"""The main window, the shell: it owns the one operation runner, builds each feature with what
it needs (see `shell.Shell`), adds their pages to its stack and places their actions in its
menus in the order declared below. Features never reach back into the window.

At start it builds the list page and the menus with every action and its key, nothing else:
each feature builds its pages and dialogs the first time they are needed and hands a page to
the stack (`add_page`) when built. What must happen at start but not before the window is seen
(the follow-ups' due count and notifier) runs just after the first paint."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QStackedWidget, QWidget

import debrief
from debrief.changes import ChangeSet
from debrief.store.database import Store

from .browse.browsing import Browsing
from .browse.debrief_list import DebriefListPage
from .exchange.actions import Exchange
from .followups.feature import Followups
from .insights.hookup import Insights
from .letters.actions import LetterActions
from .meeting.hookup import MeetingMode
from .operations import Operations
from .paths import AppPaths
from .shell import Shell
from .unsaved import savers_in, settle_unsaved

if TYPE_CHECKING:  # built when first asked for
    from debrief.model import Debrief

    from .browse.debrief_view import DebriefPage
    from .forms.new_debrief_dialog import NewDebriefDialog
    from .insights.hookup import InsightsHost
    from .meeting.page import MeetingPage
    from .widgets.shortcuts_dialog import ShortcutsDialog

Entry = QAction | None  # None: a separator


class MainWindow(QMainWindow):
    # File ▸ Restore from backup…: the session (ui/session.py) answers, because restoring
    # replaces the store this window is built on.
    restore_requested = Signal()

    def __init__(self, store: Store, paths: AppPaths, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.paths = paths
        self.ops = Operations(store, self)
        self.settings = QSettings(str(paths.window_settings), QSettings.Format.IniFormat)
        self.setWindowTitle(debrief.APP_NAME)
        self.setMinimumSize(720, 480)

        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.list_page = DebriefListPage(store)
        self.list_page.new_requested.connect(self.new_debrief)
        self.ops.changed.connect(self._list_changed)

        shell = Shell(store=store, ops=self.ops, settings=self.settings, nav=self, parent=self)
        self.browsing = Browsing(shell, self.list_page)
        self.meeting_mode = MeetingMode(shell)
        self.letter_actions = LetterActions(shell)
        self.followups = Followups(
            shell,
            open_debrief=self.browsing.open_debrief,
            open_letters=self.letter_actions.open_letters,
        )
        self.exchange = Exchange(shell, paths.backups, lambda: self.list_page.model.filters)
        # Insights (issue 13): its page and matplotlib are built on first use, inside its host.
        self.insights = Insights(
            shell,
            open_debrief=self.browsing.open_debrief,
            export_debriefs=self.exchange.export_chosen,
        )
        # Workflow steps offered as buttons on a debrief's page, in this order.
        self.browsing.set_workflow_actions(
            [
                self.meeting_mode.start_action,
                self.meeting_mode.held_action,
                self.letter_actions.letters_action,
                self.exchange.copy_for_crm_action,
            ]
        )

        self.pages.addWidget(self.list_page)
        self.pages.addWidget(self.insights.host)  # an empty page until Insights is opened
        # A debrief's page shows what to do next about it (follow-ups' panel), made with it.
        self.browsing.add_detail_panel(
            lambda: self.followups.panel,
            lambda debrief_id: self.followups.panel.show_for(debrief_id),
        )

        self.new_action = self._action(
            "&New debrief…", self.new_debrief, QKeySequence.StandardKey.New
        )
        self.restore_action = self._action("&Restore from backup…", self.restore_requested.emit)
        self.quit_action = self._action("&Quit", self.close)
        # Some desktops define no standard Quit key; Ctrl+Q is what people expect there.
        self.quit_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        )
        self.list_action = self._action("&Debriefs", self.show_list, "Ctrl+1")
        self.fullscreen_action = self._action("&Full screen", None, "F11")
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.toggled.connect(self.set_full_screen)
        self.addAction(self.fullscreen_action)  # F11 works while the menu bar is hidden
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents
        )
        self.about_action = self._action("&About Debrief", self.about)
        self.about_qt_action = self._action("About &Qt", lambda: QMessageBox.aboutQt(self))
        self._build_menus()
        self.statusBar().addPermanentWidget(self.browsing.undo_button)
        self.statusBar().addPermanentWidget(self.followups.badge)

        self._restore_geometry()
        self.statusBar().showMessage(f"Data folder: {paths.data_dir}", 8000)
        self._started = False  # the work after the first paint was done
        self._closed = False
        self.installEventFilter(self)

    # -- after the first paint ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            QTimer.singleShot(0, self._after_first_paint)
        elif watched is self and event.type() == QEvent.Type.Show:
            # Should a platform never paint the frame itself, the work still runs.
            QTimer.singleShot(1000, self._after_first_paint)
        return super().eventFilter(watched, event)

    def _after_first_paint(self) -> None:
        """Start-up work the first window doesn't show: the follow-ups' due count, notifier."""
        if self._started or self._closed:
            return
        self._started = True
        self.followups.start()

    # -- menus --------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object] | None,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _menu(self, title: str, entries: list[Entry]) -> QMenu:
        menu = self.menuBar().addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            else:
                menu.addAction(entry)
        return menu

    def _build_menus(self) -> None:
        browse, meeting, letters = self.browsing, self.meeting_mode, self.letter_actions
        followups = self.followups
        self.file_menu = self._menu(
            "&File",
            [
                self.new_action,
                meeting.start_action,
                meeting.held_action,
                letters.letters_action,
                followups.plan_action,
                followups.relationship_action,
                followups.export_action,
                None,
                self.exchange.export_action,
                self.exchange.import_action,
                self.restore_action,
                None,
                self.quit_action,
            ],
        )
        self.edit_menu = self._menu(
            "&Edit",
            [
                browse.undo_action,
                None,
                browse.find_action,
                browse.edit_action,
                browse.delete_action,
                self.exchange.copy_for_crm_action,
                None,
                meeting.question_sets_action,
                letters.profile_action,
                followups.settings_action,
            ],
        )
        self.view_menu = self._menu(
            "&View",
            [
                self.list_action,
                followups.agenda_action,
                self.insights.action,
                browse.back_action,
                browse.account_action,
                browse.trash_action,
                None,
                self.fullscreen_action,
            ],
        )
        self.help_menu = self._menu(
            "&Help",
            [
                browse.load_samples_action,
                browse.remove_samples_action,
                None,
                self.shortcuts_action,
                self.about_action,
                self.about_qt_action,
            ],
        )

    # -- navigation (what features may ask of the window: shell.Navigation) -------------------

    def add_page(self, page: QWidget) -> None:
        if self.pages.indexOf(page) < 0:
            self.pages.addWidget(page)

    def show_page(self, page: QWidget) -> None:
        self.add_page(page)
        self.pages.setCurrentWidget(page)

    def show_list(self) -> None:
        self.pages.setCurrentWidget(self.list_page)

    def is_current(self, page: QWidget) -> bool:
        return self.pages.currentWidget() is page

    def current_page(self) -> QWidget | None:
        return self.pages.currentWidget()

    def current_debrief_id(self) -> str | None:
        """The debrief the user is looking at or has selected, whatever the page."""
        page = self.pages.currentWidget()
        # Pages that can have one debrief in view (a page not built yet can't be in view).
        views: tuple[DebriefListPage | DebriefPage | MeetingPage | InsightsHost | None, ...] = (
            self.list_page,
            self.browsing.built_detail_page,
            self.meeting_mode.built_page,
            self.insights.host,
        )
        for view in views:
            if view is not None and view is page:
                return view.current_debrief_id()
        return None

    def show_message(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # -- actions ------------------------------------------------------------------------------

    def new_debrief(self) -> NewDebriefDialog:
        """Open the form (window-modal, not blocking) to log a lost deal."""
        from .forms.new_debrief_dialog import NewDebriefDialog

        rep_name = str(self.settings.value("rep_name", "") or "")
        dialog = NewDebriefDialog(self.ops, rep_name=rep_name, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._debrief_created)
        dialog.open()
        return dialog

    def _debrief_created(self, created: Debrief) -> None:
        self.settings.setValue("rep_name", created.rep_name)
        self.show_list()
        self.list_page.refresh(select_id=created.id)
        # Issue 11: straight to the new debrief, where "What to do next" waits with its draft.
        self.browsing.open_debrief(created.id)

    def _list_changed(self, changes: ChangeSet) -> None:
        if changes.listing:
            self.list_page.refresh_when_shown()

    def show_shortcuts(self) -> ShortcutsDialog:
        from .widgets.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.menuBar(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Debrief",
            f"<h3>Debrief {debrief.__version__}</h3>"
            "<p>Turn a lost deal into a lesson, a good relationship and often a second chance.</p>"
            f"<p>Your data stays on this computer, in<br><code>{self.paths.data_dir}</code></p>",
        )

    def set_full_screen(self, on: bool) -> None:
        """Distraction-free: the whole screen, no menu bar or status bar (F11 again to leave)."""
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    # -- window state -------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1280, int(screen.width() * 0.92)), min(800, int(screen.height() * 0.9)))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Text that can't be saved is never closed away: every editor's pending saves are
        # written, or the rep decides (try again, keep a copy, or quit without it).
        if not settle_unsaved(self, savers_in(self), leaving="quit"):
            event.ignore()
            return
        # Write what the meeting holds, then close the letters windows (they keep their text).
        self.meeting_mode.leave()
        self.letter_actions.close_all()
        self.followups.stop()
        self._closed = True
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
