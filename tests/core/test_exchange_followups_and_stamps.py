"""What the merge relies on, and follow-ups (migration m1101_followups) in exports and imports.

A debrief merges as one record with its parts because every change to a part moves the
debrief's `updated_at`; the first test holds every meeting use case to that.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from debrief.debriefs.record import CloseOutcome, load_record
from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.exchange.format import FOLLOWUP_COLUMNS
from debrief.exchange.importing import preview_import, run_import
from debrief.exchange.schema_check import schema_errors
from debrief.exchange.tabular import FOLLOWUP_HEADERS
from debrief.followups.agenda import accept_plan, get_followup, mark_done, reschedule
from debrief.followups.model import Channel, FollowupKind, FollowupState, PlanItem
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


def fetch(store: Store, sql: str) -> list[tuple]:
    return [tuple(r) for r in store.db.execute(sql).fetchall()]


def test_follow_ups_travel_with_every_column_and_merge_by_id(tmp_path: Path) -> None:
    """The real follow-ups (migration m1101_followups) and the debrief's follow-up columns go
    out in a full export and come back field by field; they merge by id, the newer edit winning;
    a shareable export has none of them."""
    a = Store.open(tmp_path / "a.sqlite3")
    b = Store.open(tmp_path / "b.sqlite3")
    try:
        debrief_id = full_debrief(a)
        (extra,) = accept_plan(
            a,
            debrief_id,
            [
                PlanItem(
                    "", FollowupKind.OTHER, Channel.EMAIL, "2026-12-20", "=Send the pilot notes"
                )
            ],
        )
        export(a, tmp_path / "a.json", ExportOptions())
        doc = json.loads((tmp_path / "a.json").read_text("utf-8"))
        (record,) = doc["debriefs"]
        assert len(record["followups"]) == 6
        assert all(list(f) == list(FOLLOWUP_COLUMNS) for f in record["followups"])
        assert record["relationship"] == "with_competitor"
        assert record["relationship_on"] == "2026-11-02"
        assert record["keep_in_touch_on"] == "2027-04" and record["plan_accepted_at"]
        assert list(schema_errors(doc)) == []

        export(a, tmp_path / "a.xlsx", ExportOptions(ExportFormat.XLSX))
        sheet = list(load_workbook(tmp_path / "a.xlsx")["Follow-ups"].values)
        assert sheet[0] == FOLLOWUP_HEADERS
        rows = {row[3]: row for row in sheet[1:]}
        assert rows[extra.id][4:10] == (
            "Other",
            "Email",
            "2026-12-20",
            "'=Send the pilot notes",
            "Zofia Wiśniewska",
            "To do",
        )
        export(a, tmp_path / "a.csv", ExportOptions(ExportFormat.CSV))
        assert b",2026-12-20\r\n" in (tmp_path / "a.csv").read_bytes()  # the next open one

        export(a, tmp_path / "shared.json", ExportOptions(shareable=True))
        shared = json.loads((tmp_path / "shared.json").read_text("utf-8"))["debriefs"][0]
        assert "followups" not in shared and "relationship" not in shared

        columns = ", ".join(FOLLOWUP_COLUMNS)
        everything = f"SELECT debrief_id, {columns} FROM followups ORDER BY id"
        run_import(b, preview_import(b, tmp_path / "a.json"), tmp_path / "backups")
        assert fetch(b, everything) == fetch(a, everything)
        debrief_cols = "keep_in_touch_on, relationship, relationship_on, won_back_value_minor"
        debrief_cols += ", plan_accepted_at"
        assert fetch(b, f"SELECT {debrief_cols} FROM debriefs") == fetch(
            a, f"SELECT {debrief_cols} FROM debriefs"
        )

        # Newer here: kept. Newer in the file: taken. Same file again: nothing changes.
        reschedule(b, extra.id, "2027-01-08")
        plan = preview_import(b, tmp_path / "a.json")
        assert plan.debrief_counts.updated == 0
        mark_done(a, extra.id, "Sent.", date(2026, 12, 21))
        ours = get_followup(a, extra.id)
        export(a, tmp_path / "a2.json", ExportOptions())
        run_import(b, preview_import(b, tmp_path / "a2.json"), tmp_path / "backups")
        theirs = get_followup(b, extra.id)
        assert (theirs.state, theirs.due, theirs.done_on) == (
            FollowupState.DONE,
            "2026-12-20",
            "2026-12-21",
        )
        assert theirs.updated_at == ours.updated_at
        assert fetch(b, everything) == fetch(a, everything)
        assert preview_import(b, tmp_path / "a2.json").debrief_counts.updated == 0
    finally:
        for store in (a, b):
            store.close()
