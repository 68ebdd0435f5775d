from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import debrief
from tests.conftest import ROOT
from tests.e2e.conftest import run_driver


def test_a_debrief_created_in_the_app_is_there_after_a_restart(data_dir: Path) -> None:
    first = run_driver("create", data_dir)
    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout
    second = run_driver("list", data_dir)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == ["row Żywiec Logistics | Warehouse scanners <b>&amp;</b>"]
    assert (data_dir / "debrief.sqlite3").exists()
    assert (data_dir / "logs" / "debrief.log").read_text(encoding="utf-8").count("starting") == 2


def test_version_flag_prints_the_version(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "--version"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"Debrief {debrief.__version__}"


def test_a_database_from_a_newer_version_is_refused_with_a_message(data_dir: Path) -> None:
    from debrief.store.database import Store

    store = Store.open(data_dir / "debrief.sqlite3")
    with store.atomic() as db:
        db["_sqlite_migrations"].insert(
            {"migration_set": "debrief", "name": "m999_future", "applied_at": "x"}
        )
    store.close()
    done = run_driver("list", data_dir, timeout=30)
    assert done.returncode == 1
    assert "newer version" in (data_dir / "logs" / "debrief.log").read_text(encoding="utf-8")
