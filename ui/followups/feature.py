"""Follow-ups as a feature of the shell: built with a `Shell` (plus the two steps it hands over to
other features: open a debrief's page, open its letters), it exposes its page (the agenda), the
"What to do next" panel for a debrief's page, the due-count badge, the notifier and its actions;
the main window places them. It keeps itself up to date from `ops.changed`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QToolButton

from debrief.changes import ChangeSet
from debrief.errors import DebriefError
from debrief.followups.agenda import due_count
from debrief.followups.model import Followup
from debrief.model import LetterKind
from debrief.resources import resource_path

from ..shell import Shell
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
        shell: Shell,
        *,
        open_debrief: Callable[[str], object],
        open_letters: Callable[[str, LetterKind], object],
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(shell.parent)
        store, ops = shell.store, shell.ops
        self.store, self.ops, self.nav = store, ops, shell.nav
        self.parent_widget = shell.parent
        self.open_letters = open_letters
        self.open_debrief = open_debrief
        self.today = today

        self.page = AgendaPage(store, ops, today)
        self.page.back_requested.connect(self.nav.show_list)
        self.page.message.connect(self.nav.show_message)
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
        # The app's own icon (the window's may not be set yet): a tray entry needs one to show.
        icon = QIcon(str(resource_path("icons", "debrief.svg")))
        self.notifier = DueNotifier(store, self.nav.show_message, icon, today, self)
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
        """Something about debriefs or follow-ups changed: the badge, the agenda, the panel."""
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
        self.nav.show_page(self.page)
        self.page.tree.setFocus()
        return self.page

    def _debrief(self, debrief_id: str | None) -> str | None:
        debrief_id = debrief_id or self.nav.current_debrief_id()
        if not debrief_id:
            self.nav.show_message("Select a debrief first, then plan its follow-ups.", 6000)
        return debrief_id

    def plan(self, debrief_id: str | None = None) -> PlanDialog | None:
        debrief_id = self._debrief(debrief_id)
        if not debrief_id:
            return None
        return self.ops.open_dialog(
            self.parent_widget,
            lambda: PlanDialog(self.store, self.ops, debrief_id, self.today(), self.parent_widget),
        )

    def relationship(self, debrief_id: str | None = None) -> RelationshipDialog | None:
        debrief_id = self._debrief(debrief_id)
        if not debrief_id:
            return None
        return self.ops.open_dialog(
            self.parent_widget,
            lambda: RelationshipDialog(
                self.store, self.ops, debrief_id, self.today(), self.parent_widget
            ),
        )

    def draft(self, debrief_id: str, kind: LetterKind) -> object:
        return self.open_letters(debrief_id, kind)

    def export(self, followup: Followup | None) -> object:
        return ask_and_export(self.store, self.ops, self.parent_widget, followup)

    def edit_settings(self) -> FollowupSettingsDialog:
        dialog = FollowupSettingsDialog(self.store, self.ops, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
