"""One Debrief window per data folder: a second start hands over to the running copy and exits.

Two copies writing one database would each be right about their own text and overwrite the
other's, so the first start holds a `QLockFile` in the data folder and listens on a
`QLocalServer`; a second start finds the lock held, asks the running copy (over `QLocalSocket`)
to bring its window forward, and exits. A copy that crashed leaves a lock file behind, but
QLockFile sees that the process named in it is gone and takes the lock over, so a crash never
blocks the next start. Headless commands (`letter` …) don't take the lock: they write beside a
running app safely, because every write starts with BEGIN IMMEDIATE and waits while it is busy.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("debrief")

LOCK_FILENAME = "debrief.lock"
RAISE = b"raise\n"
DONE = b"ok\n"
CONNECT_MS = 3000


def server_name(data_dir: Path) -> str:
    """A name for the local socket that is the same for every start on this data folder."""
    folder = str(Path(data_dir).resolve())
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        user = str(os.getuid()) if hasattr(os, "getuid") else ""
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:24]
    return f"debrief-{digest}"


class SingleInstance(QObject):
    """Holds the data folder for this process; emits `raise_requested` when a second start
    asks for the window (and brings the attached window forward itself)."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self.lock = QLockFile(str(self.data_dir / LOCK_FILENAME))
        # Never judge a lock stale by its age (a copy may run for days); only a lock whose
        # process is gone is stale, and QLockFile checks that itself.
        self.lock.setStaleLockTime(0)
        self.server: QLocalServer | None = None
        self.target: QWidget | None = None
        self._raise_pending = False

    def acquire(self) -> bool:
        """True if this process may run the window on the data folder (it holds it now)."""
        if not self.lock.tryLock(200):
            if self.lock.error() == QLockFile.LockError.LockFailedError:
                return False
            # The lock file can't be written (a read-only folder…): don't refuse to start on
            # that account; opening the database reports the folder's problem in plain words.
            log.warning("No single-instance lock in %s (%s)", self.data_dir, self.lock.error())
            return True
        self._listen()
        return True

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock, so a socket left by a crashed copy is nobody's: clear it first.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            log.warning("A second start can't reach this window: %s", server.errorString())
            return
        server.newConnection.connect(self._connected)
        self.server = server

    def _connected(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if bytes(socket.readLine().data()) == RAISE:
            log.info("Another start on this data folder: bringing the window forward")
            self.raise_requested.emit()
            self._raise_window()
            socket.write(DONE)
            socket.flush()

    def attach(self, window: QWidget) -> None:
        """The window to bring forward (a request that came during start-up is served now)."""
        self.target = window
        if self._raise_pending:
            self._raise_window()

    def _raise_window(self) -> None:
        window = self.target
        if window is None:
            self._raise_pending = True
            return
        self._raise_pending = False
        if window.isMinimized():
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()

    def hand_over(self) -> bool:
        """Ask the copy holding the data folder to show its window. True if it was asked."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_MS):
            log.warning("The running copy didn't answer: %s", socket.errorString())
            return False
        socket.write(RAISE)
        asked = socket.waitForBytesWritten(CONNECT_MS)
        if asked and socket.waitForReadyRead(CONNECT_MS):
            log.info("The running copy brought its window forward")
        socket.disconnectFromServer()
        return asked

    def holder(self) -> str:
        """Which process holds the data folder, for a message."""
        info = self.lock.getLockInfo()  # (pid, host name, app name), if it can be read
        if isinstance(info, tuple) and len(info) >= 2 and info[0]:
            return f"process {info[0]} on {info[1]}"
        return "another program"

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.lock.isLocked():
            self.lock.unlock()


def hand_over_or_explain(instance: SingleInstance, show_dialog: bool) -> int:
    """A copy already runs on this data folder: hand over to it (exit 0), or say plainly why
    this start can't go on (exit 1)."""
    if instance.hand_over():
        log.info("Debrief is already open on %s: handed over and exiting", instance.data_dir)
        return 0
    message = (
        f"Debrief is already open with the data folder {instance.data_dir} "
        f"({instance.holder()}), but it didn't answer. Switch to that window, or close it "
        "and start Debrief again."
    )
    log.error(message)
    if show_dialog:
        QMessageBox.warning(None, "Debrief is already open", message)
    else:
        print(message, file=sys.stderr)
    return 1
