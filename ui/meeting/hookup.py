"""Plugs meeting mode into the main window: the page, its actions and its shortcuts.

Contract used by other screens: `window.meeting_action` starts (or resumes) the meeting of
`window.current_debrief_id()`.
"""

# This module adds undeclared attributes to the main window (the `shell` branch replaces it with
# declared feature actions); until then mypy is told not to check those attribute names.
# mypy: disable-error-code="attr-defined"

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from debrief.resources import resource_path

from ..operations import attempt, show_problem
from .page import MeetingPage
from .set_editor import QuestionSetDialog

if TYPE_CHECKING:
    from ..main_window import MainWindow


def default_set_path() -> Path:
    """The shipped question set (data, not code)."""
    return resource_path("question_sets", "default.json")


class MeetingMode(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.page = MeetingPage(window.store, default_set_path())
        window.pages.addWidget(self.page)
        self.page.debrief_changed.connect(window.changes.debrief_changed)
        self.page.edit_sets_requested.connect(self.edit_question_sets)
        cues = self.page.screen.coaching
        cues.set_expanded(str(window.settings.value("meeting/cues_shown", "true")) == "true")
        cues.toggle.toggled.connect(
            lambda on: window.settings.setValue("meeting/cues_shown", "true" if on else "false")
        )

        # The rep arranges the meeting screen once; it stays that way.
        for key, splitter in (
            ("meeting/columns", self.page.screen.splitter),
            ("meeting/notes", self.page.screen.notes_splitter),
        ):
            state = window.settings.value(key)
            if state is not None:
                splitter.restoreState(state)
            splitter.splitterMoved.connect(
                lambda *_, k=key, sp=splitter: window.settings.setValue(k, sp.saveState())
            )

        window.meeting_action = QAction("Start &meeting…", window)
        window.meeting_action.setShortcut(QKeySequence("Ctrl+M"))
        window.meeting_action.setToolTip("Prepare and run the debrief meeting of this debrief")
        window.meeting_action.triggered.connect(self.start_meeting)
        file_actions = window.file_menu.actions()
        window.file_menu.insertAction(file_actions[1], window.meeting_action)

        window.question_sets_action = QAction("&Question sets…", window)
        window.question_sets_action.triggered.connect(self.edit_question_sets)
        window.edit_menu.addAction(window.question_sets_action)

        window.fullscreen_action = QAction("&Full screen", window)
        window.fullscreen_action.setShortcut(QKeySequence("F11"))
        window.fullscreen_action.setCheckable(True)
        window.fullscreen_action.toggled.connect(self.set_full_screen)
        window.view_menu.addSeparator()
        window.view_menu.addAction(window.fullscreen_action)
        window.addAction(window.fullscreen_action)  # F11 works while the menu bar is hidden
        window.installEventFilter(self)

    def start_meeting(self) -> None:
        debrief_id = self.window.current_debrief_id()
        if debrief_id is None:
            show_problem(self.window, "Select a debrief in the list first, then start its meeting.")
            return
        if attempt(self.window, lambda: self.page.open(debrief_id) or True):  # type: ignore[func-returns-value]  # `or True`: attempt() returns None on failure
            self.window.pages.setCurrentWidget(self.page)

    def edit_question_sets(self) -> QuestionSetDialog:
        dialog = QuestionSetDialog(self.window.store, default_set_path(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sets_changed.connect(self._sets_changed)
        dialog.open()
        return dialog

    def _sets_changed(self, name: str) -> None:
        if not self.page.in_meeting():
            self.page.prepare.reload_sets(name)

    def set_full_screen(self, on: bool) -> None:
        """Distraction-free: the whole screen, no menu bar or status bar (F11 again to leave)."""
        self.window.menuBar().setVisible(not on)
        self.window.statusBar().setVisible(not on)
        if on:
            self.window.showFullScreen()
        else:
            self.window.showNormal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.page.leave()
        return False


def install_meeting(window: MainWindow) -> MeetingMode:
    return MeetingMode(window)
