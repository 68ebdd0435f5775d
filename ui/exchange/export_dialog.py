"""File ▸ Export…: what to export (all or the filtered list), in which format, and whether the
file is for colleagues (full, with internal notes) or for the customer (shareable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from debrief.exchange.export import ExportFormat, ExportOptions, ExportResult, export
from debrief.exchange.format import FULL_NOTICE, SHAREABLE_NOTICE
from debrief.search import browse
from debrief.search.browse import Filters

from ..operations import Operations
from .progress import WorkProgress

FORMATS = {
    ExportFormat.JSON: (
        "&JSON: every field, for another copy of Debrief (a full export can be imported)",
        "JSON files (*.json)",
    ),
    ExportFormat.CSV: (
        "&CSV: one row per debrief, for a spreadsheet or a CRM import",
        "CSV files (*.csv)",
    ),
    ExportFormat.XLSX: (
        "E&xcel workbook: debriefs, reasons, requests and follow-ups",
        "Excel workbooks (*.xlsx)",
    ),
}


@dataclass(frozen=True)
class ChosenDebriefs:
    """Debriefs another view chose (Insights: the ones its filters count), offered as "which"."""

    ids: tuple[str, ...]
    label: str  # "The debriefs behind &Insights"
    chosen_by: dict[str, str | None] = field(default_factory=dict)  # the file's "filters"


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult

    def __init__(
        self,
        ops: Operations,
        filters: Filters | None = None,
        start_dir: Path | None = None,
        parent: QWidget | None = None,
        chosen: ChosenDebriefs | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.chosen = chosen
        self.store = ops.store
        self.filters = filters if filters is not None and filters.is_narrowed() else None
        self.start_dir = start_dir or Path.home()
        self.setWindowTitle("Export debriefs")
        layout = QVBoxLayout(self)

        which = QGroupBox("Which debriefs")
        which_layout = QVBoxLayout(which)
        total = browse.count(self.store, Filters())
        trashed = browse.count(self.store, Filters(trashed=True))
        label = f"&All debriefs ({total:,})"
        if trashed:
            label = (
                f"&All debriefs ({total:,}; a JSON export also keeps the {trashed:,} in the trash)"
            )
        self.all_button = QRadioButton(label)
        self.all_button.setChecked(True)
        which_layout.addWidget(self.all_button)
        listed = browse.count(self.store, self.filters) if self.filters else 0
        self.filtered_button = QRadioButton(f"The &list as filtered now ({listed:,})")
        self.filtered_button.setEnabled(self.filters is not None)
        if self.filters is None:
            self.filtered_button.setToolTip("Search or filter the list first")
        which_layout.addWidget(self.filtered_button)
        self.chosen_button: QRadioButton | None = None
        if chosen is not None:
            self.chosen_button = QRadioButton(f"{chosen.label} ({len(chosen.ids):,})")
            which_layout.addWidget(self.chosen_button)  # first: one choice among siblings
            self.chosen_button.setChecked(True)  # the rep asked from that view
        layout.addWidget(which)

        kind = QGroupBox("Format")
        kind_layout = QVBoxLayout(kind)
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[ExportFormat, QRadioButton] = {}
        for fmt, (label, _pattern) in FORMATS.items():
            button = QRadioButton(label)
            self.format_group.addButton(button)
            self.format_buttons[fmt] = button
            kind_layout.addWidget(button)
        self.format_buttons[ExportFormat.JSON].setChecked(True)
        layout.addWidget(kind)

        self.shareable = QCheckBox("Customer-&shareable: leave internal notes out")
        self.shareable.toggled.connect(self._update)
        layout.addWidget(self.shareable)
        self.include_pdf = QCheckBox("Include the letters' &PDF files")
        layout.addWidget(self.include_pdf)

        self.notice = QLabel()
        self.notice.setObjectName("exportNotice")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.choose_file)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        for button in self.format_buttons.values():
            button.toggled.connect(self._update)
        self._update()

    # -- state --------------------------------------------------------------------------------

    def selected_format(self) -> ExportFormat:
        return next(f for f, b in self.format_buttons.items() if b.isChecked())

    def options(self) -> ExportOptions:
        fmt = self.selected_format()
        if self.chosen is not None and self.chosen_button and self.chosen_button.isChecked():
            return ExportOptions(
                format=fmt,
                shareable=self.shareable.isChecked(),
                include_pdf=self.include_pdf.isChecked() and self.include_pdf.isEnabled(),
                debrief_ids=self.chosen.ids,
                chosen_by=self.chosen.chosen_by,
            )
        return ExportOptions(
            format=fmt,
            filters=self.filters if self.filtered_button.isChecked() else None,
            shareable=self.shareable.isChecked(),
            include_pdf=self.include_pdf.isChecked() and self.include_pdf.isEnabled(),
        )

    def _update(self) -> None:
        fmt = self.selected_format()
        self.include_pdf.setEnabled(fmt == ExportFormat.JSON)
        if self.shareable.isChecked():
            text = SHAREABLE_NOTICE
            if fmt == ExportFormat.JSON:
                text += " Use a full export to move your data to another computer."
            self.notice.setText(text)
        else:
            head, _, rest = FULL_NOTICE.partition(" (")
            self.notice.setText(f"<b>{head}</b> ({rest}" if rest else f"<b>{head}</b>")

    def suggested_name(self) -> str:
        options = self.options()
        scope = "shareable" if options.shareable else "internal"
        return f"debriefs-{scope}-{date.today().isoformat()}{options.format.suffix}"

    # -- doing it -----------------------------------------------------------------------------

    def choose_file(self) -> None:
        fmt = self.selected_format()
        path, _ = QFileDialog.getSaveFileName(
            self, "Export to", str(self.start_dir / self.suggested_name()), FORMATS[fmt][1]
        )
        if path:
            if not path.lower().endswith(fmt.suffix):
                path += fmt.suffix
            self.export_to(Path(path))

    def export_to(self, path: Path) -> ExportResult | None:
        """Write the export; on success close and say so (`exported`)."""
        options = self.options()
        progress = WorkProgress(self, "Exporting")
        try:
            outcome = self.ops.run(self, lambda: export(self.store, path, options, progress))
        finally:
            progress.close()
        if not outcome.ok:
            return None
        result = outcome.unwrap()
        self.exported.emit(result)
        self.accept()
        return result
