"""File ▸ Import…: check the file, show what importing it would do, and import on the rep's say.

Nothing is written until the rep presses Import; a rejected file is explained (what is wrong and
where) and changes nothing. The import takes a backup first and is one transaction.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from debrief.exchange.importing import ImportResult, preview_import, run_import
from debrief.exchange.merge import Counts, ImportPlan

from ..operations import Operations
from ..unsaved import save_typing_first
from .progress import WorkProgress

COLUMNS = ("New", "Updated", "Unchanged", "Skipped as older")


def check_file(ops: Operations, path: Path, parent: QWidget | None) -> ImportPlan | None:
    """Read and check the file (a rejection is shown once, in plain words); None if rejected."""
    if not save_typing_first(parent):
        return None  # typing still to land would otherwise be compared (and later written) stale
    progress = WorkProgress(parent, "Checking the file")
    try:
        outcome = ops.run(parent, lambda: preview_import(ops.store, path, progress))
    finally:
        progress.close()
    return outcome.value if outcome.ok else None


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportResult

    def __init__(
        self, ops: Operations, plan: ImportPlan, backups: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.plan = plan
        self.backups = backups
        self.setWindowTitle(f"Import {plan.file.name}")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{plan.file.name}</b> is a sound Debrief export. Importing it merges it with "
            "your data: the newer edit of each record wins, and a debrief trashed on either "
            "side stays trashed."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        for col, title in enumerate(COLUMNS, 1):
            header = QLabel(f"<b>{title}</b>")
            header.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(header, 0, col)
        self.cells: dict[tuple[str, str], QLabel] = {}
        rows: list[tuple[str, Counts]] = [
            ("Debriefs", plan.debrief_counts),
            ("Customers", plan.account_counts),
            ("People", plan.contact_counts),
        ]
        for row, (label, counts) in enumerate(rows, 1):
            grid.addWidget(QLabel(label), row, 0)
            values = (counts.new, counts.updated, counts.unchanged, counts.skipped)
            for col, (title, value) in enumerate(zip(COLUMNS, values, strict=True), 1):
                cell = QLabel(f"{value:,}")
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                self.cells[(label, title)] = cell
                grid.addWidget(cell, row, col)
        layout.addLayout(grid)

        if plan.skipped:
            layout.addWidget(
                QLabel("Kept as they are here (edited later here, or at the same moment):")
            )
            self.skipped_list = QListWidget()
            for item in plan.skipped[:200]:
                self.skipped_list.addItem(f"{item.kind.capitalize()}: {item.title}")
            if len(plan.skipped) > 200:
                self.skipped_list.addItem(f"… and {len(plan.skipped) - 200:,} more")
            self.skipped_list.setMaximumHeight(140)
            layout.addWidget(self.skipped_list)

        if plan.changes_anything:
            note = (
                f"Before importing, Debrief backs up your data to {backups}. The import is all "
                "or nothing."
            )
        elif plan.skipped:
            note = (
                "Nothing in this file is newer than what you have: importing it would change "
                "nothing."
            )
        else:
            note = "Everything in this file is already here: importing it would change nothing."
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(plan.changes_anything)
        self.import_button.setDefault(plan.changes_anything)
        buttons.accepted.connect(self.do_import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def do_import(self) -> ImportResult | None:
        if not save_typing_first(self):
            return None
        progress = WorkProgress(self, "Importing", pump=False)
        progress.begin("Importing", len(self.plan.debriefs))
        try:
            outcome = self.ops.run(
                self, lambda: run_import(self.ops.store, self.plan, self.backups, progress)
            )
        finally:
            progress.close()
        if not outcome.ok:
            return None
        result = outcome.unwrap()
        self.imported.emit(result)
        self.accept()
        return result
