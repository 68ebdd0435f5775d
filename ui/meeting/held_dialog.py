"""Saying the meeting took place: a date (today unless changed) and one button.

"Meeting held" is something the rep says, never something opening the meeting screen implies;
the summary letter relies on it.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from debrief.debriefs.record import load_record
from debrief.meeting import session as core

from ..dates import from_qdate, to_qdate
from ..operations import Operations


class HeldDialog(QDialog):
    marked = Signal(str)  # the debrief id, once it is marked held

    def __init__(
        self, ops: Operations, debrief_id: str, parent: QWidget | None = None, asking: bool = False
    ):
        super().__init__(parent)
        self.setObjectName("heldDialog")
        self.ops = ops
        self.debrief_id = debrief_id
        self.setWindowTitle("Meeting held")
        record = load_record(ops.store, debrief_id)
        d = record.debrief
        who = d.contact_name or d.account_name
        intro = QLabel(
            f"Did the meeting with {who} take place? Marking it held lets you write the "
            "summary letter; you can also do it later from the debrief's page."
            if asking
            else f"When did you meet {who}? Marking it held lets you write the summary letter."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.date = QDateEdit()
        self.date.setObjectName("heldOn")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")  # never ambiguous: 3 Dec 2026
        self.date.setMaximumDate(QDate.currentDate())
        self.date.setDate(to_qdate(record.meeting_date) or QDate.currentDate())
        self.date.setAccessibleName("Date of the meeting")
        self.date.setCurrentSection(QDateEdit.Section.DaySection)  # ↑/↓ move a day
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Mark as held", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton("Not yet", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("Meeting &date", self.date)
        form.addRow(buttons)
        self.date.setFocus()

    def accept(self) -> None:
        held_on = from_qdate(self.date.date())
        done = self.ops.run(
            self, lambda: core.mark_meeting_held(self.ops.store, self.debrief_id, held_on)
        )
        if done.ok:
            self.marked.emit(self.debrief_id)
            super().accept()
