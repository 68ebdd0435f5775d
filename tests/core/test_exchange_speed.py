"""A large archive exports and imports in seconds, reporting progress as it goes.

The issue asks for 20,000 debriefs in seconds (measured with tools/bench_exchange.py); this test
runs 3,000 with a generous limit, so a slow path (a scan per record) fails it.
"""

from __future__ import annotations

import time
from pathlib import Path

from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.exchange.importing import preview_import, run_import
from debrief.samples import generate_archive
from debrief.store.database import Store

COUNT = 3000


def test_a_large_archive_moves_in_seconds_with_progress(store: Store, tmp_path: Path) -> None:
    generate_archive(store, COUNT, seed=9)
    seen: list[tuple[str, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append((stage, done, total))

    start = time.perf_counter()
    export(store, tmp_path / "big.json", ExportOptions(ExportFormat.JSON), progress)
    export_s = time.perf_counter() - start
    assert ("Writing", COUNT, COUNT) in seen
    assert any(stage == "Reading debriefs" and 0 < done < total for stage, done, total in seen)

    target = Store.open(tmp_path / "b.sqlite3")
    try:
        seen.clear()
        start = time.perf_counter()
        plan = preview_import(target, tmp_path / "big.json", progress)
        run_import(target, plan, tmp_path / "backups", progress)
        import_s = time.perf_counter() - start
        stages = {stage for stage, _d, _t in seen}
        assert {"Checking the file", "Updating search"} <= stages
        assert ("Updating search", COUNT, COUNT) in seen
        count = target.db.execute("SELECT COUNT(*) FROM debrief_search").fetchone()[0]
        assert count == COUNT
    finally:
        target.close()
    # 20k take ~1 s to export and ~7 s to import here; a per-record scan would take minutes.
    assert export_s < 10, export_s
    assert import_s < 30, import_s
