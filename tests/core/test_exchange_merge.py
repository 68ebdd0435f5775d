"""Two laptops that started from the same data, edited and trashed on both, then swapped exports.

The documented result (README "Export and import"): the newer edit of each debrief wins as a
whole, a debrief trashed on either side stays trashed, new debriefs and letters from both sides
are kept, and both laptops end with the same records.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from debrief.debriefs.editing import DebriefEdit, update_debrief
from debrief.debriefs.lifecycle import get_debrief
from debrief.debriefs.people import attendee_ids, set_attendees
from debrief.debriefs.trash import trash_debrief
from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.exchange.importing import preview_import, run_import
from debrief.letters.drafting import Draft, LetterKind, get_letter, keep_letter, mark_sent
from debrief.meeting.session import add_reason
from debrief.model import LossReason
from debrief.samples import generate_archive
from debrief.store.database import Store
from tests.exchange_data import full_debrief

MORNING = "2030-01-01T10:00:00.000+00:00"
NOON = "2030-01-01T12:00:00.000+00:00"


def stamp(store: Store, debrief_id: str, when: str) -> None:
    """Pin an edit's time, so which side is newer doesn't depend on the test's speed."""
    with store.atomic() as db:
        db["debriefs"].update(debrief_id, {"updated_at": when})


def rename(store: Store, debrief_id: str, name: str, when: str) -> None:
    edit = DebriefEdit.of(get_debrief(store, debrief_id))
    edit.opportunity = name
    update_debrief(store, debrief_id, edit)
    stamp(store, debrief_id, when)


def export_all(store: Store, path: Path) -> dict[str, Any]:
    export(store, path, ExportOptions(ExportFormat.JSON, include_pdf=True))
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def records(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for key in ("accounts", "contacts", "debriefs") for r in doc[key]}


def test_two_laptops_merge_to_the_same_documented_result(tmp_path: Path) -> None:
    a = Store.open(tmp_path / "a" / "debrief.sqlite3")
    b = Store.open(tmp_path / "b" / "debrief.sqlite3")
    try:
        generate_archive(a, 30, seed=3)
        x, y, z, w, v = (full_debrief(a, opportunity=f"Deal {n}") for n in "XYZWV")
        export_all(a, tmp_path / "base.json")
        run_import(b, preview_import(b, tmp_path / "base.json"), tmp_path / "b" / "backups")

        # Laptop A (this morning) ...
        rename(a, x, "X edited on A", MORNING)
        rename(a, z, "Z edited on A", MORNING)
        add_reason(a, z, LossReason.PRICE_VALUE)
        stamp(a, z, MORNING)
        trash_debrief(a, w)
        stamp(a, w, MORNING)
        keep_letter(a, y, Draft(LetterKind.FOLLOW_UP, "Checking in", "Dear Zofia, how is it?"))
        new_a = full_debrief(a, account="Only On A GmbH", opportunity="New on A")
        # ... and laptop B (at noon).
        rename(b, y, "Y edited on B", NOON)
        rename(b, z, "Z edited on B", NOON)
        rename(b, w, "W edited on B after A trashed it", NOON)
        trash_debrief(b, v)
        new_b = full_debrief(b, account="Only On B SA", opportunity="New on B")

        from_a = export_all(a, tmp_path / "a.json")
        from_b = export_all(b, tmp_path / "b.json")

        plan = preview_import(a, tmp_path / "b.json")
        decisions = {p.record["id"]: p.decision.value for p in plan.debriefs}
        assert decisions[new_b] == "new"
        assert decisions[y] == decisions[z] == decisions[w] == decisions[v] == "updated"
        assert decisions[x] == "skipped", "A's own later edit of X is kept"
        assert [s.title for s in plan.skipped if s.kind == "debrief"] == ["Deal X"]
        assert plan.debrief_counts.unchanged == 30
        assert new_a not in decisions, "B's file doesn't know A's new debrief"

        run_import(a, plan, tmp_path / "a" / "backups")
        run_import(b, preview_import(b, tmp_path / "a.json"), tmp_path / "b" / "backups")

        merged_a = records(export_all(a, tmp_path / "a2.json"))
        merged_b = records(export_all(b, tmp_path / "b2.json"))
        assert merged_a == merged_b, "both laptops end with the same records"

        assert merged_a[x]["opportunity"] == "X edited on A"
        assert merged_a[y]["opportunity"] == "Y edited on B"
        assert merged_a[z]["opportunity"] == "Z edited on B"
        # Z is taken whole from B: A's earlier reason went with A's older version.
        assert [r["category"] for r in merged_a[z]["reasons"]] == [
            r["category"] for r in records(from_b)[z]["reasons"]
        ]
        assert merged_a[w]["opportunity"] == "W edited on B after A trashed it"
        assert merged_a[w]["deleted_at"], "trashed on A stays trashed"
        assert merged_a[v]["deleted_at"], "trashed on B stays trashed"
        assert {new_a, new_b} <= merged_a.keys()
        # Y: B's edit and A's new letter both survive.
        kinds = [letter["kind"] for letter in merged_a[y]["letters"]]
        assert kinds.count("follow_up") == 1 and kinds.count("summary") == 1
        assert len(records(from_a)[y]["letters"]) == 2

        # Swapping the same files again changes nothing anywhere.
        for store, name in ((a, "b.json"), (b, "a.json")):
            again = preview_import(store, tmp_path / name)
            assert not again.changes_anything
    finally:
        a.close()
        b.close()


