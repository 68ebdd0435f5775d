"""`debrief import FILE [--dry-run]`: merge a Debrief JSON export into the data folder, no window.

Exit codes: 0 imported (or checked, with --dry-run), 1 rejected or failed (nothing changed),
2 usage (no such file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from debrief.errors import DebriefError
from debrief.exchange.importing import preview_import, run_import
from debrief.exchange.merge import Skipped

from .headless import open_data
from .progress_line import ProgressLine

USAGE = 2


def run_import_command(args: argparse.Namespace) -> int:
    source = Path(args.file).expanduser()
    if not source.exists():
        print(f"debrief: import: there is no file {source}", file=sys.stderr)
        return USAGE
    opened = open_data(args)
    if opened is None:
        return 1
    paths, store = opened
    progress = ProgressLine()
    try:
        plan = preview_import(store, source, progress)
        if args.dry_run:
            print(f"{source.name}: checked; importing it would change:")
            for line in plan.summary():
                print(f"  {line}")
            _print_skipped(plan.skipped)
            print("Nothing was changed (--dry-run).")
            return 0
        result = run_import(store, plan, paths.backups, progress)
    except DebriefError as exc:
        print(f"debrief: import: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"{source.name} imported:")
    for line in result.summary():
        print(f"  {line}")
    _print_skipped(plan.skipped)
    if result.backup is not None:
        print(f"A backup of your data from before the import is in {result.backup}")
    else:
        print("Nothing to change: nothing in the file is newer than what is here.")
    return 0


def _print_skipped(skipped: list[Skipped], limit: int = 10) -> None:
    for item in skipped[:limit]:
        print(f"  kept this computer's {item.kind} “{item.title}”: {item.why}")
    if len(skipped) > limit:
        print(f"  … and {len(skipped) - limit} more kept as they are here")
