"""`python main.py export …` and `python main.py import …`, run as real processes."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from debrief.samples import generate_archive
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.e2e.conftest import run_command
from tests.exchange_data import file_digest, full_debrief
from ui.paths import AppPaths

run = run_command


def fill(data_dir: Path, count: int = 0) -> str:
    store = Store.open(AppPaths(data_dir).database)
    try:
        debrief_id = full_debrief(store)
        if count:
            generate_archive(store, count, seed=4)
        return debrief_id
    finally:
        store.close()


def test_export_then_import_elsewhere_with_progress(data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir, count=2500)
    out = tmp_path / "all.json"
    done = run("export", "--format", "json", "-o", str(out), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert "2501 debriefs written to" in done.stdout
    assert "contains internal notes" in done.stdout
    assert "debrief: Writing: 2,501 of 2,501 (100%)" in done.stderr

    other = tmp_path / "other"
    dry = run("import", str(out), "--dry-run", "--data-dir", str(other))
    assert dry.returncode == 0, dry.stderr
    assert "Debriefs: 2501 new, 0 updated, 0 unchanged, 0 skipped as older" in dry.stdout
    assert "Nothing was changed (--dry-run)." in dry.stdout
    before = file_digest(AppPaths(other).database)

    done = run("--data-dir", str(other), "import", str(out))
    assert done.returncode == 0, done.stderr
    assert "Debriefs: 2501 new" in done.stdout and "backup" in done.stdout
    assert "debrief: Updating search: 2,501 of 2,501 (100%)" in done.stderr
    assert list((other / "backups").glob("debrief-*-before-import.sqlite3"))
    assert file_digest(AppPaths(other).database) != before

    again = run("import", str(out), "--data-dir", str(other))
    assert again.returncode == 0
    assert "Debriefs: 0 new, 0 updated, 2501 unchanged" in again.stdout
    assert "Nothing to change" in again.stdout


def test_filtered_csv_export(data_dir: Path, tmp_path: Path) -> None:
    debrief_id = fill(data_dir, count=20)
    out = tmp_path / "corvane.csv"
    done = run(
        "export", "--format", "csv", "-o", str(out), "--search", "Foundry", "--shareable",
        "--data-dir", str(data_dir),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "no progress line for a small export"
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["debrief_id"] for r in rows] == [debrief_id]
    assert "left out" in done.stdout


def test_a_rejected_import_exits_1_and_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir)
    out = tmp_path / "all.json"
    assert run("export", "-o", str(out), "--data-dir", str(data_dir)).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["debriefs"][0]["status"] = "won"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    before = file_digest(AppPaths(data_dir).database)
    done = run("import", str(bad), "--data-dir", str(data_dir))
    assert done.returncode == 1
    assert "bad.json can't be imported; nothing was changed." in done.stderr
    assert "field “status”" in done.stderr and "Traceback" not in done.stderr
    assert file_digest(AppPaths(data_dir).database) == before
    assert not list((data_dir / "backups").glob("*before-import*"))


def test_usage_errors_exit_2(data_dir: Path, tmp_path: Path) -> None:
    assert run("export", "--data-dir", str(data_dir)).returncode == 2  # no -o
    assert run("export", "--format", "pdf", "-o", "x", "--data-dir", str(data_dir)).returncode == 2
    missing = run("import", str(tmp_path / "nope.json"), "--data-dir", str(data_dir))
    assert missing.returncode == 2 and "there is no file" in missing.stderr
    nowhere = run("export", "-o", str(tmp_path / "no" / "x.json"), "--data-dir", str(data_dir))
    assert nowhere.returncode == 2 and "does not exist" in nowhere.stderr
    bad_date = run(
        "export", "-o", str(tmp_path / "x.csv"), "--from", "May", "--data-dir", str(data_dir)
    )
    assert bad_date.returncode == 2


def test_the_commands_import_no_widgets(data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir)
    out = tmp_path / "w.json"
    script = (
        "import sys\n"
        "from ui.entry import main\n"
        f"assert main(['export', '-o', {str(out)!r}, '--data-dir', {str(data_dir)!r}]) == 0\n"
        f"assert main(['import', {str(out)!r}, '--data-dir', {str(data_dir)!r}]) == 0\n"
        "print('widgets' if 'PySide6.QtWidgets' in sys.modules else 'no widgets')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("no widgets")
