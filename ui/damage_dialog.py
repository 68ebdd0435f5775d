"""The one dialog for a database Debrief can't use: it names the file and the problem, and
offers to restore the latest good backup or to start with an empty database.

Whatever the rep picks, the file itself is moved aside unchanged (see `debrief.store.backups
.move_aside`), never modified, deleted or overwritten.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from debrief.errors import DamagedDatabaseError
from debrief.store.backups import BackupSummary


class Choice(Enum):
    RESTORE = "restore"
    START_FRESH = "fresh"
    QUIT = "quit"


def describe_backup(summary: BackupSummary) -> str:
    when = summary.backup.local_time.strftime("%d %b %Y, %H:%M")
    if summary.debriefs is None:
        return f"the backup of {when}"
    count = "1 debrief" if summary.debriefs == 1 else f"{summary.debriefs} debriefs"
    return f"the backup of {when} ({count})"


class DamageDialog(QMessageBox):
    """Built, not run: `choose()` runs it; tests find its buttons by object name."""

    def __init__(
        self,
        error: DamagedDatabaseError,
        latest: BackupSummary | None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("damageDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Debrief can't use your data")
        self.setText(
            f"Debrief can't use its database file\n{error.path}\n\nbecause {error.problem}"
        )
        aside = f"{Path(str(error.path)).stem}-set-aside-(date).sqlite3"
        what = (
            "Restoring or starting afresh leaves that file exactly as it is, renamed to "
            f"{aside} in the same folder, so nothing writes over it."
        )
        if error.kind == "newer":
            what = (
                "To keep working with it, quit and install the newer Debrief. If you go on "
                f"here instead, Debrief leaves that file as it is, renamed to {aside}."
            )
        if latest is not None:
            what += f"\n\nThe latest good backup is {describe_backup(latest)}."
        else:
            what += "\n\nThere is no backup to restore."
        self.setInformativeText(what)
        if error.detail:
            self.setDetailedText(f"SQLite reported: {error.detail}")
        self._choices: dict[object, Choice] = {}
        if latest is not None:
            restore = self.addButton(
                "&Restore the latest backup", QMessageBox.ButtonRole.AcceptRole
            )
            restore.setObjectName("restoreLatest")
            self._choices[restore] = Choice.RESTORE
        fresh = self.addButton("&Start with no debriefs", QMessageBox.ButtonRole.DestructiveRole)
        fresh.setObjectName("startFresh")
        self._choices[fresh] = Choice.START_FRESH
        quit_button = self.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quit")
        self._choices[quit_button] = Choice.QUIT
        self.setEscapeButton(quit_button)
        default = quit_button if error.kind == "newer" or latest is None else restore
        self.setDefaultButton(default)

    def choice(self) -> Choice:
        return self._choices.get(self.clickedButton(), Choice.QUIT)

    def choose(self) -> Choice:
        self.exec()
        return self.choice()
