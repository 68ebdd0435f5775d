"""What an insight or report covers: a period, and optionally one rep, competitor or outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from debrief.dates import parse_date
from debrief.errors import ValidationError
from debrief.model import Outcome


def name_key(text: str) -> str:
    """The key grouping spellings of a name or phrase: "Corvane  Systems." -> "corvane systems"."""
    return " ".join(text.casefold().split()).strip(" .,;:!?·-–—\"'")


@dataclass(frozen=True)
class InsightFilters:
    """Empty values mean "any". Dates are ISO YYYY-MM-DD, inclusive, on the date the deal was lost
    (the date it was logged when no loss date was given)."""

    date_from: str | None = None
    date_to: str | None = None
    rep: str = ""
    competitor: str = ""
    outcome: Outcome | None = None
    include_samples: bool = False

    def __post_init__(self) -> None:
        problems: dict[str, str] = {}
        for field, value in (("date_from", self.date_from), ("date_to", self.date_to)):
            if value and not _is_date(value):
                problems[field] = (
                    f"{value!r} is not a date; write it as YYYY-MM-DD, like 2026-03-31."
                )
        if not problems and self.date_from and self.date_to and self.date_from > self.date_to:
            problems["date_to"] = "The period ends before it starts; swap the two dates."
        if problems:
            raise ValidationError(problems)

    def period_text(self) -> str:
        if self.date_from and self.date_to:
            return f"{_long(self.date_from)} – {_long(self.date_to)}"
        if self.date_from:
            return f"From {_long(self.date_from)}"
        if self.date_to:
            return f"Up to {_long(self.date_to)}"
        return "All dates"

    def as_record(self) -> dict[str, str | None]:
        """These filters as plain strings, e.g. for an export's "filters" field."""
        return {
            "chosen_in": "Insights",
            "date_from": self.date_from,
            "date_to": self.date_to,
            "rep": self.rep.strip(),
            "competitor": self.competitor.strip(),
            "outcome": self.outcome.value if self.outcome else None,
            "include_samples": "yes" if self.include_samples else "no",
        }

    def filter_lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs for the report's header: every filter, "any" where unset."""
        return [
            ("Period", self.period_text()),
            ("Rep", self.rep.strip() or "Any"),
            ("Competitor", self.competitor.strip() or "Any"),
            ("Outcome", self.outcome.label if self.outcome else "Any"),
            ("Sample debriefs", "Included" if self.include_samples else "Left out"),
        ]


def _is_date(text: str) -> bool:
    """A date in the stored form, YYYY-MM-DD (read by the one date parser, `debrief.dates`)."""
    try:
        return parse_date(text).isoformat() == text
    except ValidationError:
        return False


def _long(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"  # English, whatever the desktop's locale


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
