"""On a debrief's page: what to do next (a freshly logged loss: reply today, ask for the meeting
in a few days), then the next follow-up; the matching draft one key away (Ctrl+Shift+D)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from debrief.errors import NotFoundError
from debrief.followups.agenda import followups_of, get_relationship
from debrief.followups.model import Followup, PlanItem, Relationship
from debrief.followups.plan import proposed_plan
from debrief.model import LetterKind
from debrief.money import format_amount
from debrief.store.database import Store

from .keys import DRAFT_KEY, PLAN_KEY
from .wording import draft_for, draft_label, short_day, when_words


class NextStepsPanel(QFrame):
    draft_requested = Signal(str, object)  # debrief id, LetterKind
    plan_requested = Signal(str)
    relationship_requested = Signal(str)

    def __init__(
        self, store: Store, today: Callable[[], date] = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.debrief_id: str | None = None
        self.first_draft: LetterKind | None = None
        self.setObjectName("nextSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("nextStepsTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.lines = QVBoxLayout()
        self.lines.setSpacing(2)
        self.plan_button = QPushButton("Follow-up &plan…")
        self.plan_button.setObjectName("planButton")
        self.plan_button.setToolTip(f"Review, change and accept the follow-ups ({PLAN_KEY})")
        self.plan_button.clicked.connect(lambda: self._emit(self.plan_requested))
        self.relationship_button = QPushButton("Relationship…")
        self.relationship_button.setObjectName("relationshipButton")
        self.relationship_button.setToolTip("Won back, still with the competitor, or closed")
        self.relationship_button.clicked.connect(lambda: self._emit(self.relationship_requested))
        self.draft_shortcut = QShortcut(QKeySequence(DRAFT_KEY), self)
        self.draft_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # while in view
        self.draft_shortcut.activated.connect(self.draft_first)
        buttons = QVBoxLayout()
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.relationship_button)
        buttons.addStretch(1)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addLayout(self.lines)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(text, 1)
        layout.addLayout(buttons)
        self._line_widgets: list[QWidget] = []

    def _emit(self, signal: object) -> None:
        if self.debrief_id:
            signal.emit(self.debrief_id)  # type: ignore[attr-defined]

    def _clear(self) -> None:
        for widget in self._line_widgets:
            self.lines.removeWidget(widget)
            widget.hide()  # out of sight now, not when the deferred delete runs
            widget.deleteLater()
        self._line_widgets = []
        self.first_draft = None

    def _line(self, text: str, draft: LetterKind | None, first: bool) -> None:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        layout.addWidget(label, 1)
        if draft is not None:
            button = QPushButton(draft_label(draft) + (f"  ({DRAFT_KEY})" if first else ""))
            button.setObjectName("draftStepButton")
            button.clicked.connect(lambda _=False, k=draft: self._draft(k))
            layout.addWidget(button)
            if first:
                self.first_draft = draft
        self.lines.addWidget(row)
        self._line_widgets.append(row)

    def show_for(self, debrief_id: str) -> None:
        self.debrief_id = debrief_id
        self._clear()
        today = self.today()
        try:
            existing = followups_of(self.store, debrief_id)
            proposals = proposed_plan(self.store, debrief_id, today)
            relationship = get_relationship(self.store, debrief_id)
        except NotFoundError:
            self.hide()
            return
        open_items = [f for f in existing if f.is_open]
        if relationship.relationship is not Relationship.OPEN:
            bits = [relationship.relationship.label]
            if relationship.on:
                bits.append(f"since {short_day(relationship.on)}")
            if relationship.value_minor is not None:
                bits.append(format_amount(relationship.value_minor, relationship.currency))
            self.title.setText("Relationship: " + ", ".join(bits))
        elif not existing and proposals:
            self.title.setText("What to do next")
        elif open_items:
            self.title.setText("Next follow-up")
        else:
            self.title.setText("Follow-ups")
        if not existing and proposals:
            for number, item in enumerate(proposals[:2]):
                self._line(self._describe(item, today), draft_for(item), number == 0)
            rest = len(proposals) - 2
            if rest > 0:
                self._line(
                    f"…and {rest} more in the proposed plan. "
                    "Accept it to keep them on your agenda.",
                    None,
                    False,
                )
        elif open_items:
            nxt = open_items[0]
            self._line(self._describe(nxt, today), draft_for(nxt), True)
            more = len(open_items) - 1
            new = len(proposals)
            extra = []
            if more:
                extra.append(f"{more} more on the agenda")
            if new:
                extra.append(f"{new} new proposal{'s' if new != 1 else ''} in the plan")
            if extra:
                self._line(" · ".join(extra), None, False)
        elif proposals:
            self._line(f"{len(proposals)} proposal(s) in the plan.", None, False)
        elif relationship.relationship is Relationship.OPEN:
            self._line("Nothing planned. Add a follow-up of your own in the plan.", None, False)
        self.show()

    @staticmethod
    def _describe(item: Followup | PlanItem, today: date) -> str:
        due = item.due
        when = (
            "today" if due == today.isoformat() else f"{short_day(due)} ({when_words(due, today)})"
        )
        who = f" — {item.contact_name}" if item.contact_name else ""
        return f"{item.channel.label}, {when}: {item.purpose}{who}"

    def _draft(self, kind: LetterKind) -> None:
        if self.debrief_id:
            self.draft_requested.emit(self.debrief_id, kind)

    def draft_first(self) -> None:
        if self.debrief_id and self.first_draft is not None:
            self.draft_requested.emit(self.debrief_id, self.first_draft)
