"""Saving as you type: every change reaches the database within a second, without a Save button.

Edits register a save under a key (the latest one per key wins). The pending saves run at most
`delay_ms` after the first unsaved change, so even non-stop typing is written every half second,
and at once when `flush()` is called: on question change, page leave, window close and app quit.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from debrief.errors import DebriefError

if TYPE_CHECKING:
    from .operations import Operations

log = logging.getLogger("debrief")

DELAY_MS = 400
# A slow save (a huge note on a busy machine) spaces the next one out, so typing isn't interrupted
# twice a second; delay + save time still stays under the one-second promise.
MAX_DELAY_MS = 750


class Autosaver(QObject):
    saved = Signal()
    failed = Signal(str)  # a plain-words reason a save could not be made

    def __init__(
        self,
        parent: QObject | None = None,
        delay_ms: int = DELAY_MS,
        ops: Operations | None = None,
    ):
        super().__init__(parent)
        # Saves of shared data run through the runner, so open views hear what changed; a
        # form's private draft needs no broadcast.
        self._ops = ops
        self._pending: dict[str, Callable[[], None]] = {}
        self._base_delay = delay_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)

    def schedule(self, key: str, save: Callable[[], None]) -> None:
        """Run `save` soon; a later call with the same key replaces it."""
        self._pending[key] = save
        if not self._timer.isActive():
            self._timer.start()

    def next_delay_ms(self) -> int:
        """How long the next change may wait before it is written."""
        return self._timer.interval()

    def has_pending(self) -> bool:
        return bool(self._pending)

    def cancel(self) -> None:
        """Forget what is pending (its form was discarded)."""
        self._timer.stop()
        self._pending = {}

    def flush(self) -> None:
        """Run every pending save now."""
        self._timer.stop()
        pending, self._pending = self._pending, {}
        if not pending:
            return
        started = time.monotonic()

        def run_all() -> None:
            for save in pending.values():
                try:
                    save()
                except DebriefError as exc:
                    log.warning("Autosave failed: %s", exc)
                    self.failed.emit(str(exc))

        if self._ops is not None:
            self._ops.run_quietly(run_all)  # one broadcast for everything written
        else:
            run_all()
        took_ms = int((time.monotonic() - started) * 1000)
        self._timer.setInterval(max(self._base_delay, min(MAX_DELAY_MS, 4 * took_ms)))
        self.saved.emit()
