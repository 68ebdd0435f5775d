"""`debrief export --format json|csv|xlsx -o FILE [filters]`: debriefs to a file, no window.

Exit codes: 0 written, 1 failed (can't read the data or write the file), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from debrief.errors import DebriefError
from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.model import LossReason, Outcome, Status
from debrief.search.browse import Filters

from .headless import open_data
from .progress_line import ProgressLine

USAGE = 2


def filters_from(args: argparse.Namespace) -> Filters | None:
    """The list filters given on the command line; None when there are none (everything)."""
    for name in ("date_from", "date_to"):
        value = getattr(args, name)
        if value is not None:
            date.fromisoformat(value)  # ValueError: reported as a usage error
    filters = Filters(
        text=args.search,
        date_from=args.date_from,
        date_to=args.date_to,
        competitor=args.competitor,
        reason={r.value: r for r in LossReason}.get(args.reason or ""),
        outcome={o.value: o for o in Outcome}.get(args.outcome or ""),
        status={s.value: s for s in Status}.get(args.status or ""),
        rep=args.rep,
    )
    return filters if filters.is_narrowed() else None


def run_export_command(args: argparse.Namespace) -> int:
    output = Path(args.output).expanduser()
    if not output.parent.is_dir():
        print(f"debrief: export: the folder {output.parent} does not exist", file=sys.stderr)
        return USAGE
    try:
        filters = filters_from(args)
    except ValueError:
        print("debrief: export: give dates as YYYY-MM-DD", file=sys.stderr)
        return USAGE
    if args.with_pdf and args.format != "json":
        print("debrief: export: --with-pdf only applies to --format json", file=sys.stderr)
        return USAGE
    opened = open_data(args)
    if opened is None:
        return 1
    _paths, store = opened
    options = ExportOptions(
        format=ExportFormat(args.format),
        filters=filters,
        shareable=args.shareable,
        include_pdf=args.with_pdf,
    )
    try:
        result = export(store, output, options, ProgressLine())
    except DebriefError as exc:
        print(f"debrief: export: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"{result.debriefs} debriefs written to {result.path}")
    print(result.notice)
    return 0
