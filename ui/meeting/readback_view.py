"""The read-back turned towards the customer: their words, large and calm, nothing else.

A frameless full-screen window with big type and high contrast (in light and dark mode), no
menus, no buttons, no internal markers. It shows only `debrief.meeting.facing`, which reads
through the customer-facing view and holds back lines that hold internal text. Esc closes it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QPalette
from PySide6.QtWidgets import QDialog, QFrame, QTextBrowser, QVBoxLayout, QWidget

from debrief.meeting.facing import FacingReadback

# Near-black on warm white, or near-white on near-black: high contrast, never glaring.
LIGHT = ("#fbfaf7", "#141414", "#55524c")
DARK = ("#121212", "#f1f1ee", "#b8b5ad")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def readback_html(readback: FacingReadback, dark: bool) -> str:
    _background, ink, soft = DARK if dark else LIGHT
    parts = [
        f'<div style="color:{ink}; font-size:30pt; line-height:140%;">',
    ]
    in_list = False
    for block in readback.blocks:
        text = escape(block.text)
        if block.kind == "point":
            if not in_list:
                parts.append('<ul style="margin-top:4px; margin-bottom:18px;">')
                in_list = True
            parts.append(f'<li style="margin-bottom:10px;">{text}</li>')
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        if block.kind == "title":
            parts.append(
                f'<p style="font-size:36pt; font-weight:600; margin-bottom:12px;">{text}</p>'
            )
        elif block.kind == "heading":
            parts.append(
                f'<p style="color:{soft}; font-size:22pt; font-weight:600; '
                f'margin-top:22px; margin-bottom:4px;">{text}</p>'
            )
        else:
            parts.append(f'<p style="margin-bottom:16px;">{text}</p>')
    if in_list:
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


class ReadbackView(QDialog):
    """Shown with F5 from the meeting; Esc (or F5 again) closes it."""

    def __init__(self, readback: FacingReadback, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
        self.setObjectName("readbackView")
        self.setWindowTitle("Read-back")
        self.setAccessibleName("Read-back for the customer")
        self.readback = readback
        dark = is_dark(QGuiApplication.palette())
        background, ink, _soft = DARK if dark else LIGHT
        palette = self.palette()
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            palette.setColor(role, QColor(background))
        palette.setColor(QPalette.ColorRole.Text, QColor(ink))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ink))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.browser = QTextBrowser()
        self.browser.setObjectName("readbackText")
        self.browser.setPalette(palette)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.browser.setOpenLinks(False)
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser.setHtml(readback_html(readback, dark))
        self.browser.document().setDocumentMargin(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 56, 96, 40)
        layout.addWidget(self.browser)

    def shown_text(self) -> str:
        """Everything the customer can read on the screen."""
        return self.browser.toPlainText()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.reject()
            return
        super().keyPressEvent(event)
