"""Run a core use case from a widget: expected failures become a plain-words message."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from debrief.errors import DebriefError

T = TypeVar("T")


def show_problem(parent: QWidget | None, message: str, title: str = "Debrief") -> None:
    QMessageBox.warning(parent, title, message)


def attempt(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """Call `action`; on an expected error, tell the user and return None.

    Unexpected errors propagate to the excepthook (log + crash dialog).
    """
    try:
        return action()
    except DebriefError as exc:
        show_problem(parent, str(exc))
        return None
