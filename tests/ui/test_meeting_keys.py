"""The meeting from the keyboard: capture once, the read-back for the customer, leaving with Esc,
saying the meeting took place, and keys that do what they say. Every test types real keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.debriefs.record import load_record
from debrief.meeting.session import CaptureTarget
from debrief.model import CaptureKind, LossReason, NewDebrief, Status
from debrief.store.database import Store
from tests.typing import type_text
from ui.main_window import MainWindow
from ui.meeting.held_dialog import HeldDialog
from ui.meeting.readback_view import ReadbackView, is_dark
from ui.meeting.screen import MeetingScreen, format_clock

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CANARY = "CANARY internal remark about the buyer"
# Menus pop up and grab the keyboard; the offscreen platform says it can't (they still work).
POPUPS = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(qtbot: QtBot, k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), k, mod)


def start(qtbot: QtBot, window: MainWindow, store: Store, from_detail: bool = False) -> str:
    d = create_debrief(
        store,
        NewDebrief(
            account_name="Northwind", contact_name="Maria", opportunity="Fleet", competitor="Globex"
        ),
    )
    window.resize(1366, 768)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.list_page.refresh(select_id=d.id)
    if from_detail:
        window.browsing.open_debrief(d.id)
    window.meeting_mode.start_action.trigger()
    window.meeting_mode.page.prepare.start_button.click()
    qtbot.waitUntil(lambda: focused() is screen(window).note_edit)
    return d.id


def screen(window: MainWindow) -> MeetingScreen:
    return window.meeting_mode.page.meeting_screen


def go_to(qtbot: QtBot, s: MeetingScreen, words: str) -> None:
    while words not in (s.current() or s.model.ordered()[0]).text:
        key(qtbot, Qt.Key.Key_Down, ALT)


def line_edits_text(panel: QWidget) -> list[str]:
    from PySide6.QtWidgets import QLineEdit

    return [e.text() for e in panel.findChildren(QLineEdit) if e.text() and e.isVisibleTo(panel)]


# -- capture once ---------------------------------------------------------------------------------


def test_a_note_line_goes_to_each_panel_with_one_key(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = start(qtbot, window, store)
    s = screen(window)
    type_text(focused(), "Delivery within a week\n- Better reports\n- Returns by post")
    # the cursor is on the last line: that line alone
    key(qtbot, Qt.Key.Key_R, CTRL | SHIFT)
    assert "Returns by post" in s.capture_status.text()
    # the line above, as a criterion
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    record = load_record(store, debrief_id)
    assert [(c.criterion, c.internal) for c in record.criteria] == [
        ("Delivery within a week", False)
    ]
    assert [i.text for i in record.items_of(CaptureKind.PRODUCT_REQUEST)] == ["Returns by post"]
    # the capture tabs follow at once, without retyping
    assert line_edits_text(s.criteria) == ["Delivery within a week"]
    assert line_edits_text(s.requests) == ["Returns by post"]
    assert focused() is s.note_edit and s.note_edit.toPlainText().startswith("Delivery")
    # a selection of two lines: two requests
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Home)
    key(qtbot, Qt.Key.Key_Down, SHIFT)
    key(qtbot, Qt.Key.Key_End, SHIFT)
    key(qtbot, Qt.Key.Key_R, CTRL | SHIFT)
    requests = load_record(store, debrief_id).items_of(CaptureKind.PRODUCT_REQUEST)
    assert [i.text for i in requests] == ["Returns by post", "Better reports", "Returns by post"]
    assert sorted(line_edits_text(s.requests)) == sorted(i.text for i in requests)

    # an internal note makes internal items; competitor strengths start internal anyway
    key(qtbot, Qt.Key.Key_Down, ALT)
    type_text(focused(), "Their app is simpler")
    key(qtbot, Qt.Key.Key_W, CTRL | SHIFT)
    assert "(internal)" in s.capture_status.text()
    key(qtbot, Qt.Key.Key_I, CTRL)
    assert s.note_internal.isChecked()
    key(qtbot, Qt.Key.Key_Return)
    type_text(focused(), f"{CANARY} was decisive")
    key(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    record = load_record(store, debrief_id)
    (strength,) = record.items_of(CaptureKind.COMPETITOR_STRENGTH)
    assert strength.text == "Their app is simpler" and strength.internal
    assert [(c.criterion, c.internal) for c in record.criteria][1] == (
        f"{CANARY} was decisive",
        True,
    )
    # the new criterion's row shows it as internal
    from PySide6.QtWidgets import QCheckBox

    boxes = [b.isChecked() for b in s.criteria.findChildren(QCheckBox) if b.isVisibleTo(s.criteria)]
    assert sorted(boxes) == [False, True]


@POPUPS
def test_a_quote_asks_which_reason_only_when_it_must(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = start(qtbot, window, store)
    s = screen(window)
    type_text(focused(), "Twelve weeks was too long")
    key(qtbot, Qt.Key.Key_Q, CTRL | SHIFT)  # no reason yet: a small menu asks which
    menu = s.reason_menu
    qtbot.waitUntil(menu.isVisible)
    assert menu.activeAction().text() == f"New reason: {LossReason.PRICE_VALUE.label}"
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction().text() == f"New reason: {LossReason.SERVICE_DELIVERY.label}"
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(load_record(store, debrief_id).reasons))
    (reason,) = load_record(store, debrief_id).reasons
    assert reason.category == LossReason.SERVICE_DELIVERY and reason.is_primary
    assert reason.quote == "Twelve weeks was too long" and not reason.internal
    qtbot.waitUntil(lambda: line_edits_text(s.reasons) == ["Twelve weeks was too long"])
    # one reason: the quote goes straight to it
    s.note_edit.setFocus()
    key(qtbot, Qt.Key.Key_Return)
    type_text(focused(), "for the plant")
    key(qtbot, Qt.Key.Key_Q, CTRL | SHIFT)
    (reason,) = load_record(store, debrief_id).reasons
    assert reason.quote == "Twelve weeks was too long for the plant"
    assert line_edits_text(s.reasons) == ["Twelve weeks was too long for the plant"]


@POPUPS
def test_the_capture_menu_is_one_key_away(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    debrief_id = start(qtbot, window, store)
    s = screen(window)
    type_text(focused(), "Price per vehicle")
    key(qtbot, Qt.Key.Key_Period, CTRL)
    qtbot.waitUntil(s.capture_menu.isVisible)
    assert [a.text() for a in s.capture_menu.actions()] == [
        "→ &Criterion",
        "→ Reason &quote",
        "→ &What they chose instead does well",
        "→ &Request",
    ]
    qtbot.keyClick(s.capture_menu, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: bool(load_record(store, debrief_id).criteria))
    assert load_record(store, debrief_id).criteria[0].criterion == "Price per vehicle"
    assert s.capture_actions[CaptureTarget.CRITERION].shortcut().toString() == "Ctrl+Shift+C"


def test_typing_in_a_panel_is_never_overwritten_by_a_capture(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = start(qtbot, window, store)
    s = screen(window)
    key(qtbot, Qt.Key.Key_1, ALT)
    key(qtbot, Qt.Key.Key_Space)
    type_text(focused(), "Uptime")
    s.note_edit.setFocus()
    type_text(focused(), "Support hours")
    key(qtbot, Qt.Key.Key_C, CTRL | SHIFT)
    assert [c.criterion for c in load_record(store, debrief_id).criteria] == [
        "Uptime",
        "Support hours",
    ]
    assert sorted(line_edits_text(s.criteria)) == ["Support hours", "Uptime"]


# -- the read-back, turned towards the customer ---------------------------------------------------


def test_the_customer_sees_the_read_back_and_nothing_internal(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    start(qtbot, window, store)
    s = screen(window)
    go_to(qtbot, s, "fall short")
    type_text(focused(), "Onboarding took too long for the plant managers")
    key(qtbot, Qt.Key.Key_Down, ALT)
    type_text(focused(), f"{CANARY}, said in passing")
    key(qtbot, Qt.Key.Key_P, ALT)
    type_text(focused(), f"{CANARY} in the note pad")
    key(qtbot, Qt.Key.Key_6, ALT)
    key(qtbot, Qt.Key.Key_D, ALT)
    assert CANARY in s.readback.editor.toPlainText()  # not internal yet: it is in the draft
    # flagged internal after the read-back was drafted
    key(qtbot, Qt.Key.Key_N, ALT)
    key(qtbot, Qt.Key.Key_I, CTRL)
    key(qtbot, Qt.Key.Key_F5)
    view = s.readback_view
    assert isinstance(view, ReadbackView)
    qtbot.waitExposed(view)
    shown = view.shown_text()
    assert "Onboarding took too long for the plant managers" in shown
    assert "Where we fell short" in shown
    assert "CANARY" not in shown and "nternal" not in shown
    assert s.capture_status.text() == "Not shown: 1 line holds text now marked internal."
    assert view.isFullScreen()
    assert view.browser.font().pointSizeF() < 30  # the text itself is set large in the page
    assert "font-size:30pt" in view.browser.toHtml().replace(" ", "")
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.keyClick(view.browser, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: s.readback_view is None)


def test_the_read_back_view_is_readable_in_dark_mode(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    start(qtbot, window, store)
    s = screen(window)
    go_to(qtbot, s, "fall short")
    type_text(focused(), "Onboarding was slow")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    app.setPalette(dark)
    try:
        key(qtbot, Qt.Key.Key_F5)
        view = s.readback_view
        assert view is not None and is_dark(view.palette())
        ink = view.browser.palette().color(QPalette.ColorRole.Text)
        ground = view.palette().color(QPalette.ColorRole.Window)
        assert ink.lightness() - ground.lightness() > 180
        assert "Onboarding was slow" in view.shown_text()
        qtbot.keyClick(view.browser, Qt.Key.Key_Escape)
    finally:
        app.setPalette(before)


def test_nothing_to_show_says_so(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    start(qtbot, window, store)
    s = screen(window)
    key(qtbot, Qt.Key.Key_F5)
    assert s.readback_view is None
    assert "Nothing customer-facing to show yet" in s.capture_status.text()


# -- leaving, and saying the meeting took place ---------------------------------------------------


def test_esc_leaves_for_where_it_came_from_and_asks_once(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = start(qtbot, window, store, from_detail=True)
    s = screen(window)
    assert "Esc leave (all saved)" in " ".join(
        lbl.text() for lbl in s.findChildren(type(s.capture_status))
    )
    type_text(focused(), "Glad to talk")
    key(qtbot, Qt.Key.Key_Escape)
    (held,) = [h for h in window.findChildren(HeldDialog) if h.isVisible()]
    assert "Did the meeting with Maria take place?" in " ".join(
        w.text() for w in held.findChildren(type(s.capture_status))
    )
    assert held.date.date() == QDate.currentDate()
    held.activateWindow()
    qtbot.waitUntil(lambda: held.isAncestorOf(focused()))
    key(qtbot, Qt.Key.Key_Escape)  # Not yet
    qtbot.waitUntil(lambda: not held.isVisible())
    assert window.pages.currentWidget() is window.browsing.detail_page
    assert "everything is saved" in window.statusBar().currentMessage()
    d = load_record(store, debrief_id)
    assert d.questions[0].note == "Glad to talk"
    assert d.debrief.status == Status.LOGGED and d.meeting_date == ""
    # back in and out again: asked once only
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.meeting_mode.start_action.trigger()
    assert window.meeting_mode.page.in_meeting()
    key(qtbot, Qt.Key.Key_Escape)
    assert not [h for h in window.findChildren(HeldDialog) if h.isVisible()]
    assert window.pages.currentWidget() is window.browsing.detail_page


def test_opening_a_meeting_and_leaving_marks_nothing(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = start(qtbot, window, store)
    key(qtbot, Qt.Key.Key_Escape)
    assert not [h for h in window.findChildren(HeldDialog) if h.isVisible()]
    assert window.pages.currentWidget() is window.list_page
    assert get_debrief(store, debrief_id).status == Status.LOGGED


def test_marking_held_with_a_date_from_the_meeting_and_the_detail_page(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = start(qtbot, window, store)
    s = screen(window)
    assert s.held_button.text() == "Mark meeting held…"
    key(qtbot, Qt.Key.Key_H, CTRL | SHIFT)
    (held,) = [h for h in window.findChildren(HeldDialog) if h.isVisible()]
    held.activateWindow()
    qtbot.waitUntil(lambda: focused() is held.date)
    held.date.setDate(QDate.currentDate().addDays(-1))  # the rep picks yesterday
    key(qtbot, Qt.Key.Key_Return)
    yesterday = QDate.currentDate().addDays(-1).toString("yyyy-MM-dd")
    record = load_record(store, debrief_id)
    assert record.meeting_date == yesterday and record.debrief.status == Status.MEETING_HELD
    day = QDate.currentDate().addDays(-1)
    assert s.held_button.text() == f"Held {day.day()} {day.toString('MMM yyyy')}…"
    # the detail page offers it too
    window.browsing.open_debrief(debrief_id)
    from PySide6.QtWidgets import QToolButton

    detail = window.browsing.detail_page
    (button,) = [b for b in detail.findChildren(QToolButton) if "held" in b.text().lower()]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    (held,) = [h for h in window.findChildren(HeldDialog) if h.isVisible()]
    assert held.date.date().toString("yyyy-MM-dd") == yesterday
    held.reject()


# -- keys that do what they say -------------------------------------------------------------------


def test_alt_d_drafts_at_once_even_on_the_read_back_tab(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    start(qtbot, window, store)
    s = screen(window)
    go_to(qtbot, s, "fall short")
    type_text(focused(), "Onboarding was slow")
    key(qtbot, Qt.Key.Key_6, ALT)  # the tab with the draft button is showing
    assert focused() is s.readback.editor and s.readback.editor.toPlainText() == ""
    key(qtbot, Qt.Key.Key_D, ALT)
    assert "Onboarding was slow" in s.readback.editor.toPlainText()
    assert focused() is s.readback.editor


@POPUPS
def test_alt_down_opens_a_drop_down_and_moves_questions_elsewhere(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    start(qtbot, window, store)
    s = screen(window)
    first = s.current_id
    key(qtbot, Qt.Key.Key_Down, ALT)
    second = s.current_id
    assert second != first and focused() is s.note_edit
    key(qtbot, Qt.Key.Key_2, ALT)
    combo = s.reasons.category
    assert focused() is combo
    key(qtbot, Qt.Key.Key_Down, ALT)
    qtbot.waitUntil(combo.view().isVisible)
    assert s.current_id == second
    combo.hidePopup()
    # and from the checklist, question navigation still works
    key(qtbot, Qt.Key.Key_L, ALT)
    assert focused() is s.tree
    key(qtbot, Qt.Key.Key_Down, ALT)
    assert s.current_id not in (first, second)


def test_the_timer_reads_at_a_glance(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    assert format_clock(28, 30) == "28 s of 30 min"
    assert format_clock(12 * 60 + 40, 30) == "12 min of 30"
    assert format_clock(35 * 60 + 2, 30) == "5 min over"
    start(qtbot, window, store)
    s = screen(window)
    s.base_elapsed = 28
    s.clock.invalidate()
    s._tick()
    assert s.elapsed_label.text() == "28 s of 30 min"
    s.base_elapsed = 35 * 60
    s._tick()
    assert s.elapsed_label.text() == "5 min over" and s.elapsed_label.font().bold()


def test_leaving_another_way_only_reminds_quietly(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = start(qtbot, window, store)
    type_text(focused(), "Glad to talk")
    key(qtbot, Qt.Key.Key_1, CTRL)
    assert window.pages.currentWidget() is window.list_page
    assert not [h for h in window.findChildren(HeldDialog) if h.isVisible()]
    assert "If the meeting took place, mark it held" in window.statusBar().currentMessage()
    assert get_debrief(store, debrief_id).status == Status.LOGGED


def test_esc_before_the_meeting_starts_goes_back(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    d = create_debrief(
        store, NewDebrief(account_name="A", contact_name="B", opportunity="C", competitor="G")
    )
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.list_page.refresh(select_id=d.id)
    window.meeting_mode.start_action.trigger()
    prepare = window.meeting_mode.page.prepare
    qtbot.waitUntil(lambda: prepare.isAncestorOf(QApplication.focusWidget()))
    key(qtbot, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.list_page
