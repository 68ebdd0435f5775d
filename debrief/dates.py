"""One date parser for everything a rep types or a filter asks for; stored dates are ISO.

Accepted: 2027-01-31, 2027-1-31, 2027/01/31, 2027.01.31 and the compact 20270131: year first,
so nothing is ambiguous. A form may also accept the desktop's short date order by passing
`day_first` (True: 31/01/2027, 31.1.27; False: 01/31/2027, 1/31/27): the UI reads the desktop's
locale and tells the core, which never reads the locale itself. Each becomes a
`datetime.date`, and is stored as YYYY-MM-DD (`iso`), so sorting and date filters compare like
with like. Anything else (31/01/2027 without `day_first`, "next week", ISO week dates) is
refused with a message that says what to type. Python's own `date.fromisoformat` accepts week
dates and keeps no form, which is why it is not used for input.
"""

from __future__ import annotations

import re
from datetime import date

from debrief.errors import ValidationError

_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR_LAST = re.compile(r"(\d{1,2})([-/.])\s?(\d{1,2})\2\s?(\d{4}|\d{2})\.?")


def _full_year(typed: str) -> int:
    """'27' → 2027, '98' → 1998; four digits as typed."""
    year = int(typed)
    if len(typed) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _how_to_type(label: str, day_first: bool | None) -> str:
    if day_first is None:
        return f"Enter the {label} as YYYY-MM-DD (year first), e.g. 2027-01-31."
    if day_first:
        return f"Enter the {label} as day/month/year or YYYY-MM-DD, e.g. 31/01/2027."
    return f"Enter the {label} as month/day/year or YYYY-MM-DD, e.g. 01/31/2027."


def parse_date(
    text: str, field: str = "date", label: str = "date", *, day_first: bool | None = None
) -> date:
    """`text` as a date, or ValidationError({field: plain words}) naming the `label`.

    `day_first` None accepts year-first dates only; True or False also accepts the desktop's
    short form with the year last (day before month, or month before day).
    """
    typed = text.strip()
    found = _YEAR_FIRST.fullmatch(typed)
    if found:
        year, month, day = int(found[1]), int(found[3]), int(found[4])
    elif found := _COMPACT.fullmatch(typed):
        year, month, day = int(found[1]), int(found[2]), int(found[3])
    elif day_first is not None and (found := _YEAR_LAST.fullmatch(typed)):
        first, second, year = int(found[1]), int(found[3]), _full_year(found[4])
        day, month = (first, second) if day_first else (second, first)
    else:
        if not typed:
            raise ValidationError({field: f"Enter the {label} as YYYY-MM-DD."})
        raise ValidationError({field: _how_to_type(label, day_first)})
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            {field: f"The {label} {typed} isn't on the calendar: check the month and the day."}
        ) from None


def parse_optional_date(
    text: str | None, field: str = "date", label: str = "date", *, day_first: bool | None = None
) -> date | None:
    """Like `parse_date`, but empty (or only spaces) means "no date" and gives None."""
    if text is None or not text.strip():
        return None
    return parse_date(text, field, label, day_first=day_first)


def iso(day: date | None) -> str | None:
    """How dates are stored and passed around: YYYY-MM-DD (None stays None)."""
    return day.isoformat() if day is not None else None


def normalise_date(
    text: str | None, field: str = "date", label: str = "date", *, day_first: bool | None = None
) -> str | None:
    """Typed text to the stored form: '20270131' -> '2027-01-31'; empty -> None.

    With `day_first` (from the desktop's short date format), '31/01/2027' is accepted too."""
    return iso(parse_optional_date(text, field, label, day_first=day_first))


def check_date(text: str | None, field: str, label: str, problems: dict[str, str]) -> date | None:
    """For validators that report every field at once: the date, or None with the problem
    added to `problems` under `field`."""
    try:
        return parse_optional_date(text, field, label)
    except ValidationError as exc:
        problems.update(exc.fields)
        return None
