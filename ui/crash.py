"""The one place unexpected errors end up: a log file, and a dialog with copyable details."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("debrief")


def setup_logging(log_dir: Path) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "debrief.log"
    handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.set_name("debrief-file")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "debrief-file"]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


def install_excepthook(log_file: Path, show_dialog: bool = True) -> None:
    """Route every uncaught exception to the log and, unless switched off, to a dialog."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("Unexpected error\n%s", details)
        if show_dialog and QApplication.instance() is not None:
            show_crash_dialog(details, log_file)

    sys.excepthook = hook


def crash_message(log_file: Path) -> str:
    """What the crash dialog says: "safe" only when no typed text is still waiting to be saved."""
    from .unsaved import anything_unsaved  # the widgets' side, needed only once it has crashed

    if anything_unsaved():
        work = (
            "Some text you typed is not in the database yet; it is still here, and Debrief "
            "keeps trying to save it. Keep Debrief open until the notice about it goes away."
        )
    else:
        work = "Everything you typed is saved in the database."
    return (
        f"Debrief hit an unexpected problem. {work}\n\n"
        f"The details were written to {log_file}. If it keeps happening, please send them to us."
    )


def show_crash_dialog(details: str, log_file: Path) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText(crash_message(log_file))
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
