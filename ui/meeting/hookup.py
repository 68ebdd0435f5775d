"""Meeting mode as a feature of the shell: the meeting page and its actions.

Built by the main window with a `Shell`. It exposes `page`, `start_action` ("Start meeting…",
Ctrl+M: prepares or resumes the meeting of the debrief in view), `held_action` ("Mark meeting
held…", Ctrl+Shift+H: the rep says it took place) and `question_sets_action`; the window places
them. Esc leaves the meeting for the page it was opened from, asking once (when something was
asked or written and nothing says so yet) whether the meeting took place.
"""

# This module adds undeclared attributes to the main window (the `shell` branch replaces it with
# declared feature actions); until then mypy is told not to check those attribute names.
# mypy: disable-error-code="attr-defined"

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from debrief.changes import ChangeSet
from debrief.debriefs.record import load_record
from debrief.errors import NotFoundError
from debrief.meeting.session import worth_asking_if_held
from debrief.resources import resource_path

from ..operations import show_problem
from ..shell import Shell, closed_because_removed
from .held_dialog import HeldDialog
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
        self.page.leave_requested.connect(self.leave_meeting)
        self.page.held_requested.connect(self.mark_held)
        self.page.left.connect(self._left)
        self.came_from: QWidget | None = None  # where Esc goes back to
        self.asked_if_held: set[str] = set()  # asked once per debrief while the app runs
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

        self.held_action = QAction("Mark meeting &held…", self.parent_widget)
        self.held_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.held_action.setToolTip(
            "Say the debrief meeting took place, and when: the summary letter needs it"
        )
        self.held_action.triggered.connect(self.mark_held)

        self.question_sets_action = QAction("&Question sets…", self.parent_widget)
        self.question_sets_action.triggered.connect(self.edit_question_sets)

    def start_meeting(self) -> None:
        debrief_id = self.nav.current_debrief_id()
        if debrief_id is None:
            show_problem(
                self.parent_widget, "Select a debrief in the list first, then start its meeting."
            )
            return
        before = self.nav.current_page()
        if self.ops.run(self.parent_widget, lambda: self.page.open(debrief_id)).ok:
            if before is not self.page:
                self.came_from = before
            self.nav.show_page(self.page)

    # -- leaving, and whether it took place ---------------------------------------------------

    def leave_meeting(self) -> None:
        """Esc: write everything, ask once whether the meeting took place, then go back."""
        self.page.leave()
        debrief_id = self.page.debrief_id
        if debrief_id is not None and self._worth_asking(debrief_id):
            self.asked_if_held.add(debrief_id)
            dialog = self.held_dialog(debrief_id, asking=True)
            dialog.finished.connect(lambda _result: self._go_back())
            return
        self._go_back()

    def _go_back(self) -> None:
        target = self.came_from
        self.came_from = None
        if target is None or target is self.page:
            self.nav.show_list()
        else:
            self.nav.show_page(target)
        self.nav.show_message("Left the meeting; everything is saved. Ctrl+M goes back to it.")

    def _worth_asking(self, debrief_id: str) -> bool:
        if debrief_id in self.asked_if_held:
            return False
        try:
            return worth_asking_if_held(load_record(self.store, debrief_id))
        except NotFoundError:
            return False

    def _left(self, debrief_id: str) -> None:
        """Left another way (Ctrl+1, a letter…): say it once, quietly, without a dialog."""
        if self._worth_asking(debrief_id):
            self.asked_if_held.add(debrief_id)
            self.nav.show_message(
                "If the meeting took place, mark it held (Ctrl+Shift+H on its page): the "
                "summary letter needs it.",
                15000,
            )

    def mark_held(self) -> QDialog | None:
        debrief_id = self.nav.current_debrief_id()
        if debrief_id is None:
            show_problem(self.parent_widget, "Select a debrief in the list first.")
            return None
        return self.held_dialog(debrief_id)

    def held_dialog(self, debrief_id: str, asking: bool = False) -> HeldDialog:
        dialog = HeldDialog(self.ops, debrief_id, self.parent_widget, asking=asking)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.marked.connect(self._marked)
        dialog.open()
        return dialog

    def _marked(self, debrief_id: str) -> None:
        self.asked_if_held.add(debrief_id)
        self.nav.show_message("Marked the meeting held.")

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
