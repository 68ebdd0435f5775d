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
    """`progress(stage, done, total)` for the core; shows a window only for large work.

    With `pump=False` (work inside a write transaction) updates only repaint the window: running
    the event loop there could let a timer (an autosave) write inside the import's transaction.
    Call `begin` before such work so the window is up before the transaction starts.
    """

    def __init__(self, parent: QWidget | None, title: str, pump: bool = True) -> None:
        self.parent = parent
        self.title = title
        self.pump = pump
        self.dialog: QProgressDialog | None = None
        self._last = 0.0

    def begin(self, stage: str, total: int) -> None:
        """Show the window now (outside any transaction) if the work is large."""
        if total >= LARGE:
            self._ensure_dialog()
            assert self.dialog is not None
            self.dialog.setLabelText(f"{stage}…")
            self.dialog.setMaximum(total)
            self.dialog.setValue(0)
            self.dialog.show()
            QApplication.processEvents()

    def _ensure_dialog(self) -> None:
        if self.dialog is None:
            dialog = QProgressDialog(self.parent)
            dialog.setWindowTitle(self.title)
            # A modal QProgressDialog runs the event loop in setValue(); without `pump` it must
            # not (no input reaches the window anyway while the work runs on this thread).
            modality = (
                Qt.WindowModality.ApplicationModal if self.pump else Qt.WindowModality.NonModal
            )
            dialog.setWindowModality(modality)
            dialog.setCancelButton(None)  # an import is all or nothing; stopping midway isn't
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setMinimumWidth(420)
            self.dialog = dialog

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < LARGE:
            return
        self._ensure_dialog()
        assert self.dialog is not None
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        self.dialog.setLabelText(f"{stage}: {done:,} of {total:,}")
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        if self.pump:
            self.dialog.show()
            QApplication.processEvents()
        else:
            self.dialog.repaint()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
