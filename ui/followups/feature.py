"""Follow-ups as a feature of the shell: built with a `Shell` (plus the two steps it hands over to
other features: open a debrief's page, open its letters), it exposes its page (the agenda), the
"What to do next" panel for a debrief's page, the due-count badge, the notifier and its actions;
the main window places them. It keeps itself up to date from `ops.changed`.

Only the actions and the badge are made with the window. The agenda page, the panel, the
dialogs and the follow-ups' core modules are imported and built the first time they are
needed; the badge's count and the notifier start after the window's first paint (`start`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QToolButton

from debrief.changes import ChangeSet
from debrief.errors import DebriefError
from debrief.model import LetterKind
from debrief.resources import resource_path

from ..shell import Lazy, Shell
from .keys import AGENDA_KEY, PLAN_KEY

if TYPE_CHECKING:  # each loads the first time it is needed
    from debrief.followups.model import Followup

    from .agenda_page import AgendaPage
    from .next_steps import NextStepsPanel
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

        self._page = Lazy(self._build_page)
        self._panel = Lazy(self._build_panel)
        self._notifier = Lazy(self._build_notifier)

        self.agenda_action = self._action("&Follow-ups", self.show_agenda, AGENDA_KEY)
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
        self.badge.hide()  # until `start` has counted
        ops.changed.connect(self._changed)

    def start(self) -> None:
        """After the window's first paint: the badge's count, then the notifier's checks."""
        self.update_badge()
        self.notifier.start()

    def stop(self) -> None:
        """The window is closing."""
        if (notifier := self._notifier.built) is not None:
            notifier.stop()

    # -- parts built when first needed ------------------------------------------------------------

    @property
    def page(self) -> AgendaPage:
        return self._page.get()

    @property
    def panel(self) -> NextStepsPanel:
        return self._panel.get()

    @property
    def notifier(self) -> DueNotifier:
        return self._notifier.get()

    def _build_page(self) -> AgendaPage:
        from .agenda_page import AgendaPage

        page = AgendaPage(self.store, self.ops, self.today)
        page.back_requested.connect(self.nav.show_list)
        page.message.connect(self.nav.show_message)
        page.open_debrief_requested.connect(self.open_debrief)
        page.draft_requested.connect(self.draft)
        page.export_requested.connect(self.export)
        page.settings_requested.connect(self.edit_settings)
        self.nav.add_page(page)
        return page

    def _build_panel(self) -> NextStepsPanel:
        from .next_steps import NextStepsPanel

        panel = NextStepsPanel(self.store, self.today)
        panel.draft_requested.connect(self.draft)
        panel.plan_requested.connect(self.plan)
        panel.relationship_requested.connect(self.relationship)
        return panel

    def _build_notifier(self) -> DueNotifier:
        from .notifier import DueNotifier

        # The app's own icon (the window's may not be set yet): a tray entry needs one to show.
        icon = QIcon(str(resource_path("icons", "debrief.svg")))
        notifier = DueNotifier(self.store, self.nav.show_message, icon, self.today, self)
        notifier.clicked.connect(self.show_agenda)
        notifier.timer.timeout.connect(self.update_badge)
        return notifier

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
        if (page := self._page.built) is not None:
            page.refresh_when_shown()
        panel = self._panel.built
        if panel is not None and panel.debrief_id and panel.isVisible():
            panel.show_for(panel.debrief_id)

    def update_badge(self) -> int:
        from debrief.followups.agenda import due_count

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
        from .plan_dialog import PlanDialog

        return self.ops.open_dialog(
            self.parent_widget,
            lambda: PlanDialog(self.store, self.ops, debrief_id, self.today(), self.parent_widget),
        )

    def relationship(self, debrief_id: str | None = None) -> RelationshipDialog | None:
        debrief_id = self._debrief(debrief_id)
        if not debrief_id:
            return None
        from .relationship_dialog import RelationshipDialog

        return self.ops.open_dialog(
            self.parent_widget,
            lambda: RelationshipDialog(
                self.store, self.ops, debrief_id, self.today(), self.parent_widget
            ),
        )

    def draft(self, debrief_id: str, kind: LetterKind) -> object:
        return self.open_letters(debrief_id, kind)

    def export(self, followup: Followup | None) -> object:
        from .calendar_export import ask_and_export

        return ask_and_export(self.store, self.ops, self.parent_widget, followup)

    def edit_settings(self) -> FollowupSettingsDialog:
        from .settings_dialog import FollowupSettingsDialog

        dialog = FollowupSettingsDialog(self.store, self.ops, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
