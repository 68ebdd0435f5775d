from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from debrief.store.database import Store
from ui.app import build_window, open_store
from ui.main_window import MainWindow
from ui.paths import AppPaths, resolve_paths
from ui.session import Session


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return resolve_paths(data_dir)


@pytest.fixture
def store(paths: AppPaths) -> Iterator[Store]:
    s = open_store(paths)
    yield s
    s.close()


@pytest.fixture
def window(qtbot: QtBot, store: Store, paths: AppPaths) -> MainWindow:
    win = build_window(store, paths)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def session(qapp: QApplication, paths: AppPaths) -> Iterator[Session]:
    """A whole start as the app does it (store, window, dialogs), closed afterwards."""
    s = Session(qapp, paths, build_window, show_dialogs=True)
    yield s
    if s.window is not None:
        s.window.close()
        s.window.deleteLater()
    s.close()
