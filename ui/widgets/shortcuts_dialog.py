"""Help ▸ Keyboard shortcuts: read from the menus themselves, so it can never go stale."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

from ..meeting.screen import KEYS_HELP
from .rich_text import esc


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command that has a shortcut."""
    rows = []
    for top in menu_bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys and not action.isSeparator():
                rows.append((top.text().replace("&", ""), action.text().replace("&", ""), keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        cells = "".join(
            f"<tr><td><b>{esc(keys)}</b>&nbsp;&nbsp;</td><td>{esc(command.rstrip('…'))}</td>"
            f"<td>&nbsp;&nbsp;{esc(menu)}</td></tr>"
            for menu, command, keys in shortcut_rows(menu_bar)
        )
        meeting = "".join(f"<li>{esc(part.strip())}</li>" for part in KEYS_HELP.split("·"))
        self.text = QLabel(
            f"<table>{cells}</table><p><b>During a meeting</b></p><ul>{meeting}</ul>"
        )
        self.text.setObjectName("shortcutsText")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
