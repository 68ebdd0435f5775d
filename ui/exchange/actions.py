"""Data exchange in the window: File ▸ Export… (Ctrl+Shift+S), File ▸ Import… (Ctrl+Shift+O)
and Copy for CRM (Ctrl+Shift+K) on the debrief in view.

A feature like the others (see `shell.Shell`): the main window builds `Exchange(shell, …)`,
places its actions in its menus and its Copy for CRM among the debrief page's buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog

from debrief.search.browse import Filters

from ..shell import Shell

if TYPE_CHECKING:  # the exchange code and its dialogs load when first used, not at start-up
    from debrief.exchange.export import ExportResult
    from debrief.exchange.importing import ImportResult

    from .export_dialog import ChosenDebriefs, ExportDialog
    from .import_dialog import ImportDialog


class Exchange(QObject):
    """Owns Export…, Import… and Copy for CRM.

    `backups` is where an import's backup goes; `list_filters` gives the list's current filters
    (so Export… can offer "the list as filtered now").
    """

    def __init__(
        self,
        shell: Shell,
        backups: Path,
        list_filters: Callable[[], Filters | None] = lambda: None,
    ) -> None:
        super().__init__(shell.parent)
        self.store, self.ops, self.nav = shell.store, shell.ops, shell.nav
        self.parent_widget = shell.parent
        self.backups = backups
        self.list_filters = list_filters
        self.export_action = QAction("&Export…", shell.parent)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.export_action.setStatusTip("Save debriefs as JSON, CSV or an Excel workbook")
        self.export_action.triggered.connect(lambda: self.open_export())
        self.import_action = QAction("&Import…", shell.parent)
        self.import_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.import_action.setStatusTip("Merge a Debrief JSON export into your data")
        self.import_action.triggered.connect(lambda: self.choose_import())
        self.copy_for_crm_action = QAction("Copy for C&RM", shell.parent)
        self.copy_for_crm_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.copy_for_crm_action.setStatusTip(
            "Copy a short note of this loss for your CRM's closed-lost field"
        )
        self.copy_for_crm_action.triggered.connect(lambda: self.copy_for_crm())

    # -- export -------------------------------------------------------------------------------

    def _documents(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(folder) if folder else Path.home()

    def open_export(self, chosen: ChosenDebriefs | None = None) -> ExportDialog:
        """The export dialog; `chosen` adds (and picks) another view's debriefs (Insights)."""
        from .export_dialog import ExportDialog

        dialog = ExportDialog(
            self.ops, self.list_filters(), self._documents(), self.parent_widget, chosen
        )
        dialog.exported.connect(self._exported)
        dialog.open()
        return dialog

    def export_chosen(
        self, ids: tuple[str, ...], label: str, chosen_by: dict[str, str | None]
    ) -> ExportDialog:
        """Export… from another view (Insights) with the debriefs it chose."""
        from .export_dialog import ChosenDebriefs

        return self.open_export(ChosenDebriefs(ids, label, chosen_by))

    def _exported(self, result: ExportResult) -> None:
        self.nav.show_message(
            f"{result.debriefs:,} debriefs exported to {result.path}. {result.notice}", 15000
        )

    # -- import -------------------------------------------------------------------------------

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget,
            "Import a Debrief export",
            str(self._documents()),
            "JSON files (*.json)",
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> ImportDialog | None:
        """Check the file, then show what importing it would do (the rep confirms or cancels)."""
        from .import_dialog import ImportDialog, check_file

        plan = check_file(self.ops, path, self.parent_widget)
        if plan is None:
            return None
        dialog = ImportDialog(self.ops, plan, self.backups, self.parent_widget)
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, result: ImportResult) -> None:
        counts = result.applied.debriefs
        self.nav.show_message(
            f"Imported: {counts.new:,} new and {counts.updated:,} updated debriefs. "
            f"Backup of the data before the import: {result.backup}",
            15000,
        )

    # -- Copy for CRM -------------------------------------------------------------------------

    def copy_for_crm(self) -> str | None:
        debrief_id = self.nav.current_debrief_id()
        if debrief_id is None:
            self.nav.show_message("Open or select a debrief to copy.", 5000)
            return None
        from debrief.exchange.crm import copy_for_crm

        outcome = self.ops.run(self.parent_widget, lambda: copy_for_crm(self.store, debrief_id))
        if not outcome.ok:
            return None
        text = outcome.unwrap()
        QGuiApplication.clipboard().setText(text)
        self.nav.show_message(
            "A note of this loss is on the clipboard: paste it into your CRM's closed-lost notes."
        )
        return text
