"""The one operation runner: every widget runs core use cases through it.

A use case owns its transaction and declares what it changed (`store.note`). The runner collects
what committed, shows an expected failure once in plain words, returns an explicit outcome, and
broadcasts the change set on `changed`, so each open view updates or closes itself. No caller
emits change signals by hand.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from debrief.changes import ChangeSet
from debrief.errors import DebriefError, DiskError
from debrief.store.database import Store, merged
from debrief.store.disk import is_damage
from debrief.store.faults import describe_save_fault

from .crash import damage_is_handled, report_damage

T = TypeVar("T")
D = TypeVar("D", bound=QDialog)


def show_problem(parent: QWidget | None, message: str, title: str = "Debrief") -> None:
    QMessageBox.warning(parent, title, message)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What running a use case came to: `ok` is False only when it failed (and was shown)."""

    ok: bool
    value: T | None = None
    error: DebriefError | None = None

    def unwrap(self) -> T:
        """The value of a successful run (a failed run was already shown; don't call this)."""
        if not self.ok:
            raise RuntimeError("unwrap() on a failed operation") from self.error
        return self.value  # type: ignore[return-value]


class Operations(QObject):
    changed = Signal(object)  # ChangeSet: what the last committed use case(s) changed

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self._depth = 0  # runs in progress: only the outermost one broadcasts

    def open_dialog(self, parent: QWidget | None, build: Callable[[], D]) -> D | None:
        """Build a dialog that reads the database (a missing debrief is said once, as for any
        use case) and open it window-modal, deleted when closed. None when it couldn't open."""
        opened = self.run(parent, build)
        if not opened.ok:
            return None
        dialog = opened.unwrap()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def run(self, parent: QWidget | None, action: Callable[[], T]) -> Outcome[T]:
        """Run `action`; an expected error is shown once and gives a failed outcome.

        Unexpected errors propagate to the excepthook (log + crash dialog); whatever committed
        before them is still broadcast.
        """
        try:
            return Outcome(True, self.run_quietly(action))
        except DebriefError as exc:
            show_problem(parent, str(exc))
            return Outcome(False, None, exc)
        except sqlite3.DatabaseError as exc:
            if is_damage(exc) and damage_is_handled():
                return Outcome(False)  # reported once below; the session's dialog takes over
            fault = describe_save_fault(exc)
            if not fault.expected or is_damage(exc):
                raise
            # A busy, full or read-only database: the transaction was rolled back whole.
            problem = DiskError(
                f"Debrief couldn't save that: {fault.cause}. Nothing was changed; please try "
                "again in a moment."
            )
            show_problem(parent, str(problem))
            return Outcome(False, None, problem)

    def run_quietly(self, action: Callable[[], T]) -> T:
        """Run `action` and broadcast what it changed; errors are the caller's to report
        (autosave keeps the text and retries instead of showing a dialog)."""
        if self._depth:  # inside another run: that one collects and broadcasts
            return action()
        self._depth += 1
        with self.store.collect_changes() as noted:
            try:
                return action()
            except sqlite3.DatabaseError as exc:
                if is_damage(exc):
                    report_damage(exc)  # once, however many callers see it
                raise
            finally:
                self._depth -= 1
                self.broadcast(merged(noted))

    def broadcast(self, changes: ChangeSet) -> None:
        if changes:
            self.changed.emit(changes)
