"""The list of debriefs, newest loss first, with an empty state that invites the first one."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs import list_debriefs
from debrief.model import Debrief, Outcome
from debrief.money import format_amount
from debrief.store import Store

Index = QModelIndex | QPersistentModelIndex
DEBRIEF_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class DebriefTableModel(QAbstractTableModel):
    HEADERS = ("Date lost", "Customer", "Senior contact", "Deal", "Won by", "Value", "Status")

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.rows: list[Debrief] = []
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = list_debriefs(self.store)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        d = self.rows[index.row()]
        if role == DEBRIEF_ID_ROLE:
            return d.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        won_by = d.competitor if d.outcome == Outcome.COMPETITOR else d.outcome.label
        return (
            d.date_lost or d.created_at[:10],
            d.account_name,
            d.contact_name,
            d.opportunity,
            won_by,
            format_amount(d.value_minor, d.currency),
            d.status.label,
        )[index.column()]

    def row_of(self, debrief_id: str) -> int:
        return next((i for i, d in enumerate(self.rows) if d.id == debrief_id), -1)


class DebriefListPage(QWidget):
    """Shows the table, or, when there is nothing yet, an invitation to log the first loss."""

    new_requested = Signal()
    open_requested = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = DebriefTableModel(store, self)
        self.table = QTableView()
        self.table.setObjectName("debriefTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._activated)

        empty = QWidget()
        empty.setObjectName("emptyState")
        card = QWidget()
        title = QLabel("<h2>No debriefs yet</h2>")
        text = QLabel(
            "Lost a deal? It can still teach you something — and keep the door open.\n"
            "Log the loss, ask for a short conversation,\nand Debrief will guide you from there."
        )
        button = QPushButton("Log your first debrief  (Ctrl+N)")
        button.setObjectName("emptyNewButton")
        button.clicked.connect(self.new_requested)
        card_layout = QVBoxLayout(card)
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            card_layout.addWidget(label)
        card_layout.addSpacing(8)
        card_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.empty_card = card
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(2)
        empty_layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(3)

        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._update_state()

    def refresh(self, select_id: str | None = None) -> None:
        self.model.refresh()
        self._update_state()
        if select_id:
            row = self.model.row_of(select_id)
            if row >= 0:
                self.table.selectRow(row)

    def _update_state(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.stack.setCurrentIndex(1 if has_rows else 0)
        if has_rows:
            self.table.resizeColumnsToContents()

    def current_debrief_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, DEBRIEF_ID_ROLE) if index.isValid() else None

    def is_empty_state(self) -> bool:
        return self.stack.currentIndex() == 0

    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.model.data(index, DEBRIEF_ID_ROLE))
