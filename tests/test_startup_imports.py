"""Start-up pays only for what the first window shows (issue 14): the heavy libraries and the
features behind a menu load when first used, not before the main window's first paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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
# Each feature's pages, dialogs and the core modules behind them: built the first time they are
# needed (a key pressed, a debrief opened), never with the window.
FEATURES_LATER = [
    # browsing: a debrief's page, an account's, the trash, the forms
    "ui.browse.debrief_view",
    "ui.browse.account_view",
    "ui.browse.trash_view",
    "ui.forms.new_debrief_dialog",
    "ui.forms.edit_debrief_dialog",
    "ui.forms.attendees_dialog",
    "ui.forms.person_dialog",
    "debrief.debriefs.record",
    "debrief.debriefs.people",
    # meeting mode
    "ui.meeting.page",
    "ui.meeting.screen",
    "ui.meeting.capture",
    "ui.meeting.held_dialog",
    "ui.meeting.set_editor",
    "debrief.meeting.session",
    # letters
    "ui.letters.dialog",
    "ui.letters.profile_dialog",
    "debrief.letters.drafting",
    "debrief.letters.wording",
    "babel",
    # follow-ups (its due count runs just after the first paint)
    "ui.followups.agenda_page",
    "ui.followups.next_steps",
    "ui.followups.plan_dialog",
    "ui.followups.calendar_export",
    "ui.followups.notifier",
    "debrief.followups.agenda",
    # exchange, insights, help
    "ui.exchange.export_dialog",
    "ui.exchange.import_dialog",
    "ui.insights.page",
    "ui.widgets.shortcuts_dialog",
]


def _first_paint(data_dir: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "DEBRIEF_NO_CRASH_DIALOG": "1",
        "DEBRIEF_PROBE_MODULES": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench.probe", "app", str(data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_nothing_heavy_loads_before_the_first_paint(tmp_path: Path) -> None:
    # An existing, up-to-date database (a new one is written by sqlite-utils' migrations).
    Store.open(tmp_path / "debrief.sqlite3").close()
    report = _first_paint(tmp_path)
    assert "PySide6.QtWidgets" in report["loaded"]  # the probe does see what is loaded
    assert [name for name in LATER if name in report["loaded"]] == []
    modules = set(report["modules"])
    # The probe does see our own modules: the list page is what the first window shows.
    assert {"ui.main_window", "ui.browse.debrief_list", "ui.meeting.hookup"} <= modules
    assert [name for name in FEATURES_LATER if name in modules] == []
