"""Command-line arguments. Imports no Qt, so `--version` and `--help` answer instantly."""

from __future__ import annotations

import argparse

import debrief


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
    parser.set_defaults(command=None)
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)
