"""The form that logs a lost deal: customer, senior stakeholder, competitor, deal and dates.

Picking someone already on file shows their details with Edit person… (the same person form
as the debrief and account pages), instead of empty fields that would only apply to a new
person.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.accounts import get_contact, list_accounts, list_contacts
from debrief.debriefs.lifecycle import create_debrief, validate
from debrief.errors import ValidationError
from debrief.model import Contact, Debrief, NewDebrief

from ..operations import Operations
from .deal_fields import DealFields
from .form_helpers import FieldErrors, FormDialog, keep_draft, save_cancel
from .person_dialog import PersonDialog, edit_person


class NewDebriefDialog(FormDialog):
    created = Signal(object)  # Debrief

    def __init__(self, ops: Operations, rep_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.store = store = ops.store
        self.setWindowTitle("New debrief")
        self.setMinimumWidth(520)
        self.debrief: Debrief | None = None
        self.errors = FieldErrors(fallback="opportunity")

        self.account = QComboBox(editable=True)
        self.account.setObjectName("account")
        cast(QLineEdit, self.account.lineEdit()).setPlaceholderText(
            "Customer company — pick or type a new one"
        )
        for acc in list_accounts(store):
            self.account.addItem(acc.name, acc.id)
        self.account.setCurrentIndex(-1)
        self.account.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.contact = QComboBox(editable=True)
        self.contact.setObjectName("contact")
        self.contact.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        cast(QLineEdit, self.contact.lineEdit()).setPlaceholderText(
            "Most senior person in the decision"
        )
        self.edit_person_button = QPushButton("Ed&it person…")
        self.edit_person_button.setObjectName("editPerson")
        self.edit_person_button.setAutoDefault(False)
        self.edit_person_button.setToolTip("Correct this person's title, email, phone or greeting")
        self.edit_person_button.clicked.connect(self.edit_person)
        contact_row = QWidget()
        row = QHBoxLayout(contact_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.contact, 1)
        row.addWidget(self.edit_person_button)
        self.person_details = QLabel()
        self.person_details.setObjectName("personDetails")
        self.person_details.setTextFormat(Qt.TextFormat.PlainText)
        self.person_details.setWordWrap(True)
        self.contact_title = QLineEdit(placeholderText="e.g. Chief Operating Officer")
        self.contact_email = QLineEdit(placeholderText="name@company.com")
        self.contact_phone = QLineEdit()
        self.deal = DealFields(store, rep_name=rep_name)
        self.opportunity, self.value = self.deal.opportunity, self.deal.value
        self.competitor, self.rep_name = self.deal.competitor, self.deal.rep_name
        self.date_lost = self.deal.date_lost

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = [
            ("account", "&Customer", self.account),
            ("contact", "&Senior stakeholder", contact_row),
            ("contact_title", "Their &title", self.contact_title),
            ("contact_email", "Their &email", self.contact_email),
            ("contact_phone", "Their &phone", self.contact_phone),
            *self.deal.rows("Your &name"),
        ]
        for key, label, widget in rows:
            self.errors.add_row(form, key, label, widget)
            if key == "contact":
                form.addRow("Their details", self.person_details)
        self.errors.widgets["contact"] = self.contact
        self.form = form
        self.errors["currency"] = self.errors["value"]
        buttons = save_cancel(self, self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        self.draft = keep_draft(
            self,
            store,
            "new_debrief",
            {
                "account": self.account,
                "contact": self.contact,
                "contact_title": self.contact_title,
                "contact_email": self.contact_email,
                "contact_phone": self.contact_phone,
                **self.deal.widgets(),
            },
        )
        intro = QLabel(
            "Restored what you were typing when Debrief last closed."
            if self.draft.restored
            else "Log the loss while it's fresh. You can fill in more later, before the meeting."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self.account.currentIndexChanged.connect(self._account_picked)
        self.account.editTextChanged.connect(self._account_typed)
        self.contact.currentIndexChanged.connect(self._contact_picked)
        self._account_picked()
        self.errors.recheck_with(lambda: validate(self.values()))
        self.account.setFocus()

    # -- field wiring -------------------------------------------------------------------------

    def _selected_account_id(self) -> str | None:
        index = self.account.findText(self.account.currentText(), Qt.MatchFlag.MatchFixedString)
        return self.account.itemData(index) if index >= 0 else None

    def _account_typed(self, _text: str) -> None:
        if self._selected_account_id() != getattr(self, "_contacts_for", None):
            self._account_picked()

    def _account_picked(self, *_: object) -> None:
        account_id = self._selected_account_id()
        self._contacts_for = account_id
        typed = self.contact.currentText()
        self.contact.blockSignals(True)
        self.contact.clear()
        if account_id:
            for person in list_contacts(self.store, account_id):
                label = f"{person.name} — {person.title}" if person.title else person.name
                self.contact.addItem(label, person.id)
        self.contact.setCurrentIndex(-1)
        self.contact.setEditText(typed)
        self.contact.blockSignals(False)
        self._contact_picked()

    def _selected_contact_id(self) -> str | None:
        index = self.contact.findText(self.contact.currentText(), Qt.MatchFlag.MatchFixedString)
        return self.contact.itemData(index) if index >= 0 else None

    def _contact_picked(self, *_: object) -> None:
        """Someone on file: their details and Edit person…; someone new: fields to fill in."""
        contact_id = self._selected_contact_id()
        is_new = contact_id is None
        for key in ("contact_title", "contact_email", "contact_phone"):
            self.form.setRowVisible(cast(QWidget, self.errors[key].parentWidget()), is_new)
        self.form.setRowVisible(self.person_details, not is_new)
        self.edit_person_button.setVisible(not is_new)
        if contact_id is not None:
            person = get_contact(self.store, contact_id)
            reach = [person.title, person.email, person.phone]
            self.person_details.setText(
                " · ".join(p for p in reach if p)
                or "No title, email or phone yet: Edit person… adds them."
            )

    def edit_person(self) -> PersonDialog | None:
        """Correct the picked person's details (saved for every debrief that names them)."""
        contact_id = self._selected_contact_id()
        if contact_id is None:
            return None
        dialog = edit_person(self.ops, contact_id, self)
        if dialog is not None:
            dialog.saved.connect(self._person_saved)
        return dialog

    def _person_saved(self, person: Contact) -> None:
        self._account_picked()  # their line in the list may read differently now
        self.contact.setCurrentIndex(self.contact.findData(person.id))
        self.contact.setFocus()

    # -- saving -------------------------------------------------------------------------------

    def values(self) -> NewDebrief:
        return NewDebrief(
            account_id=self._selected_account_id(),
            account_name=self.account.currentText(),
            contact_id=self._selected_contact_id(),
            contact_name=self.contact.currentText(),
            contact_title=self.contact_title.text(),
            contact_email=self.contact_email.text(),
            contact_phone=self.contact_phone.text(),
            **self.deal.values(),
        )

    def save(self) -> None:
        self.errors.clear_messages()
        try:
            values = self.values()
            self.debrief = self.ops.run_quietly(lambda: create_debrief(self.store, values))
        except ValidationError as exc:
            self.errors.show(exc)
            return
        self.created.emit(self.debrief)
        self.accept()
