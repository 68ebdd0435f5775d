"""Adding up the insights off the GUI thread, so the window never freezes while it counts.

At 10k debriefs the count takes seconds, not milliseconds. One short-lived thread reads through
its own connection to the same file (`debrief.insights.reader`; WAL lets it read while the
window writes) and hands each result back by a queued signal with the generation it was asked
for: the page shows only the newest and drops the rest. The thread ends as soon as nothing is
asked of it, and `cancel()` stops it (it is what the page calls when it is hidden, destroyed or
the app quits): a query under way is interrupted and a wait for a lock ends at once.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from debrief.errors import DebriefError
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
        self._thread: threading.Thread | None = None
        self._reader: Reader | None = None
        self._cancel = threading.Event()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel)

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._thread is not None

    def request(
        self, generation: int, filters: InsightFilters, today: date, names: bool = False
    ) -> None:
        """Count these filters; a request not yet started is replaced by a newer one."""
        with self._lock:
            self._pending = Job(generation, filters, today, names)
            if self._thread is None:
                self._cancel = threading.Event()
                self._thread = threading.Thread(
                    target=self._run, args=(self._cancel,), name="insights", daemon=True
                )
                self._thread.start()

    def cancel(self) -> None:
        """Stop counting now and wait for the thread to end (quickly: nothing is left to do)."""
        with self._lock:
            thread = self._thread
            self._pending = None
            self._cancel.set()
            if self._reader is not None:
                self._reader.interrupt()
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    # -- the thread ----------------------------------------------------------------------------

    def _run(self, cancel: threading.Event) -> None:
        reader: Reader | None = None
        try:
            while True:
                with self._lock:
                    job = self._pending
                    self._pending = None
                    if job is None or cancel.is_set():
                        self._thread = None
                        self._reader = None
                        return
                self.started.emit(job.generation)
                try:
                    if reader is None:
                        reader = open_reader(self.path, cancel, LOCK_WAIT_S)
                        with self._lock:
                            self._reader = reader
                    result: Counted | Exception = _count(reader, job)
                except Cancelled:
                    continue  # the loop ends: cancel is set
                except sqlite3.OperationalError as exc:
                    if cancel.is_set():
                        continue  # interrupted on purpose
                    result = exc
                except (DebriefError, Exception) as exc:  # shown, or raised, on the GUI thread
                    result = exc
                if not cancel.is_set():
                    self.done.emit(job.generation, result)
        finally:
            if reader is not None:
                reader.close()


def _count(reader: Reader, job: Job) -> Counted:
    store = reader.store

    def read() -> tuple[list[LossRecord], FollowupResults | None, Names | None]:
        names = known_names(store) if job.names else None
        records = read_records(store, job.filters)
        reader.check()
        ids = [r.id for r in records]
        return records, read_followups(store, ids, job.today.isoformat()), names

    records, followups, names = reader.snapshot(read)
    reader.check()
    return Counted.of(count_insights(job.filters, records, followups), names)
