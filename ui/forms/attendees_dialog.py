"""Who from the customer's side was in the debrief meeting: ticked among the account's people
(Space ticks, Add person… adds someone who isn't listed yet).

The ticks are kept as a form draft and Esc asks before throwing them away, as in every form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.accounts import list_contacts
from debrief.debriefs.people import set_attendees
from debrief.debriefs.record import load_record
from debrief.model import Contact, PersonRole

from ..operations import Operations
from .form_helpers import DraftField, FormDialog, keep_draft, save_cancel
from .person_dialog import PersonDialog


def person_line(c: Contact) -> str:
    """'Jolanta Żak — COO · Decision maker'."""
    bits = [c.title, c.role.label if c.role != PersonRole.UNKNOWN else ""]
    details = " · ".join(b for b in bits if b)
    return f"{c.name} — {details}" if details else c.name


class AttendeesDialog(FormDialog):
    saved = Signal()

    def __init__(self, ops: Operations, debrief_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.store = ops.store
        self.debrief_id = debrief_id
        record = load_record(self.store, debrief_id)
        self.account_id = record.account.id
        self.setWindowTitle(f"Who was in the meeting — {record.account.name}")
        self.setMinimumWidth(460)
        intro = QLabel("Tick everyone from the customer's side who took part (Space ticks).")
        intro.setWordWrap(True)
        self.people = QListWidget()
        self.people.setObjectName("attendees")
        self.people.setAccessibleName("People in the meeting")
        chosen = [c.id for c in record.attendees]
        for person in list_contacts(self.store, self.account_id):
            self._add_item(person, person.id in chosen)
        if self.people.count():
            self.people.setCurrentRow(0)
        self.add_button = QPushButton("&Add person…")
        self.add_button.setObjectName("addPerson")
        self.add_button.clicked.connect(self.add_person)
        buttons = save_cancel(self, self.save)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.people, 1)
        layout.addWidget(buttons)
        self.ticks = DraftField(lambda: "\n".join(self.chosen_ids()), self._tick_ids, self)
        self.people.itemChanged.connect(lambda _item: self.ticks.changed.emit())
        self.draft = keep_draft(self, self.store, f"attendees.{debrief_id}", {"ticked": self.ticks})
        self.people.setFocus()

    def _tick_ids(self, text: str) -> None:
        wanted = set(text.split("\n")) - {""}
        for item in (self.people.item(i) for i in range(self.people.count())):
            ticked = str(item.data(Qt.ItemDataRole.UserRole)) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _add_item(self, person: Contact, ticked: bool) -> QListWidgetItem:
        item = QListWidgetItem(person_line(person), self.people)
        item.setData(Qt.ItemDataRole.UserRole, person.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        return item

    def chosen_ids(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.people.item(i) for i in range(self.people.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def add_person(self) -> PersonDialog:
        dialog = PersonDialog(self.ops, self.account_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._person_added)
        dialog.open()
        return dialog

    def _person_added(self, person: Contact) -> None:
        item = self._add_item(person, True)
        self.people.setCurrentItem(item)
        self.people.setFocus()

    def save(self) -> None:
        chosen = self.chosen_ids()
        if self.ops.run(self, lambda: set_attendees(self.store, self.debrief_id, chosen)).ok:
            self.saved.emit()
            self.accept()
