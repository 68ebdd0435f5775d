"""CSV and XLSX read back as a spreadsheet user (and a CRM import) would; shareable exports carry
no internal text; the CRM note; the schema keeps step with the database."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from debrief.debriefs.editing import DebriefEdit, update_debrief
from debrief.debriefs.lifecycle import get_debrief
from debrief.errors import DebriefError
from debrief.exchange.crm import copy_for_crm
from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.exchange.format import (
    ACCOUNT_COLUMNS,
    CONTACT_COLUMNS,
    DEBRIEF_COLUMNS,
    DRAFT_COLUMNS,
    FOLLOWUP_COLUMNS,
    FULL_NOTICE,
    LETTER_COLUMNS,
    PARTS,
    schema,
)
from debrief.exchange.schema_check import schema_errors
from debrief.exchange.tabular import DEBRIEF_HEADERS, FOLLOWUP_HEADERS, neutralise
from debrief.followups.model import Channel, FollowupKind, FollowupState, Relationship
from debrief.meeting.roles import QuestionRole
from debrief.model import LossReason, Outcome, PersonRole, Status
from debrief.search.browse import Filters
from debrief.store.database import Store
from tests.exchange_data import INTERNAL_WORDS, MEETING_HELD_ON, full_debrief

HOSTILE = {
    "opportunity": '=HYPERLINK("http://evil.example","Click")',
    "competitor": "+cmd|' /C calc'!A0",
    "rep_name": "@SUM(1+1)*cmd|' /C calc'!A0",
    "products": "-2+3",
}


@pytest.fixture
def data(store: Store) -> tuple[Store, str]:
    debrief_id = full_debrief(store)
    hostile = full_debrief(store, account="\tTab Corp", opportunity="Hostile")
    edit = DebriefEdit.of(get_debrief(store, hostile))
    edit.opportunity = HOSTILE["opportunity"]
    edit.competitor = HOSTILE["competitor"]
    edit.rep_name = HOSTILE["rep_name"]
    update_debrief(store, hostile, edit)
    with store.atomic() as db:  # the forms strip spaces; data from elsewhere may not be
        db["accounts"].update(get_debrief(store, hostile).account_id, {"name": "\tTab Corp"})
    return store, debrief_id


def test_csv_has_a_bom_stable_columns_accents_and_no_live_formulas(
    data: tuple[Store, str], tmp_path: Path
) -> None:
    store, debrief_id = data
    path = tmp_path / "debriefs.csv"
    result = export(store, path, ExportOptions(ExportFormat.CSV))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0].keys()) == list(DEBRIEF_HEADERS)
    assert result.debriefs == len(rows) == 2
    row = next(r for r in rows if r["debrief_id"] == debrief_id)
    assert row["account"] == "Łódź Précision Castings"
    assert row["contact"] == "Zofia Wiśniewska"
    assert row["value"] == "48500.50" and row["currency"] == "EUR"
    assert row["outcome"] == "Lost to a competitor" and row["competitor"] == "Corvane Systems"
    assert row["primary_reason"] == LossReason.IMPLEMENTATION_RISK.label
    assert row["secondary_reasons"] == LossReason.SALES_EXPERIENCE.label
    # The earliest open follow-up of the accepted plan (not the date promised at the close).
    next_open = store.db.execute(
        "SELECT min(due) FROM followups WHERE debrief_id = ? AND state = 'open'", [debrief_id]
    ).fetchone()[0]
    assert next_open and next_open != "2027-02-15"
    assert row["renewal_date"] == "2029-01-31" and row["next_follow_up"] == next_open
    assert row["meeting_date"] == MEETING_HELD_ON
    for cell in (value for r in rows for value in r.values()):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    hostile = next(r for r in rows if r["debrief_id"] != debrief_id)
    assert hostile["deal"] == "'" + HOSTILE["opportunity"]
    assert hostile["competitor"] == "'" + HOSTILE["competitor"]
    assert hostile["rep"] == "'" + HOSTILE["rep_name"]
    assert hostile["account"] == "'\tTab Corp"


def test_xlsx_sheets_read_back_with_no_formula_cells(
    data: tuple[Store, str], tmp_path: Path
) -> None:
    store, debrief_id = data
    path = tmp_path / "debriefs.xlsx"
    export(store, path, ExportOptions(ExportFormat.XLSX))
    book = load_workbook(path)
    assert book.sheetnames == ["About", "Debriefs", "Reasons", "Requests", "Follow-ups"]
    assert book["About"]["B1"].value is None
    assert FULL_NOTICE in [c.value for c in book["About"]["A"]]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    debriefs = list(book["Debriefs"].values)
    assert list(debriefs[0]) == list(DEBRIEF_HEADERS)
    mine = next(r for r in debriefs if r[0] == debrief_id)
    assert mine[1] == "Łódź Précision Castings" and mine[2] == "Zofia Wiśniewska"
    assert any(r[3] == "'" + HOSTILE["opportunity"] for r in debriefs)
    reasons = list(book["Reasons"].values)
    assert reasons[0][:4] == ("debrief_id", "account", "deal", "reason")
    assert ("Twelve weeks was too long for us.") in [r[6] for r in reasons]
    requests = list(book["Requests"].values)
    assert "A Polish-language shop-floor app" in [r[3] for r in requests]
    followups = list(book["Follow-ups"].values)
    assert followups[0] == FOLLOWUP_HEADERS
    assert "INTERNAL-OUTCOME: she took the call kindly" in [r[11] for r in followups]


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_shareable_exports_carry_no_internal_text(
    data: tuple[Store, str], tmp_path: Path, fmt: ExportFormat
) -> None:
    store, _ = data
    full = tmp_path / f"full{fmt.suffix}"
    shared = tmp_path / f"shared{fmt.suffix}"
    export(store, full, ExportOptions(fmt))
    result = export(store, shared, ExportOptions(fmt, shareable=True))
    assert "left out" in result.notice

    def text_of(path: Path) -> str:
        if fmt == ExportFormat.XLSX:
            book = load_workbook(path)
            return "\n".join(
                str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r
            )
        return path.read_text(encoding="utf-8-sig")

    shared_text = text_of(shared)
    for word in INTERNAL_WORDS:
        assert word not in shared_text, word
    # The customer-facing view never names the competitor, nor shows value or confidence.
    assert "Corvane" not in shared_text and "Corvane" in text_of(full)
    assert "48500" not in shared_text and '"confidence"' not in shared_text
    # The deal goes out only as the customer knows it, never under the rep's own label.
    assert "Foundry scheduling 2027" in text_of(full)
    assert "Foundry scheduling 2027" not in shared_text
    assert "shop-floor scheduling" in shared_text
    assert "Twelve weeks was too long for us." in text_of(full) or fmt == ExportFormat.CSV
    if fmt == ExportFormat.JSON:
        assert "INTERNAL-PEOPLE" in text_of(full) and "INTERNAL-QUOTE" in text_of(full)
        doc = json.loads(shared_text)
        assert doc["scope"] == "shareable" and doc["contains_internal_notes"] is False
        assert list(schema_errors(doc)) == [], "a shareable export still follows the schema"
        assert "Twelve weeks was too long for us." in shared_text
        full_doc = json.loads(text_of(full))
        assert full_doc["contains_internal_notes"] is True
        assert "internal notes" in full_doc["notice"]
    if fmt == ExportFormat.XLSX:
        assert "internal notes" in text_of(full) and "left out" in shared_text


def test_filtered_export_takes_only_the_listed_debriefs(
    data: tuple[Store, str], tmp_path: Path
) -> None:
    store, debrief_id = data
    path = tmp_path / "one.json"
    result = export(store, path, ExportOptions(filters=Filters(text="Foundry")))
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert result.debriefs == 1 and [d["id"] for d in doc["debriefs"]] == [debrief_id]
    assert [a["name"] for a in doc["accounts"]] == ["Łódź Précision Castings"]
    assert doc["filters"]["text"] == "Foundry"


def test_copy_for_crm_is_short_plain_text_without_internal_notes(
    data: tuple[Store, str],
) -> None:
    store, debrief_id = data
    note = copy_for_crm(store, debrief_id)
    lines = note.splitlines()
    assert lines[0] == "Closed lost: Foundry scheduling 2027 (Łódź Précision Castings)"
    assert "Outcome: Lost to a competitor: Corvane Systems" in lines
    assert "Primary reason: Implementation risk" in lines
    assert "Contract renewal: 2029-01-31" in lines
    assert '- "Twelve weeks was too long for us."' in lines
    assert "Next step: Call about the pilot results (by 2027-02-15)" in lines
    for word in INTERNAL_WORDS:
        assert word not in note
    assert len(lines) <= 14 and "<" not in note


def test_neutralise() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("plain =") == "plain ="
    assert neutralise("") == ""


def test_the_schema_describes_every_column_the_database_has(store: Store) -> None:
    """A column added to a table later must reach the export (and the schema) too."""
    defs = schema()["$defs"]

    def table_columns(table: str) -> set[str]:
        return {c.name for c in store.db[table].columns} - {"debrief_id"}

    assert set(ACCOUNT_COLUMNS) == table_columns("accounts") == set(defs["account"]["properties"])
    assert set(CONTACT_COLUMNS) == table_columns("contacts") == set(defs["contact"]["properties"])
    assert set(DEBRIEF_COLUMNS) == table_columns("debriefs")
    assert set(DEBRIEF_COLUMNS) <= set(defs["debrief"]["properties"])
    names = {"questions": "question", "criteria": "criterion", "reasons": "reason"}
    names.update(captured_items="captured_item", attendees="attendee")
    for key, table, columns, _order in PARTS:
        assert set(columns) == table_columns(table) == set(defs[names[key]]["properties"])
    assert set(LETTER_COLUMNS) | {"pdf"} == table_columns("letters")
    assert set(LETTER_COLUMNS) == set(defs["letter"]["required"])
    assert set(defs["attendee"]["required"]) == table_columns("debrief_attendees")
    assert set(DRAFT_COLUMNS) == table_columns("letter_drafts")
    followup = defs["followup"]
    assert set(FOLLOWUP_COLUMNS) == table_columns("followups") == set(followup["properties"])
    assert set(followup["required"]) == set(FOLLOWUP_COLUMNS)


def test_the_schemas_coded_values_are_the_apps() -> None:
    """A new status, kind or state in the app must reach the schema, or its exports won't load."""
    defs = schema()["$defs"]

    def codes(node: dict) -> set[str]:
        return {v for v in node["enum"] if v is not None}

    debrief = defs["debrief"]["properties"]
    assert codes(debrief["status"]) == {s.value for s in Status}
    assert codes(debrief["relationship"]) == {r.value for r in Relationship}
    assert codes(debrief["outcome"]) == {o.value for o in Outcome}
    assert codes(defs["contact"]["properties"]["role"]) == {r.value for r in PersonRole}
    assert codes(defs["question"]["properties"]["role"]) == {r.value for r in QuestionRole}
    followup = defs["followup"]["properties"]
    assert codes(followup["kind"]) == {k.value for k in FollowupKind}
    assert codes(followup["channel"]) == {c.value for c in Channel}
    assert codes(followup["state"]) == {s.value for s in FollowupState}


