"""The calm line shown above an editor while its text can't be saved (never a modal box)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ..autosave import Autosaver


class SaveNotice(QFrame):
    """Shows the saver's notice ("Not saved yet — the disk is full; …") and hides once a retry
    got everything to disk. "Try again now" retries at once instead of waiting."""

    def __init__(self, saver: Autosaver, parent: QWidget | None = None):
        super().__init__(parent)
        self.saver = saver
        self.setObjectName("saveNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # An amber edge reads as "attention" on light and dark themes; the text keeps the
        # palette's colour.
        self.setStyleSheet("#saveNotice { border: 2px solid #d4a72c; border-radius: 4px; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton("Try again now")
        self.retry_button.setAutoDefault(False)
        self.retry_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.retry_button.clicked.connect(saver.flush)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        saver.notice_changed.connect(self.show_notice)
        self.show_notice(saver.notice())

    def show_notice(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleDescription(text)
        if not text:
            self.hide()
        elif self.parentWidget() is not None:  # never pop up as a window of its own
            self.show()
