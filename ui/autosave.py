"""Saving as you type, for every editor: what is typed reaches the database within a second,
without a Save button, and a save that fails is never thrown away.

An editor registers a save under a key: `read` takes the text from the widget, and either
`save(store, text)` runs a core save use case on the store's writer thread (`schedule_save`: the
way for the database, so a commit never holds the window), or `write(text)` runs on the GUI thread
(`schedule`: for anything that isn't the store, or an in-memory store). The latest registration
per key wins. The text is read only when the save runs, never per keystroke, so a long note costs
nothing while typing. Pending saves run at most `delay_ms` after the first unsaved change — a
maximum wait, not a debounce, so even non-stop typing is written — and at once on `flush()`
(question change, page leave, window close, app quit), which also WAITS for the writer thread, so
after it returns True everything is on disk.

On the GUI thread a timed save only reads the editor's text and hands it to the writer
(`save_writer.py`): one thread with its own connection, newest text per key, in order. The
outcome comes back on the GUI thread: the ChangeSet is broadcast through `Operations` (with
`broadcasting` set, so the editors' own views needn't reload what they show), and a save that
failed (database busy, disk full, read-only file, or any other error) stays queued with the text
it read; typing more into the same editor replaces that text, other saves stay. It is retried
with backoff (1 s, 2 s, 4 s … at most 30 s), and `notice_changed` carries a calm sentence naming
the cause for a non-modal notice, and "" once a retry got everything to disk. A save waits at most
`BUSY_WAIT_MS` for another writer, not the store's whole busy timeout. When the database as a
whole refuses (busy, full, read-only), the other saves of that round are kept without being tried.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from debrief.changes import NOTHING
from debrief.store.database import Store
from debrief.store.disk import is_damage
from debrief.store.faults import SaveFault, describe_save_fault, not_saved_message

from .crash import report_damage
from .save_writer import Done, Job, SaveWriter, running_writer, writer_for

if TYPE_CHECKING:
    from .operations import Operations

log = logging.getLogger("debrief")

T = TypeVar("T")

DELAY_MS = 400
# A slow save (a huge note on a busy machine) spaces the next one out, so typing isn't interrupted
# twice a second; delay + save time still stays under the one-second promise.
MAX_DELAY_MS = 750
RETRY_MS = 1000
# How long one save may wait for another writer (a command) before it is kept and retried: on
# the writer thread the window isn't held meanwhile, but quitting waits for it.
BUSY_WAIT_MS = 1000
SLOW_SAVE_MS = 250
MAX_RETRY_MS = 30_000

_UNREAD: Any = object()  # the text hasn't been taken from the editor yet


@dataclass
class _Save:
    read: Callable[[], Any] | None  # None once the current text has been taken
    write: Callable[[Any], None] | None  # runs on the GUI thread
    save: Callable[[Store, Any], None] | None  # runs on the writer thread, with its store
    store: Store | None  # the store `save` writes to (its writer thread's connection)
    label: str
    due: float  # time.monotonic() when it should run
    value: Any = _UNREAD
    failures: int = 0
    fault: SaveFault | None = None
    seq: int = 0  # how many texts were taken: the writer never puts an older one over a newer
    sent: int = 0  # the seq of the text at the writer now (0: none)

    def take(self) -> bool:
        """Read the editor's current text (once); False if there is nothing to save at all."""
        if self.read is not None:
            try:
                self.value = self.read()
                self.seq += 1
            except RuntimeError:  # the editor is gone; keep the text taken before, if any
                log.warning("Autosave: an editor (%s) closed before its text was read", self.label)
            self.read = None
        return self.value is not _UNREAD

    def failed(self, exc: BaseException, key: str, retry_ms: int, max_retry_ms: int) -> SaveFault:
        fault = describe_save_fault(exc)
        if fault.expected:
            log.warning("Autosave of %s failed: %s", key, exc)
        else:
            log.error("Autosave of %s failed unexpectedly", key, exc_info=exc)
        self.failures += 1
        self.fault = fault
        backoff = min(max_retry_ms, retry_ms * 2 ** (self.failures - 1))
        self.due = time.monotonic() + backoff / 1000
        return fault


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
    saved = Signal()  # saves came back written, and none is failing
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
        self.broadcasting = False  # True while this saver's own writes are being broadcast
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
        """Save soon: `write(read())` on the GUI thread, with `read` called when the save runs.

        A later call with the same key replaces the text to save (a failing save keeps its
        retry time, so a busy database isn't hammered on every keystroke).
        """
        self._register(key, read, write, None, label, None)

    def schedule_save(
        self,
        key: str,
        read: Callable[[], T],
        save: Callable[[Store, T], None],
        label: str = "",
        store: Store | None = None,
    ) -> None:
        """Save soon: `save(own, read())` — a core save use case — on the writer thread of
        `store` (default: this saver's), with the writer's own connection as `own` (an
        in-memory store: `store` itself, on the GUI thread)."""
        target = store if store is not None else self._store
        if target is None:
            raise ValueError("schedule_save needs the store to save to")
        self._register(key, read, None, save, label, target)

    def _register(
        self,
        key: str,
        read: Callable[[], Any],
        write: Callable[[Any], None] | None,
        save: Callable[[Store, Any], None] | None,
        label: str,
        store: Store | None = None,
    ) -> None:
        pending = self._pending.get(key)
        if pending is None:
            due = time.monotonic() + self._delay / 1000
            self._pending[key] = _Save(read, write, save, store, label, due)
        else:
            pending.read, pending.write, pending.save = read, write, save
            pending.store = store
            pending.label = label or pending.label
        self._arm()

    # -- state ---------------------------------------------------------------------------------

    def next_delay_ms(self) -> int:
        """How long the next change may wait before it is written."""
        return self._delay

    def has_pending(self) -> bool:
        """Whether some text isn't on disk yet (waiting here, at the writer, or failing)."""
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
        """Forget what is pending under `key`, or everything (its form was discarded); a text
        already at the writer is withdrawn, or waited for if it is being written."""
        for writer in self._running_writers():
            writer.withdraw(self, key)
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
        writers = self._running_writers()
        for key in failing:
            log.warning("Autosave: the rep gave up an unsaved change (%s)", key)
            for writer in writers:
                writer.withdraw(self, key)
            del self._pending[key]
        self._arm()
        self._update_notice()
        return len(failing)

    # -- saving --------------------------------------------------------------------------------

    def flush(self) -> bool:
        """Run every pending save now (failing ones too: this is also "try again now") and wait
        for the writer thread to finish them. True when everything is on disk."""
        self._run(list(self._pending), wait=True)
        return not self._pending

    def _run_due(self) -> None:
        now = time.monotonic() + 0.005
        self._run([k for k, s in self._pending.items() if s.due <= now], wait=False)

    def _running_writers(self, also: list[SaveWriter] | None = None) -> list[SaveWriter]:
        """The writer threads that may hold this saver's texts."""
        found = list(also or [])
        for save in self._pending.values():
            writer = running_writer(save.store) if save.store is not None else None
            if writer is not None and writer not in found:
                found.append(writer)
        return found

    def _run(self, keys: list[str], wait: bool) -> None:
        self._timer.stop()
        started = time.monotonic()
        writers: list[SaveWriter] = []
        inline: list[str] = []
        for key in keys:
            save = self._pending.get(key)
            if save is None:
                continue
            if save.sent and save.read is None:
                if save.store is not None and running_writer(save.store) is not None:
                    continue  # this very text is at the writer already
                save.sent = 0  # its writer is gone without an answer: send it again
            if save.read is not None:
                self.reads += 1
            if not save.take():
                del self._pending[key]
                continue
            writer = writer_for(save.store) if save.store is not None else None
            if save.save is not None and writer is not None:
                if writer not in writers:
                    writers.append(writer)
                writer.submit(Job(self, key, save.seq, save.save, save.value, BUSY_WAIT_MS))
                save.sent = save.seq
                if save.fault is None:  # text typed meanwhile goes in the next round, not at once
                    save.due = time.monotonic() + self._delay / 1000
            else:
                inline.append(key)
        if inline:
            self._run_inline(inline)
        # Reading the texts (and any save run here) is what typing waits for; a slow one (a
        # huge note on a busy machine) spaces the next round out.
        took_ms = int((time.monotonic() - started) * 1000)
        self.last_save_ms = took_ms
        self._delay = max(self._base_delay, min(MAX_DELAY_MS, 4 * took_ms))
        if wait:
            for writer in self._running_writers(writers):
                writer.wait(self)  # its outcomes are handed back here (`writer_done`)
            took_ms = int((time.monotonic() - started) * 1000)
        if took_ms > SLOW_SAVE_MS:  # the GUI thread was held this long (no text in the log)
            log.info("Autosave held the window for %d ms (%d saves)", took_ms, len(keys))
        self._finish_round(wrote=bool(inline))

    def _run_inline(self, keys: list[str]) -> None:
        """Saves that run here on the GUI thread (not the store, or an in-memory store)."""

        def run_all() -> None:
            database_fault: SaveFault | None = None
            database_due = 0.0
            for key in keys:
                save = self._pending[key]
                if database_fault is not None:
                    # The database as a whole refuses writes just now: keep this one for the retry
                    # instead of waiting for the same failure again.
                    save.fault, save.due = database_fault, database_due
                    continue
                try:
                    if save.save is not None and save.store is not None:
                        save.save(save.store, save.value)
                    elif save.write is not None:
                        save.write(save.value)
                except Exception as exc:  # whatever it was, the text must be kept
                    fault = save.failed(exc, key, self._retry_ms, self._max_retry_ms)
                    if fault.whole_database:
                        database_fault, database_due = fault, save.due
                else:
                    if self._pending.get(key) is save:
                        del self._pending[key]

        with self._waiting():
            if self._ops is not None:
                self.broadcasting = True
                try:
                    self._ops.run_quietly(run_all)  # one broadcast for everything written
                finally:
                    self.broadcasting = False
            else:
                run_all()

    def writer_done(self, results: list[Done]) -> None:
        """The writer thread's outcomes, on the GUI thread: forget what is on disk, keep and
        retry what failed, broadcast what changed."""
        changes = NOTHING
        for done in results:
            changes = changes | done.changes
            key, job = done.job.key, done.job
            save = self._pending.get(key)
            if save is None or save.sent != job.seq:
                continue  # cancelled, or a newer text followed it to the writer
            save.sent = 0
            if done.error is not None:
                if done.ran:
                    save.failed(done.error, key, self._retry_ms, self._max_retry_ms)
                    if isinstance(done.error, sqlite3.DatabaseError) and is_damage(done.error):
                        report_damage(done.error)  # once, however many saves see it
                elif save.fault is None:  # not tried: the database refused the one before it
                    save.fault = describe_save_fault(done.error)
                    save.due = max(save.due, time.monotonic() + self._retry_ms / 1000)
                continue
            if not done.ran:
                continue  # the writer stopped before it: still pending here
            if save.read is None and save.seq == job.seq:
                del self._pending[key]  # this very text is on disk
            else:  # on disk up to the text typed since; that one goes at its due time
                save.fault, save.failures = None, 0
        if changes and self._ops is not None:
            self.broadcasting = True
            try:
                self._ops.broadcast(changes)
            finally:
                self.broadcasting = False
        self._finish_round(wrote=True)

    def _finish_round(self, wrote: bool) -> None:
        self._update_notice()
        if wrote and not self.is_failing():
            self.saved.emit()
        self._arm()

    def _waiting(self) -> AbstractContextManager[None]:
        if self._store is None:
            return nullcontext()
        return self._store.waiting_at_most(BUSY_WAIT_MS)

    def _arm(self) -> None:
        waiting = [s.due for s in self._pending.values() if not (s.sent and s.read is None)]
        if not waiting:
            self._timer.stop()
            return
        self._timer.start(max(0, int((min(waiting) - time.monotonic()) * 1000)))

    def _update_notice(self) -> None:
        fault = next((s.fault for s in self._pending.values() if s.fault is not None), None)
        notice = not_saved_message(fault.cause) if fault is not None else ""
        if notice != self._notice:
            self._notice = notice
            self.notice_changed.emit(notice)
