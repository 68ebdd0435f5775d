"""Editing a customer's details: postal address, contract dates, budget, how they buy, notes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.accounts import get_account
from debrief.debriefs.editing import AccountEdit, check_account, update_account_details
from debrief.errors import ValidationError

from ..dates import DateField
from ..operations import Operations
from .form_helpers import FieldErrors, FormDialog, keep_draft, save_cancel


class EditAccountDialog(FormDialog):
    saved = Signal(object)  # Account

    def __init__(self, ops: Operations, account_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.store = store = ops.store
        self.account_id = account_id
        edit = AccountEdit.of(get_account(store, account_id))
        self.setWindowTitle(f"Edit customer — {edit.name}")
        self.setMinimumWidth(480)
        self.name = QLineEdit(edit.name)
        self.industry = QLineEdit(edit.industry)
        self.address = QPlainTextEdit(edit.address)
        self.address.setPlaceholderText("Street, town, postcode, country — for letters")
        self.contract_start = DateField(edit.contract_start)
        self.contract_end = DateField(edit.contract_end)
        self.budget = QLineEdit(edit.budget)
        self.buying_notes = QPlainTextEdit(edit.buying_notes)
        self.buying_notes.setPlaceholderText("Who decides, budget cycle, how they buy")
        self.notes = QPlainTextEdit(edit.notes)
        for box in (self.address, self.buying_notes, self.notes):
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
        self.errors = FieldErrors(fallback="name")
        form = QFormLayout()
        for key, label, widget in [
            ("name", "&Name", self.name),
            ("industry", "&Industry", self.industry),
            ("address", "Postal &address", self.address),
            ("contract_start", "Contract &start", self.contract_start),
            ("contract_end", "Contract &end", self.contract_end),
            ("budget", "&Budget", self.budget),
            ("buying_notes", "How they &buy", self.buying_notes),
            ("notes", "N&otes", self.notes),
        ]:
            widget.setObjectName(key)
            self.errors.add_row(form, key, label, widget)
        buttons = save_cancel(self, self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fields: list[QWidget] = [
            self.name,
            self.industry,
            self.contract_start,
            self.contract_end,
            self.budget,
        ]
        fields += [self.address, self.buying_notes, self.notes]
        self.draft = keep_draft(
            self, store, f"edit_account.{account_id}", {w.objectName(): w for w in fields}
        )
        self.errors.recheck_with(lambda: check_account(self.values()))
        self.name.setFocus()

    def values(self) -> AccountEdit:
        return AccountEdit(
            name=self.name.text(),
            industry=self.industry.text(),
            contract_start=self.contract_start.iso_text(),
            contract_end=self.contract_end.iso_text(),
            budget=self.budget.text(),
            buying_notes=self.buying_notes.toPlainText(),
            notes=self.notes.toPlainText(),
            address=self.address.toPlainText(),
        )

    def save(self) -> None:
        self.errors.clear_messages()
        try:
            values = self.values()
            saved = self.ops.run_quietly(
                lambda: update_account_details(self.store, self.account_id, values)
            )
        except ValidationError as exc:
            self.errors.show(exc)
            return
        self.saved.emit(saved)
        self.accept()
