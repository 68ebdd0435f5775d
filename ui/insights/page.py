"""The Insights page: the losses of a period added up, as charts and findings.

Built only when View ▸ Insights is first opened (it pulls in matplotlib through the chart
canvas). Reads through `debrief.insights`; clicking a bar lists the debriefs behind it, and
Enter or a double-click on one opens it.

The counting runs on a worker thread (`worker.InsightsWorker`): the page says "Adding up your
debriefs…" and stays usable meanwhile, and each request carries a generation number so only
the newest result is shown (a filter change or a change broadcast supersedes an older one).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from debrief.errors import DebriefError
from debrief.insights import SMALL_SAMPLE
from debrief.insights.aggregate import (
    NO_REASON,
    OUTCOME_ORDER,
    Insights,
    build_insights,
    outcome_words,
)
from debrief.insights.charts import (
    competitor_chart,
    outcome_chart,
    quarter_chart,
    reason_chart,
)
from debrief.insights.filters import InsightFilters
from debrief.insights.findings import plural
from debrief.insights.records import describe_followups, has_samples_only, known_names
from debrief.insights.report import money_text
from debrief.model import Outcome
from debrief.money import format_amount
from debrief.samples import has_samples
from debrief.store.database import Store

from ..widgets.page_header import back_button, title_label
from ..widgets.rich_text import Page, esc
from .chart_canvas import ChartCanvas, Hit
from .worker import Counted, InsightsWorker

PERIODS = (
    "All dates",
    "Last 12 months",
    "This year",
    "Last year",
    "This quarter",
    "Last quarter",
    "Choose dates",
)
ANY = "Any"
COUNTING = "Adding up your debriefs…"


def period_dates(name: str, today: date) -> tuple[str | None, str | None]:
    """The first and last day of a named period (None: open-ended)."""
    q_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if name == "Last 12 months":
        return (today - timedelta(days=365)).isoformat(), today.isoformat()
    if name == "This year":
        return date(today.year, 1, 1).isoformat(), today.isoformat()
    if name == "Last year":
        return date(today.year - 1, 1, 1).isoformat(), date(today.year - 1, 12, 31).isoformat()
    if name == "This quarter":
        return q_start.isoformat(), today.isoformat()
    if name == "Last quarter":
        end = q_start - timedelta(days=1)
        start = date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
        return start.isoformat(), end.isoformat()
    return None, None


class InsightsPage(QWidget):
    back_requested = Signal()
    open_requested = Signal(str)  # debrief id
    report_requested = Signal()
    export_requested = Signal()
    shown = Signal()  # the newest request's figures (or its plain-words error) are on the page
    result_dropped = Signal(int)  # the generation of a result a newer request had superseded

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("insightsPage")
        self.store = store
        self.insights: Insights | None = None
        self._stale = False
        self._loading = False
        self._samples_decided = False
        self.generation = 0  # of the newest request; a result of an older one is dropped
        self.counting = False
        self._names_wanted = False  # the pick lists are to be read again with the next count
        # An in-memory store (scripts, some tests) has no file a second connection could read.
        self.worker = InsightsWorker(store.path) if store.path is not None else None
        if self.worker is not None:
            self.worker.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
            self.destroyed.connect(self.worker.stop)

        # -- header and filters
        top = QHBoxLayout()
        top.addWidget(back_button(self.back_requested.emit))
        self.title = title_label("insightsTitle")
        self.title.setText("Insights")
        top.addWidget(self.title)
        top.addStretch(1)
        self.report_button = QPushButton("Competitive-intelligence report…")
        self.report_button.setToolTip("An internal PDF of what this page shows")
        self.report_button.clicked.connect(self.report_requested.emit)
        top.addWidget(self.report_button)
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Export the debriefs these filters count (JSON, CSV, Excel)")
        self.export_button.clicked.connect(self.export_requested.emit)
        top.addWidget(self.export_button)

        bar = QHBoxLayout()
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.period.setCurrentText("Last 12 months")
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
        self.date_from.setDate(QDate.currentDate().addYears(-1))
        self.rep = QComboBox()
        self.competitor = QComboBox()
        self.outcome = QComboBox()
        self.outcome.addItem(ANY, None)
        for o in Outcome:
            self.outcome.addItem(o.label, o.value)  # Qt hands a str enum back as a plain str
        self.samples = QCheckBox("Include sample debriefs")
        for label, widget in (
            ("&Period", self.period),
            ("", self.date_from),
            ("", self.date_to),
            ("&Rep", self.rep),
            ("&Competitor", self.competitor),
            ("&Outcome", self.outcome),
        ):
            if label:
                caption = QLabel(label)
                caption.setBuddy(widget)
                bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.samples)
        bar.addStretch(1)
        for combo in (self.period, self.rep, self.competitor, self.outcome):
            combo.currentIndexChanged.connect(self._filters_changed)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(220)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._filters_changed)
        self.samples.toggled.connect(self._filters_changed)

        self.summary = QLabel()
        self.summary.setObjectName("insightsSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.caution = QLabel()
        self.caution.setObjectName("smallSampleNote")
        self.caution.setTextFormat(Qt.TextFormat.PlainText)
        self.caution.setWordWrap(True)
        self.caution.setStyleSheet("font-weight: 600;")

        # -- charts and text, left; the debriefs behind a bar, right
        self.tabs = QTabWidget()
        self.findings_text = self._browser("findingsText")
        self.tabs.addTab(self.findings_text, "Fi&ndings")
        self.reason_canvas = ChartCanvas()
        self.secondaries = QCheckBox("Count secondary reasons too")
        self.secondaries.toggled.connect(self._draw_reasons)
        reasons = QWidget()
        rl = QVBoxLayout(reasons)
        rl.setContentsMargins(0, 4, 0, 0)
        rl.addWidget(self.secondaries)
        rl.addWidget(self.reason_canvas, 1)
        self.tabs.addTab(reasons, "Rea&sons")
        self.competitor_canvas = ChartCanvas()
        self.praise_text = self._browser("praiseText")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.competitor_canvas)
        split.addWidget(self.praise_text)
        split.setSizes([300, 200])
        self.tabs.addTab(split, "Co&mpetitors")
        self.outcome_canvas = ChartCanvas()
        self.tabs.addTab(self.outcome_canvas, "Ou&tcomes")
        self.quarter_canvas = ChartCanvas()
        self.tabs.addTab(self.quarter_canvas, "By &quarter")
        self.criteria_text = self._browser("criteriaText")
        self.tabs.addTab(self.criteria_text, "Cr&iteria && requests")
        for canvas in self.canvases():
            canvas.picked.connect(self.show_behind)

        behind = QWidget()
        bl = QVBoxLayout(behind)
        bl.setContentsMargins(6, 0, 0, 0)
        self.behind_title = QLabel("Click a bar to list the debriefs behind it.")
        self.behind_title.setObjectName("behindTitle")
        self.behind_title.setTextFormat(Qt.TextFormat.PlainText)
        self.behind_title.setWordWrap(True)
        self.behind = QTreeWidget()
        self.behind.setObjectName("behindList")
        self.behind.setRootIsDecorated(False)
        self.behind.setHeaderLabels(["Lost on", "Customer", "Deal", "Won by", "Value"])
        header = self.behind.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):  # customer and deal share what is left; value stays in view
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.behind.itemActivated.connect(self._open_item)
        hint = QLabel("Enter or double-click opens a debrief.")
        hint.setEnabled(False)
        bl.addWidget(self.behind_title)
        bl.addWidget(self.behind, 1)
        bl.addWidget(hint)

        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.tabs)
        body.addWidget(behind)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([800, 500])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.caution)
        layout.addWidget(body, 1)
        self._fill_names()
        self._update_dates()

    def _browser(self, name: str) -> QTextBrowser:
        browser = QTextBrowser()
        browser.setObjectName(name)
        browser.setOpenLinks(False)
        browser.anchorClicked.connect(self._link)
        return browser

    def _link(self, url: QUrl) -> None:
        """Links in the text list the debriefs behind a request, criterion or competitor."""
        i = self.insights
        kind, _, index = url.toString().partition(":")
        if i is None or not index.isdigit():
            return
        n = int(index)
        groups: dict[str, list[tuple[str, tuple[str, ...]]]] = {
            "request": [(g.label, g.ids) for g in i.requests],
            "criterion": [(c.label, c.ids) for c in i.criteria],
            "competitor": [(c.name, c.ids) for c in i.competitors],
        }
        found = groups.get(kind, [])
        if n < len(found):
            label, ids = found[n]
            self.show_behind(Hit(label, "", ids))

    def canvases(self) -> list[ChartCanvas]:
        return [
            self.reason_canvas,
            self.competitor_canvas,
            self.outcome_canvas,
            self.quarter_canvas,
        ]

    # -- filters -------------------------------------------------------------------------------

    def _fill_names(self, known: tuple[list[str], list[str]] | None = None) -> None:
        """The pick lists, from `known` (read by the worker) or read here."""
        self._loading = True
        reps, competitors = known if known is not None else known_names(self.store)
        for combo, names in ((self.rep, reps), (self.competitor, competitors)):
            current = combo.currentText()
            combo.clear()
            combo.addItem(ANY)
            combo.addItems(names)
            combo.setCurrentText(current if current in names else ANY)
        if not self._samples_decided:
            # Only sample debriefs so far: show them rather than an empty page (once; after
            # that the tick is the rep's).
            self._samples_decided = True
            self.samples.setChecked(has_samples_only(self.store))
        self._loading = False

    def _update_dates(self) -> None:
        custom = self.period.currentText() == "Choose dates"
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)

    def filters(self) -> InsightFilters:
        name = self.period.currentText()
        if name == "Choose dates":
            start: str | None = self.date_from.date().toString("yyyy-MM-dd")
            end: str | None = self.date_to.date().toString("yyyy-MM-dd")
        else:
            start, end = period_dates(name, date.today())
        rep = self.rep.currentText()
        competitor = self.competitor.currentText()
        return InsightFilters(
            date_from=start,
            date_to=end,
            rep="" if rep == ANY else rep,
            competitor="" if competitor == ANY else competitor,
            outcome=Outcome(outcome) if (outcome := self.outcome.currentData()) else None,
            include_samples=self.samples.isChecked(),
        )

    def _filters_changed(self, *_: object) -> None:
        self._update_dates()
        if not self._loading:
            self.refresh()

    # -- reading and showing -------------------------------------------------------------------

    def current_insights(self) -> Insights | None:
        """The figures on screen when they still answer the page's filters (nothing counting,
        nothing changed since), else None."""
        shown = self.insights
        if shown is None or self.counting or self._stale:
            return None
        try:
            return shown if shown.filters == self.filters() else None
        except DebriefError:
            return None

    def refresh_when_shown(self, *_: object) -> None:
        if self.isVisible():
            self.refresh(names=True)
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh(names=True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Nobody is looking: stop counting (the window may be closing) and count again on show.
        if self.counting and self.worker is not None:
            self.generation += 1
            self.worker.cancel()
            self.counting = False
            self._stale = True
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for canvas in self.canvases():
                canvas.redraw()

    def refresh(self, names: bool = False) -> None:
        """Count again for the current filters: on the worker thread when there is a file.
        With `names`, the rep and competitor pick lists are read again too."""
        self._stale = False
        self._names_wanted = self._names_wanted or names
        if self._names_wanted and self.worker is None:
            self._fill_names()
            self._names_wanted = False
        self.generation += 1
        try:
            filters = self.filters()
        except DebriefError as exc:
            self._show_error(exc)
            return
        if self.worker is None:
            try:
                insights = build_insights(self.store, filters)
            except DebriefError as exc:
                self._show_error(exc)
                return
            self._show(Counted.of(insights))
            return
        self.counting = True
        self._show_counting()
        self.worker.request(self.generation, filters, date.today(), self._names_wanted)

    def _deliver(self, generation: int, result: object) -> None:
        """A result from the worker: shown if it answers the newest request, else dropped."""
        if generation != self.generation:
            self.result_dropped.emit(generation)
            return
        self.counting = False
        if isinstance(result, Counted):
            if result.names is not None:
                self._names_wanted = False
                self._fill_names(result.names)
                if self.filters() != result.insights.filters:  # a chosen name has gone
                    self.refresh()
                    return
            self._show(result)
        elif isinstance(result, DebriefError):
            self._show_error(result)
        elif isinstance(result, BaseException):
            self._show_error(DebriefError("The insights could not be added up."))
            raise result  # unexpected: the excepthook logs it and says so
        else:
            raise TypeError(f"unexpected insights result {result!r}")

    def _show_counting(self) -> None:
        """A calm note while the worker counts; what was shown before stays readable."""
        self.summary.setText(COUNTING)
        self.caution.setText("")
        if self.insights is None:
            page = Page(self)
            page.paragraph(COUNTING)
            for browser in (self.findings_text, self.praise_text, self.criteria_text):
                browser.setHtml(page.html())
            for canvas in self.canvases():
                canvas.show_message(COUNTING)

    def _show_error(self, exc: DebriefError) -> None:
        self.counting = False
        self.summary.setText(str(exc))
        self.shown.emit()

    def _show(self, counted: Counted) -> None:
        self.insights = insights = counted.insights
        self._show_summary(insights)
        self.findings_text.setHtml(self._findings_html(counted))
        self.praise_text.setHtml(self._praise_html(insights))
        self.criteria_text.setHtml(self._criteria_html(insights))
        self._draw_reasons()
        self.competitor_canvas.show_spec_later(competitor_chart(insights))
        self.outcome_canvas.show_spec_later(outcome_chart(insights))
        self.quarter_canvas.show_spec_later(quarter_chart(insights))
        self.behind.clear()
        self.behind_title.setText("Click a bar to list the debriefs behind it.")
        self.shown.emit()

    def _draw_reasons(self, *_: object) -> None:
        if self.insights is not None:
            self.reason_canvas.show_spec_later(
                reason_chart(self.insights, any_mention=self.secondaries.isChecked())
            )

    def _show_summary(self, i: Insights) -> None:
        if not i.total:
            hint = "Widen the period or clear a filter."
            if not self.samples.isChecked() and has_samples(self.store):
                hint += " The sample debriefs are left out: tick them in to look around."
            self.summary.setText(f"No debriefs in this selection. {hint}")
            self.caution.setText("")
            return
        parts = [f"{g.count} {outcome_words(g.key)}" for g in i.outcomes if g.count]
        self.summary.setText(f"{plural(i.total, 'debrief')}: " + " · ".join(parts))
        self.caution.setText(
            f"Small sample: fewer than {SMALL_SAMPLE} debriefs, so an issue that affects one "
            "buyer in five can easily be missed. Read the numbers as early signals."
            if i.small
            else ""
        )

    def _findings_html(self, counted: Counted) -> str:
        i = counted.insights
        page = Page(self)
        if not i.total:
            page.paragraph("No debriefs in this selection.")
            return page.html()
        page.heading("Headline findings")
        for n, f in enumerate(counted.findings, 1):
            small = " · small sample" if f.small else ""
            page.raw(f"<p><b>{n}. {esc(f.text)}</b><br>")
            page.raw(
                page.muted_text(f"Count: {f.count} of {f.of}{small}. Rule: {f.rule.statement}")
            )
            if f.quote:
                where = " · ".join(p for p in (f.quote.account_name, f.quote.lost_on) if p)
                page.raw(f"<br><i>“{esc(f.quote.text)}”</i> {page.muted_text('— ' + where)}")
            else:
                page.raw("<br>" + page.muted_text("No quote was recorded for this."))
            page.raw("</p>")
        page.heading("Suggested actions")
        actions = counted.actions
        if not actions:
            page.paragraph(
                "No rule's threshold is met by these numbers, so no action is suggested."
            )
        for n, a in enumerate(actions, 1):
            page.raw(f"<p>{n}. {esc(a.text)}<br>{page.muted_text('Rule: ' + a.rule.statement)}</p>")
        page.heading("Value lost")
        if not i.value:
            page.paragraph("No deal values were recorded.")
        cell = 'style="padding:1px 14px 1px 0;"'
        head = "".join(
            f"<th align=left {cell}>{esc(label)}</th>"
            for label in ("Currency", *(o.label for o in OUTCOME_ORDER), "Total")
        )
        body = "".join(
            f"<tr><td {cell}><b>{esc(v.currency)}</b></td>"
            + "".join(
                f"<td {cell}>"
                + (f"{esc(format_amount(m.total_minor))} ({m.count})" if m.count else "—")
                + "</td>"
                for _o, m in v.by_outcome
            )
            + f"<td {cell}><b>{esc(format_amount(v.total.total_minor))} ({v.total.count})</b></td>"
            "</tr>"
            for v in i.value
        )
        rows = f"<tr>{head}</tr>{body}" if body else ""
        if rows:
            page.raw(f"<table>{rows}</table>")
            note = "Each currency on its own line; in brackets, how many deals."
            page.raw(f"<p>{page.muted_text(note)}</p>")
        page.heading("Follow-ups and win-back")
        for line in describe_followups(i.followups):
            page.paragraph(line)
        return page.html()

    def _praise_html(self, i: Insights) -> str:
        page = Page(self)
        if not i.competitors and not i.praise:
            page.paragraph("No competitor won a deal in this selection.")
            return page.html()
        page.heading("What winners are praised for")
        for winner, groups in i.praise:
            page.raw(f"<p><b>{esc(winner)}</b><br>")
            page.raw("<br>".join(f"• {esc(g.label)} ({g.count})" for g in groups[:8]))
            page.raw("</p>")
        page.heading("Deals and value by competitor")
        for n, c in enumerate(i.competitors):
            value = money_text(c.value)
            small = " · small sample" if c.small else ""
            reasons = ", ".join(f"{g.label} {g.count}" for g in c.reasons if g.key != NO_REASON)
            page.raw(
                f'<p><a href="competitor:{n}"><b>{esc(c.name)}</b></a>: {plural(c.count, "deal")}'
                f"{esc(' · ' + value) if value else ''}{small}"
                + (f"<br>{page.muted_text('Main reasons: ' + reasons)}" if reasons else "")
                + "</p>"
            )
        return page.html()

    def _criteria_html(self, i: Insights) -> str:
        page = Page(self)
        page.heading("Buying criteria that keep coming up")
        if not i.criteria:
            page.paragraph("No criteria were recorded in these debriefs.")
        for n, c in enumerate(i.criteria[:25]):
            moved = (
                f"new now {len(c.new_ids)} · changed {len(c.changed_ids)}"
                f" · dropped {len(c.dropped_ids)}"
            )
            page.raw(
                f'<p><a href="criterion:{n}"><b>{esc(c.label)}</b></a>'
                f" — {plural(c.count, 'debrief')} · {moved}"
            )
            for then, now, account in c.examples[:2]:
                page.raw(
                    "<br>" + page.muted_text(f"Then: {then or '—'} → now: {now or '—'} ({account})")
                )
            page.raw("</p>")
        page.raw(f"<p>{page.muted_text('Click a criterion or request to list its debriefs.')}</p>")
        page.heading("What customers asked of us")
        if not i.requests:
            page.paragraph("No product requests were recorded in these debriefs.")
        for n, g in enumerate(i.requests[:25]):
            page.raw(
                f'<p><a href="request:{n}">{esc(g.label)}</a>'
                f" — <b>{plural(g.count, 'debrief')}</b></p>"
            )
        return page.html()

    # -- the debriefs behind a bar -------------------------------------------------------------

    def show_behind(self, hit: Hit) -> None:
        if self.insights is None:
            return
        i = self.insights
        canvas = self.sender()
        spec = canvas.spec if isinstance(canvas, ChartCanvas) else None
        series = spec.series_label(hit.series) if spec and len(spec.series) > 1 else ""
        what = f"{hit.label} · {series}" if series and series != hit.label else hit.label
        self.behind_title.setText(f"{what}: {plural(len(hit.ids), 'debrief')}")
        self.behind.clear()
        for r in i.lines(hit.ids):
            item = QTreeWidgetItem(
                [
                    r.lost_on,
                    r.account_name,
                    r.opportunity,
                    r.winner,
                    format_amount(r.value_minor, r.currency),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            self.behind.addTopLevelItem(item)
        first = self.behind.topLevelItem(0)
        if first is not None:
            self.behind.setCurrentItem(first)

    def _open_item(self, item: QTreeWidgetItem) -> None:
        self.open_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))
