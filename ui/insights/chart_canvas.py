"""A bar chart on matplotlib's Qt backend, drawn from a core `ChartSpec`.

Imported only when the Insights view opens (start-up must not pay for matplotlib). Colours for
text, axes and background come from the widget's palette, so the chart reads in light and dark
themes; clicking a bar (or a segment of a stacked bar) reports the debriefs behind it, and the
keyboard can walk the bars too (arrows, Enter).

Building and rendering a chart (text layout above all) is the slow part, so a canvas that is
not on screen (a tab not chosen) builds and renders its figure only when it is shown
(`show_spec_later`, and a render asked for while hidden).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from matplotlib import font_manager
from matplotlib.backend_bases import MouseButton, PickEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from debrief.insights.charts import ChartSpec
from debrief.resources import resource_path

_FONTS_READY = False
FONT_FAMILIES = ["DejaVu Sans", "Droid Sans Fallback"]


def _use_bundled_fonts() -> None:
    """Chart labels in any script the letters can print: the same embedded fonts."""
    global _FONTS_READY
    if _FONTS_READY:
        return
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallbackFull.ttf"):
        font_manager.fontManager.addfont(str(resource_path("fonts", name)))
    _FONTS_READY = True


def literal(text: str) -> str:
    """User text as matplotlib shows it: a "$" would otherwise start mathtext (and an odd
    formula in a customer's name can make drawing fail)."""
    return text.replace("$", r"\$")


@dataclass(frozen=True)
class Hit:
    """What a click landed on: the bar's label, the segment's series, the debriefs behind it."""

    label: str
    series: str
    ids: tuple[str, ...]


class ChartCanvas(FigureCanvasQTAgg):
    picked = Signal(object)  # Hit

    def __init__(self, parent: QWidget | None = None):
        _use_bundled_fonts()
        super().__init__(Figure(figsize=(6, 4), layout="constrained"))
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 220)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.spec: ChartSpec | None = None
        self.message = ""  # shown instead of a chart while there is none yet
        self.unrendered = False  # built but not yet rendered (the canvas was not on screen)
        self.unbuilt = False  # `spec` is not drawn yet: it will be when the canvas is shown
        self.hits: list[tuple[Rectangle, Hit]] = []
        self._cursor = -1
        self._base: dict[int, tuple[Any, float]] = {}  # a bar's own edge, to restore
        self.mpl_connect("pick_event", self._on_pick)

    # -- drawing -----------------------------------------------------------------------------

    def show_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.message = ""
        self.unbuilt = False
        self._cursor = -1
        self._base = {}
        self._draw()

    def _colours(self) -> tuple[str, str, str]:
        # matplotlib gives the canvas a white palette of its own: use the surroundings'.
        holder = self.parentWidget()
        palette = holder.palette() if holder is not None else QApplication.palette()
        bg = palette.color(QPalette.ColorRole.Window)
        fg = palette.color(QPalette.ColorRole.WindowText)
        muted = QColor(
            (fg.red() + bg.red()) // 2, (fg.green() + bg.green()) // 2, (fg.blue() + bg.blue()) // 2
        )
        return bg.name(), fg.name(), muted.name()

    def _draw(self) -> None:
        spec = self.spec
        bg, fg, muted = self._colours()
        fig = self.figure
        fig.clear()
        fig.set_facecolor(bg)
        ax = fig.add_subplot()
        ax.set_facecolor(bg)
        self.hits = []
        plain: dict[str, Any] = {"family": FONT_FAMILIES, "color": fg}
        if spec is None or spec.empty:
            ax.set_axis_off()
            ax.text(
                0.5,
                0.5,
                self.message or "No debriefs in this selection",
                ha="center",
                va="center",
                transform=ax.transAxes,
                fontsize=11,
                **plain,
            )
            self._render()
            return
        ax.set_title(spec.title, loc="left", fontsize=12, fontweight="bold", color=fg)
        colour = {s.key: s.color for s in spec.series}
        positions = list(range(len(spec.bars)))
        for i, bar in enumerate(spec.bars):
            start = 0
            for seg in bar.segments:
                if not seg.count:
                    continue
                kwargs: dict[str, Any] = {
                    "color": colour[seg.series],
                    "alpha": 0.45 if bar.small else 1.0,
                    "edgecolor": colour[seg.series],
                    "linestyle": "--" if bar.small else "-",
                    "linewidth": 1.0 if bar.small else 0,
                    "picker": True,
                }
                if spec.horizontal:
                    (patch,) = ax.barh(i, seg.count, left=start, height=0.7, **kwargs)
                else:
                    (patch,) = ax.bar(i, seg.count, bottom=start, width=0.7, **kwargs)
                self.hits.append((patch, Hit(bar.full_label, seg.series, seg.ids)))
                start += seg.count
            if spec.horizontal:
                ax.text(bar.total, i, f"  {bar.total}", va="center", fontsize=9, **plain)
            else:
                ax.text(i, bar.total, f"{bar.total}", ha="center", va="bottom", fontsize=9, **plain)
        labels = [literal(b.label) for b in spec.bars]
        if spec.horizontal:
            ax.set_yticks(positions, labels, fontfamily=FONT_FAMILIES)
            ax.invert_yaxis()
            ax.set_xlabel("Debriefs", color=fg)
            ax.margins(x=0.12)
        else:
            ax.set_xticks(
                positions,
                labels,
                fontfamily=FONT_FAMILIES,
                rotation=45 if len(labels) > 6 else 0,
                ha="right" if len(labels) > 6 else "center",
            )
            ax.set_ylabel("Debriefs", color=fg)
            ax.margins(y=0.12)
        (ax.xaxis if spec.horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(colors=fg, labelcolor=fg)
        for side, spine in ax.spines.items():
            spine.set_color(muted)
            spine.set_visible(side in ("left", "bottom"))
        used = {seg.series for b in spec.bars for seg in b.segments if seg.count}
        handles = [
            Rectangle((0, 0), 1, 1, color=s.color, label=s.label)
            for s in spec.series
            if s.key in used
        ]
        if len(handles) > 1:
            ax.legend(
                handles=handles,
                loc="lower right" if spec.horizontal else "upper left",
                frameon=False,
                labelcolor=fg,
                fontsize=8.5,
                prop={"family": FONT_FAMILIES},
            )
        if spec.notes:
            fig.text(
                0.01,
                0.005,
                "\n".join(spec.notes),
                fontsize=8,
                color=muted,
                ha="left",
                va="bottom",
                family=FONT_FAMILIES,
            )
            engine: Any = fig.get_layout_engine()
            engine.set(rect=(0, 0.06 * len(spec.notes), 1, 1 - 0.06 * len(spec.notes)))
        self._render()

    def show_message(self, text: str) -> None:
        """A line of text instead of a chart (e.g. while the figures are being added up)."""
        self.spec = None
        self.message = text
        self._cursor = -1
        self._base = {}
        self._draw()

    def show_spec_later(self, spec: ChartSpec) -> None:
        """`show_spec` now if the canvas is on screen, else when it is next shown."""
        if self.isVisible():
            self.show_spec(spec)
            return
        self.spec = spec
        self.message = ""
        self.hits = []
        self._cursor = -1
        self._base = {}
        self.unbuilt = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.unbuilt and self.spec is not None:
            self.show_spec(self.spec)
        elif self.unrendered:
            self._render()

    def _render(self) -> None:
        if not self.isVisible():
            self.unrendered = True
            return
        self.unrendered = False
        with warnings.catch_warnings():
            # A name with characters no bundled font has (emoji) draws as boxes, not an error.
            warnings.filterwarnings("ignore", message="Glyph .* missing from")
            warnings.filterwarnings("ignore", message=".*layout not applied.*")
            self.draw()

    def redraw(self) -> None:
        """Draw again in the current palette's colours (after a light <-> dark switch)."""
        if (self.spec is not None or self.message) and not self.unbuilt:
            self._draw()

    # -- picking -----------------------------------------------------------------------------

    def _on_pick(self, event: PickEvent) -> None:
        if event.mouseevent.button not in (MouseButton.LEFT, 1):
            return
        for i, (patch, _hit) in enumerate(self.hits):
            if patch is event.artist:
                self.select(i)
                return

    def select(self, index: int) -> None:
        """Outline the chosen bar segment (so the keyboard shows where it is) and report it."""
        _bg, fg, _muted = self._colours()
        if 0 <= self._cursor < len(self.hits):
            previous, _hit = self.hits[self._cursor]
            edge, width = self._base[self._cursor]
            previous.set_edgecolor(edge)
            previous.set_linewidth(width)
        self._cursor = index
        patch, hit = self.hits[index]
        self._base.setdefault(index, (patch.get_edgecolor(), patch.get_linewidth()))
        patch.set_edgecolor(fg)
        patch.set_linewidth(2.5)
        self._render()
        self.picked.emit(hit)

    def hit_centre(self, index: int) -> tuple[int, int]:
        """Widget coordinates of a bar segment's centre (for tests and the keyboard)."""
        patch = self.hits[index][0]
        box = patch.get_window_extent()
        ratio = self.device_pixel_ratio or 1
        x = (box.x0 + box.x1) / 2 / ratio
        y = self.height() - (box.y0 + box.y1) / 2 / ratio
        return round(x), round(y)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.hits and key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Left):
            step = 1 if key in (Qt.Key.Key_Down, Qt.Key.Key_Right) else -1
            self.select((self._cursor + step) % len(self.hits))
            return
        super().keyPressEvent(event)
