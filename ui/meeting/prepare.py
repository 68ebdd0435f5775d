"""Before the meeting: who you're meeting, the deal lost, the account's history, the questions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.accounts import get_account
from debrief.debriefs.lifecycle import get_debrief, list_debriefs
from debrief.debriefs.record import DEFAULT_MINUTES, load_record
from debrief.meeting.question_sets import PHASES, QuestionSet, list_sets
from debrief.meeting.session import MAX_MINUTES
from debrief.model import Debrief, PersonRole
from debrief.money import format_amount
from debrief.store.database import Store


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PrepareView(QWidget):
    start_requested = Signal(object, int)  # QuestionSet, agreed minutes
    edit_sets_requested = Signal()
    edit_person_requested = Signal()  # the page opens the person form (it holds the runner)

    def __init__(self, store: Store, default_set: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.default_set = default_set
        self.sets: list[QuestionSet] = []
        title = QLabel("<h2>Prepare for the debrief</h2>")
        self.person = _plain()
        self.deal = _plain()
        self.history = _plain()
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        people = QGroupBox("Who and what")
        people_form = QFormLayout(people)
        self.person_button = QPushButton("Edit &person…")
        self.person_button.setObjectName("editPersonButton")
        self.person_button.setToolTip("Correct their title, email, phone or how letters greet them")
        self.person_button.clicked.connect(self.edit_person_requested)
        person_row = QHBoxLayout()
        person_row.addWidget(self.person, 1)
        person_row.addWidget(self.person_button, 0, Qt.AlignmentFlag.AlignTop)
        people_form.addRow("Meeting with", person_row)
        self.attendees = _plain()
        self.attendees.setObjectName("prepareAttendees")
        people_form.addRow("Others in the meeting", self.attendees)
        people_form.addRow("The deal", self.deal)
        history = QGroupBox("Account history")
        QVBoxLayout(history).addWidget(self.history)

        self.set_combo = QComboBox()
        self.set_combo.setAccessibleName("Question set")
        self.set_combo.currentIndexChanged.connect(self._show_questions)
        edit_sets = QPushButton("Edit question sets…")
        edit_sets.clicked.connect(self.edit_sets_requested)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, MAX_MINUTES)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(DEFAULT_MINUTES)
        self.minutes.setAccessibleName("Agreed meeting length")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Questions in this set")
        plan = QGroupBox("The meeting")
        plan_form = QFormLayout(plan)
        set_row = QHBoxLayout()
        set_row.addWidget(self.set_combo, 1)
        set_row.addWidget(edit_sets)
        set_label = QLabel("&Question set")
        set_label.setBuddy(self.set_combo)
        plan_form.addRow(set_label, set_row)
        plan_form.addRow("&Agreed length", self.minutes)
        plan_form.addRow(self.preview)
        self.start_button = QPushButton("&Start meeting")
        self.start_button.setDefault(True)
        self.start_button.setAutoDefault(True)
        self.start_button.clicked.connect(self._start)
        reminder = QLabel(
            "You're going to listen and learn, not to reopen the sale. "
            "The questions are a guide: follow the conversation."
        )
        reminder.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(people)
        left.addWidget(history, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(plan, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(reminder, 1)
        bottom.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

    def load(self, debrief_id: str) -> None:
        d = get_debrief(self.store, debrief_id)
        person = d.contact_name or "(no contact yet)"
        if d.contact_title:
            person += f", {d.contact_title}"
        self.person.setText(f"{person}\n{d.account_name}")
        self.person_button.setVisible(d.contact_id is not None)
        others = [c for c in load_record(self.store, debrief_id).attendees if c.id != d.contact_id]
        self.attendees.setText(
            "\n".join(
                ", ".join(filter(None, (c.name, c.title)))
                + (f" ({c.role.label})" if c.role != PersonRole.UNKNOWN else "")
                for c in others
            )
            or "No one else recorded (the debrief's page: People ▸ Who was in the meeting…)"
        )
        deal = [d.opportunity]
        if d.products:
            deal.append(d.products)
        value = format_amount(d.value_minor, d.currency)
        if value:
            deal.append(value)
        lost = f"Lost {d.date_lost}" if d.date_lost else "Lost"
        deal.append(f"{lost}; {d.won_by_phrase}")
        self.deal.setText("\n".join(deal))
        self.history.setText(self._history(d))
        self.reload_sets()
        self.start_button.setFocus()

    def _history(self, d: Debrief) -> str:
        account = get_account(self.store, d.account_id)
        lines = []
        if account.contract_start or account.contract_end:
            lines.append(
                f"Contract: {account.contract_start or '?'} to {account.contract_end or '?'}"
            )
        if account.budget:
            lines.append(f"Budget: {account.budget}")
        if account.buying_notes:
            lines.append(f"How they buy: {account.buying_notes}")
        if account.notes:
            lines.append(f"Notes: {account.notes}")
        earlier = [
            other
            for other in list_debriefs(self.store)
            if other.account_id == d.account_id and other.id != d.id
        ]
        if earlier:
            lines.append("Other debriefs with this customer:")
            lines += [
                f"  {o.date_lost or o.created_at[:10]}  {o.opportunity} ({o.won_by_phrase})"
                for o in earlier
            ]
        return "\n".join(lines) or "Nothing recorded about this customer yet."

    def reload_sets(self, select_name: str | None = None) -> None:
        current = select_name or self.set_combo.currentText()
        self.sets = list_sets(self.store, self.default_set)
        self.set_combo.blockSignals(True)
        self.set_combo.clear()
        for s in self.sets:
            self.set_combo.addItem(s.name)
        found = self.set_combo.findText(current)
        self.set_combo.setCurrentIndex(max(found, 0))
        self.set_combo.blockSignals(False)
        self._show_questions()

    def _show_questions(self) -> None:
        index = self.set_combo.currentIndex()
        if not 0 <= index < len(self.sets):
            self.preview.clear()
            return
        lines: list[str] = []
        for phase, heading in PHASES.items():
            questions = [q for q in self.sets[index].questions if q.phase == phase]
            if questions:
                lines.append(heading)
                lines += [f"  • {q.text}" for q in questions]
        self.preview.setPlainText("\n".join(lines))

    def _start(self) -> None:
        index = self.set_combo.currentIndex()
        if 0 <= index < len(self.sets):
            self.start_requested.emit(self.sets[index], self.minutes.value())
