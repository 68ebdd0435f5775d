"""The real app on a file damaged where opening doesn't look: the check after the first paint
finds it, and the app stops without writing to it (no dialogs: `--no-crash-dialog`)."""

from __future__ import annotations

from pathlib import Path

from debrief.store.backups import list_backups
from debrief.store.database import Store
from tests.core.test_after_open import _filled, scramble_search_index
from tests.e2e.test_data_safety_e2e import run_app


def test_damage_found_after_the_window_opened_ends_the_app_and_leaves_the_file(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    database = data / "debrief.sqlite3"
    data.mkdir()
    _filled(database, 3)
    Store.open(database, backup_dir=data / "backups").close()  # yesterday's good backup
    (good,) = list_backups(data / "backups")
    scramble_search_index(database)
    damaged = database.read_bytes()
    done = run_app("--data-dir", str(data), "--no-crash-dialog", timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Debrief can't go on with your data" in done.stderr
    assert "checked every page of it after the window opened and found damage" in done.stderr
    assert "stopped writing to it" in done.stderr
    assert "Traceback" not in done.stderr
    assert database.read_bytes() == damaged
    wal = Path(f"{database}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert list_backups(data / "backups") == [good]
    log = (data / "logs" / "debrief.log").read_text(encoding="utf-8")
    assert "The check after opening found the database damaged" in log
