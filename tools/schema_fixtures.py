"""Write tests/fixtures/schema-*.sqlite3: one database for every schema version that shipped.

Each shipped state of the migrations module is read from git history (never edit a shipped
migration, so these files stay valid), applied to a fresh file with the SQLite of today, and
filled with representative values in every table (see `row_values`). tests/core/test_upgrades.py
upgrades each to the current schema and compares every value field by field.

When a new schema version ships, add its commit to SHIPPED below and run
`python tools/schema_fixtures.py`: it writes the fixtures that are missing and leaves the others
as they are (`--force` rewrites them all).
"""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlite_utils import Database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# (fixture name, commit on main where that schema shipped, path of the migrations module there)
SHIPPED = [
    ("schema-1-m001", "88ed19c", "debrief/migrations.py"),
    ("schema-2-m301", "8836d59", "debrief/migrations.py"),
    ("schema-3-m201", "7f6e535", "debrief/migrations.py"),
    ("schema-4-m102", "60fd1e8", "debrief/migrations.py"),
    ("schema-5-m801", "e88c364", "debrief/store/migrations.py"),
    ("schema-6-m903", "ad0b109", "debrief/store/migrations.py"),
    ("schema-7-m1402", "5130a51", "debrief/store/migrations.py"),
]
ROWS_PER_TABLE = 2


# Columns the app reads as codes or dates get values it understands (two rows each).
CODED = {
    "status": ("meeting_held", "logged"),
    "outcome": ("competitor", "no_decision"),
    "told_via": ("email", "phone"),
    "keep_in_touch": ("yes", "unknown"),
    "category": ("price_value", "service_delivery"),
    "confidence": ("high", "medium"),
    "phase": ("decision", "opening"),
    "state": ("asked", "open"),
    "currency": ("EUR", "PLN"),
    "page_size": ("A4", "Letter"),
    "mime": ("image/png", "image/jpeg"),
    "kind": ("summary", "meeting_request"),
    "questions": ("[]", "[]"),
}
DATES = ("date_lost", "meeting_date", "renewal_date", "followup_date", "contract_start")
DATES += ("contract_end",)
STAMPS = ("created_at", "updated_at", "applied_at", "meeting_started_at")


def row_values(table: str, column: str, col_type: str, row: int, not_null: bool) -> object:
    """A value that tells table, column and row apart, and tests text, numbers and bytes.

    The second row leaves every nullable column empty (NULL), as a sparse real row would.
    """
    if column == "deleted_at":
        return None  # both rows live, so the app lists them
    if row == 1 and not not_null:
        return None
    if column in CODED:
        return CODED[column][row]
    if column in DATES:
        return f"2025-0{row + 3}-1{row}"
    if column in STAMPS:
        return f"2025-0{row + 3}-1{row}T09:3{row}:00+00:00"
    if column == "id" or column.endswith("_id"):
        ref = table if column == "id" else column[: -len("_id")] + "s"
        return f"{ref}-{row}"
    kind = col_type.upper()
    if kind == "INTEGER":
        return [1, 2_147_483_648][row]
    if kind in ("REAL", "FLOAT"):
        return [0.5, 1234.25][row]
    if kind == "BLOB":
        return bytes([0, 255, row]) + f"{table}.{column}".encode()
    return f"{table}.{column} #{row}: Łódź «quoted» 'it''s'\nsecond line ✓"


def fill(db: Database) -> None:
    # Parents before children, so every foreign key points at a real row.
    order = ["accounts", "contacts", "debriefs"]
    tables = order + sorted(
        t for t in db.table_names() if t not in order and not t.startswith(("_", "debrief_search"))
    )
    for table in tables:
        columns = db[table].columns
        for row in range(ROWS_PER_TABLE):
            record = {
                c.name: row_values(table, c.name, c.type, row, bool(c.notnull) or c.is_pk)
                for c in columns
            }
            if table == "debriefs":
                record["contact_id"] = f"contacts-{row}"
            if table in ("settings", "assets"):
                record["key"] = f"{table}-key-{row}"
            db[table].insert(record)
    for row in range(ROWS_PER_TABLE):
        db.execute(
            "INSERT INTO debrief_search (debrief_id, title, people, body) VALUES (?, ?, ?, ?)",
            [f"debriefs-{row}", f"title {row}", f"people {row}", f"body Łódź {row}"],
        )


def load_migrations(commit: str, module_path: str, scratch: Path) -> object:
    source = subprocess.run(
        ["git", "show", f"{commit}:{module_path}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    file = scratch / f"migrations_{commit}.py"
    file.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"shipped_migrations_{commit}", file)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.migrations


def build(name: str, commit: str, module_path: str, scratch: Path, force: bool) -> Path | None:
    target = FIXTURES / f"{name}.sqlite3"
    if target.exists() and not force:
        return None
    target.unlink(missing_ok=True)
    db = Database(sqlite3.connect(target))
    db.execute("PRAGMA foreign_keys = ON")
    load_migrations(commit, module_path, scratch).apply(db)  # type: ignore[attr-defined]
    with db.conn:
        fill(db)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    return target


def main() -> int:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name, commit, module_path in SHIPPED:
            written = build(name, commit, module_path, Path(scratch), "--force" in sys.argv)
            print(written or f"{name}: kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
