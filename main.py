"""Debrief's entry point: it only starts things.

Start-up order:
1. Parse the command line (`ui.cli`, no Qt yet): `--version` and `--help` answer here.
2. Create the QApplication and set organisation and application names, before anything asks
   QStandardPaths for a folder.
3. Resolve the data folder (`--data-dir`, else the platform's app-data folder) into paths.
4. Start logging to `<data dir>/logs/debrief.log` and install the excepthook that logs
   unexpected errors and shows them in a dialog (off with `--no-crash-dialog`).
5. Open the database (create or upgrade it; a newer version's file is refused untouched).
6. Show the main window and run the event loop; close the database on the way out.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from ui.cli import parse_args

    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "letter":
        from ui.commands.letter import run_letter_command

        return run_letter_command(args)
    from ui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