def test_an_edit_made_while_the_preview_was_open_is_not_overwritten(tmp_path: Path) -> None:
    a = Store.open(tmp_path / "a.sqlite3")
    b = Store.open(tmp_path / "b.sqlite3")
    try:
        x = full_debrief(a, opportunity="Deal X")
        export_all(a, tmp_path / "base.json")
        run_import(b, preview_import(b, tmp_path / "base.json"), tmp_path / "backups")
        rename(a, x, "X edited on A", MORNING)
        export_all(a, tmp_path / "a.json")
        plan = preview_import(b, tmp_path / "a.json")
        assert [p.decision.value for p in plan.debriefs] == ["updated"]
        rename(b, x, "X edited on B while the preview was open", NOON)
        result = run_import(b, plan, tmp_path / "backups")
        assert result.applied.debriefs.skipped == 1
        assert get_debrief(b, x).opportunity == "X edited on B while the preview was open"
    finally:
        a.close()
        b.close()


def test_who_was_in_the_meeting_goes_with_the_debrief_and_a_sent_letter_stays_sent(
    tmp_path: Path,
) -> None:
    """Attendees are part of the debrief (the newer debrief brings its list); a letter marked
    sent on one laptop is marked sent on the other even where the other edited the debrief
    later (a letter that went out can't be unsent)."""
    a = Store.open(tmp_path / "a.sqlite3")
    b = Store.open(tmp_path / "b.sqlite3")
    try:
        x = full_debrief(a, opportunity="Deal X")
        y = full_debrief(a, account="Other Customer SA", opportunity="Deal Y")
        unsent = keep_letter(a, y, Draft(LetterKind.FOLLOW_UP, "Checking in", "Dear Zofia, hi"))
        export_all(a, tmp_path / "base.json")
        run_import(b, preview_import(b, tmp_path / "base.json"), tmp_path / "backups")

        contact_x = get_debrief(a, x).contact_id
        assert contact_x is not None
        set_attendees(a, x, [contact_x])  # A: only Zofia was in the meeting after all
        stamp(a, x, MORNING)
        mark_sent(a, unsent.id, "2029-12-31T08:00:00.000+00:00")
        rename(b, y, "Y edited on B later", NOON)  # B's Y is newer than A's
        export_all(a, tmp_path / "a.json")

        plan = preview_import(b, tmp_path / "a.json")
        decisions = {p.record["id"]: p.decision.value for p in plan.debriefs}
        assert decisions == {x: "updated", y: "updated"}
        assert plan.skipped == []
        with b.collect_changes() as noted:
            run_import(b, plan, tmp_path / "backups")
        assert attendee_ids(b.db, x) == [contact_x]
        assert get_debrief(b, y).opportunity == "Y edited on B later", "B's newer edit kept"
        assert get_letter(b, unsent.id).sent_at == "2029-12-31T08:00:00.000+00:00"
        assert set(noted[0].letters) == {y} and x in noted[0].debriefs
        # Back the other way: A's sent mark is kept, B's newer Y comes over; both end the same.
        run_import(a, preview_import(a, tmp_path / "a.json"), tmp_path / "backups")
        export_all(b, tmp_path / "b.json")
        run_import(a, preview_import(a, tmp_path / "b.json"), tmp_path / "backups")
        assert records(export_all(a, tmp_path / "a2.json")) == records(
            export_all(b, tmp_path / "b2.json")
        )
        assert not preview_import(b, tmp_path / "a.json").changes_anything
    finally:
        a.close()
        b.close()
