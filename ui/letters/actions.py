"""The main window's way into letters: File ▸ Letters… (Ctrl+L), Edit ▸ Sender profile… (Ctrl+,)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from debrief.model import LetterKind

from ..operations import attempt
from .dialog import LettersDialog
from .profile_dialog import SenderProfileDialog

if TYPE_CHECKING:
    from ..main_window import MainWindow


class LetterActions(QObject):
    """Owns the two actions and the open letters windows (one per debrief)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.dialogs: dict[str, LettersDialog] = {}
        self.letters_action = QAction("&Letters…", window)
        self.letters_action.setShortcut(QKeySequence("Ctrl+L"))
        self.letters_action.setStatusTip("Draft, print or send the letters of the selected debrief")
        self.letters_action.triggered.connect(lambda: self.open_letters())
        self.profile_action = QAction("Sender &profile…", window)
        self.profile_action.setShortcut(QKeySequence("Ctrl+,"))
        self.profile_action.setStatusTip("Who your letters come from: name, company, logo")
        self.profile_action.triggered.connect(lambda: self.open_profile())
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Closing the main window closes the letters windows first, keeping their text."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            for dialog in list(self.dialogs.values()):
                dialog.close()
        return False

    def open_letters(
        self, debrief_id: str | None = None, kind: LetterKind | None = None
    ) -> LettersDialog | None:
        """The letters window of `debrief_id` (default: the debrief in view).

        It opens on `kind`, or on what the debrief's stage suggests (see `suggested_kind`).
        """
        debrief_id = debrief_id or self.window.current_debrief_id()
        if not debrief_id:
            self.window.statusBar().showMessage(
                "Select a debrief first, then choose Letters… (Ctrl+L).", 6000
            )
            return None
        dialog = self.dialogs.get(debrief_id)
        if dialog is None:
            dialog = attempt(
                self.window,
                lambda: LettersDialog(
                    self.window.store, debrief_id, self.window.changes, self.window, kind
                ),
            )
            if dialog is None:
                return None
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.profile_requested.connect(self.open_profile)
            dialog.finished.connect(lambda _result: self.dialogs.pop(debrief_id, None))
            self.dialogs[debrief_id] = dialog
            dialog.show()
            return dialog
        if kind is not None:
            dialog.kind.setCurrentIndex(dialog.kind.findData(LetterKind(kind).value))
        dialog.raise_()  # already open: bring it forward
        dialog.activateWindow()
        return dialog

    def open_profile(self) -> SenderProfileDialog:
        dialog = SenderProfileDialog(self.window.store, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._profile_saved)
        dialog.open()
        return dialog

    def _profile_saved(self, profile: object) -> None:
        for dialog in self.dialogs.values():
            dialog.set_profile(profile)
