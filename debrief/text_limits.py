"""Names, titles and addresses: clean lines of a sensible length.

Pasted text brings tabs, line breaks, NULs and other control characters; a runaway paste brings
thousands of characters that no letter, list or PDF can lay out. One-line fields are cleaned
(control characters become spaces, runs of spaces become one) and bounded with a message that
says the limit, so the rep sees the problem at the field instead of a failure later.
"""

from __future__ import annotations

import re
import unicodedata

# Longest accepted value per field (the keys are the form's field keys).
LIMITS = {
    "account": 200,
    "name": 200,
    "contact": 200,
    "contact_title": 200,
    "contact_email": 254,
    "contact_phone": 60,
    "opportunity": 200,
    "products": 500,
    "competitor": 200,
    "rep_name": 200,
    "industry": 200,
}
WORDS = {
    "account": "The customer's name",
    "name": "The customer's name",
    "contact": "The person's name",
    "contact_title": "Their title",
    "contact_email": "The email address",
    "contact_phone": "The phone number",
    "opportunity": "The deal's name",
    "products": "The products",
    "competitor": "The competitor's name",
    "rep_name": "Your name",
    "industry": "The industry",
}
_SPACES = re.compile(r"\s+")
# Bidirectional overrides can make a name display as something it isn't.
_INVISIBLE = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068"}
_INVISIBLE |= {"\u2069", "\u200b", "\ufeff"}


def clean_line(text: str) -> str:
    """One line: control characters (tabs, line breaks, NUL…) become spaces; trimmed."""
    out = []
    for ch in text or "":
        if ch in _INVISIBLE:
            continue
        category = unicodedata.category(ch)
        out.append(" " if category in ("Cc", "Zl", "Zp") else ch)
    return _SPACES.sub(" ", "".join(out)).strip()


def length_problems(values: dict[str, str]) -> dict[str, str]:
    """A message for each field longer than its limit (after cleaning)."""
    problems = {}
    for key, value in values.items():
        limit = LIMITS.get(key)
        if limit is not None and len(value) > limit:
            problems[key] = (
                f"{WORDS.get(key, 'This')} is too long ({len(value):,} characters); "
                f"keep it under {limit}."
            )
    return problems


MAX_ADDRESS = 400
MAX_ADDRESS_LINES = 8


def clean_lines(text: str) -> str:
    """A few lines (a postal address): each line cleaned as `clean_line`, empty lines dropped."""
    unified = re.sub(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]", "\n", text or "")
    return "\n".join(filter(None, (clean_line(line) for line in unified.split("\n"))))


def address_problem(address: str) -> str:
    """What is wrong with a cleaned postal address ('' when it fits on an envelope)."""
    if len(address) > MAX_ADDRESS or address.count("\n") >= MAX_ADDRESS_LINES:
        return f"Keep the address to {MAX_ADDRESS_LINES} lines and {MAX_ADDRESS} characters."
    return ""
