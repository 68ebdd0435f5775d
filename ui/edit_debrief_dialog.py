"""The explicit Edit of a debrief's details: same checks as logging it, nothing half-saved."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from debrief.accounts import list_competitors
from debrief.debriefs import get_debrief
from debrief.editing import DebriefEdit, update_debrief
from debrief.errors import ValidationError
from debrief.model import Debrief, Outcome, Status, ToldVia
from debrief.store import Store
from ui.forms import CURRENCIES, FieldErrors, save_cancel


def _enum_combo(name: str, enum: type, current: object) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for item in enum:
        combo.addItem(item.label, item.value)
    combo.setCurrentIndex(max(0, combo.findData(str(current))))
    return combo


class EditDebriefDialog(QDialog):
    saved = Signal(object)  # Debrief

    def __init__(self, store: Store, debrief_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.debrief_id = debrief_id
        current = get_debrief(store, debrief_id)
        edit = DebriefEdit.of(current)
        self.setWindowTitle(f"Edit — {current.account_name}")
        self.setMinimumWidth(480)
        self.errors = FieldErrors(fallback="opportunity")

        self.opportunity = QLineEdit(edit.opportunity)
        self.opportunity.setObjectName("opportunity")
        self.products = QLineEdit(edit.products)
        self.value = QLineEdit(edit.value)
        self.value.setObjectName("value")
        self.currency = QComboBox(editable=True)
        self.currency.addItems(CURRENCIES)
        self.currency.setCurrentText(edit.currency)
        self.date_lost = QDateEdit(calendarPopup=True)
        self.date_lost.setDisplayFormat("yyyy-MM-dd")
        self.date_lost.setMaximumDate(QDate.currentDate())
        self.date_lost.setDate(
            QDate.fromString(edit.date_lost, "yyyy-MM-dd")
            if edit.date_lost
            else QDate.currentDate()
        )
        self.told_via = _enum_combo("told_via", ToldVia, edit.told_via)
        self.outcome = _enum_combo("outcome", Outcome, edit.outcome)
        self.competitor = QComboBox(editable=True)
        self.competitor.setObjectName("competitor")
        self.competitor.addItems(list_competitors(store))
        self.competitor.setCurrentText(edit.competitor)
        self.rep_name = QLineEdit(edit.rep_name)
        self.rep_name.setObjectName("rep_name")
        self.status = _enum_combo("status", Status, edit.status)

        value_row = QWidget()
        value_layout = QHBoxLayout(value_row)
        value_layout.setContentsMargins(0, 0, 0, 0)
        value_layout.addWidget(self.value, 3)
        value_layout.addWidget(self.currency, 1)
        form = QFormLayout()
        for key, label, widget in [
            ("opportunity", "&Deal", self.opportunity),
            ("products", "P&roducts", self.products),
            ("value", "&Value", value_row),
            ("date_lost", "Date &lost", self.date_lost),
            ("told_via", "How you &heard", self.told_via),
            ("outcome", "&Outcome", self.outcome),
            ("competitor", "&Won by", self.competitor),
            ("rep_name", "Rep", self.rep_name),
            ("status", "&Status", self.status),
        ]:
            self.errors.add_row(form, key, label, widget)
        self.errors["currency"] = self.errors["value"]
        buttons = save_cancel(self, self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._outcome_changed()
        self.opportunity.setFocus()

    def _outcome_changed(self, *_: object) -> None:
        self.competitor.setEnabled(self.outcome.currentData() == Outcome.COMPETITOR.value)

    def values(self) -> DebriefEdit:
        return DebriefEdit(
            opportunity=self.opportunity.text(),
            products=self.products.text(),
            value=self.value.text(),
            currency=self.currency.currentText(),
            date_lost=self.date_lost.date().toString("yyyy-MM-dd"),
            told_via=ToldVia(self.told_via.currentData()),
            outcome=Outcome(self.outcome.currentData()),
            competitor=self.competitor.currentText(),
            rep_name=self.rep_name.text(),
            status=Status(self.status.currentData()),
        )

    def save(self) -> Debrief | None:
        self.errors.clear_messages()
        try:
            saved = update_debrief(self.store, self.debrief_id, self.values())
        except ValidationError as exc:
            self.errors.show(exc)
            return None
        self.saved.emit(saved)
        self.accept()
        return saved
