"""The follow-ups feature: it receives the store, the operation runner and a few callables from
the window, and exposes its page, panel, badge and actions; the main window places them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStatusBar, QToolButton, QWidget

from debrief.changes import ChangeSet
from debrief.errors import DebriefError
from debrief.followups.agenda import due_count
from debrief.followups.model import Followup
from debrief.letters.drafting import LetterKind
from debrief.store.database import Store

from ..operations import Operations, show_problem
from .agenda_page import AgendaPage
from .calendar_export import ask_and_export
from .next_steps import PLAN_KEY, NextStepsPanel
from .notifier import DueNotifier
from .plan_dialog import PlanDialog
from .relationship_dialog import RelationshipDialog
from .settings_dialog import FollowupSettingsDialog


class Followups(QObject):
    def __init__(
        self,
        store: Store,
        ops: Operations,
        parent: QWidget,
        *,
        current_debrief: Callable[[], str | None],
        open_letters: Callable[[str, LetterKind], object],
        open_debrief: Callable[[str], object],
        show_page: Callable[[QWidget], object],
        status_bar: QStatusBar | None = None,
        icon: QIcon | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.store, self.ops, self.parent_widget = store, ops, parent
        self.current_debrief = current_debrief
        self.open_letters = open_letters
        self.open_debrief = open_debrief
        self.show_page = show_page
        self.today = today

        self.page = AgendaPage(store, ops, today)
        self.page.open_debrief_requested.connect(open_debrief)
        self.page.draft_requested.connect(self.draft)
        self.page.export_requested.connect(self.export)
        self.page.settings_requested.connect(self.edit_settings)
        self.panel = NextStepsPanel(store, today)
        self.panel.draft_requested.connect(self.draft)
        self.panel.plan_requested.connect(self.plan)
        self.panel.relationship_requested.connect(self.relationship)

        self.agenda_action = self._action("&Follow-ups", self.show_agenda, "Ctrl+2")
        self.agenda_action.setStatusTip("Overdue, this week and later follow-ups")
        self.plan_action = self._action("Follow-up &plan…", lambda: self.plan(), PLAN_KEY)
        self.plan_action.setStatusTip("Review and accept the follow-ups of the debrief in view")
        self.relationship_action = self._action(
            "&Relationship outcome…", lambda: self.relationship()
        )
        self.export_action = self._action(
            "E&xport follow-ups to calendar…", lambda: self.export(None)
        )
        self.settings_action = self._action("Follow-up se&ttings…", self.edit_settings)

        self.badge = QToolButton()
        self.badge.setObjectName("followupsDueBadge")
        self.badge.setAutoRaise(True)
        self.badge.setToolTip("Follow-ups due today or overdue (Ctrl+2)")
        self.badge.clicked.connect(self.show_agenda)
        self.notifier = DueNotifier(store, status_bar, icon or QIcon(), today, self)
        self.notifier.clicked.connect(self.show_agenda)
        self.notifier.timer.timeout.connect(self.update_badge)
        ops.changed.connect(self._changed)
        self.update_badge()

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self.parent_widget)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    # -- keeping up with changes ------------------------------------------------------------------

    def _changed(self, changes: ChangeSet) -> None:
        if changes.listing or changes.settings:
            self.data_changed()

    def data_changed(self) -> None:
        """Something about debriefs or follow-ups changed (also called for older signals)."""
        self.update_badge()
        self.page.refresh_when_shown()
        if self.panel.debrief_id and self.panel.isVisible():
            self.panel.show_for(self.panel.debrief_id)

    def update_badge(self) -> int:
        try:
            count = due_count(self.store, self.today())
        except (DebriefError, sqlite3.ProgrammingError):  # closed on the way out
            count = 0
        self.badge.setText(f"{count} follow-up{'' if count == 1 else 's'} due")
        self.badge.setVisible(count > 0)
        return count

    # -- actions ------------------------------------------------------------------------------

    def show_agenda(self) -> AgendaPage:
        self.page.refresh()
        self.show_page(self.page)
        self.page.tree.setFocus()
        return self.page

    def _debrief(self, debrief_id: str | None) -> str | None:
        debrief_id = debrief_id or self.current_debrief()
        if not debrief_id:
            show_problem(
                self.parent_widget, "Select a debrief in the list first, then plan its follow-ups."
            )
        return debrief_id

    def plan(self, debrief_id: str | None = None) -> PlanDialog | None:
        debrief_id = self._debrief(debrief_id)
        if not debrief_id:
            return None
        result = self.ops.run(
            self.parent_widget,
            lambda: PlanDialog(self.store, self.ops, debrief_id, self.today(), self.parent_widget),
        )
        if not result.ok:
            return None
        dialog = result.unwrap()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def relationship(self, debrief_id: str | None = None) -> RelationshipDialog | None:
        debrief_id = self._debrief(debrief_id)
        if not debrief_id:
            return None
        result = self.ops.run(
            self.parent_widget,
            lambda: RelationshipDialog(
                self.store, self.ops, debrief_id, self.today(), self.parent_widget
            ),
        )
        if not result.ok:
            return None
        dialog = result.unwrap()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def draft(self, debrief_id: str, kind: LetterKind) -> object:
        return self.open_letters(debrief_id, kind)

    def export(self, followup: Followup | None) -> object:
        return ask_and_export(self.store, self.ops, self.parent_widget, followup)

    def edit_settings(self) -> FollowupSettingsDialog:
        dialog = FollowupSettingsDialog(self.store, self.ops, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
