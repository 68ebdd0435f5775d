"""Qt's QDate and the core's dates: what a date widget shows is parsed and stored the core's way
(`debrief.dates`), so the UI never has a date format of its own."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from debrief.dates import parse_optional_date
from debrief.errors import ValidationError


def to_qdate(text: str | None) -> QDate | None:
    """A stored or typed date for a date widget; None when empty or not a date."""
    try:
        day = parse_optional_date(text)
    except ValidationError:
        return None
    return QDate(day.year, day.month, day.day) if day is not None else None


def from_qdate(value: QDate) -> str:
    """A date widget's date as the core stores it (YYYY-MM-DD)."""
    return date(value.year(), value.month(), value.day()).isoformat()
