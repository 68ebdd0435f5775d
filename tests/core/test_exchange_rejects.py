"""Files that are not sound Debrief exports are rejected with a message that says what is wrong
and where, and the database file is left byte for byte as it was."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from debrief.errors import DebriefError
from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.exchange.importing import preview_import, run_import
from debrief.samples import generate_archive
from debrief.store.database import Store
from tests.exchange_data import file_digest, full_debrief

Doc = dict[str, Any]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Doc]:
    """A database with data (closed) and a valid export of other data to break."""
    db = tmp_path / "data" / "debrief.sqlite3"
    store = Store.open(db)
    generate_archive(store, 5, seed=1)
    store.close()
    other = Store.open(tmp_path / "other.sqlite3")
    full_debrief(other)
    generate_archive(other, 3, seed=2)
    export(other, tmp_path / "good.json", ExportOptions(ExportFormat.JSON))
    other.close()
    return db, json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))


def attempt(db: Path, file: Path) -> str:
    """Import `file`, expecting a rejection; returns its message. The file must not change."""
    store = Store.open(db, backup_dir=db.parent / "backups")  # may take the day's backup
    before = file_digest(db)
    backups = sorted((db.parent / "backups").glob("*"))
    try:
        with pytest.raises(DebriefError) as caught:
            plan = preview_import(store, file)
            run_import(store, plan, db.parent / "backups")
    finally:
        store.close()
    assert file_digest(db) == before, "the database changed"
    assert sorted((db.parent / "backups").glob("*")) == backups, "a rejected import backed up"
    return str(caught.value)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def edited(doc: Doc, change: Callable[[Doc], None]) -> str:
    copy = json.loads(json.dumps(doc))
    change(copy)
    return json.dumps(copy, ensure_ascii=False)


def test_truncated_file(setup: tuple[Path, Doc], tmp_path: Path) -> None:
    db, _doc = setup
    text = (tmp_path / "good.json").read_text(encoding="utf-8")
    message = attempt(db, write(tmp_path, "cut.json", text[: len(text) // 2]))
    assert "cut.json can't be imported; nothing was changed." in message
    assert "truncated" in message and "line" in message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.json", "", "The file is empty"),
        ("comma.json", '{"format": "debrief-export",, }', "not valid at line 1, column 29"),
        ("list.json", "[1, 2, 3]", "This is not a Debrief export"),
        (
            "package.json",
            '{"name": "left-pad", "version": "1.3.0"}',
            "This is not a Debrief export",
        ),
        ("binary.json", b"\x89PNG\r\n\x1a\n\xff\xfe", "not UTF-8"),
        ("deep.json", "[" * 200_000 + "]" * 200_000, "nested far deeper"),
        ("nan.json", '{"format": NaN}', "NaN is not a number JSON allows"),
        ("dupe.json", '{"format": "debrief-export", "format": "x"}', "appears twice"),
        ("bigint.json", '{"format": ' + "9" * 5000 + "}", "not valid"),
    ],
)
def test_malformed_and_foreign_files(
    setup: tuple[Path, Doc], tmp_path: Path, name: str, content: str | bytes, expected: str
) -> None:
    db, _doc = setup
    message = attempt(db, write(tmp_path, name, content))
    assert message.startswith(f"{name} can't be imported")
    assert expected in message


def test_wrong_version_and_shareable_files(setup: tuple[Path, Doc], tmp_path: Path) -> None:
    db, doc = setup
    newer = edited(doc, lambda d: d.update(format_version=2))
    assert "newer Debrief (format version 2)" in attempt(db, write(tmp_path, "v2.json", newer))
    odd = edited(doc, lambda d: d.update(format_version="1"))
    assert "not a format version Debrief knows" in attempt(db, write(tmp_path, "v.json", odd))
    shared = edited(doc, lambda d: d.update(scope="shareable"))
    assert "customer-shareable export" in attempt(db, write(tmp_path, "s.json", shared))


def first_debrief(doc: Doc) -> Doc:
    return next(d for d in doc["debriefs"] if d["reasons"] and d["questions"])


def met(doc: Doc) -> Doc:
    """The debrief whose meeting lists who was in it (full_debrief's)."""
    return next(d for d in doc["debriefs"] if d["attendees"])


def elsewhere(doc: Doc) -> str:
    """A person in the file who works for another customer than `met(doc)`."""
    return next(c["id"] for c in doc["contacts"] if c["account_id"] != met(doc)["account_id"])


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: first_debrief(d).update(outcome="lost"),
            'field “outcome”: "lost" is not one of the allowed values (competitor, no_decision',
        ),
        (lambda d: first_debrief(d).pop("status"), "field “status”: is missing"),
        (lambda d: first_debrief(d).update(evil=1), "field “evil”: is not a field Debrief knows"),
        (
            lambda d: first_debrief(d).update(value_minor="12"),
            'field “value_minor”: "12" should be of type integer or null',
        ),
        (
            lambda d: first_debrief(d).update(id="x'); DROP TABLE debriefs;--"),
            'field “id”: "x\'); DROP TABLE debriefs;--" is not in the expected form',
        ),
        (
            lambda d: first_debrief(d)["reasons"][0].update(category="pricey"),
            "› reason 1 (id ",
        ),
        (
            lambda d: first_debrief(d).update(date_lost="2026-02-30"),
            'field “date_lost”: "2026-02-30" is not a real date or time',
        ),
        (
            lambda d: first_debrief(d).update(account_id="nowhere"),
            "field “account_id”: refers to a customer that is neither in the file nor here",
        ),
        (
            lambda d: d["debriefs"].append(dict(first_debrief(d))),
            "field “id”: the same id appears earlier in the file",
        ),
        (
            lambda d: d["contacts"][0].update(account_id="gone"),
            "contact 1 (id ",
        ),
        (lambda d: d.pop("debriefs"), "The file, field “debriefs”: is missing"),
        (
            lambda d: first_debrief(d)["letters"][0].update(pdf="not base64!"),
            "field “pdf”",
        ),
        (
            lambda d: met(d)["attendees"][0].update(contact_id="nobody"),
            "› attendee 1, field “contact_id”: refers to a person who is neither in the file",
        ),
        (
            lambda d: met(d)["attendees"].append(dict(met(d)["attendees"][0])),
            "field “contact_id”: the same person is listed earlier in this meeting",
        ),
        (
            lambda d: met(d)["attendees"][0].update(contact_id=elsewhere(d)),
            "field “contact_id”: refers to a person at a different customer than the debrief's",
        ),
        (lambda d: met(d).pop("attendees"), "field “attendees”: is missing (a full export"),
        (
            lambda d: first_debrief(d)["questions"][0].update(role="boss"),
            'field “role”: "boss" is not one of the allowed values (opening, basis',
        ),
        (
            lambda d: met(d)["letters"][0].update(sent_at="2026-02-30T09:00:00Z"),
            'field “sent_at”: "2026-02-30T09:00:00Z" is not a real date or time',
        ),
    ],
)
def test_wrong_schema_and_references(
    setup: tuple[Path, Doc], tmp_path: Path, change: Callable[[Doc], None], expected: str
) -> None:
    db, doc = setup
    message = attempt(db, write(tmp_path, "bad.json", edited(doc, change)))
    assert message.startswith("bad.json can't be imported; nothing was changed.")
    assert expected in message
    if "›" not in expected and "The file" not in expected and "contact" not in expected:
        assert "debrief " in message and "(id " in message, "names the record"


