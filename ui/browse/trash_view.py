"""The trash: deleted debriefs wait here until restored or until the trash is emptied."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from debrief.search.browse import Filters
from debrief.store.database import Store

from ..widgets.page_header import back_button
from .debrief_list import DEBRIEF_ID_ROLE, DebriefTable, DebriefTableModel


class TrashPage(QWidget):
    back_requested = Signal()
    restore_requested = Signal(str)
    empty_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DebriefTableModel(store, self, Filters(trashed=True))
        self.table = DebriefTable(self.model)
        self.table.setObjectName("trashTable")
        back = back_button(self.back_requested.emit)
        title = QLabel("<h2>Trash</h2>")
        note = QLabel(
            "Deleted debriefs wait here and can't be found by search. Restore one to bring it "
            "back; empty the trash to delete them for good."
        )
        note.setWordWrap(True)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self._restore)
        self.empty_button = QPushButton("&Empty trash…")
        self.empty_button.setObjectName("emptyTrashButton")
        self.empty_button.clicked.connect(self.empty_requested)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(title, 1)
        top.addWidget(self.restore_button)
        top.addWidget(self.empty_button)
        self.nothing = QLabel("The trash is empty.")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.nothing)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(self.stack, 1)
        self.table.activated.connect(lambda _index: self._restore())
        self._update_state()

    def refresh(self) -> None:
        self.model.refresh()
        self._update_state()

    def _update_state(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.stack.setCurrentWidget(self.table if has_rows else self.nothing)
        self.restore_button.setEnabled(has_rows)
        self.empty_button.setEnabled(has_rows)

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        return (
            cast("str | None", self.model.data(index, DEBRIEF_ID_ROLE)) if index.isValid() else None
        )

    def _restore(self) -> None:
        debrief_id = self.selected_id()
        if debrief_id:
            self.restore_requested.emit(debrief_id)

    def current_debrief_id(self) -> str | None:
        """Trashed debriefs are not open for meetings or letters."""
        return None
