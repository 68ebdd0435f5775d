"""Saving as you type, for every editor: what is typed reaches the database within a second,
without a Save button, and a save that fails is never thrown away.

An editor registers a save under a key: `read` takes the text from the widget, `write` stores it
(the latest registration per key wins). The text is read only when the save runs, never per
keystroke, so a long note costs nothing while typing. Pending saves run at most `delay_ms` after
the first unsaved change — a maximum wait, not a debounce, so even non-stop typing is written —
and at once on `flush()` (question change, page leave, window close, app quit).

A save that fails (database busy, disk full, read-only file, or any other error) stays queued
with the text it read; typing more into the same editor replaces that text, other saves stay.
It is retried with backoff (1 s, 2 s, 4 s … at most 30 s), and `notice_changed` carries a calm
sentence naming the cause for a non-modal notice, and "" once a retry got everything to disk.
A save waits at most `BUSY_WAIT_MS` for another writer, not the store's whole busy timeout, so a
busy database holds the window for about a second per attempt. When the database as a whole
refuses (busy, full, read-only), the other saves of that round are kept without being tried.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from debrief.store.database import Store
from debrief.store.faults import SaveFault, describe_save_fault, not_saved_message

if TYPE_CHECKING:
    from .operations import Operations

log = logging.getLogger("debrief")

T = TypeVar("T")

DELAY_MS = 400
# A slow save (a huge note on a busy machine) spaces the next one out, so typing isn't interrupted
# twice a second; delay + save time still stays under the one-second promise.
MAX_DELAY_MS = 750
RETRY_MS = 1000
# How long one save may wait for another writer (a command) before it is kept and retried: the
# window is held meanwhile, so this is far shorter than the database's own busy timeout.
BUSY_WAIT_MS = 1000
SLOW_SAVE_MS = 250
MAX_RETRY_MS = 30_000

_UNREAD: Any = object()  # the text hasn't been taken from the editor yet


@dataclass
class _Save:
    read: Callable[[], Any] | None  # None once the current text has been taken
    write: Callable[[Any], None]
    label: str
    due: float  # time.monotonic() when it should run
    value: Any = _UNREAD
    failures: int = 0
    fault: SaveFault | None = None

    def take(self) -> bool:
        """Read the editor's current text (once); False if there is nothing to save at all."""
        if self.read is not None:
            try:
                self.value = self.read()
            except RuntimeError:  # the editor is gone; keep the text taken before, if any
                log.warning("Autosave: an editor (%s) closed before its text was read", self.label)
            self.read = None
        return self.value is not _UNREAD


