"""Before the report is saved: what it covers, and whether notes about our people go in.

Saving stays on the GUI thread on purpose: it is a rare, deliberate action whose result the rep
waits for. While it is written the dialog stays up and says so, with its buttons off.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from debrief.insights.filters import InsightFilters


class ReportDialog(QDialog):
    chosen = Signal(object, bool)  # Path, include notes about our people

    def __init__(self, filters: InsightFilters, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Competitive-intelligence report")
        lines = "\n".join(f"{label}: {value}" for label, value in filters.filter_lines())
        intro = QLabel(
            "An internal PDF for the company: every page is marked Internal, and it may quote "
            "internal notes. It covers what the Insights page shows now:"
        )
        intro.setWordWrap(True)
        covered = QLabel(lines)
        covered.setObjectName("reportFilters")
        covered.setTextFormat(Qt.TextFormat.PlainText)
        self.people = QCheckBox("Include what customers said about our own &people")
        self.people.setToolTip(
            "Feedback on colleagues, given in confidence. Left out unless ticked."
        )
        self.progress = QLabel("")
        self.progress.setObjectName("reportProgress")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        save = buttons.addButton("&Save PDF…", QDialogButtonBox.ButtonRole.AcceptRole)
        save.setDefault(True)
        buttons.accepted.connect(self._choose_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, covered, self.people, self.progress, buttons):
            layout.addWidget(widget)

    def _choose_file(self) -> None:
        name = f"Competitive-intelligence report {date.today().isoformat()}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the report", str(Path.home() / name), "PDF files (*.pdf)"
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.progress.setText("Adding up your debriefs and writing the report…")
        self.buttons.setEnabled(False)
        self.people.setEnabled(False)
        self.progress.repaint()
        self.chosen.emit(Path(path), self.people.isChecked())
        self.accept()
