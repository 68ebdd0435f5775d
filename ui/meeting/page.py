"""The meeting page in the main window: the prepare view until the meeting starts, then the
meeting screen. It owns the autosaver, and writes everything whenever the page is left."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from debrief.meeting import session as core
from debrief.meeting.question_sets import QuestionSet
from debrief.store.database import Store

from ..autosave import Autosaver
from ..operations import attempt
from ..widgets.save_notice import SaveNotice
from .prepare import PrepareView
from .screen import MeetingScreen


class MeetingPage(QWidget):
    debrief_changed = Signal(str)
    edit_sets_requested = Signal()

    def __init__(self, store: Store, default_set: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.debrief_id: str | None = None
        self.saver = Autosaver(self)
        self.save_notice = SaveNotice(self.saver)
        self.prepare = PrepareView(store, default_set)
        self.screen = MeetingScreen(store, self.saver)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.prepare)
        self.stack.addWidget(self.screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.save_notice)
        layout.addWidget(self.stack)
        self.prepare.start_requested.connect(self.start)
        self.prepare.edit_sets_requested.connect(self.edit_sets_requested)
        self.screen.changed.connect(self._changed)

    def current_debrief_id(self) -> str | None:
        return self.debrief_id

    def open(self, debrief_id: str) -> None:
        """Show the debrief's meeting: resumed if it has started, else the prepare view."""
        if self.debrief_id is not None:
            self.leave()  # write what is pending before the editors are refilled
        self.debrief_id = debrief_id
        if core.has_started(self.store, debrief_id):
            self.screen.load(core.get_meeting(self.store, debrief_id))
            self.stack.setCurrentWidget(self.screen)
            if self.isVisible():
                self.screen.resume_clock()
            self.screen.note_edit.setFocus()
        else:
            self.prepare.load(debrief_id)
            self.stack.setCurrentWidget(self.prepare)

    def start(self, question_set: QuestionSet, minutes: int) -> None:
        if self.debrief_id is None:
            return
        debrief_id = self.debrief_id
        started = attempt(
            self, lambda: core.start_meeting(self.store, debrief_id, question_set, minutes)
        )
        if started is None:
            return
        self.debrief_changed.emit(debrief_id)
        self.open(debrief_id)

    def in_meeting(self) -> bool:
        return self.stack.currentWidget() is self.screen and self.debrief_id is not None

    def leave(self) -> None:
        if self.in_meeting():
            self.screen.leave()
            self._changed()
        self.saver.flush()

    def _changed(self) -> None:
        if self.debrief_id is not None:
            self.debrief_changed.emit(self.debrief_id)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)
        if self.in_meeting():
            self.screen.resume_clock()

    def hideEvent(self, event: object) -> None:
        self.leave()
        super().hideEvent(event)
