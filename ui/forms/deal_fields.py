"""The deal part of a debrief's form, shared by New debrief and Edit details."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from debrief.debriefs.accounts import list_competitors
from debrief.model import LabelledEnum, Outcome, ToldVia
from debrief.store.database import Store

from ..dates import DateField, from_qdate
from .form_helpers import CURRENCIES


def enum_combo(name: str, enum: type[LabelledEnum], current: object) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for item in enum:
        combo.addItem(item.label, item.value)
    combo.setCurrentIndex(max(0, combo.findData(str(current))))
    return combo


def local_currency() -> str:
    code = QLocale().currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode)
    return code if len(code) == 3 else "EUR"


class DealFields:
    """The widgets for the lost deal, filled with what is known; `values()` as typed."""

    def __init__(
        self,
        store: Store,
        *,
        opportunity: str = "",
        products: str = "",
        value: str = "",
        currency: str = "",
        date_lost: str | None = None,
        told_via: ToldVia = ToldVia.PHONE,
        outcome: Outcome = Outcome.COMPETITOR,
        competitor: str = "",
        rep_name: str = "",
        deal_public_name: str = "",
    ):
        self.opportunity = QLineEdit(opportunity, placeholderText="e.g. Fleet telematics renewal")
        self.opportunity.setObjectName("opportunity")
        self.deal_public_name = QLineEdit(
            deal_public_name, placeholderText="e.g. your vehicle tracking project"
        )
        self.deal_public_name.setObjectName("deal_public_name")
        self.deal_public_name.setToolTip(
            'How the customer would name the deal, as it reads after "about" in a subject line'
            ' ("your vehicle tracking project"). Letters use this, never your own label.'
        )
        hint = QLabel("Letters use this name. Leave it empty and letters don't name the deal.")
        hint.setWordWrap(True)
        hint.setEnabled(False)  # the muted text colour, in light and dark mode
        self.public_row = QWidget()
        public_layout = QVBoxLayout(self.public_row)
        public_layout.setContentsMargins(0, 0, 0, 0)
        public_layout.setSpacing(1)
        public_layout.addWidget(self.deal_public_name)
        public_layout.addWidget(hint)
        self.products = QLineEdit(products, placeholderText="What they would have bought")
        self.value = QLineEdit(value, placeholderText="e.g. 48,000")
        self.value.setObjectName("value")
        self.currency = QComboBox(editable=True)
        self.currency.addItems(CURRENCIES)
        self.currency.setCurrentText(currency or local_currency())
        self.date_lost = DateField(date_lost or from_qdate(QDate.currentDate()))
        self.date_lost.setObjectName("date_lost")
        self.date_lost.setMaximumDate(QDate.currentDate())
        self.told_via = enum_combo("told_via", ToldVia, told_via)
        self.outcome = enum_combo("outcome", Outcome, outcome)
        self.competitor = QComboBox(editable=True)
        self.competitor.setObjectName("competitor")
        self.competitor.addItems(list_competitors(store))
        self.competitor.setCurrentIndex(-1)
        self.competitor.setEditText(competitor)
        cast(QLineEdit, self.competitor.lineEdit()).setPlaceholderText("Who won the business?")
        self.rep_name = QLineEdit(rep_name, placeholderText="Your name")
        self.rep_name.setObjectName("rep_name")

        self.value_row = QWidget()
        value_layout = QHBoxLayout(self.value_row)
        value_layout.setContentsMargins(0, 0, 0, 0)
        value_layout.addWidget(self.value, 3)
        value_layout.addWidget(self.currency, 1)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._outcome_changed()

    def _outcome_changed(self, *_: object) -> None:
        """Only a loss to a competitor has a winner to name."""
        self.competitor.setEnabled(self.outcome.currentData() == Outcome.COMPETITOR.value)

    def rows(self, rep_label: str) -> list[tuple[str, str, QWidget]]:
        """(field name, label, widget) for a form, in reading order."""
        return [
            ("opportunity", "&Deal", self.opportunity),
            ("deal_public_name", "Deal, as the&y know it", self.public_row),
            ("products", "P&roducts", self.products),
            ("value", "&Value", self.value_row),
            ("date_lost", "Date &lost", self.date_lost),
            ("told_via", "How you &heard", self.told_via),
            ("outcome", "&Outcome", self.outcome),
            ("competitor", "&Won by", self.competitor),
            ("rep_name", rep_label, self.rep_name),
        ]

    def widgets(self) -> dict[str, QWidget]:
        """Each input by field name (for keeping drafts)."""
        names: tuple[str, ...] = (
            "opportunity",
            "deal_public_name",
            "products",
            "value",
            "currency",
            "date_lost",
            "told_via",
        )
        names += ("outcome", "competitor", "rep_name")
        return {name: getattr(self, name) for name in names}

    def values(self) -> dict[str, Any]:
        """Keyword arguments shared by NewDebrief and DebriefEdit."""
        return {
            "opportunity": self.opportunity.text(),
            "deal_public_name": self.deal_public_name.text(),
            "products": self.products.text(),
            "value": self.value.text(),
            "currency": self.currency.currentText(),
            "date_lost": self.date_lost.iso_text() or None,
            "told_via": ToldVia(self.told_via.currentData()),
            "outcome": Outcome(self.outcome.currentData()),
            "competitor": self.competitor.currentText(),
            "rep_name": self.rep_name.text(),
        }
