"""What the export and import commands share: find the data folder and open the database,
with QtCore only (no widgets)."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QCoreApplication

from debrief.errors import DebriefError
from debrief.store.database import Store

from ..paths import AppPaths, resolve_paths, set_identity


def open_data(args: argparse.Namespace) -> tuple[AppPaths, Store] | None:
    """The paths and the open store, or None after saying on stderr why not."""
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    set_identity(app)  # before QStandardPaths builds the default data folder
    paths = resolve_paths(getattr(args, "data_dir", None))
    try:
        return paths, Store.open(paths.database, backup_dir=paths.backups)
    except DebriefError as exc:
        print(f"debrief: can't open your data: {exc}", file=sys.stderr)
        return None
