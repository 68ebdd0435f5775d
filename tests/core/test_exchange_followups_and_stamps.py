"""What the merge relies on, and follow-ups (a table another part of Debrief adds).

A debrief merges as one record with its parts because every change to a part moves the
debrief's `updated_at`; the first test holds every meeting use case to that.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from debrief.debriefs.record import CloseOutcome, load_record
from debrief.errors import DebriefError
from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.exchange.importing import preview_import, run_import
from debrief.meeting import session
from debrief.model import CaptureKind, Confidence, LossReason
from debrief.store.database import Store
from tests.exchange_data import full_debrief

OLD = "2001-01-01T00:00:00.000+00:00"


def test_every_change_to_a_part_moves_the_debriefs_updated_at(store: Store) -> None:
    debrief_id = full_debrief(store)
    meeting = load_record(store, debrief_id)
    reason_id = store.db.execute(
        "SELECT id FROM loss_reasons WHERE debrief_id = ? LIMIT 1", [debrief_id]
    ).fetchone()[0]
    criterion_id = store.db.execute(
        "SELECT id FROM criteria WHERE debrief_id = ? LIMIT 1", [debrief_id]
    ).fetchone()[0]
    item_id = store.db.execute(
        "SELECT id FROM captured_items WHERE debrief_id = ? LIMIT 1", [debrief_id]
    ).fetchone()[0]
    steps: list[Callable[[], object]] = [
        lambda: session.save_question(store, meeting.questions[1].id, note="x"),
        lambda: session.save_notepad(store, debrief_id, "y"),
        lambda: session.save_summary(store, debrief_id, "z"),
        lambda: session.add_criterion(store, debrief_id),
        lambda: session.save_criterion(store, criterion_id, "a", "b", "c", False),
        lambda: session.add_reason(store, debrief_id, LossReason.PRICE_VALUE),
        lambda: session.save_reason(store, reason_id, Confidence.LOW, "q", False),
        lambda: session.set_primary_reason(store, reason_id),
        lambda: session.add_item(store, debrief_id, CaptureKind.PRODUCT_REQUEST, "r"),
        lambda: session.save_item(store, item_id, "s", False),
        lambda: session.save_close(store, debrief_id, CloseOutcome()),
        lambda: session.remove_item(store, item_id),
        lambda: session.remove_criterion(store, criterion_id),
        lambda: session.remove_reason(store, reason_id),
    ]
    for n, step in enumerate(steps):
        with store.atomic() as db:
            db["debriefs"].update(debrief_id, {"updated_at": OLD})
        step()
        stamp = store.db.execute(
            "SELECT updated_at FROM debriefs WHERE id = ?", [debrief_id]
        ).fetchone()[0]
        assert stamp != OLD, f"step {n} changed a part without touching the debrief"


FOLLOWUPS = (
    "CREATE TABLE followups (id TEXT PRIMARY KEY, debrief_id TEXT NOT NULL REFERENCES"
    " debriefs(id), due_date TEXT, what TEXT, done_at TEXT, updated_at TEXT)"
)


def add_followups_table(store: Store) -> None:
    """Stands in for the follow-up list another part of Debrief adds (a real table)."""
    store.db.execute(FOLLOWUPS)


def test_follow_ups_travel_when_both_sides_have_them(tmp_path: Path) -> None:
    a = Store.open(tmp_path / "a.sqlite3")
    b = Store.open(tmp_path / "b.sqlite3")
    c = Store.open(tmp_path / "c.sqlite3")
    try:
        add_followups_table(a)
        add_followups_table(b)
        debrief_id = full_debrief(a)
        with a.atomic() as db:
            db["followups"].insert_all(
                [
                    {"id": "f1", "debrief_id": debrief_id, "due_date": "2027-03-01",
                     "what": "Check-in call", "updated_at": OLD},
                    {"id": "f2", "debrief_id": debrief_id, "due_date": "2026-12-20",
                     "what": "=Send the pilot notes", "updated_at": OLD},
                ]
            )  # fmt: skip
        export(a, tmp_path / "a.json", ExportOptions())
        doc = json.loads((tmp_path / "a.json").read_text("utf-8"))
        assert [f["id"] for f in doc["debriefs"][0]["followups"]] == ["f1", "f2"]

        export(a, tmp_path / "a.xlsx", ExportOptions(ExportFormat.XLSX))
        sheet = list(load_workbook(tmp_path / "a.xlsx")["Follow-ups"].values)
        assert sheet[0] == ("debrief_id", "account", "deal", "id", "due_date", "what",
                            "done_at", "updated_at")  # fmt: skip
        assert "'=Send the pilot notes" in [row[5] for row in sheet]
        export(a, tmp_path / "a.csv", ExportOptions(ExportFormat.CSV))
        assert b",2026-12-20\r\n" in (tmp_path / "a.csv").read_bytes()

        export(a, tmp_path / "shared.json", ExportOptions(shareable=True))
        assert (
            "followups"
            not in json.loads((tmp_path / "shared.json").read_text("utf-8"))["debriefs"][0]
        )

        run_import(b, preview_import(b, tmp_path / "a.json"), tmp_path / "backups")
        rows = b.db.execute("SELECT id, what FROM followups ORDER BY id").fetchall()
        assert rows == [("f1", "Check-in call"), ("f2", "=Send the pilot notes")]

        with pytest.raises(DebriefError, match="no follow-up list to put them in"):
            preview_import(c, tmp_path / "a.json")
    finally:
        for store in (a, b, c):
            store.close()
