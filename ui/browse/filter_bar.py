"""The search box and the filters above the debrief list; they combine into one `Filters`."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.accounts import list_competitors
from debrief.model import LossReason, Outcome, Status
from debrief.search.browse import Filters, list_reps
from debrief.store.database import Store

from ..dates import from_qdate

SEARCH_DELAY_MS = 180
# Period choices: label, days back (None = any time, -1 = a custom range).
PERIODS: list[tuple[str, int | None]] = [
    ("Any time", None),
    ("Last 30 days", 30),
    ("Last 3 months", 91),
    ("Last 12 months", 365),
    ("Custom range…", -1),
]


def _combo(name: str, any_label: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(any_label, None)
    for label, value in items:
        combo.addItem(label, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class FilterBar(QWidget):
    changed = Signal(object)  # Filters

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(
            "Search customers, people, notes, answers, summaries, letters…  (Ctrl+F)"
        )
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("resultCount")

        self.period = _combo("periodFilter", PERIODS[0][0], [(lb, d) for lb, d in PERIODS[1:]])
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addYears(-1))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.hide()
        self.competitor = _combo("competitorFilter", "Any competitor", [])
        self.reason = _combo("reasonFilter", "Any reason", [(r.label, r) for r in LossReason])
        self.outcome = _combo("outcomeFilter", "Any outcome", [(o.label, o) for o in Outcome])
        self.status = _combo("statusFilter", "Any status", [(s.label, s) for s in Status])
        self.rep = _combo("repFilter", "Any rep", [])
        self.followup_due = QCheckBox("Follow-up &due")  # issue 11
        self.followup_due.setObjectName("followupDueFilter")
        self.followup_due.setToolTip("Only debriefs with a follow-up due today or overdue")
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setObjectName("clearFilters")
        self.reload_choices()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.period,
            self.date_from,
            self.date_to,
            self.competitor,
            self.reason,
            self.outcome,
            self.status,
            self.rep,
            self.followup_due,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(row)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_now)
        self.search.textChanged.connect(self._timer.start)
        for combo in (self.competitor, self.reason, self.outcome, self.status, self.rep):
            combo.currentIndexChanged.connect(self.apply_now)
        self.followup_due.toggled.connect(self.apply_now)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.date_from.dateChanged.connect(self.apply_now)
        self.date_to.dateChanged.connect(self.apply_now)
        self.clear_button.clicked.connect(self.clear)

    def reload_choices(self) -> None:
        """Competitors and reps come from the data; keep what was picked."""
        for combo, values in (
            (self.competitor, list_competitors(self.store)),
            (self.rep, list_reps(self.store)),
        ):
            picked = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(value, value)
            if picked:
                index = combo.findData(picked)
                if index < 0:
                    combo.addItem(picked, picked)
                    index = combo.count() - 1
                combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def filters(self) -> Filters:
        days = self.period.currentData()
        date_from = date_to = None
        if days == -1:
            date_from = from_qdate(self.date_from.date())
            date_to = from_qdate(self.date_to.date())
        elif days:
            date_from = from_qdate(QDate.currentDate().addDays(-days))
        return Filters(
            text=self.search.text(),
            date_from=date_from,
            date_to=date_to,
            competitor=self.competitor.currentData() or "",
            reason=self.reason.currentData(),
            outcome=self.outcome.currentData(),
            status=self.status.currentData(),
            rep=self.rep.currentData() or "",
            followup_due=QDate.currentDate().toString("yyyy-MM-dd")
            if self.followup_due.isChecked()
            else None,
        )

    def apply_now(self) -> None:
        """Run the search/filter now (the search box waits until typing pauses)."""
        self._timer.stop()
        self.changed.emit(self.filters())

    def clear(self) -> None:
        combos = (self.period, self.competitor, self.reason, self.outcome, self.status, self.rep)
        for combo in combos:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.followup_due.blockSignals(True)
        self.followup_due.setChecked(False)
        self.followup_due.blockSignals(False)
        self._show_range(False)
        self.apply_now()

    def _period_changed(self) -> None:
        self._show_range(self.period.currentData() == -1)
        self.apply_now()

    def _show_range(self, visible: bool) -> None:
        self.date_from.setVisible(visible)
        self.date_to.setVisible(visible)

    def show_count(self, shown: int) -> None:
        self.count_label.setText(f"{shown:,} debrief" + ("" if shown == 1 else "s"))
