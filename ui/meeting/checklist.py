"""The question checklist as a two-level tree: meeting phases, and the questions in each."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from debrief.debriefs.record import MeetingQuestion
from debrief.meeting.question_sets import PHASES
from debrief.model import QuestionState

Index = QModelIndex | QPersistentModelIndex
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1

MARK = {QuestionState.OPEN: "○", QuestionState.ASKED: "✓", QuestionState.SKIPPED: "–"}
_TOP = 0  # internalId of phase rows; question rows carry their phase row + 1


class ChecklistModel(QAbstractItemModel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.phases: list[str] = []
        self.by_phase: list[list[MeetingQuestion]] = []

    def set_questions(self, questions: tuple[MeetingQuestion, ...] | list[MeetingQuestion]) -> None:
        self.beginResetModel()
        self.phases = [p for p in PHASES if any(q.phase == p for q in questions)]
        self.phases += sorted({q.phase for q in questions} - set(self.phases))
        self.by_phase = [[q for q in questions if q.phase == p] for p in self.phases]
        self.endResetModel()

    # -- lookup ------------------------------------------------------------------------------

    def ordered(self) -> list[MeetingQuestion]:
        return [q for group in self.by_phase for q in group]

    def question(self, index: Index) -> MeetingQuestion | None:
        if not index.isValid() or index.internalId() == _TOP:
            return None
        return self.by_phase[index.internalId() - 1][index.row()]

    def index_of(self, question_id: str) -> QModelIndex:
        for p, group in enumerate(self.by_phase):
            for row, q in enumerate(group):
                if q.id == question_id:
                    return self.createIndex(row, 0, p + 1)
        return QModelIndex()

    def update_question(self, question_id: str, **changes: Any) -> None:
        """Keep the on-screen copy in step with what was saved."""
        index = self.index_of(question_id)
        if not index.isValid():
            return
        group = self.by_phase[index.internalId() - 1]
        group[index.row()] = replace(group[index.row()], **changes)
        self.dataChanged.emit(index, index)
        phase_index = self.parent(index)
        self.dataChanged.emit(phase_index, phase_index)

    # -- QAbstractItemModel ------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    # QObject.parent() and QAbstractItemModel.parent(index) share a name; this is the model one.
    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.phases)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self.by_phase[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _TOP:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            phase = self.phases[index.row()]
            group = self.by_phase[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                done = sum(q.state != QuestionState.OPEN for q in group)
                return f"{PHASES.get(phase, phase.title())}  ({done}/{len(group)})"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        q = self.by_phase[index.internalId() - 1][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{MARK[q.state]}  {q.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [q.text, q.hint, q.state.label]
            if q.note.strip():
                parts.append("Has notes")
            return "\n".join(p for p in parts if p)
        if role == QUESTION_ID_ROLE:
            return q.id
        if role == Qt.ItemDataRole.FontRole and q.state == QuestionState.SKIPPED:
            font = QFont()
            font.setItalic(True)
            return font
        return None
