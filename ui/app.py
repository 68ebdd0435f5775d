"""Builds the running application from parsed arguments (see main.py for the order)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import cast

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import debrief
from debrief.errors import DebriefError
from debrief.resources import resource_path
from debrief.samples import load_samples
from debrief.store.database import Store

from .crash import install_excepthook, setup_logging
from .main_window import MainWindow
from .paths import AppPaths, resolve_paths, set_identity

log = logging.getLogger("debrief")


def open_store(paths: AppPaths) -> Store:
    return Store.open(paths.database, backup_dir=paths.backups)


def build_window(store: Store, paths: AppPaths) -> MainWindow:
    window = MainWindow(store, paths)
    window.setWindowIcon(QIcon(str(resource_path("icons", "debrief.svg"))))
    return window


def report_ready_and_close(window: MainWindow) -> None:
    """`--quit-when-ready`: the event loop runs and the window is up; say so, then close."""
    listed = window.list_page.model.rowCount()
    print(f"Debrief {debrief.__version__} ready: {listed} debriefs listed.", flush=True)
    window.close()


def run_gui(args: argparse.Namespace) -> int:
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    set_identity(app)
    app.setWindowIcon(QIcon(str(resource_path("icons", "debrief.svg"))))
    paths = resolve_paths(args.data_dir)
    log_file = setup_logging(paths.logs)
    show_dialog = not (args.no_crash_dialog or os.environ.get("DEBRIEF_NO_CRASH_DIALOG"))
    install_excepthook(log_file, show_dialog=show_dialog)
    log.info("Debrief %s starting with data in %s", debrief.__version__, paths.data_dir)
    try:
        store = open_store(paths)
    except DebriefError as exc:
        log.error("Could not open the database: %s", exc)
        if show_dialog:
            QMessageBox.critical(None, "Debrief can't open your data", str(exc))
        else:
            print(f"Debrief can't open your data: {exc}", file=sys.stderr)
        return 1
    if getattr(args, "demo", False):
        added = load_samples(store)
        log.info("--demo: added %d sample debriefs", added)
    window = build_window(store, paths)
    window.show()
    if getattr(args, "quit_when_ready", False):
        QTimer.singleShot(0, lambda: report_ready_and_close(window))
    code = app.exec()
    store.close()
    return code
