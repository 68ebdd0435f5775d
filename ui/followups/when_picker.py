"""A month or a day picked from a calendar instead of typed: "when" answers that plans and
letters can read. Value: '' (not agreed), 'YYYY-MM' (a month) or 'YYYY-MM-DD' (a day)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QWidget

from debrief.followups.dates import is_when

from ..dates import from_qdate, to_qdate

NOT_AGREED, MONTH, DAY = "", "month", "day"


class WhenPicker(QWidget):
    changed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        name: str = "whenPicker",
        months: bool = True,
        none_label: str = "Not agreed",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.mode = QComboBox()
        self.mode.setObjectName(f"{name}Mode")
        self.mode.addItem(none_label, NOT_AGREED)
        if months:
            self.mode.addItem("In a month…", MONTH)
        self.mode.addItem("On a day…", DAY)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setObjectName(f"{name}Date")
        self.date.setDate(QDate.currentDate().addMonths(3))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mode)
        layout.addWidget(self.date, 1)
        self.setFocusProxy(self.mode)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.date.dateChanged.connect(lambda _d: self.changed.emit(self.value()))
        self._show_date()

    def _show_date(self) -> None:
        mode = self.mode.currentData()
        self.date.setVisible(mode != NOT_AGREED)
        # A day reads as the app's dates do (and types in as digits).
        self.date.setDisplayFormat("MMMM yyyy" if mode == MONTH else "yyyy-MM-dd")

    def _mode_changed(self) -> None:
        self._show_date()
        self.changed.emit(self.value())

    def value(self) -> str:
        mode = self.mode.currentData()
        picked = self.date.date()
        if mode == MONTH:
            return f"{picked.year():04d}-{picked.month():02d}"
        if mode == DAY:
            return from_qdate(picked)
        return ""

    def set_value(self, value: str) -> None:
        """Show a stored value without announcing a change."""
        self.blockSignals(True)
        self.mode.blockSignals(True)
        self.date.blockSignals(True)
        day = to_qdate(value if len(value) == 10 else f"{value}-01") if is_when(value) else None
        if value and day is not None:
            self.date.setDate(day)
            found = self.mode.findData(DAY if len(value) == 10 else MONTH)
            self.mode.setCurrentIndex(found if found >= 0 else self.mode.findData(DAY))
        else:
            self.mode.setCurrentIndex(0)
        self._show_date()
        self.date.blockSignals(False)
        self.mode.blockSignals(False)
        self.blockSignals(False)
