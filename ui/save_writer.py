"""The one thread that writes typed text to the database, so a commit never holds the window.

Each open `Store` gets at most one `SaveWriter`: a thread with its OWN connection to the same
file (`Store.another_connection`, same busy timeout), fed by the autosavers on the GUI thread.
A job is (who asked, key, sequence number, the save use case, the text). Jobs are kept newest
per key: a newer text for a key replaces an older one still waiting, and one thread runs them one
after another, so an older text never overwrites a newer one. The use case runs as it would on
the GUI thread: it owns its transaction and notes its ChangeSet; the writer hands the outcome
(committed ChangeSet, or the error) back to the GUI thread through a queued signal, where the
autosaver broadcasts it through `Operations` as before.

The writer stops (finishing the job in hand, leaving the waiting ones to their autosavers) before
its store closes: `Store.before_close`, so restoring a backup or moving a damaged file aside never
races a write from here.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, Signal

from debrief.changes import NOTHING, ChangeSet
from debrief.store.database import Store, merged
from debrief.store.faults import describe_save_fault

log = logging.getLogger("debrief")

THREAD_NAME = "debrief-autosave"


class Owner(Protocol):
    """Who asked for a job (an Autosaver): told on the GUI thread how each one went."""

    def writer_done(self, results: list[Done]) -> None: ...


@dataclass
class Job:
    owner: Owner
    key: str
    seq: int  # the autosaver's count of texts taken for this key: newer is higher
    save: Callable[[Store, Any], None]
    value: Any
    wait_ms: int  # how long this save may wait for another writer

    @property
    def slot(self) -> tuple[int, str]:
        return id(self.owner), self.key


@dataclass
class Done:
    job: Job
    error: BaseException | None = None
    changes: ChangeSet = NOTHING
    ran: bool = True  # False: never tried (the writer stopped, or the database refused before)
    finished: float = field(default_factory=time.perf_counter)  # when it was committed


class SaveWriter(QObject):
    """One writer thread for one store (see the module docstring)."""

    results_ready = Signal()  # emitted on the writer thread; delivered queued on the GUI thread

    def __init__(self, store: Store):
        super().__init__()
        if store.path is None:
            raise ValueError("an in-memory store has no file for a second connection")
        self._path = store.path
        self._main = store  # its writes stopping (damage found) stops this writer's too
        self._busy_timeout_ms = store.busy_timeout_ms
        self._lock = threading.Condition()
        self._queue: dict[tuple[int, str], Job] = {}  # waiting, oldest first, newest per key
        self._running: Job | None = None
        self._results: list[Done] = []
        self._stopping = False
        self._own: Store | None = None  # opened on the writer thread, used only there
        self.results_ready.connect(self.deliver)
        self._thread = threading.Thread(target=self._loop, name=THREAD_NAME, daemon=True)
        self._thread.start()

    # -- the GUI thread's side -------------------------------------------------------------------

    def submit(self, job: Job) -> None:
        """Queue `job`; it replaces a job for the same key that hasn't started yet."""
        with self._lock:
            if self._stopping:
                self._results.append(Done(job, ran=False))
            else:
                self._queue.pop(job.slot, None)
                self._queue[job.slot] = job
            self._lock.notify_all()

    def withdraw(self, owner: Owner, key: str | None = None) -> None:
        """Forget `owner`'s waiting jobs (for `key`, or all), and wait for one already running:
        after this, nothing of theirs will still be written."""
        with self._lock:
            for slot, job in list(self._queue.items()):
                if job.owner is owner and (key is None or job.key == key):
                    del self._queue[slot]
            self._lock.wait_for(lambda: not self._is_running(owner, key))

    def wait(self, owner: Owner | None = None, timeout_s: float | None = None) -> bool:
        """Block until `owner`'s jobs (or everyone's) are written or have failed, then deliver
        the outcomes here and now. False if `timeout_s` ran out first."""
        with self._lock:
            done = self._lock.wait_for(lambda: not self._has_work(owner), timeout_s)
        self.deliver()
        return done

    def busy_with(self, owner: Owner) -> bool:
        with self._lock:
            return self._has_work(owner)

    def deliver(self) -> None:
        """Hand every finished job to its owner (GUI thread), one batch per owner."""
        with self._lock:
            results, self._results = self._results, []
        batches: dict[int, list[Done]] = {}
        for done in results:
            batches.setdefault(id(done.job.owner), []).append(done)
        for batch in batches.values():
            owner = batch[0].job.owner
            if isinstance(owner, QObject) and not shiboken6.isValid(owner):
                continue  # its window is gone (it was asked about unsaved text when it closed)
            owner.writer_done(batch)

    def stop(self) -> None:
        """Finish the job in hand, hand back the waiting ones unrun, close the connection."""
        with self._lock:
            self._stopping = True
            for job in self._queue.values():
                self._results.append(Done(job, ran=False))
            self._queue = {}
            self._lock.notify_all()
        self._thread.join()
        self.deliver()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def _is_running(self, owner: Owner | None, key: str | None = None) -> bool:
        job = self._running
        if job is None or (owner is not None and job.owner is not owner):
            return False
        return key is None or job.key == key

    def _has_work(self, owner: Owner | None) -> bool:
        return self._is_running(owner) or any(
            owner is None or job.owner is owner for job in self._queue.values()
        )

    # -- the writer thread -----------------------------------------------------------------------

    def _loop(self) -> None:
        try:
            while True:
                with self._lock:
                    self._lock.wait_for(lambda: bool(self._queue) or self._stopping)
                    if self._stopping:
                        return
                    slot = next(iter(self._queue))
                    job = self._running = self._queue.pop(slot)
                done = self._write(job)
                with self._lock:
                    self._results.append(done)
                    if done.error is not None and describe_save_fault(done.error).whole_database:
                        # The database refuses writes just now (busy, full, read-only): the
                        # others would wait and fail the same way; hand them back for the retry.
                        for waiting in self._queue.values():
                            self._results.append(Done(waiting, error=done.error, ran=False))
                        self._queue = {}
                    self._running = None
                    self._lock.notify_all()
                self.results_ready.emit()
        finally:
            self._drop_connection()

    def _write(self, job: Job) -> Done:
        try:
            if self._own is None:
                self._own = Store.another_connection(
                    self._path, self._busy_timeout_ms, of=self._main
                )
            store = self._own
            with store.waiting_at_most(job.wait_ms), store.collect_changes() as noted:
                job.save(store, job.value)
            return Done(job, changes=merged(noted))
        except Exception as exc:  # kept and retried by the autosaver, whatever it was
            # A fresh connection for the retry: one opened while the file was read-only stays
            # read-only after the file is writable again.
            self._drop_connection()
            return Done(job, error=exc)

    def _drop_connection(self) -> None:
        own, self._own = self._own, None
        if own is not None:
            try:
                own.close()
            except Exception as exc:  # the file may be gone already; nothing to keep
                log.warning("Autosave: closing the writer's connection: %s", exc)


