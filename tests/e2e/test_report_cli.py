"""`python main.py report -o FILE.pdf [--from] [--to] [--competitor] [--rep]`, as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from debrief.insights.report import INTERNAL_MARK
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.e2e.conftest import run_command
from tests.insights_data import HOSTILE, PEOPLE_CANARY, rich_archive
from ui.paths import AppPaths

run = run_command


def test_report_with_filters(data_dir: Path, tmp_path: Path) -> None:
    store = Store.open(AppPaths(data_dir).database)
    try:
        rich_archive(store, bulk=80)
        expected = store.db.execute(
            "SELECT COUNT(*) FROM debriefs WHERE deleted_at IS NULL AND is_sample = 0"
            " AND date_lost BETWEEN '2026-02-01' AND '2026-03-31'"
        ).fetchone()[0]
    finally:
        store.close()
    out = tmp_path / "ci.pdf"
    done = run(
        "report",
        "-o",
        str(out),
        "--from",
        "2026-02-01",
        "--to",
        "2026-03-31",
        "--data-dir",
        str(data_dir),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Report on {expected} debriefs written to {out}"
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    assert all(INTERNAL_MARK in p for p in pages)
    text = " ".join(pages)
    assert "Period 1 Feb 2026 – 31 Mar 2026" in text and HOSTILE in text
    assert PEOPLE_CANARY not in text
    done = run(
        "report",
        "-o",
        str(out),
        "--competitor",
        HOSTILE,
        "--people-notes",
        "--data-dir",
        str(data_dir),
    )
    assert done.returncode == 0, done.stderr
    assert "Report on 1 debrief written" in done.stdout
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert PEOPLE_CANARY in text


def test_plain_errors(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    done = run("report", "-o", str(out), "--data-dir", str(data_dir))
    assert done.returncode == 1 and "no Debrief data" in done.stderr and not out.exists()
    done = run("report", "-o", str(out), "--from", "2026-02-30")
    assert done.returncode == 2 and "is not a date" in done.stderr
    assert "Traceback" not in done.stderr


NO_WIDGETS = """
import sys
from ui.entry import main
code = main(["report", "-o", sys.argv[2], "--data-dir", sys.argv[1]])
heavy = [m for m in ("PySide6.QtWidgets", "PySide6.QtGui", "matplotlib") if m in sys.modules]
print(code, heavy)
"""


def test_the_report_command_imports_no_widgets(data_dir: Path, tmp_path: Path) -> None:
    Store.open(AppPaths(data_dir).database).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", NO_WIDGETS, str(data_dir), str(tmp_path / "r.pdf")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 []"
