"""Meeting mode as a feature of the shell: the meeting page and its actions.

Built by the main window with a `Shell`. It exposes `page`, `start_action` ("Start meeting…",
Ctrl+M: prepares or resumes the meeting of the debrief in view), `held_action` ("Mark meeting
held…", Ctrl+Shift+H: the rep says it took place) and `question_sets_action`; the window places
them. Esc leaves the meeting for the page it was opened from, asking once (when something was
asked or written and nothing says so yet) whether the meeting took place.

Only the actions are made with the window: the page (the meeting screen, its capture, coaching
and read-back) and the dialogs are imported and built the first time a meeting is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from debrief.changes import ChangeSet
from debrief.errors import NotFoundError
from debrief.resources import resource_path

from ..operations import show_problem
from ..shell import Lazy, Shell, closed_because_removed

if TYPE_CHECKING:  # the page and the dialogs load the first time a meeting is opened
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
        self.settings = shell.settings
        self._page = Lazy(self._build_page)
        self.came_from: QWidget | None = None  # where Esc goes back to
        self.asked_if_held: set[str] = set()  # asked once per debrief while the app runs
        self.ops.changed.connect(self._data_changed)

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

    @property
    def page(self) -> MeetingPage:
        return self._page.get()

    @property
    def built_page(self) -> MeetingPage | None:
        """The meeting page if a meeting was opened (else it can't be in view)."""
        return self._page.built

    def _build_page(self) -> MeetingPage:
        from .page import MeetingPage

        page = MeetingPage(self.ops, default_set_path())
        page.edit_sets_requested.connect(self.edit_question_sets)
        page.leave_requested.connect(self.leave_meeting)
        page.held_requested.connect(self.mark_held)
        page.left.connect(self._left)
        _remember_layout(page, self.settings)
        self.nav.add_page(page)
        return page

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
        from debrief.debriefs.record import load_record
        from debrief.meeting.session import worth_asking_if_held

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
        from .held_dialog import HeldDialog

        dialog = HeldDialog(self.ops, debrief_id, self.parent_widget, asking=asking)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.marked.connect(self._marked)
        dialog.open()
        return dialog

    def _marked(self, debrief_id: str) -> None:
        self.asked_if_held.add(debrief_id)
        self.nav.show_message("Marked the meeting held.")

    def edit_question_sets(self) -> QuestionSetDialog:
        from .set_editor import QuestionSetDialog

        dialog = QuestionSetDialog(self.ops, default_set_path(), self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.set_saved.connect(self._set_saved)
        dialog.open()
        return dialog

    def _set_saved(self, name: str) -> None:
        """Offer the set the rep just saved in the prepare view."""
        page = self._page.built
        if page is not None and not page.in_meeting():
            page.prepare.reload_sets(name)

    def leave(self) -> None:
        """The window is closing: write everything the meeting holds."""
        if (page := self._page.built) is not None:
            page.leave()

    def _data_changed(self, changes: ChangeSet) -> None:
        page = self._page.built
        if page is None:  # no meeting was opened yet: nothing shows what changed
            return
        if changes.question_sets and not page.in_meeting():
            page.prepare.reload_sets()
        debrief_id = page.debrief_id
        if debrief_id is None or debrief_id not in changes.removed:
            return
        page.close_debrief()
        if self.nav.is_current(page):
            self.nav.show_list()
            self.nav.show_message(closed_because_removed(self.store, debrief_id, "the meeting"))


def _remember_layout(page: MeetingPage, settings: QSettings) -> None:
    """The rep arranges the meeting screen once (columns, notes, cues shown); it stays so."""
    cues = page.meeting_screen.coaching
    cues.set_expanded(str(settings.value("meeting/cues_shown", "true")) == "true")
    cues.toggle.toggled.connect(
        lambda on: settings.setValue("meeting/cues_shown", "true" if on else "false")
    )
    for key, splitter in (
        ("meeting/columns", page.meeting_screen.splitter),
        ("meeting/notes", page.meeting_screen.notes_splitter),
    ):
        state = settings.value(key)
        if state is not None:
            splitter.restoreState(state)
        splitter.splitterMoved.connect(
            lambda *_, k=key, sp=splitter: settings.setValue(k, sp.saveState())
        )
