"""Debrief's benchmark: how the list and search feel on a large archive.

Builds a temporary archive of generated debriefs (20,000 by default) and times what the list
screen does: count, first page, deep page, each sort, filters, and searches as they are typed.
Each figure is the median of several runs. Run with `make bench` or
`python tools/bench.py [--count N]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from debrief.debriefs.customer_view import load_customer_view
from debrief.debriefs.record import load_record
from debrief.model import LossReason, Status
from debrief.samples import generate_archive, load_samples
from debrief.search import browse
from debrief.search.browse import Filters, Sort, SortKey
from debrief.store.database import Store

PAGE = 200


def timed(fn: Callable[[], object], runs: int = 5) -> tuple[float, object]:
    """Median milliseconds over `runs`, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="debriefs to generate")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="debrief-bench-") as tmp:
        start = time.perf_counter()
        store = Store.open(Path(tmp) / "bench.sqlite3")
        generate_archive(store, args.count)
        load_samples(store)
        build_s = time.perf_counter() - start
        store.close()
        store = Store.open(Path(tmp) / "bench.sqlite3")  # measure a cold-ish reopen

        rows: list[tuple[str, float, object]] = []

        def add(label: str, fn: Callable[[], object]) -> None:
            ms, result = timed(fn)
            size = len(result) if isinstance(result, list) else result
            rows.append((label, ms, size))

        every = Filters()
        add("count all", lambda: browse.count(store, every))
        add("first page (newest first)", lambda: browse.page(store, every, Sort(), 0, PAGE))
        add(
            "page at the end",
            lambda: browse.page(store, every, Sort(), max(0, args.count - PAGE), PAGE),
        )
        for key in (
            SortKey.CUSTOMER,
            SortKey.CONTACT,
            SortKey.WON_BY,
            SortKey.REASON,
            SortKey.VALUE,
            SortKey.STATUS,
        ):
            add(f"sort by {key.value}", lambda k=key: browse.page(store, every, Sort(k), 0, PAGE))
        for label, filters in (
            ("filter competitor", Filters(competitor="Corvane Systems")),
            ("filter primary reason", Filters(reason=LossReason.PRICE_VALUE)),
            ("filter status + rep", Filters(status=Status.CLOSED, rep="Lea Novak")),
            ("filter last 12 months", Filters(date_from="2025-11-01")),
        ):
            add(f"{label}: count", lambda f=filters: browse.count(store, f))
            add(f"{label}: first page", lambda f=filters: browse.page(store, f, Sort(), 0, PAGE))
        relevance = Sort(SortKey.RELEVANCE)
        for text in (
            "c",
            "corv",
            "corvane driver",
            "Wiśniew",
            "fleet telematics",
            'granny\'s "c++" (AND',
        ):
            filters = Filters(text=text)
            add(f"search {text!r}: count", lambda f=filters: browse.count(store, f))
            add(
                f"search {text!r}: first page",
                lambda f=filters: browse.page(store, f, relevance, 0, PAGE),
            )
        target = browse.page(store, every, Sort(SortKey.CUSTOMER), args.count // 2, 1)[0].id
        add(
            "find a row's position",
            lambda: browse.position_of(store, every, Sort(SortKey.CUSTOMER), target),
        )
        sample = browse.page(store, Filters(text="harbourline"), Sort(), 0, 1)[0].id
        add("open a debrief (whole record)", lambda: 1 if load_record(store, sample) else 0)
        add("its customer-facing view", lambda: 1 if load_customer_view(store, sample) else 0)
        store.close()

    width = max(len(label) for label, _, _ in rows)
    print(
        f"Debrief benchmark: {args.count:,} generated debriefs (+ samples),"
        f" built in {build_s:.1f} s"
    )
    print(f"{'operation':<{width}}  {'median ms':>9}  {'rows':>7}")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 7}")
    for label, ms, size in rows:
        print(f"{label:<{width}}  {ms:9.1f}  {size:>7,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
