"""Start-up pays only for what the first window shows (issue 14): the heavy libraries and the
features behind a menu load when first used, not before the main window's first paint; the
store reads through plain sqlite3, so sqlite-utils (and click, dateutil, pluggy) wait too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from debrief.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
LATER = [
    "reportlab",
    "matplotlib",
    "numpy",
    "debrief.samples",
    "debrief.letters.pdf",
    "debrief.insights.report",
    "debrief.exchange.importing",
    "PySide6.QtPdf",
    # The store reads through plain sqlite3 until a use case needs sqlite-utils.
    "sqlite_utils",
    "click",
    "dateutil",
    "pluggy",
]


def test_nothing_heavy_loads_before_the_first_paint(tmp_path: Path) -> None:
    # An existing, up-to-date database (a new one is written by sqlite-utils' migrations).
    Store.open(tmp_path / "debrief.sqlite3").close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DEBRIEF_NO_CRASH_DIALOG": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench.probe", "app", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "PySide6.QtWidgets" in report["loaded"]  # the probe does see what is loaded
    assert [name for name in LATER if name in report["loaded"]] == []
