"""The search box asks at once, without a typing pause, yet keystrokes that arrive together
make one query (issue 14)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from debrief.samples import load_samples
from debrief.store.database import Store
from ui.browse.filter_bar import SEARCH_DELAY_MS
from ui.main_window import MainWindow


def test_keystrokes_that_arrive_together_make_one_query(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    load_samples(store)
    page = window.list_page
    page.refresh()
    assert SEARCH_DELAY_MS == 0
    asked: list[str] = []
    page.filter_bar.changed.connect(lambda filters: asked.append(filters.text))
    # Three keys queued before the event loop runs: a paste, auto-repeat, a busy moment.
    qtbot.keyClicks(page.search, "lod")
    assert asked == []  # nothing ran while the keys were arriving
    QApplication.processEvents()  # one turn of the loop, no waiting
    assert asked == ["lod"]
    assert [page.model.data(page.model.index(0, 1))] == ["Łódź Precision Castings  (sample)"]
