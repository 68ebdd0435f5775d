"""Small pieces of written English (or the template's language) that letters are built from.

Dates and month names follow the letter's language, never the desktop's: a letter in English
written on a French desktop still says "23 November 2026" (Babel, not the system locale).
Free text the rep typed is fitted into sentences here, so it never breaks the grammar around it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date

DEFAULT_LANGUAGE = "en_GB"


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language or DEFAULT_LANGUAGE)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


def long_date(value: date | str | None, language: str = DEFAULT_LANGUAGE) -> str:
    """'23 November 2026' in the letter's language ('' for no date)."""
    day = _as_date(value)
    if day is None:
        return ""
    return babel_format_date(day, "d MMMM y", locale=_locale(language))


def month_year(value: date | str | None, language: str = DEFAULT_LANGUAGE) -> str:
    """'November 2026' in the letter's language (a standalone month name)."""
    day = _as_date(value)
    if day is None:
        return ""
    return babel_format_date(day, "LLLL y", locale=_locale(language))


def _as_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


# Words a rep may start a note with that read wrongly capitalised in the middle of a sentence.
_LEADING_SMALL_WORDS = {
    "a",
    "about",
    "after",
    "an",
    "around",
    "at",
    "before",
    "by",
    "during",
    "early",
    "every",
    "from",
    "in",
    "late",
    "mid",
    "monthly",
    "next",
    "on",
    "once",
    "one",
    "our",
    "quarterly",
    "some",
    "soon",
    "the",
    "their",
    "three",
    "two",
    "when",
    "within",
    "yearly",
    "your",
}


def fragment(text: str) -> str:
    """A note fitted into the middle of a sentence: one line, no closing full stop, and a
    capitalised common word ('Two extra licences.') lowered; names ('March') stay."""
    text = " ".join(text.split()).strip()
    text = text.rstrip(" .;:,")
    first, _, rest = text.partition(" ")
    if first.lower() in _LEADING_SMALL_WORDS and first[:1].isupper() and first[1:].islower():
        text = f"{first.lower()} {rest}".strip()
    return text


def noun_phrase(text: str) -> str:
    """A phrase the rep typed sentence-style ('Route planner licences for the new depot')
    fitted mid-sentence: its first word lowered when the phrase reads as ordinary words (the
    next word is lower case too). Names ('Gdańsk depot', 'SAP integration') and single words
    stay as typed: they may be proper names."""
    text = fragment(text)
    words = text.split(" ")
    if len(words) >= 2:
        first, second = words[0], words[1]
        letters = first.replace("-", "")
        plain_first = first[:1].isupper() and first[1:] == first[1:].lower() and letters.isalpha()
        if plain_first and second[:1].islower():
            words[0] = first.lower()
    return " ".join(words)


def quoted(text: str) -> str:
    """The customer's own words in quotation marks, as they said them (no change of case)."""
    return "“" + " ".join(text.split()).strip().rstrip(" .;:,") + "”"


def sentence(text: str) -> str:
    """A note as a sentence of its own: capitalised, ending with one full stop (or its own ?/!)."""
    text = " ".join(text.split()).strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if text[-1] in ".!?…”\"')":
        return text
    return text.rstrip(" :,") + "."


_HONORIFICS = {
    "dr": "Dr",
    "mr": "Mr",
    "mrs": "Mrs",
    "ms": "Ms",
    "miss": "Miss",
    "mx": "Mx",
    "prof": "Professor",
    "professor": "Professor",
    "sir": "Sir",
    "dame": "Dame",
}


def _latin_part(name: str) -> str:
    """'Haruka Sato 佐藤 遥' → 'Haruka Sato': the part written in the letter's script."""
    words = name.split()
    latin = [w for w in words if all(_is_latin(ch) for ch in w if ch.isalpha())]
    return " ".join(latin) if latin else name


def _is_latin(ch: str) -> bool:
    try:
        return "LATIN" in unicodedata.name(ch)
    except ValueError:
        return False


def default_salutation(name: str) -> str:
    """What a letter says after 'Dear' when the rep hasn't chosen: the honorific and surname
    where the name carries one ('Dr. Owen Prichard' → 'Dr Prichard'), else the full name in the
    letter's script ('Haruka Sato 佐藤 遥' → 'Haruka Sato'): first names only when the rep
    chooses them, on the person's salutation."""
    words = _latin_part(" ".join(name.split())).split()
    if not words:
        return ""
    key = words[0].rstrip(".").lower()
    if key in _HONORIFICS and len(words) >= 2:
        return f"{_HONORIFICS[key]} {words[-1]}"
    return " ".join(words)


def greeting(salutation: str, name: str) -> str:
    """'Dear Dr Żak,' from the contact's salutation (or a default made from the name)."""
    chosen = " ".join(salutation.split())
    if chosen.lower().startswith("dear "):
        chosen = chosen[5:].strip()
    chosen = chosen.rstrip(",") or default_salutation(name)
    return f"Dear {chosen}," if chosen else "Dear Sir or Madam,"


def years_between(start: str | None, end: date) -> int:
    """Whole years from `start` (ISO) to `end`; 0 when unknown or under a year."""
    day = _as_date(start)
    if day is None or day > end:
        return 0
    years = end.year - day.year - ((end.month, end.day) < (day.month, day.day))
    return max(years, 0)


_NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}


def count_words(n: int) -> str:
    """'three' for small numbers, digits above ten (as most style guides write them)."""
    return _NUMBER_WORDS.get(n, str(n))


_SPACES = re.compile(r"[ \t]+")


def tidy(text: str) -> str:
    """Collapse runs of spaces and stray spaces before punctuation left by joined parts."""
    text = _SPACES.sub(" ", text)
    return re.sub(r" ([,.;:!?])", r"\1", text).strip()
