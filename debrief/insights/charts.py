"""The charts of the insights, as plain data: the view draws them with matplotlib, the report
with reportlab's vector graphics, so both show the same bars with the same counts.

Every segment keeps the debriefs behind it (a click in the view lists them). Groups of fewer
than nine debriefs are marked `small` and drawn pale, with a note saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

from debrief.insights import SMALL_SAMPLE
from debrief.insights.aggregate import NO_REASON, OUTCOME_ORDER, Group, Insights
from debrief.model import Outcome

# Okabe-Ito colours: told apart with colour-blindness, readable on light and dark backgrounds.
OUTCOME_COLORS = {
    Outcome.COMPETITOR: "#D55E00",
    Outcome.NO_DECISION: "#0072B2",
    Outcome.IN_HOUSE: "#009E73",
    Outcome.UNKNOWN: "#999999",
}
ALL_SERIES = "all"
ALL_COLOR = "#CC79A7"
MAX_BARS = 12
MAX_QUARTERS = 16
LABEL_CHARS = 30
SMALL_NOTE = f"Pale bars: fewer than {SMALL_SAMPLE} debriefs, a small sample; read them with care."


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    color: str


@dataclass(frozen=True)
class Segment:
    series: str
    ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Bar:
    label: str  # shortened for the axis
    full_label: str
    segments: tuple[Segment, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i for s in self.segments for i in s.ids)

    @property
    def total(self) -> int:
        return sum(s.count for s in self.segments)

    @property
    def small(self) -> bool:
        return self.total < SMALL_SAMPLE


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    horizontal: bool
    bars: tuple[Bar, ...]
    series: tuple[Series, ...]
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(b.total for b in self.bars)

    def series_label(self, key: str) -> str:
        return next((s.label for s in self.series if s.key == key), key)


OUTCOME_SERIES = tuple(Series(o.value, o.label, OUTCOME_COLORS[o]) for o in OUTCOME_ORDER)


def short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _split_bar(group: Group) -> Bar:
    return Bar(
        short(group.label),
        group.label,
        tuple(Segment(p.outcome.value, p.ids) for p in group.parts if p.ids),
    )


def _notes(bars: tuple[Bar, ...], *extra: str) -> tuple[str, ...]:
    notes = list(extra)
    if any(b.small and b.total for b in bars):
        notes.append(SMALL_NOTE)
    return tuple(notes)


def outcome_chart(insights: Insights) -> ChartSpec:
    bars = tuple(Bar(short(g.label), g.label, (Segment(g.key, g.ids),)) for g in insights.outcomes)
    return ChartSpec(
        "outcomes",
        "Losses by outcome",
        True,
        bars,
        OUTCOME_SERIES,
        _notes(bars, "No decision and built in-house are not losses to a competitor."),
    )


def reason_chart(insights: Insights, any_mention: bool = False) -> ChartSpec:
    if any_mention:
        bars = tuple(
            Bar(short(g.label), g.label, (Segment(ALL_SERIES, g.ids),))
            for g in insights.reasons_any
            if g.count
        )
        return ChartSpec(
            "reasons",
            "Reasons mentioned (main or secondary)",
            True,
            bars,
            (Series(ALL_SERIES, "Debriefs mentioning the reason", ALL_COLOR),),
            _notes(bars, "A debrief counts once under each reason it mentions."),
        )
    bars = tuple(_split_bar(g) for g in insights.reasons if g.count)
    return ChartSpec(
        "reasons",
        "Main reason for the loss",
        True,
        bars,
        OUTCOME_SERIES,
        _notes(bars, "Each debrief counts once, under its main reason, coloured by outcome."),
    )


def competitor_chart(insights: Insights) -> ChartSpec:
    competitors = insights.competitors
    shown = competitors[:MAX_BARS]
    bars = [Bar(short(c.name), c.name, (Segment(Outcome.COMPETITOR.value, c.ids),)) for c in shown]
    rest = competitors[MAX_BARS:]
    notes: list[str] = []
    if rest:
        ids = tuple(i for c in rest for i in c.ids)
        label = f"{len(rest)} others"
        bars.append(Bar(label, label, (Segment(Outcome.COMPETITOR.value, ids),)))
        notes.append(f"“{len(rest)} others”: competitors that each won fewer deals.")
    return ChartSpec(
        "competitors",
        "Deals lost to each competitor",
        True,
        tuple(bars),
        OUTCOME_SERIES[:1],
        _notes(tuple(bars), *notes),
    )


def quarter_chart(insights: Insights) -> ChartSpec:
    quarters = insights.quarters
    notes: list[str] = []
    if len(quarters) > MAX_QUARTERS:
        earlier = sum(g.count for g in quarters[:-MAX_QUARTERS])
        notes.append(f"The last {MAX_QUARTERS} quarters; {earlier} earlier losses not shown.")
        quarters = quarters[-MAX_QUARTERS:]
    bars = tuple(_split_bar(g) for g in quarters)
    return ChartSpec(
        "quarters", "Losses by quarter", False, bars, OUTCOME_SERIES, _notes(bars, *notes)
    )


def all_charts(insights: Insights, any_mention: bool = False) -> tuple[ChartSpec, ...]:
    return (
        outcome_chart(insights),
        reason_chart(insights, any_mention),
        competitor_chart(insights),
        quarter_chart(insights),
    )


__all__ = ["NO_REASON", "ChartSpec", "all_charts"]
