"""While the app is open, a follow-up falling due raises one desktop notification (the system
tray's message where the platform has one, else a status-bar line). Never a modal dialog."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from debrief.followups.agenda import due_unnotified, mark_notified
from debrief.store.database import Store

from .wording import who

CHECK_EVERY_MS = 60_000


class DueNotifier(QObject):
    announced = Signal(list)  # the Followups just announced
    clicked = Signal()  # the rep clicked the notification

    def __init__(
        self,
        store: Store,
        show_message: Callable[[str, int], object] | None,
        icon: QIcon,
        today: Callable[[], date] = date.today,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.show_message = show_message  # the window's status bar, through the shell
        self.today = today
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("Debrief: follow-ups")
            self.tray.messageClicked.connect(self.clicked.emit)
            self.tray.activated.connect(lambda _reason: self.clicked.emit())
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_now)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.check_now)

    def start(self, first_check_ms: int = 3000) -> None:
        self.timer.start()
        self.first.start(first_check_ms)

    def stop(self) -> None:
        self.timer.stop()
        self.first.stop()

    def check_now(self) -> list[object]:
        try:
            due = due_unnotified(self.store, self.today())
        except sqlite3.ProgrammingError:  # the database was closed on the way out
            self.stop()
            return []
        if not due:
            return []
        mark_notified(self.store, [f.id for f in due], self.today())
        if len(due) == 1:
            title = "A follow-up is due"
            text = f"{due[0].channel.label} {who(due[0])}: {due[0].purpose}"
        else:
            title = f"{len(due)} follow-ups are due"
            text = "; ".join(f"{f.channel.label} {who(f)}" for f in due[:3])
            if len(due) > 3:
                text += f" and {len(due) - 3} more"
        if self.tray is not None:
            self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        if self.show_message is not None:
            self.show_message(f"{title}: {text}. View ▸ Follow-ups (Ctrl+2).", 30_000)
        self.announced.emit(list(due))
        return list(due)
