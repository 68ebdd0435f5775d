"""Export debriefs to a file: JSON (full fidelity), CSV (one row per debrief) or XLSX.

A full export contains internal notes and says so (in the file where the format has room, and
in `ExportResult.notice` for the screen). A shareable export leaves every internal field out
(see `sharing`) and can be handed to a customer.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import debrief
from debrief.debriefs.customer_view import customer_view
from debrief.debriefs.record import load_record
from debrief.errors import DebriefError
from debrief.exchange.files import write_atomically
from debrief.exchange.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    FULL,
    FULL_NOTICE,
    SHAREABLE,
    SHAREABLE_NOTICE,
)
from debrief.exchange.sharing import shareable_account, shareable_contacts, shareable_debrief
from debrief.exchange.snapshot import (
    Progress,
    Record,
    Selection,
    Snapshot,
    no_progress,
    read_snapshot,
)
from debrief.exchange.tabular import (
    DEBRIEF_HEADERS,
    FOLLOWUP_HEADERS,
    REASON_HEADERS,
    REQUEST_HEADERS,
    Lookups,
    debrief_row,
    followup_rows,
    neutralise,
    reason_rows,
    request_rows,
)
from debrief.model import now_iso
from debrief.search.browse import Filters
from debrief.store.database import Store


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def suffix(self) -> str:
        return "." + self.value


@dataclass(frozen=True)
class ExportOptions:
    format: ExportFormat = ExportFormat.JSON
    filters: Filters | None = None  # None: every debrief (JSON also keeps the trash)
    shareable: bool = False  # leave every internal field out
    include_pdf: bool = False  # JSON only: the letters' PDF files too
    # Exactly these debriefs instead of `filters` (the Insights view's), and what chose them,
    # written as the file's "filters".
    debrief_ids: tuple[str, ...] | None = None
    chosen_by: dict[str, str | None] | None = None


@dataclass(frozen=True)
class ExportResult:
    path: Path
    debriefs: int
    accounts: int
    notice: str  # what the file does or doesn't contain, in plain words


def export(
    store: Store, path: Path, options: ExportOptions, progress: Progress = no_progress
) -> ExportResult:
    """Write the chosen debriefs to `path` (whole or not at all)."""
    fmt = ExportFormat(options.format)
    if store.path is not None and _same_file(Path(path), store.path):
        raise DebriefError("That is Debrief's own database file; choose another name to export to.")
    # Trashed debriefs go only into a full JSON of everything: that is what lets a merge keep
    # them trashed. Spreadsheets and shareable files list live debriefs.
    keep_trash = fmt == ExportFormat.JSON and not options.shareable
    selection = Selection(options.filters, include_trash=keep_trash, ids=options.debrief_ids)
    snapshot = read_snapshot(
        store,
        selection,
        include_pdf=options.include_pdf and fmt == ExportFormat.JSON,
        progress=progress,
    )
    if options.shareable:
        snapshot = _shareable(store, snapshot, progress)
    progress("Writing", 0, len(snapshot.debriefs))
    if fmt == ExportFormat.JSON:
        _write_json(path, snapshot, options, progress)
    elif fmt == ExportFormat.CSV:
        _write_csv(path, snapshot, progress)
    else:
        _write_xlsx(path, snapshot, options, progress)
    progress("Writing", len(snapshot.debriefs), len(snapshot.debriefs))
    return ExportResult(
        path=Path(path),
        debriefs=len(snapshot.debriefs),
        accounts=len(snapshot.accounts),
        notice=SHAREABLE_NOTICE if options.shareable else FULL_NOTICE,
    )


def _same_file(path: Path, database: Path) -> bool:
    target = path.expanduser().resolve()
    db = database.resolve()
    return target in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))


def _shareable(store: Store, snapshot: Snapshot, progress: Progress) -> Snapshot:
    """Each debrief cut down to its customer-facing view (read with the one record reader)."""
    debriefs = []
    views = []
    total = len(snapshot.debriefs)
    for done, record in enumerate(snapshot.debriefs, 1):
        view = customer_view(load_record(store, record["id"]))
        views.append(view)
        debriefs.append(shareable_debrief(record, view))
        if done % 500 == 0:
            progress("Leaving internal notes out", done, total)
    return Snapshot(
        [shareable_account(a) for a in snapshot.accounts],
        shareable_contacts(snapshot.contacts, views),
        debriefs,
    )


# -- JSON --------------------------------------------------------------------------------------


def _filters_record(filters: Filters | None) -> dict[str, Any] | None:
    if filters is None:
        return None
    return {
        "text": filters.text,
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "competitor": filters.competitor,
        "reason": filters.reason.value if filters.reason else None,
        "outcome": filters.outcome.value if filters.outcome else None,
        "status": filters.status.value if filters.status else None,
        "rep": filters.rep,
    }


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_list(out: IO[str], key: str, records: Iterable[Record], last: bool = False) -> None:
    out.write(f' "{key}": [')
    first = True
    for record in records:
        out.write("\n  " if first else ",\n  ")
        out.write(_dumps(record))
        first = False
    out.write("\n ]" if not first else "]")
    out.write("\n" if last else ",\n")


def _write_json(path: Path, snapshot: Snapshot, options: ExportOptions, progress: Progress) -> None:
    """One record per line: readable, diff-friendly, and written with the fast C encoder."""
    header = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": debrief.__version__,
        "exported_at": now_iso(),
        "scope": SHAREABLE if options.shareable else FULL,
        "contains_internal_notes": not options.shareable,
        "notice": SHAREABLE_NOTICE if options.shareable else FULL_NOTICE,
        "filters": (
            (options.chosen_by or {})
            if options.debrief_ids is not None
            else _filters_record(options.filters)
        ),
        "includes_pdf": options.include_pdf,
    }
    total = len(snapshot.debriefs)

    def debriefs() -> Iterable[Record]:
        for done, record in enumerate(snapshot.debriefs, 1):
            yield record
            if done % 1000 == 0:
                progress("Writing", done, total)

    with write_atomically(path) as out:
        out.write("{\n")
        for key, value in header.items():
            out.write(f" {_dumps(key)}: {_dumps(value)},\n")
        _write_list(out, "accounts", snapshot.accounts)
        _write_list(out, "contacts", snapshot.contacts)
        _write_list(out, "debriefs", debriefs(), last=True)
        out.write("}\n")


# -- CSV ---------------------------------------------------------------------------------------


def _write_csv(path: Path, snapshot: Snapshot, progress: Progress) -> None:
    """UTF-8 with a byte-order mark, so spreadsheet programs read accents right."""
    names = Lookups(snapshot)
    with write_atomically(path) as out:
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(DEBRIEF_HEADERS)
        for done, record in enumerate(snapshot.debriefs, 1):
            writer.writerow([neutralise(v) for v in debrief_row(record, names)])
            if done % 1000 == 0:
                progress("Writing", done, len(snapshot.debriefs))


# -- XLSX --------------------------------------------------------------------------------------


CELL_LIMIT = 32_767  # characters an Excel cell holds
_CUT = " … [cut: a spreadsheet cell holds at most 32,767 characters; the JSON export has it all]"


def _fit_cell(text: str) -> str:
    """Text longer than a cell can hold is cut visibly, never silently."""
    if len(text) <= CELL_LIMIT:
        return text
    return text[: CELL_LIMIT - len(_CUT) - 1] + _CUT


def _write_xlsx(
    path: Path,
    snapshot: Snapshot,
    options: ExportOptions,
    progress: Progress,
) -> None:
    import xlsxwriter  # imported when used: it is only needed for this one format

    names = Lookups(snapshot)
    with write_atomically(path, binary=True) as out:
        # Every cell is written as a string or number on purpose: xlsxwriter never turns text
        # that starts with "=" into a formula when `strings_to_formulas` is off.
        book = xlsxwriter.Workbook(
            out,
            {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "constant_memory": True,
            },
        )
        bold = book.add_format({"bold": True})
        about = book.add_worksheet("About")
        sheets: dict[str, tuple[Any, int]] = {}

        def sheet(name: str, headers: Iterable[str]) -> None:
            ws = book.add_worksheet(name)
            row = list(headers)
            for col, text in enumerate(row):
                ws.write_string(0, col, text, bold)
            ws.freeze_panes(1, 0)
            sheets[name] = (ws, 1)

        def add(name: str, values: list[str]) -> None:
            ws, row = sheets[name]
            for col, value in enumerate(values):
                ws.write_string(row, col, _fit_cell(neutralise(value)))
            sheets[name] = (ws, row + 1)

        sheet("Debriefs", DEBRIEF_HEADERS)
        sheet("Reasons", REASON_HEADERS)
        sheet("Requests", REQUEST_HEADERS)
        sheet("Follow-ups", FOLLOWUP_HEADERS)
        for done, record in enumerate(snapshot.debriefs, 1):
            add("Debriefs", debrief_row(record, names))
            for values in reason_rows(record, names):
                add("Reasons", values)
            for values in request_rows(record, names):
                add("Requests", values)
            for values in followup_rows(record, names):
                add("Follow-ups", values)
            if done % 1000 == 0:
                progress("Writing", done, len(snapshot.debriefs))
        lines = [
            f"Debrief {debrief.__version__} export, {now_iso()[:16].replace('T', ' ')} UTC",
            SHAREABLE_NOTICE if options.shareable else FULL_NOTICE,
            f"{len(snapshot.debriefs)} debriefs.",
        ]
        for row, text in enumerate(lines):
            about.write_string(row, 0, text, bold if row == 1 else None)
        about.set_column(0, 0, 100)
        book.close()
