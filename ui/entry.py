"""The `debrief` command: parse the arguments, then run a headless command or the window.

Start-up order:
1. Parse the command line (`cli`, no Qt yet): `--version` and `--help` answer here.
2. A headless command (`letter`, …) runs without the widget stack.
3. Otherwise create the QApplication and set organisation and application names, before
   anything asks QStandardPaths for a folder.
4. Resolve the data folder (`--data-dir`, else the platform's app-data folder) into paths.
5. Start logging to `<data dir>/logs/debrief.log` and install the excepthook that logs
   unexpected errors and shows them in a dialog (off with `--no-crash-dialog`).
6. Open the database (create or upgrade it; a newer version's file is refused untouched).
7. Show the main window and run the event loop; close the database on the way out.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from .cli import parse_args

    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "letter":
        from .commands.letter import run_letter_command

        return run_letter_command(args)
    if args.command == "followups":
        from .commands.followups import run_followups_command

        return run_followups_command(args)
    from .app import run_gui

    return run_gui(args)
