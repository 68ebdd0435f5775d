"""The header every page opened from the list shares: a way back, and a large plain title."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton


def back_button(go_back: Callable[[], object]) -> QPushButton:
    button = QPushButton("← Debriefs")
    button.setToolTip("Back to the list (Esc)")
    button.clicked.connect(go_back)
    return button


def title_label(object_name: str) -> QLabel:
    """Plain text, so a customer called "<b>Acme</b>" is shown as typed."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label
