"""Deal values as typed by people: "12,500", "12 500", "12.500,50", "€ 9k" is not accepted."""

from __future__ import annotations

import re

from debrief.errors import ValidationError

_ALLOWED = re.compile(r"^[0-9][0-9 ,.'\u00a0\u202f]*$")


def parse_amount(text: str, field: str = "value") -> int | None:
    """Return the amount in minor units (cents), None when empty."""
    raw = text.strip()
    if not raw:
        return None
    if not _ALLOWED.match(raw) or re.search(r"[.,]{2}|[.,]$", raw):
        raise ValidationError({field: "Enter the value as a number, like 12500 or 12,500.00."})
    compact = re.sub(r"[ '\u00a0\u202f]", "", raw)
    last_dot, last_comma = compact.rfind("."), compact.rfind(",")
    decimal_at = max(last_dot, last_comma)
    whole, cents = compact, "0"
    if decimal_at >= 0:
        tail = compact[decimal_at + 1 :]
        sep = compact[decimal_at]
        both_used = last_dot >= 0 and last_comma >= 0
        if both_used or (len(tail) in (1, 2) and compact.count(sep) == 1):
            whole, cents = compact[:decimal_at], (tail + "0")[:2]
    whole = re.sub(r"[.,]", "", whole)
    if not whole.isdigit() or not cents.isdigit() or len(whole) > 15:
        raise ValidationError({field: "Enter the value as a number, like 12500 or 12,500.00."})
    return int(whole) * 100 + int(cents)


def format_amount(minor: int | None, currency: str = "") -> str:
    if minor is None:
        return ""
    whole, cents = divmod(minor, 100)
    text = f"{whole:,}" + (f".{cents:02d}" if cents else "")
    return f"{currency} {text}".strip()