_writers: weakref.WeakKeyDictionary[Store, SaveWriter] = weakref.WeakKeyDictionary()


def writer_for(store: Store) -> SaveWriter | None:
    """The store's writer thread, started on first use; None for an in-memory store (its saves
    run on the GUI thread: nothing else can reach that database)."""
    if store.path is None or not _is_open(store):
        return None
    writer = _writers.get(store)
    if writer is None or not writer.is_alive():
        writer = _writers[store] = SaveWriter(store)
        store.before_close(lambda: stop_writer(store))
    return writer


def _is_open(store: Store) -> bool:
    try:
        store.conn.total_changes  # noqa: B018 - raises once the connection is closed
    except sqlite3.ProgrammingError:
        return False
    return True


def running_writer(store: Store) -> SaveWriter | None:
    """The store's writer if one is running (without starting one)."""
    writer = _writers.get(store)
    return writer if writer is not None and writer.is_alive() else None


def stop_writer(store: Store) -> None:
    """Stop the store's writer (if any) and wait for it: before the store closes or is swapped."""
    writer = _writers.pop(store, None)
    if writer is not None:
        writer.stop()


def stop_all_writers() -> int:
    """Stop every writer (app quit, end of a test). Returns how many were running."""
    stores = list(_writers.keys())
    for store in stores:
        stop_writer(store)
    return len(stores)
