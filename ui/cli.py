"""Command-line arguments. Imports no Qt, so `--version` and `--help` answer instantly."""

from __future__ import annotations

import argparse

import debrief
from debrief.dates import parse_date
from debrief.errors import ValidationError

from .commands.exchange_args import add_exchange_commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="debrief",
        description="Debrief: turn a lost deal into a lesson, a good relationship "
        "and often a second chance.",
    )
    parser.add_argument("--version", action="version", version=f"Debrief {debrief.__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the database, backups and logs in DIR "
        "(default: the platform's application-data folder)",
    )
    parser.add_argument(
        "--no-crash-dialog",
        action="store_true",
        help="report errors in the log and on stderr instead of dialogs (for CI and scripts)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="add a set of invented sample debriefs to the data folder (once), to look around",
    )
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="start as usual, print how many debriefs the window lists, then close it "
        "(to check an installation; with --demo, on the samples)",
    )
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_letter_command(commands)
    add_report_command(commands)
    from .commands.followups import add_followups_command  # issue 11

    add_followups_command(commands)
    add_exchange_commands(commands)
    return parser


def add_letter_command(commands: argparse._SubParsersAction) -> None:
    """`letter DEBRIEF_ID --kind summary -o FILE`: write a letter or email without the window."""
    letter = commands.add_parser(
        "letter",
        help="write a debrief's letter or email to a file",
        description="Write the latest text of a letter or email (or a fresh draft) to a file: "
        "a letter as .pdf, either kind as .eml (an unsent email draft, a letter attached as "
        "PDF) or .txt. The same check as the window runs first: internal text refuses.",
    )
    letter.add_argument("debrief_id", metavar="DEBRIEF_ID")
    letter.add_argument(
        "--kind",
        choices=("summary", "meeting_request", "loss_reply", "follow_up"),
        default="summary",
        help="which letter or email (default: summary)",
    )
    letter.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the .pdf, .eml or .txt to write"
    )
    letter.add_argument(
        "--no-keep",
        action="store_true",
        help="don't keep this as a version of the letter in Debrief",
    )
    letter.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="as above, after the command"
    )
    letter.set_defaults(command="letter")


def iso_date(text: str) -> str:
    """argparse type: a calendar date, year first (the one date parser, `debrief.dates`)."""
    try:
        return parse_date(text).isoformat()
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date. {' '.join(exc.fields.values())}"
        ) from None


def add_report_command(commands: argparse._SubParsersAction) -> None:
    """`report -o FILE.pdf [--from DATE] [--to DATE] …`: the internal report, no window."""
    report = commands.add_parser(
        "report",
        help="write the internal competitive-intelligence report (PDF)",
        description="Add up the lost deals of a period into an internal PDF report: headline "
        "findings, a section per competitor, product requests, criteria, suggested actions.",
    )
    report.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="PDF to write")
    report.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        type=iso_date,
        help="first loss date to include (YYYY-MM-DD)",
    )
    report.add_argument(
        "--to",
        dest="date_to",
        metavar="DATE",
        type=iso_date,
        help="last loss date to include (YYYY-MM-DD)",
    )
    report.add_argument(
        "--competitor", metavar="NAME", default="", help="only deals lost to this competitor"
    )
    report.add_argument("--rep", metavar="NAME", default="", help="only this rep's debriefs")
    report.add_argument(
        "--outcome",
        choices=("competitor", "no_decision", "in_house", "unknown"),
        help="only this outcome",
    )
    report.add_argument(
        "--include-samples", action="store_true", help="count the invented sample debriefs too"
    )
    report.add_argument(
        "--people-notes",
        action="store_true",
        help="include what customers said about our own people (sensitive)",
    )
    report.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="as above, after the command"
    )
    report.set_defaults(command="report")


def parse_args(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)
