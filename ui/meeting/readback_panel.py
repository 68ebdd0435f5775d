"""The read-back: a draft of the spoken summary, edited by the rep and saved with the debrief."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from debrief.debriefs.customer_view import customer_view
from debrief.debriefs.record import load_record
from debrief.meeting import session as core
from debrief.meeting.readback import draft_readback
from debrief.store.database import Store

from ..autosave import Autosaver


class ReadbackPanel(QWidget):
    saved = Signal()  # the rep pressed "Save summary" (it was already being saved as typed)
    show_requested = Signal()  # turn it towards the customer

    def __init__(self, store: Store, saver: Autosaver, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.saver = saver
        self.debrief_id = ""
        intro = QLabel(
            "Before you leave, read back what you heard so they can correct you. The draft uses "
            "only what isn't marked internal."
        )
        intro.setWordWrap(True)
        # No mnemonic: Alt+D is the meeting's "draft now" key; a mnemonic would only focus this.
        self.draft_button = QPushButton("Draft from my notes")
        self.draft_button.setToolTip("Alt+D. Replaces the text below; Ctrl+Z brings yours back.")
        self.draft_button.clicked.connect(self.draft)
        self.show_button = QPushButton("Show to the customer")
        self.show_button.setToolTip("F5. Large and calm, only what they may read; Esc closes it.")
        self.show_button.clicked.connect(self.show_requested)
        self.save_button = QPushButton("Save summary")
        self.save_button.setToolTip("Ctrl+S. It is also saved as you type.")
        self.save_button.clicked.connect(self.save_now)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("summaryEditor")
        self.editor.setAccessibleName("Read-back summary")
        self.editor.setPlaceholderText(
            "Draft it from your notes, or write it here: their basis of decision, where we fell "
            "short, what they'd like to see from us."
        )
        self.editor.textChanged.connect(self._schedule)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.status)
        self._loading = False
        self.entry: QWidget = self.editor

    def load(self, debrief_id: str, summary: str) -> None:
        self.debrief_id = debrief_id
        self._loading = True
        self.editor.setPlainText(summary)
        self._loading = False
        self.status.clear()

    def follow(self, summary: str) -> None:
        """Show a summary that changed elsewhere (see MeetingScreen._follow_texts)."""
        old = self.editor.toPlainText()
        if old == summary:
            return
        position = self.editor.textCursor().position()
        if position >= len(old):
            position = len(summary)  # typing at the end goes on at the end
        self._loading = True
        try:
            self.editor.setPlainText(summary)
        finally:
            self._loading = False
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, len(summary)))
        self.editor.setTextCursor(cursor)

    def draft(self) -> None:
        """Replace the text with a fresh draft, as one undoable edit."""
        self.saver.flush()
        text = draft_readback(customer_view(load_record(self.store, self.debrief_id)))
        if not text:
            self.status.setText(
                "Nothing customer-facing captured yet: add notes, criteria or reasons first."
            )
            return
        cursor = self.editor.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.status.setText("Drafted. Edit it in your own words, then read it back.")

    def _schedule(self) -> None:
        if self._loading:
            return
        debrief_id = self.debrief_id
        # read the text when saving, not on every keystroke (it may be long)
        self.saver.schedule_save(
            f"summary:{debrief_id}",
            self.editor.toPlainText,
            lambda store, text: core.save_summary(store, debrief_id, text),
            "Read-back summary",
            store=self.store,
        )

    def save_now(self) -> None:
        self._schedule()
        self.saver.flush()
        self.status.setText("Summary saved. It will be the backbone of your summary letter.")
        self.saved.emit()
