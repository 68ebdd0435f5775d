"""A modal progress window for exports and imports that take more than a moment.

The work runs on the GUI thread (the database connection belongs to it); the progress callback
repaints the window now and then, so it never looks frozen. It is modal, so nothing else can
start while the import's transaction is open.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

LARGE = 1000  # items below which the work is quick and no window appears


class WorkProgress:
    """`progress(stage, done, total)` for the core; shows a window only for large work."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        self.parent = parent
        self.title = title
        self.dialog: QProgressDialog | None = None
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < LARGE:
            return
        if self.dialog is None:
            dialog = QProgressDialog(self.parent)
            dialog.setWindowTitle(self.title)
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            dialog.setCancelButton(None)  # an import is all or nothing; stopping midway isn't
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setMinimumWidth(420)
            self.dialog = dialog
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        self.dialog.setLabelText(f"{stage}: {done:,} of {total:,}")
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.show()
        QApplication.processEvents()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
