"""The `debrief` command: parse the arguments, then run a headless command or the window.

Start-up order:
1. Parse the command line (`cli`, no Qt yet): `--version` and `--help` answer here. The umask
   becomes 0077 first, so whatever Debrief creates is private to the user.
2. A headless command (`letter`, `followups`, `report`, `export`, `import`, …) runs without
   the widget stack.
3. Otherwise create the QApplication and set organisation and application names, before
   anything asks QStandardPaths for a folder.
4. Resolve the data folder (`--data-dir`, else the platform's app-data folder) into paths;
   a folder that can't be written (read-only, full, a file) is named in a dialog, exit 1.
5. Start logging to `<data dir>/logs/debrief.log` and install the excepthook that logs
   unexpected errors and shows them in a dialog (off with `--no-crash-dialog`).
6. Remove temporary files left by a PDF save that was cut short. Open the database with the
   checks that read only a few pages, whatever its size: header, Debrief's marker and tables,
   migrations known vs applied. A damaged, foreign or newer file gets one dialog
   (ui/session.py) and is moved aside, never changed. Pending migrations: SQLite's
   page-by-page check, a backup, then the upgrade. An up-to-date database is opened without
   importing sqlite-utils.
7. Show the main window and run the event loop. Once the window has painted, a worker thread
   with its own read-only connection runs SQLite's page-by-page check, then (only if the file
   is healthy) today's backup (ui/after_start.py). Damage found there stops every write to the
   file and gets the same dialog. Quitting stops that thread (a partial backup is removed)
   and closes the database.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from .cli import parse_args

    keep_data_private()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "letter":
        from .commands.letter import run_letter_command

        return run_letter_command(args)
    if args.command == "followups":
        from .commands.followups import run_followups_command

        return run_followups_command(args)
    if args.command == "report":
        from .commands.report import run_report_command

        return run_report_command(args)
    if args.command == "export":
        from .commands.export_command import run_export_command

        return run_export_command(args)
    if args.command == "import":
        from .commands.import_command import run_import_command

        return run_import_command(args)
    from .app import run_gui

    return run_gui(args)


def keep_data_private() -> None:
    """Everything Debrief creates is readable by the user only (the data folder holds notes
    about customers); files saved for the rep still follow the rep's own umask."""
    import os

    from debrief.files import remember_user_umask

    remember_user_umask(os.umask(0o077))
