"""After the main window's first paint: the page-by-page check and the daily backup, off the GUI
thread (`debrief.store.after_open`), reported back on the GUI thread.

The window is never kept waiting for them: they start once it has painted (or after
`FALLBACK_MS` if it is never painted, say minimised), and their report arrives as a queued
signal. The session answers damage the way it answers damage found while running.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from debrief.store.after_open import AfterOpenCheck, AfterOpenReport

FALLBACK_MS = 3000


class AfterStartCheck(QObject):
    started = Signal()  # the worker thread is running (the window has painted)
    finished = Signal(object)  # AfterOpenReport, on the GUI thread; not sent when cancelled
    _reported = Signal(object)  # from the worker thread

    def __init__(self, database: Path, backups: Path | None, parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.backups = backups
        self._window: QWidget | None = None
        self._check: AfterOpenCheck | None = None
        self._cancelled = False
        self._watching = False
        # Queued, whatever thread emits: the report is handled on the GUI thread.
        self._reported.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def start_after_first_paint(self, window: QWidget, fallback_ms: int = FALLBACK_MS) -> None:
        self._window = window
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            self._watching = True
        QTimer.singleShot(fallback_ms, self, self._begin)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._watching
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._stop_watching()
            QTimer.singleShot(0, self, self._begin)  # once this paint is done
        return False

    def _stop_watching(self) -> None:
        if self._watching:
            self._watching = False
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)

    def _begin(self) -> None:
        self._stop_watching()
        if self._check is not None or self._cancelled:
            return
        self._check = AfterOpenCheck(self.database, self.backups, self._reported.emit)
        self._check.start()
        self.started.emit()

    def _deliver(self, report: AfterOpenReport) -> None:
        if not self._cancelled:
            self.finished.emit(report)

    @property
    def running(self) -> bool:
        return self._check is not None and self._check.running

    def cancel(self) -> bool:
        """Stop the check (or keep it from starting) and wait for its thread. True: ended."""
        self._cancelled = True
        self._stop_watching()
        return self._check.cancel() if self._check is not None else True
