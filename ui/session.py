"""The running session: the open store and the window on it, and the one path for a database
that can't be used.

At start a damaged, empty, foreign or newer database gets one dialog (ui/damage_dialog.py); the
same dialog answers damage found later while running (the excepthook and the operation runner
report it here, once), and damage found by the page-by-page check that runs after the window's
first paint (ui/after_start.py). That check finding damage stops every write to the file at once
(`Store.stop_writes`), before the dialog asks what to do. Restoring a backup - from that
dialog or from File ▸ Restore from backup… - closes the window and the store, puts the backup
in place, and opens both again.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from debrief.errors import DamagedDatabaseError, DebriefError
from debrief.store.after_open import AfterOpenReport, Health
from debrief.store.backups import (
    BackupSummary,
    latest_good_backup,
    move_aside,
    restore_file,
)
from debrief.store.database import Store
from debrief.store.migrations import migrations

from .after_start import AfterStartCheck
from .backup_dialogs import RestoreDialog
from .crash import set_damage_handler
from .damage_dialog import Choice, DamageDialog, describe_backup
from .main_window import MainWindow
from .paths import AppPaths

log = logging.getLogger("debrief")
KNOWN = migrations.names()
_STILL_RUNNING: list[AfterStartCheck] = []
# What the damage dialog says when the check after the first paint finds the file damaged.
FOUND_AFTER_OPENING = (
    "it is damaged: Debrief checked every page of it after the window opened and found damage. "
    "Debrief has stopped writing to it, so it stays as it is now."
)


class Session(QObject):
    # The check after the first paint has reported (AfterOpenReport), after the session acted
    # on it.
    checked = Signal(object)

    def __init__(
        self,
        app: QApplication,
        paths: AppPaths,
        build_window: Callable[[Store, AppPaths], MainWindow],
        show_dialogs: bool = True,
    ):
        super().__init__()
        self.app = app
        self.paths = paths
        self.build_window = build_window
        self.show_dialogs = show_dialogs
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self._handling_damage = False
        self._notice = ""  # said in the status bar of the next window (what recovery did)
        # Told about every window shown (the first, and the one after a restore): the
        # single-instance hand-over raises the current one.
        self.window_shown: Callable[[MainWindow], None] | None = None
        self.after_start: AfterStartCheck | None = None

    # -- opening ------------------------------------------------------------------------------

    def open_store(self, parent: QWidget | None = None) -> Store | None:
        """Open the database; a file that can't be used gets the one dialog. None: give up."""
        while True:
            try:
                # Only what reads a few pages: the whole-file check and the daily backup run
                # after the window's first paint (`_check_after_paint`).
                return Store.open(
                    self.paths.database, backup_dir=self.paths.backups, full_check=False
                )
            except DamagedDatabaseError as exc:
                log.error("Database can't be used: %s", exc)
                if not self.show_dialogs:
                    print(f"Debrief can't open your data: {exc}", file=sys.stderr)
                    return None
                if not self.answer_damage(exc, parent):
                    return None
            except DebriefError as exc:
                log.error("Could not open the database: %s", exc)
                self.tell("Debrief can't open your data", str(exc), parent)
                return None

    def answer_damage(self, exc: DamagedDatabaseError, parent: QWidget | None = None) -> bool:
        """Ask, then move the file aside and restore or start fresh. False: the rep quit."""
        latest = latest_good_backup(self.paths.backups, KNOWN)
        dialog = DamageDialog(exc, latest, parent)
        choice = dialog.choose()
        dialog.deleteLater()
        if choice is Choice.QUIT:
            return False
        try:
            moved = move_aside(self.paths.database)
            log.info("Moved the unusable database aside to %s", moved)
            self._notice = f"The old file is kept as {moved.name}."
            if choice is Choice.RESTORE and latest is not None:
                restore_file(latest.backup.path, self.paths.database, KNOWN)
                log.info("Restored the backup %s", latest.backup.path.name)
                self._notice = f"Restored {describe_backup(latest)}. " + self._notice
        except DebriefError as error:
            self.tell("Debrief can't open your data", str(error), parent)
            return False
        return True

    def start(self, before_window: Callable[[Store], None] | None = None) -> bool:
        store = self.open_store()
        if store is None:
            return False
        if before_window is not None:
            before_window(store)
        self._show(store)
        set_damage_handler(self.damage_found)
        return True

    def _show(self, store: Store) -> None:
        self.store = store
        self.window = self.build_window(store, self.paths)
        install_restore_action(self.window, self)
        self.window.show()
        if self.window_shown is not None:
            self.window_shown(self.window)
        if self._notice:
            self.window.statusBar().showMessage(self._notice, 15000)
            self._notice = ""
        self._check_after_paint(store, self.window)

    def _check_after_paint(self, store: Store, window: MainWindow) -> None:
        self._stop_after_start_check()
        if store.path is None:
            return
        # A database written new just now has nothing worth a daily backup yet.
        check = AfterStartCheck(store.path, None if store.created else self.paths.backups)
        check.finished.connect(lambda report: self._after_start_report(store, report))
        check.start_after_first_paint(window)
        self.after_start = check

    def _stop_after_start_check(self) -> None:
        """Cancel a check still running (quitting, or the store is about to close)."""
        check, self.after_start = self.after_start, None
        if check is not None and not check.cancel():
            log.warning("The check after opening the database did not stop in time")
            _STILL_RUNNING.append(check)  # its thread may still report: keep it alive

    def _after_start_report(self, store: Store, report: AfterOpenReport) -> None:
        if store is not self.store:
            return  # that store was closed meanwhile (a restore)
        if report.health is Health.DAMAGED:
            log.error("The check after opening found the database damaged: %s", report.detail)
            store.stop_writes("the database file is damaged, so Debrief no longer writes to it")
            self.damage_found(
                DamagedDatabaseError(
                    self.paths.database, "damaged", FOUND_AFTER_OPENING, report.detail
                )
            )
        elif report.health is Health.UNCHECKED:
            log.warning("Could not check the whole database after opening it: %s", report.detail)
        elif report.backup is not None:
            log.info("Today's backup: %s", report.backup.name)
        self.checked.emit(report)

    def close(self) -> None:
        set_damage_handler(None)
        self._stop_after_start_check()
        if self.store is not None:
            self.store.close()
            self.store = None

    # -- swapping the database under a new window ----------------------------------------------

    def reopen(self, between: Callable[[], None], damaged: bool = False) -> bool:
        """Close the window and the store, run `between` (restore, move aside), open both again.

        With `damaged`, the store closes without a checkpoint, so the damaged file and its
        -wal are moved aside exactly as they were.
        """
        old = self.window
        self.app.setQuitOnLastWindowClosed(False)
        try:
            if old is not None:
                if not old.close():
                    return False
                old.deleteLater()
            self.window = None
            self._stop_after_start_check()
            if self.store is not None:
                _close_store(self.store, checkpoint=not damaged)
                self.store = None
            try:
                between()
            except DebriefError as exc:
                self.tell("Debrief can't open your data", str(exc))
            store = self.open_store()
            if store is None:
                self.app.quit()
                return False
            self._show(store)
            return True
        finally:
            self.app.setQuitOnLastWindowClosed(True)

    def restore_backup(self, chosen: BackupSummary) -> bool:
        """Back up what the app holds now, then put `chosen` in its place."""
        assert self.store is not None
        try:
            self.store.backup("before-restore", self.paths.backups)
        except DebriefError as exc:
            self.tell("Restore from backup", f"Nothing was restored: {exc}", self.window)
            return False
        done = self.reopen(lambda: restore_file(chosen.backup.path, self.paths.database, KNOWN))
        if done and self.window is not None:
            self.window.statusBar().showMessage(
                "Restored the backup; your data before it is in the backup list.", 10000
            )
        return done

    # -- damage found while running --------------------------------------------------------------

    def damage_found(self, exc: BaseException) -> None:
        """Called by the excepthook and the runner; however often, one dialog, after the
        current event finishes."""
        if self._handling_damage:
            return
        self._handling_damage = True
        QTimer.singleShot(0, lambda: self._answer_runtime_damage(exc))

    def _answer_runtime_damage(self, exc: BaseException) -> None:
        error = (
            exc
            if isinstance(exc, DamagedDatabaseError)
            else DamagedDatabaseError(
                self.paths.database, "damaged", "the file is damaged.", str(exc)
            )
        )
        try:
            if not self.show_dialogs:
                print(f"Debrief can't go on with your data: {error}", file=sys.stderr)
                self._quit_damaged()
                return
            self._ask_and_recover(error)
        finally:
            self._handling_damage = False

    def _ask_and_recover(self, error: DamagedDatabaseError) -> bool:
        """The runtime form of `answer_damage`: the store is closed before the file moves."""
        latest = latest_good_backup(self.paths.backups, KNOWN)
        dialog = DamageDialog(error, latest, self.window)
        choice = dialog.choose()
        dialog.deleteLater()
        if choice is Choice.QUIT:
            self._quit_damaged()
            return False

        def recover() -> None:
            moved = move_aside(self.paths.database)
            self._notice = f"The damaged file is kept as {moved.name}."
            if choice is Choice.RESTORE and latest is not None:
                restore_file(latest.backup.path, self.paths.database, KNOWN)
                self._notice = f"Restored {describe_backup(latest)}. " + self._notice

        return self.reopen(recover, damaged=True)

    def _quit_damaged(self) -> None:
        self._stop_after_start_check()
        if self.store is not None:
            _close_store(self.store, checkpoint=False)
            self.store = None
        self.app.exit(1)

    # -- messages ----------------------------------------------------------------------------------

    def tell(self, title: str, message: str, parent: QWidget | None = None) -> None:
        if self.show_dialogs:
            QMessageBox.critical(parent, title, message)
        else:
            print(f"{title}: {message}", file=sys.stderr)


def _close_store(store: Store, checkpoint: bool) -> None:
    conn = store.conn
    # Python 3.12+: close without a checkpoint, so a damaged file's -wal stays as it was.
    no_checkpoint = getattr(sqlite3, "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE", None)
    setconfig = getattr(conn, "setconfig", None)
    if not checkpoint and no_checkpoint is not None and setconfig is not None:
        with contextlib.suppress(sqlite3.Error):
            setconfig(no_checkpoint, True)
    try:
        store.close()
    except sqlite3.Error as exc:
        log.warning("Closing the database: %s", exc)


def install_restore_action(window: MainWindow, session: Session) -> None:
    """File ▸ Restore from backup… (the window's action) opens the list of backups."""

    def open_dialog() -> None:
        dialog = RestoreDialog(session.paths.backups, session.restore_backup, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    window.restore_requested.connect(open_dialog)