def as_text(value: object) -> str:
    """A saved value as text for a copy kept outside the database."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items() if str(v).strip())
    if isinstance(value, tuple | list):
        return "\n".join(as_text(v) for v in value if isinstance(v, str | dict | tuple | list))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return as_text({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    return str(value)


class Autosaver(QObject):
    saved = Signal()  # a save round wrote everything that was pending
    notice_changed = Signal(str)  # "Not saved yet — …" while saves fail; "" once they succeed

    def __init__(
        self,
        parent: QObject | None = None,
        delay_ms: int = DELAY_MS,
        ops: Operations | None = None,
        retry_ms: int = RETRY_MS,
        max_retry_ms: int = MAX_RETRY_MS,
        store: Store | None = None,
    ):
        super().__init__(parent)
        # Saves of shared data run through the runner, so open views hear what changed; a
        # form's private draft needs no broadcast.
        self._ops = ops
        self._store = store if store is not None else (ops.store if ops is not None else None)
        self._pending: dict[str, _Save] = {}
        self._base_delay = delay_ms
        self._delay = delay_ms
        self._retry_ms = retry_ms
        self._max_retry_ms = max_retry_ms
        self._notice = ""
        self.last_save_ms = 0  # how long the last round of saves held the GUI thread
        self.reads = 0  # how often an editor's text was taken (a long note: once per save)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run_due)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)

    # -- registering ---------------------------------------------------------------------------

    def schedule(
        self, key: str, read: Callable[[], T], write: Callable[[T], None], label: str = ""
    ) -> None:
        """Save soon: `write(read())`, with `read` called when the save runs.

        A later call with the same key replaces the text to save (a failing save keeps its
        retry time, so a busy database isn't hammered on every keystroke).
        """
        save = self._pending.get(key)
        if save is None:
            self._pending[key] = _Save(read, write, label, time.monotonic() + self._delay / 1000)
        else:
            save.read, save.write, save.label = read, write, label or save.label
        self._arm()

    # -- state ---------------------------------------------------------------------------------

    def next_delay_ms(self) -> int:
        """How long the next change may wait before it is written."""
        return self._delay

    def has_pending(self) -> bool:
        return bool(self._pending)

    def is_failing(self) -> bool:
        return any(s.fault is not None for s in self._pending.values())

    def notice(self) -> str:
        return self._notice

    def unsaved(self) -> list[tuple[str, str]]:
        """(label, text) of every save not yet on disk, for a copy kept elsewhere."""
        out = []
        for key, save in self._pending.items():
            if save.take():
                out.append((save.label or key, as_text(save.value)))
        return out

    def cancel(self, key: str | None = None) -> None:
        """Forget what is pending under `key`, or everything (its form was discarded)."""
        if key is None:
            self._pending = {}
        else:
            self._pending.pop(key, None)
        self._arm()
        self._update_notice()

    def abandon_unsaved(self) -> int:
        """The rep chose to go without saving (or kept a copy elsewhere): forget the failing
        saves. Returns how many were given up (logged, without their text)."""
        failing = [k for k, s in self._pending.items() if s.fault is not None]
        for key in failing:
            log.warning("Autosave: the rep gave up an unsaved change (%s)", key)
            del self._pending[key]
        self._arm()
        self._update_notice()
        return len(failing)

    # -- saving --------------------------------------------------------------------------------

    def flush(self) -> bool:
        """Run every pending save now (failing ones too: this is also "try again now").
        True when everything is on disk."""
        self._run(list(self._pending))
        return not self._pending

    def _run_due(self) -> None:
        now = time.monotonic() + 0.005
        self._run([k for k, s in self._pending.items() if s.due <= now])

    def _run(self, keys: list[str]) -> None:
        self._timer.stop()
        if not keys:
            self._arm()
            return
        started = time.monotonic()

        def run_all() -> None:
            database_fault: SaveFault | None = None
            database_due = 0.0
            for key in keys:
                save = self._pending.get(key)
                if save is None:
                    continue
                if save.read is not None:
                    self.reads += 1
                if not save.take():
                    del self._pending[key]
                    continue
                if database_fault is not None:
                    # The database as a whole refuses writes just now: keep this one for the retry
                    # instead of waiting for the same failure again.
                    save.fault, save.due = database_fault, database_due
                    continue
                try:
                    save.write(save.value)
                except Exception as exc:  # whatever it was, the text must be kept
                    fault = describe_save_fault(exc)
                    if fault.expected:
                        log.warning("Autosave of %s failed: %s", key, exc)
                    else:
                        log.exception("Autosave of %s failed unexpectedly", key)
                    save.failures += 1
                    save.fault = fault
                    backoff = min(self._max_retry_ms, self._retry_ms * 2 ** (save.failures - 1))
                    save.due = time.monotonic() + backoff / 1000
                    if fault.whole_database:
                        database_fault, database_due = fault, save.due
                else:
                    if self._pending.get(key) is save:
                        del self._pending[key]

        with self._waiting():
            if self._ops is not None:
                self._ops.run_quietly(run_all)  # one broadcast for everything written
            else:
                run_all()
        took_ms = int((time.monotonic() - started) * 1000)
        self.last_save_ms = took_ms
        if took_ms > SLOW_SAVE_MS:  # the GUI thread was held this long (no text in the log)
            log.info("Autosave held the window for %d ms (%d saves)", took_ms, len(keys))
        self._delay = max(self._base_delay, min(MAX_DELAY_MS, 4 * took_ms))
        self._update_notice()
        if not self.is_failing():
            self.saved.emit()
        self._arm()

    def _waiting(self) -> AbstractContextManager[None]:
        if self._store is None:
            return nullcontext()
        return self._store.waiting_at_most(BUSY_WAIT_MS)

    def _arm(self) -> None:
        if not self._pending:
            self._timer.stop()
            return
        due = min(s.due for s in self._pending.values())
        self._timer.start(max(0, int((due - time.monotonic()) * 1000)))

    def _update_notice(self) -> None:
        fault = next((s.fault for s in self._pending.values() if s.fault is not None), None)
        notice = not_saved_message(fault.cause) if fault is not None else ""
        if notice != self._notice:
            self._notice = notice
            self.notice_changed.emit(notice)
