"""Unexpected errors land in the log file and in a dialog whose details can be copied."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ui.crash import install_excepthook, setup_logging


@pytest.fixture
def restore_hook() -> Iterator[None]:
    saved = sys.excepthook
    yield
    sys.excepthook = saved


def _raise_and_hook() -> None:
    try:
        raise RuntimeError("canary-7731 went wrong")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())


def test_unexpected_error_is_logged_and_shown(
    qtbot: QtBot, tmp_path: Path, restore_hook: None
) -> None:
    log_file = setup_logging(tmp_path / "logs")
    install_excepthook(log_file, show_dialog=True)
    seen: dict[str, str] = {}

    def answer_dialog() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"], seen["details"] = box.text(), box.detailedText()
        box.accept()

    QTimer.singleShot(0, answer_dialog)
    _raise_and_hook()
    assert "canary-7731" in seen["details"] and "Traceback" in seen["details"]
    assert str(log_file) in seen["text"]
    assert "Traceback" not in seen["text"]
    assert "canary-7731" in log_file.read_text(encoding="utf-8")


def test_dialog_can_be_switched_off(tmp_path: Path, restore_hook: None) -> None:
    log_file = setup_logging(tmp_path / "logs")
    install_excepthook(log_file, show_dialog=False)
    _raise_and_hook()
    assert QApplication.activeModalWidget() is None
    assert "canary-7731" in log_file.read_text(encoding="utf-8")
