"""The competitive-intelligence report: an internal PDF that adds the period's losses up.

Every page says it is internal. Notes about our own people appear only when the reader asks
for them (`ReportOptions.people_notes`). User text goes through the letters' `markup()`, which
escapes it for reportlab and picks a font per character, so hostile or multilingual text prints
as typed. The charts are the same `ChartSpec`s the view draws, drawn here as vector graphics.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from debrief.insights import SMALL_SAMPLE
from debrief.insights.aggregate import NO_REASON, Insights, Money, Quote
from debrief.insights.charts import ChartSpec, all_charts, short
from debrief.insights.findings import (
    ACTION_RULES,
    headline_findings,
    plural,
    suggested_actions,
)
from debrief.insights.records import describe_followups
from debrief.letters.pdf import (
    FALLBACK,
    SANS,
    SANS_BOLD,
    TotalPagesCanvas,
    clean_text,
    markup,
    register_fonts,
)
from debrief.model import Outcome
from debrief.money import format_amount

INTERNAL_MARK = "INTERNAL — for our company only. Not for customers."
_GREY = colors.Color(0.35, 0.35, 0.35)
_LIGHT = colors.Color(0.93, 0.93, 0.93)
_ACCENT = colors.HexColor("#8B1E3F")
MAX_COMPETITOR_SECTIONS = 15
MAX_ROWS = 25
HEADING_CHARS = 90


@dataclass(frozen=True)
class ReportOptions:
    people_notes: bool = False  # include notes about our own people (the rep ticks this)
    today: date | None = None
    prepared_by: str = ""


class _Styles:
    def __init__(self) -> None:
        self.body = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13, spaceAfter=4)
        self.title = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=19, leading=24)
        self.h1 = ParagraphStyle(
            "h1", fontName=SANS_BOLD, fontSize=13.5, leading=18, spaceBefore=10, spaceAfter=5
        )
        self.h2 = ParagraphStyle(
            "h2", fontName=SANS_BOLD, fontSize=11, leading=15, spaceBefore=8, spaceAfter=3
        )
        self.small = ParagraphStyle("small", fontName=SANS, fontSize=8, leading=10.5)
        self.small.textColor = _GREY
        self.quote = ParagraphStyle(
            "quote", parent=self.body, leftIndent=12, textColor=colors.Color(0.2, 0.2, 0.2)
        )
        self.bullet = ParagraphStyle(
            "bullet", parent=self.body, leftIndent=14, bulletIndent=3, spaceAfter=2
        )
        self.cell = ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=11)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=SANS_BOLD)
        self.warn = ParagraphStyle(
            "warn", parent=self.body, backColor=colors.HexColor("#FFF4D6"), borderPadding=5
        )


def _p(text: str, style: ParagraphStyle, fonts: Path, **kw: Any) -> Paragraph:
    """User text: escaped, fonts chosen per character (CJK wraps per character)."""
    if any(ord(ch) >= 0x2E80 for ch in text):
        style = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
    return Paragraph(markup(text, fonts), style, **kw)


def _own(text: str, style: ParagraphStyle, **kw: Any) -> Paragraph:
    """Our own fixed wording, which may use bold; never user text."""
    return Paragraph(text, style, **kw)


def money_text(values: tuple[Money, ...] | list[Money]) -> str:
    """ "EUR 84,000 (2 deals) · USD 19,800 (1 deal)": currencies are never added together."""
    return " · ".join(
        f"{format_amount(m.total_minor, m.currency)} ({plural(m.count, 'deal')})"
        for m in values
        if m.count
    )


def _quote_line(q: Quote) -> str:
    where = " · ".join(p for p in (q.account_name, q.lost_on) if p)
    return f"“{clean_text(q.text).strip()}”" + (f" — {where}" if where else "")


def _table(rows: list[list[Flowable | str]], widths: list[float], head: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if head else 0)
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, _LIGHT),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if head:
        style += [("BACKGROUND", (0, 0), (-1, 0), _LIGHT), ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD)]
    table.setStyle(TableStyle(style))
    return table


# -- charts as vector drawings ---------------------------------------------------------------


def _label_font(text: str) -> str:
    font = pdfmetrics.getFont(SANS)
    assert isinstance(font, TTFont)  # registered by the letters' PDF code, a TrueType font
    face = font.face
    glyphs = face.charToGlyph
    return SANS if all(ord(ch) in glyphs or ch.isspace() for ch in text) else FALLBACK


def chart_drawing(spec: ChartSpec, width: float) -> Drawing:
    """A bar chart as reportlab vector shapes: labels, stacked segments, counts at the end."""
    bars = spec.bars
    colour = {s.key: colors.HexColor(s.color) for s in spec.series}
    if spec.horizontal:
        row = 15.0
        label_w = 150.0
        height = 26 + row * max(len(bars), 1) + (18 if _has_legend(spec) else 4)
        d = Drawing(width, height)
        d.add(String(0, height - 12, spec.title, fontName=SANS_BOLD, fontSize=10))
        top = height - 26
        peak = max((b.total for b in bars), default=0) or 1
        scale = (width - label_w - 40) / peak
        for i, bar in enumerate(bars):
            y = top - (i + 1) * row + 3
            label = clean_text(bar.label)
            d.add(
                String(
                    label_w - 6,
                    y + 2,
                    label,
                    fontName=_label_font(label),
                    fontSize=8,
                    textAnchor="end",
                )
            )
            x = label_w
            for seg in bar.segments:
                w = seg.count * scale
                if w > 0:
                    d.add(_rect(x, y, w, row - 5, colour[seg.series], bar.small))
                x += w
            d.add(String(x + 4, y + 2, str(bar.total), fontName=SANS, fontSize=8))
        d.add(
            Line(label_w, top, label_w, top - row * len(bars), strokeColor=_GREY, strokeWidth=0.5)
        )
    else:
        height = 190.0
        d = Drawing(width, height)
        d.add(String(0, height - 12, spec.title, fontName=SANS_BOLD, fontSize=10))
        base, top = 34.0, height - 34
        peak = max((b.total for b in bars), default=0) or 1
        scale = (top - base) / peak
        slot = (width - 20) / max(len(bars), 1)
        bar_w = min(28.0, slot * 0.7)
        d.add(Line(10, base, width - 10, base, strokeColor=_GREY, strokeWidth=0.5))
        for i, bar in enumerate(bars):
            x = 10 + i * slot + (slot - bar_w) / 2
            y = base
            for seg in bar.segments:
                h = seg.count * scale
                if h > 0:
                    d.add(_rect(x, y, bar_w, h, colour[seg.series], bar.small))
                y += h
            d.add(
                String(
                    x + bar_w / 2,
                    y + 3,
                    str(bar.total),
                    fontName=SANS,
                    fontSize=7.5,
                    textAnchor="middle",
                )
            )
            d.add(
                String(
                    x + bar_w / 2,
                    base - 11,
                    bar.label,
                    fontName=SANS,
                    fontSize=6.5,
                    textAnchor="middle",
                )
            )
    _legend(d, spec, width)
    return d


def _rect(x: float, y: float, w: float, h: float, fill: colors.Color, small: bool) -> Rect:
    if small:  # pale fill, dashed edge: a small sample
        pale = colors.Color(
            fill.red + (1 - fill.red) * 0.55,
            fill.green + (1 - fill.green) * 0.55,
            fill.blue + (1 - fill.blue) * 0.55,
        )
        return _shape(Rect(x, y, w, h), pale, fill, strokeWidth=0.6, strokeDashArray=[2, 1.5])
    return _shape(Rect(x, y, w, h), fill, None)


def _shape(rect: Rect, fill: colors.Color, stroke: colors.Color | None, **more: Any) -> Rect:
    """Colours set as attributes: types-reportlab's keyword stubs for shapes don't type-check."""
    rect.fillColor = fill
    rect.strokeColor = stroke
    for name, value in more.items():
        setattr(rect, name, value)
    return rect


def _has_legend(spec: ChartSpec) -> bool:
    used = {seg.series for b in spec.bars for seg in b.segments if seg.count}
    return len(spec.series) > 1 and len(used) > 1


def _legend(d: Drawing, spec: ChartSpec, width: float) -> None:
    if not _has_legend(spec):
        return
    used = {seg.series for b in spec.bars for seg in b.segments}
    x = 0.0
    for s in spec.series:
        if s.key not in used or len(spec.series) == 1:
            continue
        d.add(_shape(Rect(x, 2, 8, 8), colors.HexColor(s.color), None))
        d.add(String(x + 11, 3, s.label, fontName=SANS, fontSize=7.5))
        x += 20 + pdfmetrics.stringWidth(s.label, SANS, 7.5)


def _chart(spec: ChartSpec, width: float, styles: _Styles) -> list[Flowable]:
    if spec.empty:
        return []
    parts: list[Flowable] = [chart_drawing(spec, width)]
    for note in spec.notes:
        parts.append(_own(note, styles.small))
    return [KeepTogether([*parts, Spacer(1, 4 * mm)])]


# -- the document ------------------------------------------------------------------------------


def _canvas_class(generated: str) -> type[Canvas]:
    class InternalCanvas(TotalPagesCanvas):
        """Marks every page Internal and numbers it 'Page n of N'."""

        def decorate(self, page: int, total: int) -> None:
            w, h = self._pagesize  # type: ignore[attr-defined]  # set by Canvas, untyped
            self.setFillColor(_ACCENT)
            self.rect(0, h - 9 * mm, w, 9 * mm, stroke=0, fill=1)
            self.setFillColor(colors.white)
            self.setFont(SANS_BOLD, 9)
            self.drawCentredString(w / 2, h - 6 * mm, INTERNAL_MARK)
            self.setFillColor(_GREY)
            self.setFont(SANS, 7.5)
            self.drawString(
                18 * mm, 10 * mm, f"Internal · Competitive-intelligence report · {generated}"
            )
            self.drawRightString(w - 18 * mm, 10 * mm, f"Page {page} of {total}")

    return InternalCanvas


def render_report(
    insights: Insights, fonts_dir: Path, options: ReportOptions | None = None
) -> bytes:
    """The report as PDF bytes (plain values in, so it may run on any thread)."""
    options = options or ReportOptions()
    fonts = Path(fonts_dir)
    register_fonts(fonts)  # the chart labels name the CJK fallback font directly
    styles = _Styles()
    today = options.today or date.today()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=17 * mm,
        bottomMargin=17 * mm,
        title="Competitive-intelligence report (internal)",
        author=clean_text(options.prepared_by),
        subject=f"Lost deals, {insights.filters.period_text()}",
        creator="Debrief",
        initialFontName=SANS,
    )
    width = template.width - 12
    story: list[Flowable] = []
    story += _cover(insights, options, styles, fonts, width, today)
    if insights.total:
        story += _findings(insights, options, styles, fonts)
        story += _overview(insights, styles, fonts, width)
        story += _competitors(insights, options, styles, fonts, width)
        story += _requests_and_criteria(insights, styles, fonts, width)
        story += _followups(insights, styles)
        if options.people_notes:
            story += _people(insights, styles, fonts)
        story += _actions(insights, styles, fonts, today)
    story += _how_to_read(styles)
    template.build(story, canvasmaker=_canvas_class(f"prepared {today.isoformat()}"))
    return buffer.getvalue()


def _cover(
    insights: Insights,
    options: ReportOptions,
    styles: _Styles,
    fonts: Path,
    width: float,
    today: date,
) -> list[Flowable]:
    story: list[Flowable] = [
        _own("Competitive-intelligence report", styles.title),
        Spacer(1, 2 * mm),
        _own(
            "What our lost deals tell us: why customers chose someone else, what the winners do "
            "well, and what customers asked of us. <b>Internal</b>: it may quote internal notes, "
            "so keep it inside the company.",
            styles.body,
        ),
        Spacer(1, 3 * mm),
    ]
    rows: list[list[Flowable | str]] = [
        [_own(f"<b>{label}</b>", styles.cell), _p(value, styles.cell, fonts)]
        for label, value in insights.filters.filter_lines()
    ]
    rows.append(
        [
            _own("<b>Notes about our people</b>", styles.cell),
            _own(
                "Included (ticked by the person who made the report)"
                if options.people_notes
                else "Left out",
                styles.cell,
            ),
        ]
    )
    rows.append([_own("<b>Prepared</b>", styles.cell), _own(today.isoformat(), styles.cell)])
    story.append(_table(rows, [45 * mm, width - 45 * mm], head=False))
    story.append(Spacer(1, 4 * mm))
    if not insights.total:
        story.append(
            _own(
                "<b>No debriefs in this period.</b> Widen the dates or clear a filter to see more.",
                styles.body,
            )
        )
        return story
    counts = ", ".join(
        f"{g.count} {g.label.lower()}"
        if g.key != Outcome.COMPETITOR
        else f"{g.count} lost to a competitor"
        for g in insights.outcomes
        if g.count
    )
    story.append(_own(f"<b>{plural(insights.total, 'debrief')}</b>: {counts}.", styles.body))
    if insights.small:
        story.append(
            _own(
                f"<b>Small sample.</b> Fewer than {SMALL_SAMPLE} debriefs: an issue that affects "
                "one buyer in five can easily be missed. Treat the findings as early signals.",
                styles.warn,
            )
        )
    return story


def _findings(
    insights: Insights, options: ReportOptions, styles: _Styles, fonts: Path
) -> list[Flowable]:
    findings = headline_findings(insights, people=options.people_notes)
    story: list[Flowable] = [_own("Headline findings", styles.h1)]
    for n, f in enumerate(findings, 1):
        block: list[Flowable] = [
            _p(
                f"{n}. {f.text}", ParagraphStyle("f", parent=styles.body, fontName=SANS_BOLD), fonts
            ),
            _own(
                f"Count: {f.count} of {f.of}"
                + (" · small sample" if f.small else "")
                + f" · rule: {f.rule.statement}",
                styles.small,
            ),
        ]
        if f.quote is not None:
            block.append(_p(_quote_line(f.quote), styles.quote, fonts))
        else:
            block.append(_own("No quote was recorded for this.", styles.small))
        block.append(Spacer(1, 2 * mm))
        story.append(KeepTogether(block))
    return story


def _overview(insights: Insights, styles: _Styles, fonts: Path, width: float) -> list[Flowable]:
    outcomes, reasons, _competitors, quarters = all_charts(insights)
    story: list[Flowable] = [CondPageBreak(80 * mm), _own("Why we lost", styles.h1)]
    story += _chart(outcomes, width, styles)
    story += _chart(reasons, width, styles)
    any_mention = {g.key: g.count for g in insights.reasons_any}
    rows: list[list[Flowable | str]] = [["Reason", "Main reason", "Mentioned at all", ""]]
    for g in insights.reasons:
        if not g.count and not any_mention.get(g.key):
            continue
        rows.append(
            [
                g.label,
                str(g.count),
                "—" if g.key == NO_REASON else str(any_mention.get(g.key, 0)),
                "small sample" if g.small and g.count else "",
            ]
        )
    story.append(_table(rows, [width * 0.45, width * 0.17, width * 0.2, width * 0.18]))
    story.append(Spacer(1, 4 * mm))
    story += _chart(quarters, width, styles)
    story.append(_own("Value lost", styles.h2))
    if insights.value:
        head: list[Flowable | str] = [
            _own(text, styles.head)
            for text in ("Currency", *(o.label for o, _m in insights.value[0].by_outcome), "Total")
        ]
        rows = [head]
        for v in insights.value:
            rows.append(
                [
                    v.currency,
                    *(
                        f"{format_amount(m.total_minor)} ({m.count})" if m.count else "—"
                        for _o, m in v.by_outcome
                    ),
                    f"{format_amount(v.total.total_minor)} ({v.total.count})",
                ]
            )
        story.append(_table(rows, [width * 0.12] + [width * 0.176] * 5))
        story.append(
            _own(
                "Each currency on its own line: amounts in different currencies are never added "
                "together. In brackets: how many deals.",
                styles.small,
            )
        )
    if insights.without_value:
        story.append(
            _own(
                f"{plural(len(insights.without_value), 'debrief')} had no value recorded.",
                styles.small,
            )
        )
    return story


def _competitors(
    insights: Insights, options: ReportOptions, styles: _Styles, fonts: Path, width: float
) -> list[Flowable]:
    if not insights.competitors:
        return []
    story: list[Flowable] = [CondPageBreak(90 * mm), _own("Competitors", styles.h1)]
    story += _chart(all_charts(insights)[2], width, styles)
    for c in insights.competitors[:MAX_COMPETITOR_SECTIONS]:
        block: list[Flowable] = [_p(short(c.name, HEADING_CHARS), styles.h2, fonts)]
        if len(" ".join(c.name.split())) > HEADING_CHARS:
            block.append(_p(f"Full name: {c.name}", styles.small, fonts))
        facts = f"{plural(c.count, 'deal')} lost to them"
        value = money_text(c.value)
        if value:
            facts += f" · value {value}"
        if c.small:
            facts += " · small sample"
        block.append(_own(facts, styles.small))
        named = [g for g in c.reasons if g.key != NO_REASON]
        block.append(
            _own(
                "<b>Main reasons:</b> "
                + (", ".join(f"{g.label} {g.count}" for g in named) or "none recorded yet"),
                styles.body,
            )
        )
        if c.strengths:
            block.append(_own("<b>What they do well</b>, as customers told us:", styles.body))
            for g in c.strengths[:8]:
                block.append(_p(f"{g.label} ({g.count})", styles.bullet, fonts, bulletText="•"))
        why = [q for q in c.why if options.people_notes or not q.about_our_people][:4]
        if why:
            block.append(_own("<b>Why customers chose them</b>, in their words:", styles.body))
            for q in why:
                block.append(_p(_quote_line(q), styles.quote, fonts))
        story.append(KeepTogether(block[:4]))
        story += block[4:]
    rest = insights.competitors[MAX_COMPETITOR_SECTIONS:]
    if rest:
        story.append(
            _p(
                f"Also won deals ({len(rest)} more): "
                + ", ".join(f"{c.name} ({c.count})" for c in rest),
                styles.body,
                fonts,
            )
        )
    return story


def _requests_and_criteria(
    insights: Insights, styles: _Styles, fonts: Path, width: float
) -> list[Flowable]:
    story: list[Flowable] = []
    if insights.requests:
        story += [CondPageBreak(50 * mm), _own("What customers asked of us", styles.h1)]
        rows: list[list[Flowable | str]] = [["Product request", "Debriefs"]]
        for g in insights.requests[:MAX_ROWS]:
            rows.append([_p(g.label, styles.cell, fonts), str(g.count)])
        story.append(_table(rows, [width * 0.82, width * 0.18]))
        if len(insights.requests) > MAX_ROWS:
            story.append(
                _own(
                    f"{len(insights.requests) - MAX_ROWS} more requests were each made less often.",
                    styles.small,
                )
            )
    if insights.criteria:
        story += [CondPageBreak(50 * mm), _own("Buying criteria that keep coming up", styles.h1)]
        story.append(
            _own(
                "How each criterion stood when the customer first chose us (then) and at this "
                "decision (now). New: not a criterion then. Changed: both written, different.",
                styles.small,
            )
        )
        rows = [["Criterion", "Debriefs", "New", "Changed", "Dropped", "For example (then → now)"]]
        for c in insights.criteria[:MAX_ROWS]:
            example = next(((t, n) for t, n, _a in c.examples if t or n), None)
            rows.append(
                [
                    _p(c.label, styles.cell, fonts),
                    str(c.count),
                    str(len(c.new_ids)),
                    str(len(c.changed_ids)),
                    str(len(c.dropped_ids)),
                    _p(f"{example[0] or '—'} → {example[1] or '—'}", styles.cell, fonts)
                    if example
                    else "",
                ]
            )
        story.append(
            _table(
                rows,
                [width * 0.26, width * 0.1, width * 0.08, width * 0.1, width * 0.1, width * 0.36],
            )
        )
    return story


def _followups(insights: Insights, styles: _Styles) -> list[Flowable]:
    story: list[Flowable] = [_own("Follow-ups and win-back", styles.h2)]
    story += [_own(line, styles.body) for line in describe_followups(insights.followups)]
    return story


def _people(insights: Insights, styles: _Styles, fonts: Path) -> list[Flowable]:
    story: list[Flowable] = [
        CondPageBreak(40 * mm),
        _own("What customers said about our people", styles.h1),
    ]
    story.append(
        _own(
            "Included because it was ticked when the report was made. Handle with care: this is "
            "feedback on colleagues, given in confidence.",
            styles.small,
        )
    )
    if not insights.people_notes:
        story.append(_own("No notes about our people were recorded in this period.", styles.body))
    for q in insights.people_notes[:40]:
        story.append(_p(_quote_line(q), styles.quote, fonts))
    return story


def _actions(insights: Insights, styles: _Styles, fonts: Path, today: date) -> list[Flowable]:
    actions = suggested_actions(insights, today)
    story: list[Flowable] = [CondPageBreak(40 * mm), _own("Suggested actions", styles.h1)]
    if not actions:
        story.append(
            _own(
                "None of the rules below is met by this period's numbers, so no action is "
                "suggested.",
                styles.body,
            )
        )
    for n, a in enumerate(actions, 1):
        story.append(
            KeepTogether(
                [
                    _p(f"{n}. {a.text}", styles.body, fonts),
                    _own(f"Rule: {a.rule.statement} Count: {a.count}.", styles.small),
                    Spacer(1, 1.5 * mm),
                ]
            )
        )
    return story


def _how_to_read(styles: _Styles) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(60 * mm), _own("How to read this report", styles.h2)]
    lines = [
        "Counts are of debriefs (lost deals), never of mentions: a customer who named price twice "
        "counts once.",
        f"A group of fewer than {SMALL_SAMPLE} debriefs is marked “small sample”: nine "
        "conversations give about an 85% chance of hearing a problem that affects one buyer in "
        "five.",
        "No decision and built in-house are kept apart from losses to a competitor.",
        "Values in different currencies are shown side by side, never added together.",
        "Suggested actions come only from these rules; each names the rule that produced it:",
    ]
    for line in lines:
        story.append(_own(line, styles.bullet, bulletText="•"))
    for rule in ACTION_RULES:
        story.append(
            _own(
                f"{rule.statement}",
                ParagraphStyle("r", parent=styles.bullet, leftIndent=28, bulletIndent=17),
                bulletText="–",
            )
        )
    return story
