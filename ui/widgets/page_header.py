"""What every page opened from the list shares: a way back, a large plain title, and a
read-only body whose links the page handles itself."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget


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


def page_body(
    page: QWidget, top: QBoxLayout, name: str, on_link: Callable[[QUrl], object]
) -> QTextBrowser:
    """Lay out the page: the header row on top, a read-only browser filling the rest."""
    browser = QTextBrowser()
    browser.setObjectName(name)
    browser.setOpenLinks(False)
    browser.anchorClicked.connect(on_link)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(12, 10, 12, 10)
    layout.addLayout(top)
    layout.addWidget(browser, 1)
    return browser
