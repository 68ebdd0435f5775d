"""Forms from the keyboard: dates in the desktop's short form or from a calendar, messages that
go as soon as the field is right, Esc that asks before throwing typed words away, and a list
that keeps a row selected after a search so Ctrl+H works at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget, QMessageBox
from pytestqt.qtbot import QtBot

from debrief.debriefs.accounts import get_account
from debrief.debriefs.lifecycle import list_debriefs
from debrief.samples import load_samples
from debrief.store.database import Store
from tests.typing import type_text
from ui.app import build_window
from ui.dates import local_day_first
from ui.forms.edit_account_dialog import EditAccountDialog
from ui.forms.new_debrief_dialog import NewDebriefDialog
from ui.main_window import MainWindow
from ui.paths import AppPaths


@pytest.fixture
def polish_desktop() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Polish, QLocale.Country.Poland))
    yield
    QLocale.setDefault(before)


def open_new_debrief(qtbot: QtBot, window: MainWindow) -> NewDebriefDialog:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = [d for d in window.findChildren(NewDebriefDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def tab_to(qtbot: QtBot, widget: object) -> None:
    """Press Tab until `widget` has the focus (as a rep would)."""
    for _ in range(40):
        if QApplication.focusWidget() is widget:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError("never reached the field with Tab")


def visible_box(qtbot: QtBot, parent: object) -> QMessageBox:
    found: list[QMessageBox] = []
    qtbot.waitUntil(
        lambda: bool(
            found.extend(b for b in parent.findChildren(QMessageBox) if b.isVisible())  # type: ignore[attr-defined]
            or found
        )
    )
    box = found[0]
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    return box


def test_the_desktops_short_date_order_is_read_from_its_locale() -> None:
    assert local_day_first(QLocale(QLocale.Language.Polish, QLocale.Country.Poland)) is True
    assert local_day_first(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) is False
    assert local_day_first(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden)) is None


# The offscreen platform can't raise a popup or grab the keyboard for it; a desktop can.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_a_date_typed_the_desktops_way_or_picked_from_the_calendar(
    qtbot: QtBot, window: MainWindow, store: Store, polish_desktop: None
) -> None:
    dialog = open_new_debrief(qtbot, window)
    assert dialog.date_lost.day_first is True
    assert dialog.date_lost.placeholderText() == "YYYY-MM-DD or DD.MM.YYYY"
    for key, text in [("account", "Nowa Huta Tools"), ("contact", "Ewa Lis")]:
        type_text(getattr(dialog, key).lineEdit(), text)
    type_text(dialog.opportunity, "Lathes")
    type_text(dialog.competitor.lineEdit(), "Globex")
    tab_to(qtbot, dialog.date_lost)
    dialog.date_lost.selectAll()
    type_text(dialog.date_lost, "5.1.2026")
    qtbot.keyClick(dialog.date_lost, Qt.Key.Key_Tab)
    assert dialog.date_lost.text() == "2026-01-05"  # shown as it was read
    # Alt+Down opens the calendar; arrows and Enter pick a day
    dialog.date_lost.setFocus()
    qtbot.keyClick(dialog.date_lost, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = dialog.date_lost.popup.findChild(QCalendarWidget) if dialog.date_lost.popup else None
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate() == QDate(2026, 1, 5)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    focus = QApplication.focusWidget()
    qtbot.keyClick(focus, Qt.Key.Key_Right)
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    assert dialog.date_lost.text() == "2026-01-06"
    assert dialog.date_lost.popup is None
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.date_lost, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (saved,) = list_debriefs(store)
    assert saved.date_lost == "2026-01-06"


def test_contract_dates_in_the_short_form_are_stored_year_first(
    qtbot: QtBot, store: Store, polish_desktop: None
) -> None:
    load_samples(store)
    account = next(a for a in store.db["accounts"].rows if a["name"] == "Altavale Hotels")
    from ui.operations import Operations

    dialog = EditAccountDialog(Operations(store), account["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.contract_end.selectAll()
    type_text(dialog.contract_end, "31.03.2031")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert get_account(store, account["id"]).contract_end == "2031-03-31"


def test_each_message_goes_as_soon_as_its_field_is_right(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_new_debrief(qtbot, window)
    qtbot.keyClick(dialog.account, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    for key in ("account", "contact", "opportunity", "competitor"):
        assert dialog.errors[key].isVisible(), key
    tab_to(qtbot, dialog.opportunity)
    type_text(dialog.opportunity, "S")
    assert not dialog.errors["opportunity"].isVisible()  # right now: gone
    assert dialog.errors["account"].isVisible() and dialog.errors["competitor"].isVisible()
    dialog.value.setFocus()
    type_text(dialog.value, "lots")  # a new mistake shows only on Save
    assert not dialog.errors["value"].isVisible()
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.errors["value"].isVisible()
    qtbot.keyClick(dialog.value, Qt.Key.Key_Backspace)  # 'lot': still wrong, still shown
    assert dialog.errors["value"].isVisible()
    dialog.value.selectAll()
    type_text(dialog.value, "1200")
    assert not dialog.errors["value"].isVisible()
    assert dialog.errors["account"].isVisible()
    type_text(dialog.account.lineEdit(), "Acme")
    assert not dialog.errors["account"].isVisible()


def test_esc_asks_before_throwing_away_a_half_filled_form(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_new_debrief(qtbot, window)
    qtbot.keyClick(dialog.account, Qt.Key.Key_Escape)  # nothing typed: closes at once
    qtbot.waitUntil(lambda: not dialog.isVisible())

    dialog = open_new_debrief(qtbot, window)
    type_text(dialog.account.lineEdit(), "Half typed")
    qtbot.keyClick(dialog.account, Qt.Key.Key_Escape)
    box = visible_box(qtbot, dialog)
    assert [b.text() for b in box.buttons()] == ["&Keep editing", "&Discard"] or {
        b.text() for b in box.buttons()
    } == {"&Keep editing", "&Discard"}
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc again means keep editing
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.isVisible() and dialog.account.currentText() == "Half typed"
    qtbot.keyClick(dialog.account, Qt.Key.Key_Escape)
    box = visible_box(qtbot, dialog)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(box, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert not dialog.isVisible()
    assert list_debriefs(store) == []


@pytest.fixture
def samples_window(qtbot: QtBot, store: Store, paths: AppPaths) -> MainWindow:
    load_samples(store)
    win = build_window(store, paths)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def test_after_a_search_a_row_is_selected_so_ctrl_h_works(
    qtbot: QtBot, samples_window: MainWindow
) -> None:
    window = samples_window
    page = window.list_page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(page.model.modelReset, timeout=3000):
        type_text(page.search, "brightmoor")
    assert page.current_debrief_id() is not None
    qtbot.keyClick(page.search, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    account = window.browsing.account_page
    assert window.pages.currentWidget() is account
    assert "Brightmoor Dental Group" in account.title.text()

    # a wider search keeps the row that was selected, wherever it now is
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    chosen = page.current_debrief_id()
    page.search.selectAll()
    with qtbot.waitSignal(page.model.modelReset, timeout=3000):
        qtbot.keyClick(page.search, Qt.Key.Key_Delete)
    assert page.model.rowCount() > 1
    assert page.current_debrief_id() == chosen
