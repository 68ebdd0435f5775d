"""Saving follow-ups as an .ics file (all, or one) from the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from debrief.followups.agenda import all_followups
from debrief.followups.calendar import calendar_bytes, calendar_entries, write_calendar
from debrief.followups.model import Followup
from debrief.followups.settings import get_followup_settings
from debrief.letters.drafting import safe_filename
from debrief.store.database import Store

from ..operations import Operations


def export_calendar(
    store: Store,
    ops: Operations,
    parent: QWidget,
    path: Path,
    followup: Followup | None = None,
) -> Path | None:
    """Write all follow-ups (done and cancelled ones as cancellations), or one. What the
    entries say about the debrief and the customer comes from the customer view (an entry
    can be forwarded to the customer as an invitation)."""

    def write() -> Path:
        items = [followup] if followup is not None else all_followups(store)
        data = calendar_bytes(calendar_entries(store, items), get_followup_settings(store))
        return write_calendar(path, data)

    result = ops.run(parent, write)
    return result.unwrap() if result.ok else None


def ask_and_export(
    store: Store, ops: Operations, parent: QWidget, followup: Followup | None = None
) -> QFileDialog:
    """A save dialog (window-modal, not blocking); the file is written when a name is chosen."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    stem = f"Follow-up {followup.account_name} {followup.due}" if followup else "Debrief follow-ups"
    dialog = QFileDialog(parent, "Export follow-ups to a calendar file")
    dialog.setObjectName("icsSaveDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter("Calendar files (*.ics)")
    dialog.setDefaultSuffix("ics")
    dialog.setDirectory(folder)
    dialog.selectFile(safe_filename(stem, ".ics"))

    def chosen(name: str) -> None:
        written = export_calendar(store, ops, parent, Path(name), followup)
        bar = getattr(parent.window(), "statusBar", None)
        if written is not None and callable(bar):
            bar().showMessage(
                f"Saved {written.name}. Import it in your calendar; importing a newer export "
                "updates the same entries.",
                10_000,
            )

    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog
