"""Letters as a feature of the shell: `letters_action` (Letters…, Ctrl+L, on the debrief in
view) and `profile_action` (Sender profile…, Ctrl+,); the window places them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from debrief.model import LetterKind

from ..shell import Shell, closed_because_removed

if TYPE_CHECKING:  # the dialogs (drafting, PDF view, reportlab) load when first opened
    from .dialog import LettersDialog
    from .profile_dialog import SenderProfileDialog


class LetterActions(QObject):
    """Owns the two actions and the open letters windows (one per debrief)."""

    def __init__(self, shell: Shell):
        super().__init__(shell.parent)
        self.store, self.ops, self.nav = shell.store, shell.ops, shell.nav
        self.parent_widget = shell.parent
        self.dialogs: dict[str, LettersDialog] = {}
        self.letters_action = QAction("&Letters…", self.parent_widget)
        self.letters_action.setShortcut(QKeySequence("Ctrl+L"))
        self.letters_action.setStatusTip("Draft, print or send the letters of the selected debrief")
        self.letters_action.triggered.connect(lambda: self.open_letters())
        self.profile_action = QAction("Sender &profile…", self.parent_widget)
        self.profile_action.setShortcut(QKeySequence("Ctrl+,"))
        self.profile_action.setStatusTip("Who your letters come from: name, company, logo")
        self.profile_action.triggered.connect(lambda: self.open_profile())

    def close_all(self) -> None:
        """The main window is closing: close the letters windows first, keeping their text."""
        for dialog in list(self.dialogs.values()):
            dialog.close()

    def open_letters(
        self, debrief_id: str | None = None, kind: LetterKind | None = None
    ) -> LettersDialog | None:
        """The letters window of `debrief_id` (default: the debrief in view).

        It opens on `kind`, or on what the debrief's stage suggests (see `suggested_kind`).
        """
        debrief_id = debrief_id or self.nav.current_debrief_id()
        if not debrief_id:
            self.nav.show_message("Select a debrief first, then choose Letters… (Ctrl+L).", 6000)
            return None
        dialog = self.dialogs.get(debrief_id)
        if dialog is None:
            from .dialog import LettersDialog

            opened = self.ops.run(
                self.parent_widget,
                lambda: LettersDialog(self.ops, debrief_id, self.parent_widget, kind),
            )
            if not opened.ok:
                return None
            dialog = opened.unwrap()
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.profile_requested.connect(self.open_profile)
            dialog.finished.connect(lambda _result: self.dialogs.pop(debrief_id, None))
            dialog.debrief_removed.connect(self._closed_for_removal)
            self.dialogs[debrief_id] = dialog
            dialog.show()
            return dialog
        if kind is not None:
            dialog.kind.setCurrentIndex(dialog.kind.findData(LetterKind(kind).value))
        dialog.raise_()  # already open: bring it forward
        dialog.activateWindow()
        return dialog

    def _closed_for_removal(self, debrief_id: str) -> None:
        self.nav.show_message(closed_because_removed(self.store, debrief_id, "the letters"))

    def open_profile(self) -> SenderProfileDialog:
        from .profile_dialog import SenderProfileDialog

        dialog = SenderProfileDialog(self.ops, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
