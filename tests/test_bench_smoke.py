"""The benchmark (`make bench`) runs end to end: a tiny archive, every figure once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_measures_every_figure_next_to_its_floor(tmp_path: Path) -> None:
    out = tmp_path / "bench-results.json"
    env = {**os.environ, "DEBRIEF_BENCH_CACHE": str(tmp_path / "cache")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    (size,) = results["sizes"].values()
    figures = {f["key"]: f for f in size["figures"] + results["once"]["figures"]}
    assert set(figures) == {
        "startup",
        "memory",
        "search_keystroke",
        "search_core",
        "open_debrief",
        "letter_render",
        "letter_command",
        "autosave_stall",
        "autosave_committed",
    }
    for key, figure in figures.items():
        assert figure["value"] > 0, key
        if key != "autosave_committed":
            assert figure["floor"] > 0 and figure["ratio"] > 0, key
    # The `letter` command renders without loading the widget stack.
    assert figures["letter_command"]["extra"]["widgets_loaded"] is False
    assert "| start to first painted main window |" in done.stdout
    assert results["machine"]["cpus"] and results["growth"]["startup"]["ratio"] == 1.0
