"""Building read-only rich-text pages from user text: everything is escaped, colours come from
the palette (so dark mode reads well)."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


def esc(text: object) -> str:
    """User text as HTML: escaped, newlines kept."""
    return html.escape(str(text or ""), quote=True).replace("\n", "<br>")


def _mix(a: QColor, b: QColor, share_of_b: float) -> str:
    """A colour between the text and the background: readable but quieter, in any theme."""
    mixed = [
        round(x * (1 - share_of_b) + y * share_of_b)
        for x, y in ((a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue()))
    ]
    return QColor(*mixed).name()


class Page:
    """Collects HTML sections for a QTextBrowser."""

    def __init__(self, widget: QWidget) -> None:
        palette = widget.palette()
        self.muted = _mix(
            palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.4
        )
        self.accent = palette.color(QPalette.ColorRole.Highlight).name()
        self.parts: list[str] = []

    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def heading(self, text: str, level: int = 3) -> None:
        self.parts.append(f"<h{level}>{esc(text)}</h{level}>")

    def internal_tag(self) -> str:
        return (
            f' <span style="color:{self.accent}; font-weight:600;">'
            "[internal — not for the customer]</span>"
        )

    def muted_text(self, text: str) -> str:
        return f'<span style="color:{self.muted};">{esc(text)}</span>'

    def fields(self, rows: list[tuple[str, str]], raw_values: bool = False) -> None:
        """A two-column table of label → value; empty values are left out."""
        cells = "".join(
            f'<tr><td style="padding:2px 16px 2px 0; color:{self.muted};">{esc(label)}</td>'
            f'<td style="padding:2px 0;">{value if raw_values else esc(value)}</td></tr>'
            for label, value in rows
            if value
        )
        if cells:
            self.parts.append(f"<table>{cells}</table>")

    def paragraph(self, text: str, internal: bool = False) -> None:
        self.parts.append(f"<p>{esc(text)}{self.internal_tag() if internal else ''}</p>")

    def html(self) -> str:
        return "\n".join(self.parts)


def local_stamp(iso: str | None, with_time: bool = True) -> str:
    """A stored UTC timestamp as the user's local date (and time)."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso[:16].replace("T", " ")
    return moment.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
