"""Meeting mode as a feature of the shell: the meeting page and its actions.

Built by the main window with a `Shell`. It exposes `page`, `start_action` ("Start meeting…",
Ctrl+M: prepares or resumes the meeting of the debrief in view) and `question_sets_action`;
the window places them.
"""

# This module adds undeclared attributes to the main window (the `shell` branch replaces it with
# declared feature actions); until then mypy is told not to check those attribute names.
# mypy: disable-error-code="attr-defined"

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from debrief.changes import ChangeSet
from debrief.resources import resource_path

from ..operations import show_problem
from ..shell import Shell, closed_because_removed
from .page import MeetingPage
from .set_editor import QuestionSetDialog


def default_set_path() -> Path:
    """The shipped question set (data, not code)."""
    return resource_path("question_sets", "default.json")


class MeetingMode(QObject):
    def __init__(self, shell: Shell):
        super().__init__(shell.parent)
        self.store, self.ops, self.nav = shell.store, shell.ops, shell.nav
        self.parent_widget = shell.parent
        settings = shell.settings
        self.page = MeetingPage(self.ops, default_set_path())
        self.page.edit_sets_requested.connect(self.edit_question_sets)
        self.ops.changed.connect(self._data_changed)
        cues = self.page.meeting_screen.coaching
        cues.set_expanded(str(settings.value("meeting/cues_shown", "true")) == "true")
        cues.toggle.toggled.connect(
            lambda on: settings.setValue("meeting/cues_shown", "true" if on else "false")
        )

        # The rep arranges the meeting screen once; it stays that way.
        for key, splitter in (
            ("meeting/columns", self.page.meeting_screen.splitter),
            ("meeting/notes", self.page.meeting_screen.notes_splitter),
        ):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
            splitter.splitterMoved.connect(
                lambda *_, k=key, sp=splitter: settings.setValue(k, sp.saveState())
            )

        self.start_action = QAction("Start &meeting…", self.parent_widget)
        self.start_action.setShortcut(QKeySequence("Ctrl+M"))
        self.start_action.setToolTip("Prepare and run the debrief meeting of this debrief")
        self.start_action.triggered.connect(self.start_meeting)

        self.question_sets_action = QAction("&Question sets…", self.parent_widget)
        self.question_sets_action.triggered.connect(self.edit_question_sets)

    def start_meeting(self) -> None:
        debrief_id = self.nav.current_debrief_id()
        if debrief_id is None:
            show_problem(
                self.parent_widget, "Select a debrief in the list first, then start its meeting."
            )
            return
        if self.ops.run(self.parent_widget, lambda: self.page.open(debrief_id)).ok:
            self.nav.show_page(self.page)

    def edit_question_sets(self) -> QuestionSetDialog:
        dialog = QuestionSetDialog(self.ops, default_set_path(), self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.set_saved.connect(self._set_saved)
        dialog.open()
        return dialog

    def _set_saved(self, name: str) -> None:
        """Offer the set the rep just saved in the prepare view."""
        if not self.page.in_meeting():
            self.page.prepare.reload_sets(name)

    def leave(self) -> None:
        """The window is closing: write everything the meeting holds."""
        self.page.leave()

    def _data_changed(self, changes: ChangeSet) -> None:
        if changes.question_sets and not self.page.in_meeting():
            self.page.prepare.reload_sets()
        debrief_id = self.page.debrief_id
        if debrief_id is None or debrief_id not in changes.removed:
            return
        self.page.close_debrief()
        if self.nav.is_current(self.page):
            self.nav.show_list()
            self.nav.show_message(closed_because_removed(self.store, debrief_id, "the meeting"))
