"""Calendar arithmetic for follow-ups: working days, months that clamp at month ends, and the
"when" answers a customer gives ("March", "2027-03", "2027-03-15")."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from debrief.dates import parse_date
from debrief.errors import ValidationError

_ENGLISH_MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """`days` working days (Monday to Friday) after `start`; 0 gives `start` itself."""
    day = start
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: date) -> date:
    """`day` itself on a weekday, else the Monday after."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """`day` itself on a weekday, else the Friday before."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the 31st becomes the month's last day and
    29 February becomes the 28th in a common year."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def week_end(today: date) -> date:
    """The Sunday that ends `today`'s week (the agenda's "this week")."""
    return today + timedelta(days=6 - today.weekday())


# -- the customer's "when" --------------------------------------------------------------------

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")


def is_when(value: str) -> bool:
    """'' (not agreed), 'YYYY-MM' (a month) or 'YYYY-MM-DD' (a day). Full days are checked by
    the app's one date parser (`debrief.dates`); months are this module's own."""
    if not value:
        return True
    if _ISO_DAY.match(value):
        try:
            parse_date(value)
        except ValidationError:
            return False
        return True
    if _ISO_MONTH.match(value):
        return 1 <= int(value[5:]) <= 12
    return False


def when_to_date(value: str) -> date | None:
    """The day a "when" points at: a month means its first working day."""
    if not value or not is_when(value):
        return None
    if len(value) == 7:
        return next_working_day(date(int(value[:4]), int(value[5:]), 1))
    return parse_date(value)


def describe_when(value: str) -> str:
    """'2027-03' → 'March 2027'; '2027-03-15' → '15 March 2027'."""
    if not value or not is_when(value):
        return value
    if len(value) == 7:
        return f"{calendar.month_name[int(value[5:])]} {value[:4]}"
    day = parse_date(value)
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


_WORD = re.compile(r"[a-z]+|\d+")
_ABBREVIATIONS = {name[:3]: n for name, n in _ENGLISH_MONTHS.items()} | {"sept": 9}
_BEFORE_A_MONTH = {"in", "early", "late", "mid", "around", "end", "by", "from", "until", "of"}


def _may_is_a_month(words: list[str], position: int) -> bool:
    """'May' the month, not 'may' the verb: alone, next to a year, or after 'in', 'early'…"""
    if len(words) == 1:
        return True
    before = words[position - 1] if position else ""
    after = words[position + 1] if position + 1 < len(words) else ""
    return before in _BEFORE_A_MONTH or (after.isdigit() and len(after) == 4)


def parse_when(text: str, after: date) -> str | None:
    """Read a free-text "when" typed before the picker existed, or None when it doesn't parse.

    Understands an ISO day or month anywhere in the text, and one month name with an optional
    year ("around March", "January 2028", "Sept"); a month without a year is the next such
    month after `after` (the day the answer was given). Anything else — "before the renewal",
    "quarterly", two different months — is not guessed at.
    """
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    found_day = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", cleaned)
    if found_day and is_when(found_day.group(0)):
        return found_day.group(0)
    found_month = re.search(r"\b(\d{4})-(\d{2})\b", cleaned)
    if found_month and is_when(found_month.group(0)):
        return found_month.group(0)
    words = _WORD.findall(cleaned)
    months = set()
    for position, word in enumerate(words):
        number = _ENGLISH_MONTHS.get(word) or _ABBREVIATIONS.get(word)
        if word == "may" and not _may_is_a_month(words, position):
            number = None
        if number is not None:
            months.add(number)
    if len(months) != 1:
        return None
    month = months.pop()
    years = [int(w) for w in words if w.isdigit() and len(w) == 4 and 2000 <= int(w) <= 2100]
    if len(set(years)) > 1:
        return None
    next_year = after.year if month > after.month else after.year + 1
    year = years[0] if years else next_year
    return f"{year:04d}-{month:02d}"
