"""Insights as a feature of the shell: View ▸ Insights, its page, and the report.

Nothing heavy is imported here: the window adds `host` (an empty page) to its stack at start-up,
and the real page, with matplotlib, is built inside it the first time the rep opens it, so
starting the app never pays for the charts. The window hands it `open_debrief` (what opens a
debrief's page, as a plain callable) and places `action` in its View menu.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from debrief.changes import ChangeSet
from debrief.resources import resource_path

from ..shell import Shell

if TYPE_CHECKING:
    from .page import InsightsPage

SHORTCUT = "Ctrl+Shift+I"


class InsightsHost(QWidget):
    """The page the window stacks: empty until Insights is first opened."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("insightsHost")
        self.page: InsightsPage | None = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def current_debrief_id(self) -> str | None:
        """The debrief selected in the list behind a bar (what Ctrl+M and Ctrl+L act on)."""
        if self.page is None:
            return None
        item = self.page.behind.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None


ExportDebriefs = Callable[[tuple[str, ...], str, dict[str, str | None]], object]
"""`export(ids, label, chosen_by)`: the export dialog offering exactly these debriefs."""


class Insights(QObject):
    def __init__(
        self,
        shell: Shell,
        open_debrief: Callable[[str], object],
        export_debriefs: ExportDebriefs | None = None,
    ) -> None:
        super().__init__(shell.parent)
        self.shell = shell
        self.open_debrief = open_debrief
        self.export_debriefs = export_debriefs
        self.host = InsightsHost()
        self.action = QAction("&Insights", shell.parent)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setStatusTip("Your losses added up: reasons, competitors, requests")
        self.action.triggered.connect(self.show)
        back = QAction("Back to the list", self.host)
        back.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.triggered.connect(shell.nav.show_list)
        self.host.addAction(back)
        shell.ops.changed.connect(self._changed)

    @property
    def page(self) -> InsightsPage | None:
        return self.host.page

    def show(self) -> InsightsPage:
        page = self.host.page
        first = page is None
        if page is None:
            from .page import InsightsPage  # pulls in matplotlib: only now

            page = InsightsPage(self.shell.store)
            page.back_requested.connect(self.shell.nav.show_list)
            page.open_requested.connect(self.open_debrief)
            page.report_requested.connect(self.ask_for_report)
            page.export_requested.connect(self.ask_for_export)
            page.export_button.setVisible(self.export_debriefs is not None)
            self.host.layout_.addWidget(page)
            self.host.page = page
        self.shell.nav.show_page(self.host)
        if first:
            page.refresh()
        page.tabs.setFocus()
        return page

    def _changed(self, changes: ChangeSet) -> None:
        if changes.listing and self.host.page is not None:
            self.host.page.refresh_when_shown()

    # -- export -------------------------------------------------------------------------------

    def ask_for_export(self) -> object:
        """The export dialog, offering the debriefs the page's filters count."""
        page = self.host.page
        if page is None or self.export_debriefs is None:
            return None
        filters = page.filters()
        store = self.shell.store
        from debrief.insights.records import debrief_ids

        outcome = self.shell.ops.run(page, lambda: debrief_ids(store, filters))
        if not outcome.ok:
            return None
        label = f"The debriefs behind &Insights: {filters.period_text()}"
        return self.export_debriefs(outcome.unwrap(), label, filters.as_record())

    # -- the report ----------------------------------------------------------------------------

    def ask_for_report(self) -> None:
        from .report_dialog import ReportDialog

        page = self.host.page
        if page is None:
            return
        dialog = ReportDialog(page.filters(), page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.save_report)
        dialog.open()

    def save_report(self, path: Path, people_notes: bool) -> bool:
        """Render the report for the page's filters and write it; plain-words errors."""
        page = self.host.page
        if page is None:
            return False
        filters = page.filters()
        store = self.shell.store
        # The figures on screen, when they are current for these filters, are the report's:
        # counting again on the window's thread would freeze it for seconds on a big archive.
        counted = page.current_insights()

        def produce() -> int:
            # reportlab (~0.2 s) loads when a report is first saved, not at start-up.
            from debrief.insights.aggregate import build_insights
            from debrief.insights.report import ReportOptions, render_report
            from debrief.letters.pdf import write_pdf

            insights = counted or build_insights(store, filters)
            pdf = render_report(insights, resource_path("fonts"), ReportOptions(people_notes))
            write_pdf(Path(path), pdf)
            return insights.total

        outcome = self.shell.ops.run(page, produce)
        if outcome.ok:
            self.shell.nav.show_message(f"Report saved to {path}")
        return outcome.ok
