"""The meeting page in the main window: the prepare view until the meeting starts, then the
meeting screen. It owns the autosaver, and writes everything whenever the page is left."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from debrief.debriefs.lifecycle import get_debrief
from debrief.debriefs.record import load_record
from debrief.errors import NotFoundError
from debrief.meeting import session as core
from debrief.meeting.question_sets import QuestionSet

from ..autosave import Autosaver
from ..forms.person_dialog import PersonDialog, edit_contact_of
from ..operations import Operations
from ..widgets.save_notice import SaveNotice
from .prepare import PrepareView
from .screen import MeetingScreen


class MeetingPage(QWidget):
    edit_sets_requested = Signal()
    leave_requested = Signal()  # Esc in the meeting
    held_requested = Signal()  # "Mark meeting held…" on the meeting screen
    left = Signal(str)  # the page went out of view while this debrief's meeting was on it
    # Shadows QWidget.screen() (being renamed on the `shell` branch); typed as what it holds.
    screen: MeetingScreen  # type: ignore[assignment]

    def __init__(self, ops: Operations, default_set: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.store = store = ops.store
        self.debrief_id: str | None = None
        self.saver = Autosaver(self, ops=ops)
        self.save_notice = SaveNotice(self.saver)
        self.prepare = PrepareView(store, default_set)
        self.meeting_screen = MeetingScreen(ops, self.saver)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.prepare)
        self.stack.addWidget(self.meeting_screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.save_notice)
        layout.addWidget(self.stack)
        self.prepare.start_requested.connect(self.start)
        self.prepare.edit_sets_requested.connect(self.edit_sets_requested)
        self.prepare.edit_person_requested.connect(self.edit_person)
        self.meeting_screen.leave_requested.connect(self.leave_requested)
        back = QAction("Back", self.prepare)  # Esc before the meeting starts goes back too
        back.setShortcut(QKeySequence("Esc"))
        back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.triggered.connect(self.leave_requested)
        self.prepare.addAction(back)
        self.meeting_screen.held_requested.connect(self.held_requested)

    def edit_person(self) -> PersonDialog | None:
        """The person form on who the meeting is with, from the prepare view."""
        if self.debrief_id is None:
            return None
        debrief_id = self.debrief_id
        dialog = edit_contact_of(self.ops, debrief_id, self)
        if dialog is not None:
            dialog.saved.connect(lambda _person: self._person_saved(debrief_id))
        return dialog

    def _person_saved(self, debrief_id: str) -> None:
        if self.debrief_id == debrief_id and self.stack.currentWidget() is self.prepare:
            self.prepare.load(debrief_id)

    def current_debrief_id(self) -> str | None:
        return self.debrief_id

    def open(self, debrief_id: str) -> None:
        """Show the debrief's meeting: resumed if it has started, else the prepare view."""
        if self.debrief_id is not None:
            self.leave()  # write what is pending before the editors are refilled
        self.debrief_id = debrief_id
        if core.has_started(self.store, debrief_id):
            self.meeting_screen.load(load_record(self.store, debrief_id))
            self.stack.setCurrentWidget(self.meeting_screen)
            if self.isVisible():
                self.meeting_screen.resume_clock()
            self.meeting_screen.note_edit.setFocus()
        else:
            self.prepare.load(debrief_id)
            self.stack.setCurrentWidget(self.prepare)

    def start(self, question_set: QuestionSet, minutes: int) -> None:
        if self.debrief_id is None:
            return
        debrief_id = self.debrief_id
        started = self.ops.run(
            self, lambda: core.start_meeting(self.store, debrief_id, question_set, minutes)
        )
        if started.ok:
            self.open(debrief_id)

    def in_meeting(self) -> bool:
        return self.stack.currentWidget() is self.meeting_screen and self.debrief_id is not None

    def leave(self) -> None:
        if self.in_meeting():
            self.meeting_screen.leave()
        self.saver.flush()

    def close_debrief(self) -> None:
        """Its debrief went away: keep what is pending if it is only in the trash (restoring
        brings it back), drop it if the debrief was deleted for good; then show nothing of it."""
        if self.debrief_id is None:
            return
        self.meeting_screen.pause_clock()
        try:
            get_debrief(self.store, self.debrief_id)
        except NotFoundError:
            self.saver.cancel()
        else:
            self.saver.flush()
        self.debrief_id = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.in_meeting():
            self.meeting_screen.resume_clock()

    def hideEvent(self, event: QHideEvent) -> None:
        was_in_meeting = self.in_meeting()
        self.leave()
        super().hideEvent(event)
        if was_in_meeting and self.debrief_id is not None:
            self.left.emit(self.debrief_id)
