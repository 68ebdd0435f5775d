"""Adding or correcting one of the customer's people: name, title, their part in the decision,
how to reach them, how a letter greets them and where it goes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.accounts import get_account, get_contact
from debrief.debriefs.lifecycle import get_debrief
from debrief.debriefs.people import (
    PersonEdit,
    add_person,
    check_person,
    suggested_salutation,
    update_person,
)
from debrief.errors import ValidationError
from debrief.model import Contact, PersonRole

from ..operations import Operations, show_problem
from .deal_fields import enum_combo
from .form_helpers import FieldErrors, FormDialog, keep_draft, save_cancel


class PersonDialog(FormDialog):
    """`contact_id` None adds a person to the account; otherwise edits that person."""

    saved = Signal(object)  # Contact

    def __init__(
        self,
        ops: Operations,
        account_id: str,
        contact_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.store = store = ops.store
        self.account = get_account(store, account_id)
        self.contact_id = contact_id
        current = get_contact(store, contact_id) if contact_id else None
        edit = PersonEdit.of(current) if current else PersonEdit(name="")
        if current:
            self.setWindowTitle(f"Edit person — {current.name}")
        else:
            self.setWindowTitle(f"Add a person — {self.account.name}")
        self.setMinimumWidth(500)
        self.errors = FieldErrors(fallback="name")

        self.name = QLineEdit(edit.name, placeholderText="e.g. Dr. Jolanta Żak")
        self.title = QLineEdit(edit.title, placeholderText="e.g. Chief Operating Officer")
        self.role = enum_combo("role", PersonRole, edit.role)
        self.email = QLineEdit(edit.email, placeholderText="name@company.com")
        self.phone = QLineEdit(edit.phone)
        # The greeting is shown filled in with the suggestion, so the rep sees what letters
        # will say; it follows the name until the rep changes it.
        self.salutation = QLineEdit(edit.salutation or suggested_salutation(edit.name))
        self._following_name = not edit.salutation
        self.salutation.textEdited.connect(self._salutation_edited)
        self.name.textChanged.connect(self._name_changed)
        dear = QHBoxLayout()
        dear.setContentsMargins(0, 0, 0, 0)
        dear.addWidget(QLabel("Dear"))
        dear.addWidget(self.salutation, 1)
        dear.addWidget(QLabel(","))
        self.salutation_row = QWidget()
        self.salutation_row.setLayout(dear)
        self.address = QPlainTextEdit(edit.address)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 4 + 12)
        own = self.account.address.replace("\n", ", ")
        self.address.setPlaceholderText(
            f"Empty: letters go to {own}" if own else "Empty: letters use the customer's address"
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label, widget in [
            ("name", "&Name", self.name),
            ("title", "&Title", self.title),
            ("role", "&Role in the decision", self.role),
            ("email", "&Email", self.email),
            ("phone", "&Phone", self.phone),
            ("salutation", "&Greeting in letters", self.salutation_row),
            ("address", "Postal &address", self.address),
        ]:
            if widget is not self.salutation_row:
                widget.setObjectName(key)
            self.errors.add_row(form, key, label, widget)
        self.salutation.setObjectName("salutation")
        self.errors.widgets["salutation"] = self.salutation
        buttons = save_cancel(self, self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        inputs: list[QWidget] = [self.name, self.title, self.role, self.email, self.phone]
        inputs += [self.salutation, self.address]
        self.draft = keep_draft(
            self,
            store,
            f"person.{contact_id or 'new.' + account_id}",
            {w.objectName(): w for w in inputs},
        )
        self.errors.recheck_with(lambda: check_person(self.values()))
        self.name.setFocus()

    def _salutation_edited(self, _text: str) -> None:
        self._following_name = False

    def _name_changed(self, name: str) -> None:
        if self._following_name:
            self.salutation.setText(suggested_salutation(name))

    def values(self) -> PersonEdit:
        return PersonEdit(
            name=self.name.text(),
            title=self.title.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            role=PersonRole(self.role.currentData()),
            salutation=self.salutation.text(),
            address=self.address.toPlainText(),
        )

    def save(self) -> Contact | None:
        self.errors.clear_messages()
        values = self.values()
        try:
            if self.contact_id:
                contact_id = self.contact_id
                saved = self.ops.run_quietly(lambda: update_person(self.store, contact_id, values))
            else:
                saved = self.ops.run_quietly(
                    lambda: add_person(self.store, self.account.id, values)
                )
        except ValidationError as exc:
            self.errors.show(exc)
            return None
        self.saved.emit(saved)
        self.accept()
        return saved


def edit_person(
    ops: Operations, contact_id: str, parent: QWidget | None = None
) -> PersonDialog | None:
    """Open the person form on someone already on file, from wherever they are shown (the New
    debrief form, the meeting screen, the agenda, the letters window). Saving declares every
    debrief that names them changed, so each open view shows the new details."""
    return ops.open_dialog(
        parent,
        lambda: PersonDialog(
            ops, get_contact(ops.store, contact_id).account_id, contact_id, parent
        ),
    )


def edit_contact_of(
    ops: Operations, debrief_id: str, parent: QWidget | None = None
) -> PersonDialog | None:
    """The person form on the debrief's senior contact (None, said once, when it names none)."""
    found = ops.run(parent, lambda: get_debrief(ops.store, debrief_id))
    if not found.ok:
        return None
    contact_id = found.unwrap().contact_id
    if contact_id is None:
        show_problem(parent, "This debrief names no contact yet. Edit its details first.")
        return None
    return edit_person(ops, contact_id, parent)
