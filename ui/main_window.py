"""The main window: menus, the debrief list, and the pages opened from it."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

import debrief
from debrief.model import Debrief
from debrief.store.database import Store

from .browse.browsing import Browsing
from .browse.debrief_list import DebriefListPage
from .changes import Changes
from .exchange.actions import install_exchange
from .forms.new_debrief_dialog import NewDebriefDialog
from .letters.actions import LetterActions
from .meeting.hookup import install_meeting
from .paths import AppPaths
from .widgets.shortcuts_dialog import ShortcutsDialog


class MainWindow(QMainWindow):
    def __init__(self, store: Store, paths: AppPaths, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.paths = paths
        self.changes = Changes(self)
        self.settings = QSettings(str(paths.window_settings), QSettings.Format.IniFormat)
        self.setWindowTitle(debrief.APP_NAME)
        self.setMinimumSize(720, 480)

        self.pages = QStackedWidget()
        self.list_page = DebriefListPage(store)
        self.pages.addWidget(self.list_page)
        self.setCentralWidget(self.pages)

        self.list_page.new_requested.connect(self.new_debrief)
        self.changes.debriefs_changed.connect(self.list_page.refresh_when_shown)
        self.changes.debrief_changed.connect(self.list_page.refresh_when_shown)

        self._build_menus()
        # Meeting mode (issue 3): page, "Start meeting…" (Ctrl+M), question sets, full screen.
        self.meeting_mode = install_meeting(self)
        # Export, import and Copy for CRM (ui/exchange): File ▸ Export…/Import….
        self.exchange = install_exchange(self)
        # Browsing: detail, account and trash pages; search, edit, delete/undo, samples.
        self.browsing = Browsing(self)
        self._restore_geometry()
        self.statusBar().showMessage(f"Data folder: {paths.data_dir}", 8000)

    # -- menus --------------------------------------------------------------------------------

    def _action(
        self, text: str, slot: object, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action(
            "&New debrief…", self.new_debrief, QKeySequence.StandardKey.New
        )
        file_menu.addAction(self.new_action)
        # Letters (ui/letters): File ▸ Letters… (Ctrl+L) on the debrief in view,
        # Edit ▸ Sender profile… (Ctrl+,).
        self.letter_actions = LetterActions(self)
        self.letters_action = self.letter_actions.letters_action
        file_menu.addAction(self.letters_action)
        file_menu.addSeparator()
        quit_action = self._action("&Quit", self.close)
        # Some desktops define no standard Quit key; Ctrl+Q is what people expect there.
        quit_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        )
        file_menu.addAction(quit_action)
        self.file_menu = file_menu
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.letter_actions.profile_action)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addAction(self._action("&Debriefs", self.show_list, "Ctrl+1"))
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(
            self._action(
                "&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents
            )
        )
        help_menu.addAction(self._action("&About Debrief", self.about))
        help_menu.addAction(self._action("About &Qt", lambda: QMessageBox.aboutQt(self)))
        self.help_menu = help_menu

    # -- actions ------------------------------------------------------------------------------

    def new_debrief(self) -> NewDebriefDialog:
        """Open the form (window-modal, not blocking) to log a lost deal."""
        rep_name = str(self.settings.value("rep_name", "") or "")
        dialog = NewDebriefDialog(self.store, rep_name=rep_name, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._debrief_created)
        dialog.open()
        return dialog

    def _debrief_created(self, created: Debrief) -> None:
        self.settings.setValue("rep_name", created.rep_name)
        self.changes.debriefs_changed.emit()
        self.changes.accounts_changed.emit()
        self.show_list()
        self.list_page.refresh(select_id=created.id)

    def current_debrief_id(self) -> str | None:
        """The debrief the user is looking at or has selected, whatever the page."""
        page = self.pages.currentWidget()
        getter = getattr(page, "current_debrief_id", None)
        return getter() if getter else None

    def show_list(self) -> None:
        self.pages.setCurrentWidget(self.list_page)

    def show_shortcuts(self) -> ShortcutsDialog:
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

    # -- window state -------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1280, int(screen.width() * 0.92)), min(800, int(screen.height() * 0.9)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