def test_a_part_that_belongs_to_another_debrief_here(
    setup: tuple[Path, Doc], tmp_path: Path
) -> None:
    db, doc = setup
    store = Store.open(db)
    reason_here = store.db.execute("SELECT id FROM loss_reasons LIMIT 1").fetchone()[0]
    store.close()
    bad = edited(doc, lambda d: first_debrief(d)["reasons"][0].update(id=reason_here))
    message = attempt(db, write(tmp_path, "steal.json", bad))
    assert "belongs to a different debrief here" in message


def test_not_a_regular_file_and_a_database_file(setup: tuple[Path, Doc], tmp_path: Path) -> None:
    db, _doc = setup
    assert "not a regular file" in attempt(db, tmp_path)
    if Path("/dev/zero").exists():
        link = tmp_path / "zero.json"
        os.symlink("/dev/zero", link)
        assert "not a regular file" in attempt(db, link)
    copy = tmp_path / "copy.sqlite3"
    sqlite3.connect(copy).execute("CREATE TABLE t (x)").connection.commit()
    assert "not UTF-8" in attempt(db, copy) or "not valid" in attempt(db, copy)


def test_a_failure_half_way_rolls_the_whole_import_back(
    setup: tuple[Path, Doc], tmp_path: Path
) -> None:
    """A real fault inside the transaction (a trigger that refuses one table's rows)."""
    db, _doc = setup
    store = Store.open(db)
    store.db.execute(
        "CREATE TRIGGER refuse AFTER INSERT ON letters"
        " BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
    )
    before = list(store.db.conn.iterdump())
    plan = preview_import(store, tmp_path / "good.json")
    assert plan.changes_anything
    with pytest.raises(sqlite3.DatabaseError, match="disk says no"):
        run_import(store, plan, db.parent / "backups")
    assert list(store.db.conn.iterdump()) == before
    assert any((db.parent / "backups").iterdir()), "the backup was taken first"
    store.close()
