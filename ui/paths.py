"""Where Debrief keeps its files. Resolved here, in the UI layer, and handed to the core."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

import debrief
from debrief.files import PENDING_WRITES
from debrief.store.database import DB_FILENAME
from debrief.store.disk import check_writable_folder, make_folder_private


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def window_settings(self) -> Path:
        return self.data_dir / "window.ini"

    @property
    def pending_writes(self) -> Path:
        """Notes of files being written for the rep, so a crash's leftovers can be cleaned up."""
        return self.data_dir / PENDING_WRITES

    def ensure(self, create: bool = True) -> AppPaths:
        """Make sure the folders exist, are writable and private (0700, files 0600).

        Raises DiskError in plain words: a read-only or full disk, a file where the folder
        should be, or (with `create=False`, for commands) a folder that doesn't exist.
        """
        check_writable_folder(self.data_dir, create=create)
        for folder in (self.backups, self.logs, self.pending_writes):
            if create or folder.exists():  # a command looking at a folder adds nothing to it
                check_writable_folder(folder)
        make_folder_private(self.data_dir)
        return self


def set_identity(app: QCoreApplication) -> None:
    """Must run before any QStandardPaths lookup, or Qt picks a folder named after the binary."""
    app.setOrganizationName(debrief.ORG_NAME)
    app.setApplicationName(debrief.APP_NAME)
    app.setApplicationVersion(debrief.__version__)


def resolve_paths(data_dir: str | Path | None, create: bool = True) -> AppPaths:
    """`--data-dir` wins; otherwise the platform's app-data folder.

    The application and organisation names must be set before this is called, or Qt picks a
    folder named after the executable.
    """
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().resolve()).ensure(create)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return AppPaths(Path(location)).ensure(create)
