"""Adding up the insights off the GUI thread, so the window never freezes while it counts.

At 10k debriefs the count takes seconds, not milliseconds. One short-lived thread reads through
its own connection to the same file (`debrief.insights.reader`; WAL lets it read while the
window writes) and hands each result back by a queued signal with the generation it was asked
for: the page shows only the newest and drops the rest. The thread ends as soon as nothing is
asked of it. `cancel()` calls a count off when the page is hidden (a query under way is
interrupted, a wait for a lock ends, the counting stops at its next step) without making the
window wait; `stop()` does the same and waits for the thread, when the page is destroyed or
the app quits, so no thread outlives them.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from debrief.insights.aggregate import Insights, count_insights
from debrief.insights.filters import InsightFilters
from debrief.insights.findings import Action, Finding, headline_findings, suggested_actions
from debrief.insights.reader import Cancelled, Reader, open_reader
from debrief.insights.records import (
    FollowupResults,
    LossRecord,
    known_names,
    read_followups,
    read_records,
)

Names = tuple[list[str], list[str]]
# How long a count waits for another connection's lock before it says so (5 s, like writes).
LOCK_WAIT_S = 5.0


@dataclass(frozen=True)
class Counted:
    """What the page shows, all worked out off the GUI thread."""

    insights: Insights
    findings: list[Finding]
    actions: list[Action]
    names: Names | None = None  # reps and competitors, when asked

    @classmethod
    def of(cls, insights: Insights, names: Names | None = None) -> Counted:
        return cls(insights, headline_findings(insights), suggested_actions(insights), names)


@dataclass(frozen=True)
class Job:
    generation: int
    filters: InsightFilters
    today: date
    names: bool = False  # read the rep and competitor names for the pick lists too


class _Run:
    """One worker thread, with its own cancel flag and its own connection."""

    def __init__(self) -> None:
        self.cancel = threading.Event()
        self.reader: Reader | None = None
        self.thread: threading.Thread | None = None


class InsightsWorker(QObject):
    """Counts on a worker thread; `done(generation, Counted | Exception)` arrives queued.

    The object has no Qt parent: the thread keeps it alive while it runs, so a signal is never
    emitted from a deleted object; a result for a page that is gone is simply not delivered.
    """

    started = Signal(int)  # generation: the thread has begun counting it
    done = Signal(int, object)  # generation, Counted, or the exception it raised

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._lock = threading.Lock()
        self._pending: Job | None = None
        self._current: _Run | None = None  # the thread that takes the next request
        self._runs: set[_Run] = set()  # every thread still alive (a called-off one may be)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._runs)

    def request(
        self, generation: int, filters: InsightFilters, today: date, names: bool = False
    ) -> None:
        """Count these filters; a request not yet started is replaced by a newer one."""
        with self._lock:
            self._pending = Job(generation, filters, today, names)
            if self._current is None:
                run = _Run()
                run.thread = threading.Thread(
                    target=self._run, args=(run,), name="insights", daemon=True
                )
                self._current = run
                self._runs.add(run)
                run.thread.start()

    def cancel(self, wait: bool = False) -> None:
        """Call off the count under way: a query is interrupted, a wait for a lock ends, and
        the thread ends at its next step without reporting. With `wait`, until it has ended."""
        with self._lock:
            self._pending = None
            self._current = None
            runs = list(self._runs)
            for run in runs:
                run.cancel.set()
                if run.reader is not None:
                    run.reader.interrupt()
        if wait:
            for run in runs:
                if run.thread is not None and run.thread is not threading.current_thread():
                    run.thread.join()

    def stop(self) -> None:
        """Call off the count and wait for the thread to end (the page is going, or the app)."""
        self.cancel(wait=True)

    # -- the thread ----------------------------------------------------------------------------

    def _run(self, run: _Run) -> None:
        try:
            while True:
                with self._lock:
                    job = self._pending
                    if job is None or run.cancel.is_set():
                        if self._current is run:
                            self._current = None
                        return
                    self._pending = None
                self.started.emit(job.generation)
                try:
                    if run.reader is None:
                        reader = open_reader(self.path, run.cancel, LOCK_WAIT_S)
                        with self._lock:
                            run.reader = reader
                    result: Counted | Exception = _count(run.reader, job)
                except Cancelled:
                    continue  # the loop ends: cancel is set
                except sqlite3.OperationalError as exc:
                    if run.cancel.is_set():
                        continue  # interrupted on purpose
                    result = exc
                except Exception as exc:  # shown (DebriefError) or raised on the GUI thread
                    result = exc
                if not run.cancel.is_set():
                    self.done.emit(job.generation, result)
        finally:
            with self._lock:
                closing, run.reader = run.reader, None
                self._runs.discard(run)
            if closing is not None:
                closing.close()


_gc_lock = threading.Lock()
_gc_holds = 0
_gc_was_enabled = True


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cyclic collector off while counting. A count at 10k debriefs makes about a
    million small objects, which set off one full collection after another (measured: 9 of
    100-400 ms each), and each holds the GIL, freezing the window. Objects are still freed
    as soon as they are unused; only cycles wait (none are made here) until the count ends."""
    global _gc_holds, _gc_was_enabled
    with _gc_lock:
        if _gc_holds == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holds += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holds -= 1
            if _gc_holds == 0 and _gc_was_enabled:
                gc.enable()


def _count(reader: Reader, job: Job) -> Counted:
    store = reader.store

    def read() -> tuple[list[LossRecord], FollowupResults | None, Names | None]:
        names = known_names(store) if job.names else None
        records = read_records(store, job.filters)
        reader.check()
        ids = [r.id for r in records]
        return records, read_followups(store, ids, job.today.isoformat()), names

    with _no_cyclic_gc():
        records, followups, names = reader.snapshot(read)
        reader.check()
        insights = count_insights(job.filters, records, followups, check=reader.check)
        reader.check()
        return Counted.of(insights, names)
