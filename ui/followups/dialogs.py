"""Small dialogs of the agenda: done with an outcome note, reschedule, edit, cancel.

Each keeps what is typed as a form draft (per follow-up) and asks before Esc throws it away,
like every other form; the agenda runs the change through the runner once the rep confirms.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from debrief.followups.model import Channel, Followup
from debrief.store.database import Store

from ..forms.form_helpers import FormDialog, start_draft
from .wording import short_day, who


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setObjectName(name)
    edit.setDisplayFormat("ddd d MMM yyyy")
    return edit


class _FollowupDialog(FormDialog):
    def __init__(
        self, store: Store, followup: Followup, title: str, ok_text: str, parent: QWidget | None
    ):
        super().__init__(parent)
        self.store = store
        self.followup = followup
        self.setWindowTitle(title)
        self.heading = QLabel(
            f"{followup.channel.label} {who(followup)}: {followup.purpose}\n"
            f"Due {short_day(followup.due)}"
        )
        self.heading.setWordWrap(True)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(ok_text)
        ok.setObjectName("okButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def keep_draft(self, name: str, fields: dict[str, QWidget]) -> None:
        """Call once the fields are built: offers back a lost draft, keeps the new one.

        The agenda saves what was chosen after the dialog has closed, so the draft goes only
        when that save succeeded (`saved`) or the dialog was cancelled on purpose: a save that
        fails (a locked or full disk) leaves it to be offered back next time."""
        draft = start_draft(self, self.store, f"{name}.{self.followup.id}", dict(fields))
        self.draft = draft
        self.rejected.connect(draft.discard)
        self.accepted.connect(draft.saver.flush)  # on disk before the save is tried

    def saved(self) -> None:
        """What was chosen is saved: the draft has done its job."""
        if self.draft is not None:
            self.draft.discard()


class DoneDialog(_FollowupDialog):
    """Mark done, with what came of it (the note stays internal)."""

    chosen = Signal(str, object)  # outcome note, done on (date)

    def __init__(
        self, store: Store, followup: Followup, today: date, parent: QWidget | None = None
    ):
        super().__init__(store, followup, "Mark follow-up done", "Mark &done", parent)
        self.note = QPlainTextEdit()
        self.note.setObjectName("outcomeNote")
        self.note.setPlaceholderText(
            "What came of it? e.g. 'Spoke to Jana; the roll-out is late. Call again in May.'"
        )
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.done_on = date_edit(today, "doneOn")
        self.done_on.setMaximumDate(qdate(today))
        hint = QLabel("Kept with the debrief for you; never in letters or calendar files.")
        hint.setWordWrap(True)
        self.form.addRow("&Outcome", self.note)
        self.form.addRow("", hint)
        self.form.addRow("Done &on", self.done_on)
        self.keep_draft("followup_done", {"note": self.note, "done_on": self.done_on})
        self.accepted.connect(
            lambda: self.chosen.emit(self.note.toPlainText(), pydate(self.done_on.date()))
        )


class RescheduleDialog(_FollowupDialog):
    chosen = Signal(str)  # the new due date, ISO

    def __init__(self, store: Store, followup: Followup, parent: QWidget | None = None):
        super().__init__(store, followup, "Reschedule follow-up", "&Reschedule", parent)
        self.due = date_edit(date.fromisoformat(followup.due), "newDue")
        self.form.addRow("New &date", self.due)
        self.keep_draft("followup_reschedule", {"due": self.due})
        self.accepted.connect(lambda: self.chosen.emit(pydate(self.due.date()).isoformat()))


class CancelDialog(_FollowupDialog):
    chosen = Signal(str)  # why (internal)

    def __init__(self, store: Store, followup: Followup, parent: QWidget | None = None):
        super().__init__(store, followup, "Cancel follow-up", "Cancel &follow-up", parent)
        self.note = QPlainTextEdit()
        self.note.setObjectName("cancelNote")
        self.note.setPlaceholderText("Why it is no longer needed (optional)")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.form.addRow("&Why", self.note)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Keep it")
        self.keep_draft("followup_cancel", {"note": self.note})
        self.accepted.connect(lambda: self.chosen.emit(self.note.toPlainText()))


class EditDialog(_FollowupDialog):
    """Change what an accepted follow-up is for, how, and when."""

    chosen = Signal(str, object, str)  # purpose, Channel, due (ISO)

    def __init__(self, store: Store, followup: Followup, parent: QWidget | None = None):
        super().__init__(store, followup, "Edit follow-up", "&Save", parent)
        self.purpose = QLineEdit(followup.purpose)
        self.purpose.setObjectName("editPurpose")
        self.channel = QComboBox()
        self.channel.setObjectName("editChannel")
        for choice in Channel:
            if (choice is Channel.NOTE) == (not followup.kind.contacts_customer):
                self.channel.addItem(choice.label, choice.value)
        self.channel.setCurrentIndex(max(0, self.channel.findData(followup.channel.value)))
        self.due = date_edit(date.fromisoformat(followup.due), "editDue")
        self.form.addRow("&What for", self.purpose)
        self.form.addRow("&How", self.channel)
        self.form.addRow("&Due", self.due)
        self.keep_draft(
            "followup_edit", {"purpose": self.purpose, "channel": self.channel, "due": self.due}
        )
        self.accepted.connect(
            lambda: self.chosen.emit(
                self.purpose.text(),
                next(c for c in Channel if c.value == self.channel.currentData()),
                pydate(self.due.date()).isoformat(),
            )
        )
