"""The one place unexpected errors end up: a log file, and a dialog with copyable details."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from debrief.store.disk import explain_sqlite_error, is_damage, is_disk_trouble

log = logging.getLogger("debrief")

# Set by the running session: where damage found while running goes (one dialog, one path).
_damage_handler: list[Callable[[BaseException], None]] = []


def set_damage_handler(handler: Callable[[BaseException], None] | None) -> None:
    _damage_handler.clear()
    if handler is not None:
        _damage_handler.append(handler)


def damage_is_handled() -> bool:
    return bool(_damage_handler)


def report_damage(exc: BaseException) -> bool:
    """Hand a "database is damaged" error to the session; False if nobody handles it."""
    if not _damage_handler:
        return False
    log.error("The database is damaged: %s", exc)
    _damage_handler[0](exc)
    return True


class _PrivateLogHandler(RotatingFileHandler):
    """Log files readable by the user only; a full or read-only disk drops a line quietly
    instead of printing a traceback on stderr."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def setup_logging(log_dir: Path) -> Path:
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    log_file = log_dir / "debrief.log"
    handler = _PrivateLogHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.set_name("debrief-file")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "debrief-file"]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


def install_excepthook(
    log_file: Path, show_dialog: bool = True, database: Path | None = None
) -> None:
    """Route every uncaught exception to the log and, unless switched off, to a dialog.

    A damaged database goes to the session's one damage path; disk trouble (full, read-only)
    is said in plain words, once at a time, instead of as a crash.
    """

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if is_damage(exc) and report_damage(exc):
            return
        if database is not None and is_disk_trouble(exc):
            log.error("Disk trouble: %s", exc)
            if show_dialog and QApplication.instance() is not None:
                show_disk_problem(explain_sqlite_error(exc, database))  # type: ignore[arg-type]
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


_showing: set[str] = set()


def show_disk_problem(message: str) -> None:
    """One warning at a time: a burst of failed writes doesn't stack dialogs."""
    if "disk" in _showing:
        return
    _showing.add("disk")
    try:
        QMessageBox.warning(QApplication.activeWindow(), "Debrief couldn't save", message)
    finally:
        _showing.discard("disk")


def show_crash_dialog(details: str, log_file: Path) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText(crash_message(log_file))
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
