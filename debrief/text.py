"""Cleaning what a rep types into short fields: no control characters, no stray spaces.

A name or an email address pasted from elsewhere can carry tabs, line breaks or invisible
control characters; printed on a letter they show as boxes or break the layout.
"""

from __future__ import annotations

import unicodedata

_LINE_BREAKS = {"\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"}


def _visible(ch: str) -> bool:
    return unicodedata.category(ch) != "Cc"


def one_line(text: str) -> str:
    """`text` on one line: control characters and line breaks become spaces, runs of spaces
    one space, and the ends are trimmed."""
    cleaned = "".join(ch if _visible(ch) and ch not in _LINE_BREAKS else " " for ch in text)
    return " ".join(cleaned.split())


def lines(text: str) -> str:
    """A few lines (a postal address): each line cleaned as `one_line`, empty lines dropped."""
    unified = "".join("\n" if ch in _LINE_BREAKS else ch for ch in text.replace("\r\n", "\n"))
    return "\n".join(filter(None, (one_line(line) for line in unified.split("\n"))))


MAX_ADDRESS = 400
MAX_ADDRESS_LINES = 8


def address_problem(address: str) -> str:
    """What is wrong with a cleaned postal address ('' when it fits on an envelope)."""
    if len(address) > MAX_ADDRESS or address.count("\n") >= MAX_ADDRESS_LINES:
        return f"Keep the address to {MAX_ADDRESS_LINES} lines and {MAX_ADDRESS} characters."
    return ""
