"""Features are built when first needed (issue 14): the window starts with the list and the menus;
a change broadcast builds nothing; the follow-ups' count waits for the first paint."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from debrief.debriefs.trash import trash_debrief
from debrief.store.database import Store
from tests.letter_data import add_meeting
from tests.ui.test_followups import planned
from ui.app import build_window
from ui.main_window import MainWindow
from ui.paths import AppPaths


def _built(window: MainWindow) -> dict[str, bool]:
    return {
        "detail": window.browsing.built_detail_page is not None,
        "meeting": window.meeting_mode.built_page is not None,
        "insights": window.insights.page is not None,
        "pages": window.pages.count() > 2,
    }


def test_a_change_builds_no_page_and_a_page_is_built_once(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    kept = add_meeting(store)
    gone = add_meeting(store)
    window.ops.run_quietly(lambda: trash_debrief(store, gone))
    assert not any(_built(window).values())
    window.browsing.open_debrief(kept)
    page = window.browsing.detail_page
    assert window.pages.currentWidget() is page
    window.show_list()
    window.browsing.open_debrief(kept)
    assert window.browsing.detail_page is page and window.pages.count() == 3
    # Built with the page: the workflow buttons and the follow-ups' panel.
    assert window.followups.panel.parent() is not None
    assert window.meeting_mode.built_page is None  # Start meeting is a button, not a page yet


def test_the_follow_ups_count_waits_for_the_first_paint(
    qtbot: QtBot, store: Store, paths: AppPaths
) -> None:
    planned(store)  # one overdue, one due today
    window = build_window(store, paths)
    qtbot.addWidget(window)
    assert window.followups.badge.text() == ""  # not counted while the window is built
    window.show()
    qtbot.waitUntil(lambda: window.followups.badge.text() == "2 follow-ups due")
    assert window.followups.badge.isVisible()
    assert window.followups.notifier.timer.isActive()
