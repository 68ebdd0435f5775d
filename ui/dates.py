"""Qt's QDate and the core's dates: what a date widget shows is parsed and stored the core's way
(`debrief.dates`), so the UI never has a date format of its own. The desktop's short date order
(31/01/2027 or 01/31/2027) is read here, from Qt's locale, and passed to the core's parser."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QVBoxLayout, QWidget

from debrief.dates import normalise_date, parse_optional_date
from debrief.errors import ValidationError


def local_day_first(locale: QLocale | None = None) -> bool | None:
    """The desktop's short date order: True for day/month/year, False for month/day/year,
    None when it already puts the year first."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat).lower()
    positions = {part: pattern.find(part) for part in ("y", "m", "d")}
    if min(positions.values()) < 0 or positions["y"] < positions["m"]:
        return None
    return positions["d"] < positions["m"]


def local_date_hint(locale: QLocale | None = None) -> str:
    """The desktop's short date form, spelt for a placeholder: 'DD.MM.YYYY', 'MM/DD/YYYY'."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    for letters, shown in (("d+", "DD"), ("M+", "MM"), ("y+", "YYYY")):
        pattern = re.sub(letters, shown, pattern)
    return pattern


def to_qdate(text: str | None, day_first: bool | None = None) -> QDate | None:
    """A stored or typed date for a date widget; None when empty or not a date."""
    try:
        day = parse_optional_date(text, day_first=day_first)
    except ValidationError:
        return None
    return QDate(day.year, day.month, day.day) if day is not None else None


def from_qdate(value: QDate) -> str:
    """A date widget's date as the core stores it (YYYY-MM-DD)."""
    return date(value.year(), value.month(), value.day()).isoformat()


def _calendar_icon(widget: QWidget) -> QIcon:
    """A small calendar drawn in the text colour (no icon theme is needed)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(0, 0, 0, 0))
    colour = widget.palette().color(QPalette.ColorRole.Text)
    painter = QPainter(pixmap)
    painter.setPen(colour)
    painter.drawRect(QRect(1, 2, 13, 12))
    painter.fillRect(QRect(1, 2, 14, 4), colour)
    for x in (4, 8, 12):
        for y in (8, 11):
            painter.drawPoint(QPoint(x, y))
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """A date typed as YYYY-MM-DD or in the desktop's short form, or picked from a calendar
    (the icon, Alt+Down or F4). On leaving the field a date it understands is shown as
    YYYY-MM-DD, so the rep sees how it was read; anything else is left for the form's check."""

    picked = Signal(str)  # the ISO date chosen in the calendar

    def __init__(
        self,
        text: str | None = "",
        parent: QWidget | None = None,
        *,
        day_first: bool | None = None,
        locale: QLocale | None = None,
    ) -> None:
        super().__init__(parent)
        self.day_first = day_first if day_first is not None else local_day_first(locale)
        self.maximum: QDate | None = None
        shown = to_qdate(text)
        self.setText(from_qdate(shown) if shown else (text or ""))
        local = local_date_hint(locale) if day_first is None else ""
        if self.day_first is None:
            local = ""
        elif not re.fullmatch(r"[DMY]+[-/. ]+[DMY]+[-/. ]+[DMY]+", local):
            local = "DD/MM/YYYY" if self.day_first else "MM/DD/YYYY"
        example = f"YYYY-MM-DD or {local}" if local else "YYYY-MM-DD"
        self.setPlaceholderText(example)
        self.setToolTip(f"Type the date as {example}, or pick it from the calendar (Alt+Down)")
        self.calendar_action = QAction(_calendar_icon(self), "Pick from the calendar", self)
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.popup: QWidget | None = None
        self.editingFinished.connect(self._tidy)

    # -- the value ------------------------------------------------------------------------------

    def iso_text(self) -> str:
        """The date as the core stores it when it can be read, else the text as typed (the
        form's check then says what to type); '' when empty."""
        try:
            return normalise_date(self.text(), day_first=self.day_first) or ""
        except ValidationError:
            return self.text()

    def date(self) -> QDate:
        """The date shown (an invalid QDate when empty or not a date)."""
        return to_qdate(self.text(), self.day_first) or QDate()

    def setDate(self, value: QDate) -> None:
        self.setText(from_qdate(value) if value.isValid() else "")

    def setMaximumDate(self, value: QDate) -> None:
        self.maximum = value

    def _tidy(self) -> None:
        iso = self.iso_text()
        if iso != self.text() and to_qdate(iso) is not None:
            self.setText(iso)

    # -- the calendar ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> QCalendarWidget:
        popup = QWidget(self, Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar = QCalendarWidget(popup)
        calendar.setObjectName("datePicker")
        calendar.setGridVisible(True)
        if self.maximum is not None:
            calendar.setMaximumDate(self.maximum)
        current = self.date()
        calendar.setSelectedDate(current if current.isValid() else QDate.currentDate())
        box = QVBoxLayout(popup)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(calendar)
        calendar.activated.connect(lambda day: self._picked(day, popup))
        calendar.clicked.connect(lambda day: self._picked(day, popup))
        popup.adjustSize()
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self.popup = popup
        popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)
        return calendar

    def _picked(self, day: QDate, popup: QWidget) -> None:
        self.setText(from_qdate(day))
        self.textEdited.emit(self.text())
        self.picked.emit(self.text())
        popup.close()
        self.popup = None
        self.setFocus(Qt.FocusReason.PopupFocusReason)
