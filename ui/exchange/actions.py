"""The window's way into data exchange: File ▸ Export… (Ctrl+Shift+S), File ▸ Import…
(Ctrl+Shift+O) and Copy for CRM (Ctrl+Shift+R) on the debrief in view.

The window calls `install_exchange(window)`; everything else lives here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from debrief.changes import ChangeSet
from debrief.exchange.crm import copy_for_crm
from debrief.exchange.export import ExportResult
from debrief.exchange.importing import ImportResult
from debrief.search.browse import Filters

from ..operations import Operations
from .export_dialog import ExportDialog
from .import_dialog import ImportDialog, check_file

if TYPE_CHECKING:
    from ..main_window import MainWindow


def _window_ops(window: MainWindow) -> Operations:
    """The window's one runner. Until the window owns one (`window.ops`), a runner here whose
    broadcasts reach the window's older change signals."""
    ops = getattr(window, "ops", None)
    if isinstance(ops, Operations):
        return ops
    ops = Operations(window.store, window)
    changes = getattr(window, "changes", None)

    def relay(change: ChangeSet) -> None:
        if changes is None:
            return
        if change.added or change.removed or change.debriefs:
            changes.debriefs_changed.emit()
        if change.accounts:
            changes.accounts_changed.emit()
        for debrief_id in change.debriefs | change.letters:
            changes.debrief_changed.emit(debrief_id)

    ops.changed.connect(relay)
    return ops


class ExchangeActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ops = _window_ops(window)
        self.export_action = QAction("&Export…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.export_action.setStatusTip("Save debriefs as JSON, CSV or an Excel workbook")
        self.export_action.triggered.connect(lambda: self.open_export())
        self.import_action = QAction("&Import…", window)
        self.import_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.import_action.setStatusTip("Merge a Debrief JSON export into your data")
        self.import_action.triggered.connect(lambda: self.choose_import())
        self.copy_for_crm_action = QAction("Copy for C&RM", window)
        self.copy_for_crm_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.copy_for_crm_action.setStatusTip(
            "Copy a short note of this loss for your CRM's closed-lost field"
        )
        self.copy_for_crm_action.triggered.connect(lambda: self.copy_for_crm())

    # -- export -------------------------------------------------------------------------------

    def current_filters(self) -> Filters | None:
        model = getattr(getattr(self.window, "list_page", None), "model", None)
        filters = getattr(model, "filters", None)
        return filters if isinstance(filters, Filters) else None

    def _documents(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(folder) if folder else Path.home()

    def open_export(self) -> ExportDialog:
        dialog = ExportDialog(self.ops, self.current_filters(), self._documents(), self.window)
        dialog.exported.connect(self._exported)
        dialog.open()
        return dialog

    def _exported(self, result: ExportResult) -> None:
        self.window.statusBar().showMessage(
            f"{result.debriefs:,} debriefs exported to {result.path}. {result.notice}", 15000
        )

    # -- import -------------------------------------------------------------------------------

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import a Debrief export", str(self._documents()), "JSON files (*.json)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> ImportDialog | None:
        """Check the file, then show what importing it would do (the rep confirms or cancels)."""
        plan = check_file(self.ops, path, self.window)
        if plan is None:
            return None
        dialog = ImportDialog(self.ops, plan, self.window.paths.backups, self.window)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, result: ImportResult) -> None:
        counts = result.applied.debriefs
        self.window.statusBar().showMessage(
            f"Imported: {counts.new:,} new and {counts.updated:,} updated debriefs. "
            f"Backup of the data before the import: {result.backup}",
            15000,
        )

    # -- Copy for CRM -------------------------------------------------------------------------

    def copy_for_crm(self) -> str | None:
        debrief_id = self.window.current_debrief_id()
        if debrief_id is None:
            self.window.statusBar().showMessage("Open or select a debrief to copy.", 5000)
            return None
        parent: QWidget = self.window
        outcome = self.ops.run(parent, lambda: copy_for_crm(self.ops.store, debrief_id))
        if not outcome.ok:
            return None
        text = outcome.unwrap()
        QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage(
            "A note of this loss is on the clipboard: paste it into your CRM's closed-lost notes.",
            8000,
        )
        return text


def install_exchange(window: MainWindow) -> ExchangeActions:
    """Export… and Import… on the File menu, Copy for CRM on the Edit menu (and the window)."""
    actions = ExchangeActions(window)
    menu = window.file_menu
    quit_separator = next((a for a in reversed(menu.actions()) if a.isSeparator()), None)
    if quit_separator is None:
        menu.addActions([actions.export_action, actions.import_action])
    else:
        menu.insertActions(quit_separator, [actions.export_action, actions.import_action])
    menu.insertSeparator(actions.export_action)
    window.edit_menu.addAction(actions.copy_for_crm_action)
    # Also a button on the detail page (see WORKFLOW_ACTIONS in browse/browsing.py).
    window.copy_for_crm_action = actions.copy_for_crm_action  # type: ignore[attr-defined]
    return actions
