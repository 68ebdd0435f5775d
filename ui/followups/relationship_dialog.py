"""Where the relationship stands: still open, won back (when, for how much), still with the
competitor, or closed. The debrief's status follows this choice and nothing else.

What the rep changes is kept as a form draft and Esc asks before throwing it away (as in every
form); Save sets the relationship through the runner.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.lifecycle import get_debrief
from debrief.followups.agenda import get_relationship, set_relationship
from debrief.followups.model import Relationship
from debrief.money import format_amount
from debrief.store.database import Store

from ..forms.form_helpers import FormDialog, keep_draft
from ..operations import Operations
from .dialogs import date_edit, pydate

EXPLAIN = {
    Relationship.OPEN: "Still working on it: the plan's follow-ups stay on the agenda.",
    Relationship.WON_BACK: "They came back. Open follow-ups are closed; the status becomes "
    "“Won back”.",
    Relationship.WITH_COMPETITOR: "They stay with the other choice for now; follow-ups go on.",
    Relationship.CLOSED: "No further contact planned. Open follow-ups are closed and calendars "
    "drop them at the next export.",
}


class RelationshipDialog(FormDialog):
    def __init__(
        self,
        store: Store,
        ops: Operations,
        debrief_id: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.ops, self.debrief_id, self.today = store, ops, debrief_id, today
        debrief = get_debrief(store, debrief_id)
        state = get_relationship(store, debrief_id)
        self.setWindowTitle(f"Relationship — {debrief.account_name}")
        self.setObjectName("relationshipDialog")
        self.group = QButtonGroup(self)
        self.choices: dict[Relationship, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Where does it stand with {debrief.account_name} now?"))
        for choice in Relationship:
            button = QRadioButton(choice.label)
            button.setObjectName(f"rel_{choice.value}")
            button.setToolTip(EXPLAIN[choice])
            self.group.addButton(button)
            self.choices[choice] = button
            layout.addWidget(button)
        self.choices[state.relationship].setChecked(True)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        form = QFormLayout()
        self.on = date_edit(date.fromisoformat(state.on) if state.on else today, "relationshipOn")
        self.on.setMaximumDate(self.on.date().currentDate())
        self.value = QLineEdit(format_amount(state.value_minor).replace(",", ""))
        self.value.setObjectName("wonBackValue")
        self.value.setPlaceholderText("e.g. 18,000")
        currency = f" ({debrief.currency})" if debrief.currency else ""
        form.addRow("&Since", self.on)
        form.addRow(f"&Value won back{currency}", self.value)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("saveRelationship")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.group.buttonToggled.connect(lambda *_: self._update())
        self._update()
        fields: dict[str, QObject] = {f"rel_{r.value}": b for r, b in self.choices.items()}
        fields |= {"on": self.on, "value": self.value}
        self.draft = keep_draft(self, store, f"relationship.{debrief_id}", fields)
        self.setMinimumWidth(440)

    def choice(self) -> Relationship:
        return next(r for r, b in self.choices.items() if b.isChecked())

    def _update(self) -> None:
        choice = self.choice()
        self.explain.setText(EXPLAIN[choice])
        self.on.setEnabled(choice is not Relationship.OPEN)
        self.value.setEnabled(choice is Relationship.WON_BACK)

    def save(self) -> None:
        choice = self.choice()
        on = pydate(self.on.date()).isoformat()
        value = self.value.text() if choice is Relationship.WON_BACK else ""
        result = self.ops.run(
            self,
            lambda: set_relationship(
                self.store, self.debrief_id, choice, on, value, today=self.today
            ),
        )
        if result.ok:
            self.accept()
