"""The kept versions of a debrief's letters, newest first, as an item model."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from debrief.debriefs.record import Letter
from debrief.letters.sender_profile import PAGE_SIZES

Index = QModelIndex | QPersistentModelIndex
LETTER_ROLE = Qt.ItemDataRole.UserRole + 1


def when(stamp: str) -> str:
    """A kept version's time, in local time: 22 Nov 2026, 14:03."""
    moment = datetime.fromisoformat(stamp).astimezone()
    return f"{moment.day} {moment:%b %Y, %H:%M}"


class VersionsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.letters: list[Letter] = []

    def set_letters(self, letters: list[Letter]) -> None:
        self.beginResetModel()
        self.letters = list(letters)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.letters)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.letters):
            return None
        letter = self.letters[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            what = "text"
            if letter.has_pdf:
                what = f"PDF, {PAGE_SIZES.get(letter.page_size or '', 'A4')}"
            sent = f"sent {when(letter.sent_at)}" if letter.sent_at else "not marked sent"
            return f"{when(letter.created_at)} · {letter.kind.label} · {what} · {sent}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return letter.subject or None
        if role == LETTER_ROLE:
            return letter
        return None
