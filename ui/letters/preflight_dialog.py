"""The pre-flight check shown before a letter leaves: what would make the customer wince.

Internal text blocks (there is no "send anyway"); warnings can be overridden. Each finding has
a "Show me" that selects the words in the editor, so the rep fixes them where they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from debrief.letters.preflight import Finding

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


class PreflightDialog(QDialog):
    """Lists the findings; `go_ahead` runs only when nothing blocks and the rep agrees."""

    def __init__(
        self,
        findings: Sequence[Finding],
        show: Callable[[Finding], None],
        go_ahead: Callable[[], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.findings = list(findings)
        self._show = show
        self._go_ahead = go_ahead
        blocked = any(f.blocks for f in self.findings)
        self.setWindowTitle("Before this goes to the customer")
        intro = QLabel(
            "This letter contains text you marked internal. Take it out of the letter "
            "(or untick Internal where you typed it) before it leaves Debrief."
            if blocked
            else "A few things to look at before this goes to the customer. "
            "Show me selects the words in the text."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for finding in self.findings:
            mark = "Must fix" if finding.blocks else "Check"
            item = QListWidgetItem(f"{mark}: {finding.message}")
            item.setData(FINDING_ROLE, finding)
            item.setToolTip(finding.message)
            self.list.addItem(item)
        self.list.setWordWrap(True)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.show_selected())
        buttons = QDialogButtonBox()
        self.show_button = QPushButton("&Show me")
        self.show_button.clicked.connect(self.show_selected)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.go_button: QPushButton | None = None
        if not blocked:
            self.go_button = buttons.addButton(
                "&Go ahead anyway", QDialogButtonBox.ButtonRole.AcceptRole
            )
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def show_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._show(item.data(FINDING_ROLE))
            self.reject()

    def accept(self) -> None:
        super().accept()
        if not any(f.blocks for f in self.findings):
            self._go_ahead()
