"""`python main.py followups [--due] [--ics FILE] [--data-dir DIR]`, run as a real process."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import vobject

from debrief.debriefs.lifecycle import create_debrief
from debrief.followups.agenda import accept_plan, followups_of, reschedule
from debrief.followups.calendar import followup_uid
from debrief.followups.plan import proposed_plan
from debrief.model import NewDebrief
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.e2e.conftest import run_command
from ui.paths import AppPaths

run = run_command


def plan_one(data_dir: Path, overdue: bool = True) -> list[str]:
    store = Store.open(AppPaths(data_dir).database)
    try:
        today = date.today()
        debrief_id = create_debrief(
            store,
            NewDebrief(
                account_name="Acme Freight",
                contact_name="Jana Novák",
                opportunity="Internal deal name",
                competitor="Globex",
                date_lost=today.isoformat(),
            ),
        ).id
        accept_plan(store, debrief_id, proposed_plan(store, debrief_id, today))
        followups = followups_of(store, debrief_id)
        if overdue:
            reschedule(store, followups[0].id, (today - timedelta(days=3)).isoformat())
        else:
            for f in followups:
                if f.due <= today.isoformat():
                    reschedule(store, f.id, (today + timedelta(days=30)).isoformat())
        return [f.id for f in followups]
    finally:
        store.close()


def test_prints_the_agenda_and_due_exits_by_what_is_due(data_dir: Path) -> None:
    plan_one(data_dir)
    shown = run("followups", "--data-dir", str(data_dir))
    assert shown.returncode == 0, shown.stderr
    assert "Overdue (1)" in shown.stdout and "Later (" in shown.stdout
    assert "Jana Novák (Acme Freight)" in shown.stdout
    assert "Internal deal name" not in shown.stdout and "Traceback" not in shown.stderr
    due = run("followups", "--due", "--data-dir", str(data_dir))
    assert due.returncode == 0
    assert "Due now (1)" in due.stdout and "Later" not in due.stdout


def test_nothing_due_exits_1(data_dir: Path) -> None:
    plan_one(data_dir, overdue=False)
    due = run("--data-dir", str(data_dir), "followups", "--due")
    assert due.returncode == 1, due.stdout + due.stderr
    assert "Nothing is due." in due.stdout


def test_writes_a_calendar_with_stable_uids(data_dir: Path, tmp_path: Path) -> None:
    ids = plan_one(data_dir)
    out = tmp_path / "followups.ics"
    first = run("followups", "--ics", str(out), "--data-dir", str(data_dir))
    assert first.returncode == 0, first.stderr
    assert f"Wrote {len(ids)} follow-ups" in first.stdout
    uids = {e.uid.value for e in vobject.readOne(out.read_text("utf-8")).vevent_list}
    assert uids == {followup_uid(i) for i in ids}
    again = run("followups", "--ics", str(out), "--data-dir", str(data_dir))
    assert again.returncode == 0
    assert {e.uid.value for e in vobject.readOne(out.read_text("utf-8")).vevent_list} == uids


def test_problems_are_words_and_exit_3(data_dir: Path, tmp_path: Path) -> None:
    missing = run("followups", "--data-dir", str(tmp_path / "nowhere"))
    assert missing.returncode == 3
    assert "not a folder with Debrief data" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "nowhere").exists()  # a typo creates nothing
    empty = run("followups", "--data-dir", str(data_dir))
    assert empty.returncode == 3 and "no Debrief data" in empty.stderr
    plan_one(data_dir)
    unwritable = run(
        "followups", "--ics", str(tmp_path / "no" / "x.ics"), "--data-dir", str(data_dir)
    )
    assert unwritable.returncode == 3
    assert "doesn't exist" in unwritable.stderr and "Traceback" not in unwritable.stderr
    wrong = run("followups", "--bogus")
    assert wrong.returncode == 2


def test_the_command_loads_no_widgets(data_dir: Path) -> None:
    plan_one(data_dir)
    probe = (
        "import sys; from ui.entry import main; code = main(['followups', '--data-dir', "
        f"{str(data_dir)!r}]); "
        "print('WIDGETS' if 'PySide6.QtWidgets' in sys.modules else 'NOWIDGETS'); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("NOWIDGETS")