def test_the_quick_schema_path_judges_like_plain_jsonschema(
    data: tuple[Store, str], tmp_path: Path
) -> None:
    store, _ = data
    export(store, tmp_path / "a.json", ExportOptions())
    good = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(good))
    d = broken["debriefs"][0]
    d.update(outcome="lost", value_minor=True, is_sample=2, currency=None, extra="x")
    d.pop("status")
    d["reasons"][0].update(is_primary=True, category="pricey")
    d["questions"] = [{}]
    broken["accounts"][0]["created_at"] = "yesterday"
    for doc in (good, broken):
        quick = sorted((list(e.absolute_path), e.message) for e in schema_errors(doc))
        plain = sorted((list(e.absolute_path), e.message) for e in schema_errors(doc, plain=True))
        assert [str(q) for q in quick] == [str(p) for p in plain]
    assert len(list(schema_errors(broken))) >= 8


def test_an_export_never_overwrites_the_database(store: Store) -> None:
    assert store.path is not None
    before = store.path.read_bytes()
    with pytest.raises(DebriefError, match="Debrief's own database file"):
        export(store, store.path, ExportOptions(ExportFormat.CSV))
    assert store.path.read_bytes() == before


def test_long_text_is_cut_visibly_in_a_workbook(data: tuple[Store, str], tmp_path: Path) -> None:
    store, debrief_id = data
    with store.atomic() as db:
        db["loss_reasons"].update(
            db.execute(
                "SELECT id FROM loss_reasons WHERE debrief_id = ? AND is_primary = 1", [debrief_id]
            ).fetchone()[0],
            {"quote": "ä" * 40_000},
        )
    export(store, tmp_path / "long.xlsx", ExportOptions(ExportFormat.XLSX))
    quotes = [r[6] for r in load_workbook(tmp_path / "long.xlsx")["Reasons"].values]
    long = next(q for q in quotes if q and q.startswith("ää"))
    assert len(long) <= 32_767 and long.endswith("the JSON export has it all]")
