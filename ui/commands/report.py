"""`debrief report -o FILE.pdf [--from DATE] [--to DATE] [--competitor NAME] [--rep NAME]`:
the competitive-intelligence report without the window.

Imports no widgets (only QtCore, to find the data folder). Prints plain-words problems on
stderr and exits non-zero; never a traceback for an expected failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

import debrief
from debrief.errors import DebriefError
from debrief.insights.aggregate import build_insights
from debrief.insights.filters import InsightFilters
from debrief.insights.findings import plural
from debrief.insights.records import OUTCOMES
from debrief.insights.report import ReportOptions, render_report
from debrief.letters.pdf import write_pdf
from debrief.resources import resource_path
from debrief.store.database import Store

from ..paths import resolve_paths


def run_report_command(args: argparse.Namespace) -> int:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    # The names QStandardPaths needs, set here so no widget module is imported (ui.app is).
    app.setOrganizationName(debrief.ORG_NAME)
    app.setApplicationName(debrief.APP_NAME)
    paths = resolve_paths(args.data_dir)
    if not paths.database.exists():
        print(f"debrief: there is no Debrief data in {paths.data_dir} yet.", file=sys.stderr)
        return 1
    try:
        filters = InsightFilters(
            date_from=args.date_from,
            date_to=args.date_to,
            rep=args.rep,
            competitor=args.competitor,
            outcome=OUTCOMES[args.outcome] if args.outcome else None,
            include_samples=args.include_samples,
        )
        store = Store.open(paths.database, backup_dir=paths.backups)
    except DebriefError as exc:
        print(f"debrief: {exc}", file=sys.stderr)
        return 1
    try:
        insights = build_insights(store, filters)
        pdf = render_report(
            insights, resource_path("fonts"), ReportOptions(people_notes=args.people_notes)
        )
        write_pdf(Path(args.output), pdf)
    except DebriefError as exc:
        print(f"debrief: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"Report on {plural(insights.total, 'debrief')} written to {args.output}")
    return 0
