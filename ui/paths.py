"""Where Debrief keeps its files. Resolved here, in the UI layer, and handed to the core."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

import debrief
from debrief.store.database import DB_FILENAME


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

    def ensure(self) -> AppPaths:
        for folder in (self.data_dir, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def set_identity(app: QCoreApplication) -> None:
    """Must run before any QStandardPaths lookup, or Qt picks a folder named after the binary."""
    app.setOrganizationName(debrief.ORG_NAME)
    app.setApplicationName(debrief.APP_NAME)
    app.setApplicationVersion(debrief.__version__)


def resolve_paths(data_dir: str | Path | None) -> AppPaths:
    """`--data-dir` wins; otherwise the platform's app-data folder.

    The application and organisation names must be set before this is called, or Qt picks a
    folder named after the executable.
    """
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().resolve()).ensure()
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return AppPaths(Path(location)).ensure()


def default_data_dir() -> Path:
    """The platform's app-data folder for Debrief, without creating it (for commands)."""
    import debrief

    QCoreApplication.setOrganizationName(debrief.ORG_NAME)
    QCoreApplication.setApplicationName(debrief.APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)
