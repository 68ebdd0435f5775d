from __future__ import annotations

from pathlib import Path

from debrief.samples import SAMPLES
from tests.e2e.conftest import run_driver


def test_demo_loads_the_samples_once_into_the_data_dir(data_dir: Path) -> None:
    first = run_driver("list", data_dir, "--demo")
    assert first.returncode == 0, first.stderr
    rows = first.stdout.splitlines()
    assert len(rows) == len(SAMPLES)
    assert all(row.startswith("row ") and "(sample)" in row for row in rows)
    assert "row Harbourline Logistics  (sample) | Fleet telematics renewal" in rows
    again = run_driver("list", data_dir, "--demo")
    assert again.returncode == 0, again.stderr
    assert sorted(again.stdout.splitlines()) == sorted(rows)
    assert (data_dir / "debrief.sqlite3").exists()
