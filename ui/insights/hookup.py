"""Puts Insights into the main window: View ▸ Insights, its page, the report.

Nothing heavy is imported here: the page (and matplotlib with it) is built the first time the
rep opens it, so starting the app never pays for the charts. The window needs to offer
`pages` (a QStackedWidget), `view_menu`, `store`, `show_list()` and a way to open a debrief.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from debrief.changes import ChangeSet
from debrief.insights.aggregate import build_insights
from debrief.insights.report import ReportOptions, render_report
from debrief.letters.pdf import write_pdf
from debrief.resources import resource_path

from ..operations import Operations

if TYPE_CHECKING:
    from .page import InsightsPage

SHORTCUT = "Ctrl+Shift+I"


class InsightsFeature(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.page: InsightsPage | None = None
        self.ops: Operations = getattr(window, "ops", None) or Operations(window.store, self)
        self.action = QAction("&Insights", window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setStatusTip("Your losses added up: reasons, competitors, requests")
        self.action.triggered.connect(self.show)
        window.view_menu.addAction(self.action)
        self.ops.changed.connect(self._changed)
        old = getattr(window, "changes", None)  # the signals being replaced by ops.changed
        if old is not None:
            old.debriefs_changed.connect(self._stale)
            old.debrief_changed.connect(self._stale)

    def show(self) -> InsightsPage:
        first = self.page is None
        if self.page is None:
            from .page import InsightsPage  # pulls in matplotlib: only now

            page = InsightsPage(self.window.store)
            page.back_requested.connect(self.window.show_list)
            page.open_requested.connect(self.open_debrief)
            page.report_requested.connect(self.ask_for_report)
            back = QAction("Back to the list", page)
            back.setShortcut(QKeySequence(Qt.Key.Key_Escape))
            back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            back.triggered.connect(self.window.show_list)
            page.addAction(back)
            self.window.pages.addWidget(page)
            self.page = page
        self.window.pages.setCurrentWidget(self.page)
        if first:
            self.page.refresh()
        self.page.tabs.setFocus()
        return self.page

    def open_debrief(self, debrief_id: str) -> None:
        opener = getattr(self.window, "open_debrief", None)
        if opener is None:
            opener = self.window.browsing.open_debrief
        opener(debrief_id)

    def _changed(self, changes: ChangeSet) -> None:
        if changes.listing:
            self._stale()

    def _stale(self, *_: object) -> None:
        if self.page is not None:
            self.page.refresh_when_shown()

    # -- the report ----------------------------------------------------------------------------

    def ask_for_report(self) -> None:
        from .report_dialog import ReportDialog

        if self.page is None:
            return
        dialog = ReportDialog(self.page.filters(), self.page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.save_report)
        dialog.open()

    def save_report(self, path: Path, people_notes: bool) -> bool:
        """Render the report for the page's filters and write it; plain-words errors."""
        if self.page is None:
            return False
        filters = self.page.filters()
        store = self.window.store

        def produce() -> int:
            insights = build_insights(store, filters)
            pdf = render_report(insights, resource_path("fonts"), ReportOptions(people_notes))
            write_pdf(Path(path), pdf)
            return insights.total

        outcome = self.ops.run(self.page, produce)
        if outcome.ok:
            self.window.statusBar().showMessage(f"Report saved to {path}", 8000)
        return outcome.ok


def install_insights(window: Any) -> InsightsFeature:
    return InsightsFeature(window)
