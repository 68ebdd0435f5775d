"""`debrief followups [--due] [--ics FILE] [--data-dir DIR]`: the agenda without the window.

Imports no widgets (QtCore only, for the platform's data folder). Exit codes, for scripts:
0 done (with --due: something is due), 1 with --due: nothing is due, 2 wrong arguments
(argparse), 3 the data or the calendar file couldn't be read or written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from debrief.errors import DebriefError
from debrief.store.database import DB_FILENAME

if TYPE_CHECKING:  # the parser is built for every start; the core loads only to run this
    from debrief.followups.agenda import Agenda
    from debrief.followups.model import Followup


EXIT_OK = 0
EXIT_NOTHING_DUE = 1
EXIT_PROBLEM = 3


def add_followups_command(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "followups",
        help="print the follow-up agenda, or write it to a calendar file",
        description="Print the follow-up agenda (overdue, this week, later), or write every "
        "follow-up to an iCalendar file your calendar can import.",
        epilog="Exit status: 0 done (with --due: something is due), 1 with --due: nothing "
        "is due, 2 wrong arguments, 3 the data or the file couldn't be read or written.",
    )
    parser.add_argument("--due", action="store_true", help="only what is due today or overdue")
    parser.add_argument(
        "--ics",
        metavar="FILE",
        help="write the follow-ups to FILE (.ics); done and cancelled ones go out as "
        "cancellations so a re-import removes them",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="where your data is"
    )
    parser.set_defaults(command="followups")


def _data_folder(data_dir: str | None) -> Path:
    if data_dir:
        return Path(data_dir).expanduser()
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    from ..paths import set_identity

    # Not resolve_paths(): looking must not create the folder on a computer without data.
    set_identity(QCoreApplication.instance() or QCoreApplication(sys.argv[:1]))
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def _line(f: Followup) -> str:
    return f"  {f.due}  {f.title}"


def _print_agenda(found: Agenda, due_only: bool) -> None:
    today = found.today
    print(f"Follow-ups as of {today:%A} {today.day} {today:%B %Y}")
    if due_only:
        sections = [("Due now", found.due_now)]
    else:
        sections = [
            ("Overdue", found.overdue),
            ("This week", found.this_week),
            ("Later", found.later),
        ]
    shown = False
    for title, items in sections:
        if not items:
            continue
        shown = True
        print(f"\n{title} ({len(items)})")
        for item in items:
            print(_line(item))
    if not shown:
        print("\nNothing is due." if due_only else "\nNothing planned.")


def run_followups_command(args: argparse.Namespace) -> int:
    from debrief.followups.agenda import agenda, all_followups
    from debrief.followups.calendar import calendar_bytes, calendar_entries, write_calendar
    from debrief.followups.settings import get_followup_settings
    from debrief.store.database import Store

    explicit = getattr(args, "data_dir", None)
    folder = _data_folder(explicit)
    database = folder / DB_FILENAME
    if explicit and not folder.is_dir():
        print(f"debrief: {folder} is not a folder with Debrief data.", file=sys.stderr)
        return EXIT_PROBLEM
    if not database.is_file():
        if explicit:
            print(f"debrief: there is no Debrief data in {folder}.", file=sys.stderr)
            return EXIT_PROBLEM
        print("Nothing planned: Debrief has no data on this computer yet.")
        return EXIT_NOTHING_DUE if args.due else EXIT_OK
    try:
        store = Store.open(database, backup_dir=folder / "backups")
    except DebriefError as exc:
        print(f"debrief: can't open your data: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    try:
        today = date.today()
        found = agenda(store, today)
        if args.ics:
            everything = all_followups(store)
            entries = calendar_entries(store, everything)
            data = calendar_bytes(entries, get_followup_settings(store))
            written = write_calendar(Path(args.ics), data)
            live = sum(1 for f in everything if f.is_open and f.debrief_live)
            print(
                f"Wrote {len(everything)} follow-ups to {written} "
                f"({live} to do, {len(everything) - live} marked as cancelled)."
            )
        else:
            _print_agenda(found, args.due)
    except DebriefError as exc:
        print(f"debrief: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    finally:
        store.close()
    if args.due and not found.due_now:
        return EXIT_NOTHING_DUE
    return EXIT_OK
