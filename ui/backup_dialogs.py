"""File ▸ Restore from backup…, and the offer to delete old backups after deleting for good."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from debrief.store.backups import BackupSummary, delete_backups, list_backups, summarize
from debrief.store.database import Store

from .damage_dialog import describe_backup

REASON_WORDS = {
    "daily": "Daily",
    "before-upgrade": "Before an update of Debrief",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
    "after-purge": "After deleting for good",
}


class RestoreDialog(QDialog):
    """Lists every backup with its date and debrief count; Restore asks once, then hands the
    chosen backup to `restore` (the session backs up the current data first)."""

    def __init__(
        self, backups_dir: Path, restore: Callable[[BackupSummary], object], parent: QWidget | None
    ):
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.resize(620, 380)
        self._restore = restore
        self.summaries = summarize(backups_dir)
        intro = QLabel(
            "Debrief keeps a copy of your data each day you use it and before every update. "
            "Restoring replaces what Debrief holds now with the copy you pick; what it holds now "
            "is backed up first, so you can come back to it."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.summaries), 3)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(["Taken", "Debriefs", "Why"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for row, s in enumerate(self.summaries):
            count = "can't be read" if s.debriefs is None else str(s.debriefs)
            cells = [
                s.backup.local_time.strftime("%a %d %b %Y, %H:%M"),
                count,
                REASON_WORDS.get(s.backup.reason, s.backup.reason),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.empty = QLabel("There are no backups yet. Debrief takes one each day you use it.")
        self.empty.setVisible(not self.summaries)
        self.table.setVisible(bool(self.summaries))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setObjectName("restoreButton")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._confirm)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.doubleClicked.connect(lambda _i: self._confirm())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(buttons)
        if self.summaries:
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def selected(self) -> BackupSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        chosen = self.summaries[rows[0].row()]
        return chosen if chosen.debriefs is not None else None

    def _confirm(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore from backup",
            f"Replace what Debrief holds now with {describe_backup(chosen)}?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmRestore")
        box.setInformativeText("What Debrief holds now is backed up first and stays in the list.")
        go = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        go.setObjectName("confirmRestoreButton")
        box.setDefaultButton(go)
        box.finished.connect(lambda _r: self._answered(box.clickedButton() is go, chosen))
        box.open()

    def _answered(self, go: bool, chosen: BackupSummary) -> None:
        if not go:
            return
        self.accept()
        self._restore(chosen)


def offer_backup_purge(
    parent: QWidget,
    store: Store,
    removed: int,
    say: Callable[[str], object] | None = None,
) -> None:
    """After deleting for good: older backups still hold that text. Say so, offer to delete them.

    Deleting them first takes a fresh backup of the data as it is now, so the rep is never left
    without one. `say` puts a line in the status bar.
    """
    backups_dir = store.backup_dir
    if backups_dir is None:
        return
    older = list_backups(backups_dir)
    if not removed or not older:
        return
    copies = "1 backup" if len(older) == 1 else f"{len(older)} backups"
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Deleted for good",
        f"The deleted debriefs are gone from Debrief, but {copies} taken earlier still "
        f"{'holds' if len(older) == 1 else 'hold'} their text.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("purgeBackupsDialog")
    box.setInformativeText(
        "Delete those backups too? Debrief first takes a new backup of your data as it is now."
    )
    purge = box.addButton("Delete older backups", QMessageBox.ButtonRole.DestructiveRole)
    purge.setObjectName("purgeBackups")
    keep = box.addButton("Keep them", QMessageBox.ButtonRole.RejectRole)
    keep.setObjectName("keepBackups")
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)

    def answered(_result: int) -> None:
        if box.clickedButton() is not purge:
            return
        fresh = store.backup("after-purge")
        cutoff = next(b.taken_at for b in list_backups(backups_dir) if b.path == fresh)
        gone = delete_backups(backups_dir, before=cutoff)
        if say is not None:
            say(f"Deleted {gone} older backups; one new backup kept.")

    box.finished.connect(answered)
    box.open()
