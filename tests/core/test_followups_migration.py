"""Upgrading a database made before follow-ups: the free-text "when" answers become a month or
a day where they parse; the text is kept either way, so nothing the rep typed disappears."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from debrief.store.database import Store
from debrief.store.migrations import migrations


def test_free_text_when_is_migrated_where_it_parses(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    migrations.apply(old, stop_before="m1101_followups")
    stamp = "2026-10-01T09:00:00.000+00:00"
    old["accounts"].insert({"id": "a", "name": "Acme", "created_at": stamp, "updated_at": stamp})
    answers = {
        "d1": ("After the winter, around March", "2026-11-20"),
        "d2": ("Before the 2028 renewal", "2026-11-20"),
        "d3": ("call on 2027-02-15", None),
        "d4": ("", None),
    }
    for debrief_id, (when, met) in answers.items():
        old["debriefs"].insert(
            {
                "id": debrief_id,
                "account_id": "a",
                "status": "meeting_held",
                "outcome": "competitor",
                "keep_in_touch": "yes",
                "keep_in_touch_when": when,
                "meeting_date": met,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    old.close()

    store = Store.open(path, backup_dir=tmp_path / "backups")
    rows = {
        r[0]: (r[1], r[2], r[3])
        for r in store.db.execute(
            "SELECT id, keep_in_touch_when, keep_in_touch_on, relationship FROM debriefs"
        ).fetchall()
    }
    store.close()
    assert rows == {
        "d1": ("After the winter, around March", "2027-03", "open"),
        "d2": ("Before the 2028 renewal", "", "open"),  # kept visible, not guessed
        "d3": ("call on 2027-02-15", "2027-02-15", "open"),
        "d4": ("", "", "open"),
    }
    assert list((tmp_path / "backups").iterdir()), "the old file was backed up first"
