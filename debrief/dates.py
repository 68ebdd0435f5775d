"""One date parser for everything a rep types or a filter asks for; stored dates are ISO.

Accepted: 2027-01-31, 2027-1-31, 2027/01/31, 2027.01.31 and the compact 20270131: year first,
so nothing is ambiguous. Each becomes a `datetime.date`, and is stored as YYYY-MM-DD (`iso`), so
sorting and date filters compare like with like. Anything else (31/01/2027, "next week", ISO week
dates) is refused with a message that says what to type. Python's own `date.fromisoformat`
accepts week dates and keeps no form, which is why it is not used for input.
"""

from __future__ import annotations

import re
from datetime import date

from debrief.errors import ValidationError

_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_date(text: str, field: str = "date", label: str = "date") -> date:
    """`text` as a date, or ValidationError({field: plain words}) naming the `label`."""
    typed = text.strip()
    found = _YEAR_FIRST.fullmatch(typed)
    if found:
        year, month, day = int(found[1]), int(found[3]), int(found[4])
    elif found := _COMPACT.fullmatch(typed):
        year, month, day = int(found[1]), int(found[2]), int(found[3])
    else:
        if not typed:
            raise ValidationError({field: f"Enter the {label} as YYYY-MM-DD."})
        raise ValidationError(
            {field: f"Enter the {label} as YYYY-MM-DD (year first), e.g. 2027-01-31."}
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            {field: f"The {label} {typed} isn't on the calendar: check the month and the day."}
        ) from None


def parse_optional_date(text: str | None, field: str = "date", label: str = "date") -> date | None:
    """Like `parse_date`, but empty (or only spaces) means "no date" and gives None."""
    if text is None or not text.strip():
        return None
    return parse_date(text, field, label)


def iso(day: date | None) -> str | None:
    """How dates are stored and passed around: YYYY-MM-DD (None stays None)."""
    return day.isoformat() if day is not None else None


def normalise_date(text: str | None, field: str = "date", label: str = "date") -> str | None:
    """Typed text to the stored form: '20270131' -> '2027-01-31'; empty -> None."""
    return iso(parse_optional_date(text, field, label))


def check_date(text: str | None, field: str, label: str, problems: dict[str, str]) -> date | None:
    """For validators that report every field at once: the date, or None with the problem
    added to `problems` under `field`."""
    try:
        return parse_optional_date(text, field, label)
    except ValidationError as exc:
        problems.update(exc.fields)
        return None
