"""Export → import into an empty data folder → export gives every record back, field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from debrief.debriefs.trash import trash_debrief
from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.exchange.format import ACCOUNT_COLUMNS, CONTACT_COLUMNS, DEBRIEF_COLUMNS, PARTS
from debrief.exchange.importing import preview_import, run_import
from debrief.followups.agenda import set_relationship
from debrief.followups.model import Relationship
from debrief.letters.drafting import letter_pdf, list_letters
from debrief.samples import generate_archive, load_samples
from debrief.search import browse
from debrief.search.browse import Filters
from debrief.store.database import Store
from tests.exchange_data import MEETING_HELD_ON, full_debrief


def export_json(store: Store, path: Path, pdf: bool = True) -> dict[str, Any]:
    export(store, path, ExportOptions(ExportFormat.JSON, include_pdf=pdf))
    return json.loads(path.read_text(encoding="utf-8"))


def dump(store: Store) -> list[str]:
    """Every row of every table, as SQL: equal dumps mean an unchanged database."""
    return list(store.db.conn.iterdump())


def assert_same_records(a: dict[str, Any], b: dict[str, Any]) -> None:
    for key, columns in (
        ("accounts", ACCOUNT_COLUMNS),
        ("contacts", CONTACT_COLUMNS),
        ("debriefs", DEBRIEF_COLUMNS),
    ):
        left = {r["id"]: r for r in a[key]}
        right = {r["id"]: r for r in b[key]}
        assert left.keys() == right.keys(), key
        for rid, record in left.items():
            for column in columns:
                assert record[column] == right[rid][column], (key, rid, column)
            if key == "debriefs":
                for part, *_ in PARTS:
                    assert record[part] == right[rid][part], (rid, part)
                assert record["letters"] == right[rid]["letters"], rid
                assert record["letter_drafts"] == right[rid]["letter_drafts"], rid
            assert record == right[rid]


@pytest.fixture
def rich(store: Store) -> Store:
    load_samples(store)
    full_debrief(store)
    gone = full_debrief(store, account="Harbour Trash Ltd", opportunity="Trashed deal")
    set_relationship(store, gone, Relationship.WON_BACK, on="2026-11-20", value="12,000.50")
    trash_debrief(store, gone)
    generate_archive(store, 300, seed=11)
    return store


def test_export_import_export_reproduces_every_field(rich: Store, tmp_path: Path) -> None:
    first = export_json(rich, tmp_path / "first.json")
    assert len(first["debriefs"]) == 300 + 2 + len(
        [r for r in rich.db.execute("SELECT id FROM debriefs WHERE is_sample = 1")]
    )
    assert any(d["deleted_at"] for d in first["debriefs"]), "the trash travels with a full export"

    empty = Store.open(tmp_path / "empty" / "debrief.sqlite3")
    try:
        plan = preview_import(empty, tmp_path / "first.json")
        assert plan.debrief_counts.new == len(first["debriefs"])
        result = run_import(empty, plan, tmp_path / "empty" / "backups")
        assert result.backup is not None and result.backup.exists()
        second = export_json(empty, tmp_path / "second.json")
        assert_same_records(first, second)
        # Real follow-ups (every column of m1101_followups) and the relationship came back.
        followups = [f for d in second["debriefs"] for f in d["followups"]]
        assert len(followups) >= 10 and {f["state"] for f in followups} >= {"open", "done"}
        assert {f["state"] for f in followups} >= {"cancelled"}  # won back ends the open ones
        assert {(d["relationship"], d["won_back_value_minor"]) for d in second["debriefs"]} >= {
            ("won_back", 1200050),
            ("with_competitor", None),
        }
        # The people's greetings, addresses and roles, who was in the meeting, the deal's name
        # for letters, the questions' roles and a letter's "sent" mark came back
        # (migrations m901_letter_addressing, m902_question_roles, m903_people_roles).
        mine = next(d for d in second["debriefs"] if d["opportunity"] == "Foundry scheduling 2027")
        people = {c["name"]: c for c in second["contacts"] if c["account_id"] == mine["account_id"]}
        zofia, marek = people["Zofia Wiśniewska"], people["Marek Żuławski"]
        assert (zofia["role"], zofia["salutation"]) == ("decision_maker", "Pani Zofio")
        assert zofia["address"].startswith("Hala 3") and marek["role"] == "evaluator"
        assert mine["attendees"] == [
            {"contact_id": marek["id"], "position": 0},
            {"contact_id": zofia["id"], "position": 1},
        ]
        assert mine["deal_public_name"] == "shop-floor scheduling"
        assert mine["meeting_date"] == MEETING_HELD_ON and mine["status"] == "summary_sent"
        assert [letter["sent_at"] for letter in mine["letters"]] == [
            "2026-10-21T09:30:00.000+00:00"
        ]
        assert {q["role"] for q in mine["questions"]} >= {"opening", "our_people", "competitor"}
        account = next(a for a in second["accounts"] if a["id"] == mine["account_id"])
        assert account["address"].startswith("ul. Piotrkowska 104")
        assert sum(len(d["attendees"]) for d in second["debriefs"]) > 2, "samples' too"
        # PDFs come back byte for byte.
        rich_ids = {d["id"] for d in first["debriefs"] if d["letters"]}
        for debrief_id in rich_ids:
            for letter in list_letters(rich, debrief_id):
                assert letter_pdf(empty, letter.id) == letter_pdf(rich, letter.id)
        # Search works on the imported archive, and trashed text stays unsearchable.
        for words in (
            "Foundry scheduling",
            "Corvane",
            "Wiśniewska",
            "Żuławski",
            "Trashed deal",
            "",
        ):
            filters = Filters(text=words)
            assert browse.count(empty, filters) == browse.count(rich, filters), words
        assert browse.count(empty, Filters(text="Trashed deal")) == 0
        assert browse.count(empty, Filters(text="Żuławski")) == 1, "found as in the meeting"

        before = dump(empty)
        again = preview_import(empty, tmp_path / "first.json")
        assert again.debrief_counts.unchanged == len(first["debriefs"])
        assert not again.changes_anything
        assert run_import(empty, again, tmp_path / "empty" / "backups").backup is None
        assert dump(empty) == before, "a second import of the same file changes nothing"
    finally:
        empty.close()


def test_without_pdfs_the_letters_keep_their_text(rich: Store, tmp_path: Path) -> None:
    first = export_json(rich, tmp_path / "first.json", pdf=False)
    assert all("pdf" not in letter for d in first["debriefs"] for letter in d["letters"])
    empty = Store.open(tmp_path / "b.sqlite3")
    try:
        run_import(empty, preview_import(empty, tmp_path / "first.json"), tmp_path / "backups")
        assert_same_records(first, export_json(empty, tmp_path / "second.json", pdf=False))
    finally:
        empty.close()


def test_an_import_declares_what_it_changed(rich: Store, tmp_path: Path) -> None:
    export_json(rich, tmp_path / "all.json")
    empty = Store.open(tmp_path / "b.sqlite3")
    try:
        with empty.collect_changes() as noted:
            result = run_import(
                empty, preview_import(empty, tmp_path / "all.json"), tmp_path / "backups"
            )
        assert len(noted) == 1
        change = noted[0]
        assert len(change.added) == result.applied.debriefs.new
        assert change.accounts and change.letters
    finally:
        empty.close()
