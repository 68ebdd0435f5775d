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
from debrief.files import clean_leftovers
from debrief.resources import resource_path
from debrief.store.database import Store

from .crash import install_excepthook, setup_logging
from .main_window import MainWindow
from .paths import AppPaths, resolve_paths, set_identity
from .session import Session
from .single_instance import SingleInstance, hand_over_or_explain

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
    show_dialog = not (args.no_crash_dialog or os.environ.get("DEBRIEF_NO_CRASH_DIALOG"))
    try:
        paths = resolve_paths(args.data_dir)
        log_file = setup_logging(paths.logs)
    except DebriefError as exc:
        return report_start_problem(exc, show_dialog)
    install_excepthook(log_file, show_dialog=show_dialog, database=paths.database)
    log.info("Debrief %s starting with data in %s", debrief.__version__, paths.data_dir)
    instance = SingleInstance(paths.data_dir, parent=app)  # one window per data folder
    if not instance.acquire():
        return hand_over_or_explain(instance, show_dialog)
    clean_leftovers(paths.pending_writes)
    session = Session(app, paths, build_window, show_dialogs=show_dialog)
    session.window_shown = instance.attach
    demo = bool(getattr(args, "demo", False))
    if not session.start(before_window=add_samples if demo else None):
        instance.release()
        return 1
    if getattr(args, "quit_when_ready", False) and session.window is not None:
        window = session.window
        QTimer.singleShot(0, lambda: report_ready_and_close(window))
    code = app.exec()
    session.close()
    instance.release()
    return code


def add_samples(store: Store) -> None:
    from debrief.samples import load_samples  # the sample data loads only for --demo

    added = load_samples(store)
    log.info("--demo: added %d sample debriefs", added)


def report_start_problem(exc: DebriefError, show_dialog: bool) -> int:
    """Before the window: the data folder can't be used (read-only, full, a file…)."""
    if show_dialog:
        QMessageBox.critical(None, "Debrief can't start", str(exc))
    else:
        print(f"Debrief can't start: {exc}", file=sys.stderr)
    return 1
