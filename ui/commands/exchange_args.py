"""Arguments of `debrief export` and `debrief import` (no Qt here: `--help` answers at once)."""

from __future__ import annotations

import argparse

from debrief.model import LossReason, Outcome, Status


def add_exchange_commands(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export",
        help="export debriefs to a JSON, CSV or XLSX file",
        description="Export debriefs to a file. Without filters, every debrief goes out (a JSON "
        "export also keeps the trash, so a merge elsewhere keeps those trashed). A full export "
        "contains internal notes; --shareable leaves every internal field out. Exit codes: 0 "
        "written, 1 failed, 2 usage.",
    )
    export.add_argument(
        "--format", choices=("json", "csv", "xlsx"), default="json", help="default: json"
    )
    export.add_argument("-o", "--output", metavar="FILE", required=True, help="file to write")
    export.add_argument(
        "--shareable",
        action="store_true",
        help="leave internal notes, internal reasons and private remarks out",
    )
    export.add_argument(
        "--with-pdf", action="store_true", help="JSON only: include the letters' PDF files"
    )
    filters = export.add_argument_group("filters (as in the list; they combine)")
    filters.add_argument("--search", metavar="TEXT", default="", help="words to search for")
    filters.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="lost on or after")
    filters.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="lost on or before")
    filters.add_argument("--competitor", metavar="NAME", default="")
    filters.add_argument("--reason", choices=[r.value for r in LossReason], help="primary reason")
    filters.add_argument("--outcome", choices=[o.value for o in Outcome])
    filters.add_argument("--status", choices=[s.value for s in Status])
    filters.add_argument("--rep", metavar="NAME", default="")
    export.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="as before the command"
    )
    export.set_defaults(command="export")

    imp = commands.add_parser(
        "import",
        help="import (merge) a Debrief JSON export",
        description="Merge a Debrief JSON export into your data: records match by id, the newer "
        "edit wins, a debrief trashed on either side stays trashed. A backup is taken first and "
        "the whole import is one transaction. Exit codes: 0 imported (or checked, with "
        "--dry-run), 1 rejected (nothing changed), 2 usage.",
    )
    imp.add_argument("file", metavar="FILE", help="a .json file written by Debrief's Export")
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and say what would happen; change nothing",
    )
    imp.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="as before the command"
    )
    imp.set_defaults(command="import")
