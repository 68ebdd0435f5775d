"""What every Debrief form shares: messages under the fields, and Save/Cancel with Ctrl+Return."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from debrief.errors import ValidationError

CURRENCIES = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "JPY"]


class FieldError(QLabel):
    """The message shown right under a field that needs attention."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet("color: #e5484d;")  # readable on light and dark backgrounds
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FieldErrors(dict[str, FieldError]):
    """The error labels of one form, by field name (the names ValidationError uses)."""

    def __init__(self, fallback: str):
        super().__init__()
        self.fallback = fallback
        self.widgets: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        error = FieldError()
        error.setObjectName(f"error_{key}")
        self[key] = error
        self.widgets[key] = widget
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(error)
        form.addRow(label, box)

    def clear_messages(self) -> None:
        for error in self.values():
            error.show_message("")

    def show(self, exc: ValidationError) -> None:
        """Put each message under its field and move the cursor to the first one."""
        for key, message in exc.fields.items():
            self.get(key, self[self.fallback]).show_message(message)
        first = next(iter(exc.fields), self.fallback)
        self.widgets.get(first, self.widgets[self.fallback]).setFocus()


def save_cancel(dialog: QDialog, on_save: Callable[[], object]) -> QDialogButtonBox:
    """Save (default button, also Ctrl+Return) and Cancel."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setDefault(True)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    QShortcut(QKeySequence("Ctrl+Return"), dialog, activated=on_save)
    return buttons
