"""Browsing through the real window: search, filter, sort, open, edit, delete + undo, samples."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.errors import NotFoundError
from debrief.model import NewDebrief, Outcome
from debrief.samples import SAMPLES, generate_archive, has_samples, load_samples
from debrief.search import browse
from debrief.search.browse import Filters
from debrief.store.database import Store
from tests.core.test_search import HOSTILE
from tests.typing import type_text
from ui.app import build_window
from ui.browse.debrief_list import DEBRIEF_ID_ROLE, SNIPPET_HTML_ROLE, DebriefTableModel
from ui.forms.edit_account_dialog import EditAccountDialog
from ui.forms.edit_debrief_dialog import EditDebriefDialog
from ui.main_window import MainWindow
from ui.paths import AppPaths


@pytest.fixture
def samples_window(qtbot: QtBot, store: Store, paths: AppPaths) -> MainWindow:
    load_samples(store)
    win = build_window(store, paths)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Ctrl+F, type, and wait for the debounced search to run."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = window.list_page.search
    assert QApplication.focusWidget() is box
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    with qtbot.waitSignal(window.list_page.model.modelReset, timeout=3000):
        type_text(box, text)


def customers(window: MainWindow) -> list[str]:
    model = window.list_page.model
    return [model.data(model.index(r, 1)) for r in range(model.rowCount())]


def confirm_box(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    box: list[QMessageBox] = []
    qtbot.waitUntil(
        lambda: bool(
            box.extend(b for b in window.findChildren(QMessageBox) if b.isVisible()) or box
        )
    )
    return box[0]


def click_yes(qtbot: QtBot, window: MainWindow) -> None:
    box = confirm_box(qtbot, window)
    qtbot.mouseClick(box.findChild(QPushButton, "confirmYes"), Qt.MouseButton.LeftButton)


def test_list_models_are_well_behaved(qtmodeltester, store: Store) -> None:
    load_samples(store)
    for filters in (Filters(), Filters(text="driver ap"), Filters(trashed=True)):
        model = DebriefTableModel(store, filters=filters)
        qtmodeltester.check(model)
    model = DebriefTableModel(store)
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)


def test_the_model_keeps_only_a_few_pages_of_a_big_archive(store: Store) -> None:
    generate_archive(store, 3000)
    model = DebriefTableModel(store)
    assert model.rowCount() == 3000
    for row in range(0, 3000, 97):
        assert model.data(model.index(row, 0))
    assert model.data(model.index(2999, 1))
    assert model.cached_rows() <= model.PAGE_SIZE * model.MAX_PAGES < 3000
    model.sort(1, Qt.SortOrder.AscendingOrder)
    names = [model.data(model.index(r, 1)).lower() for r in range(0, 3000, 150)]
    assert names == sorted(names)


def test_search_as_you_type_with_snippets(qtbot: QtBot, samples_window: MainWindow) -> None:
    window = samples_window
    search(qtbot, window, "fuel car")
    assert customers(window) == ["Harbourline Logistics  (sample)"]
    # Delete and Ctrl+Z in the search box edit the text, nothing else.
    qtbot.keyClick(window.list_page.search, Qt.Key.Key_Delete)
    qtbot.keyClick(window.list_page.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    model = window.list_page.model
    found_in = model.column_of(browse.SortKey.RELEVANCE)
    html = model.data(model.index(0, found_in), SNIPPET_HTML_ROLE)
    assert "<b>fuel</b>" in html.lower() and "<b>card" in html.lower()
    assert window.list_page.filter_bar.count_label.text() == "1 debrief"
    # Down goes to the results, Enter opens, Esc comes back.
    qtbot.keyClick(window.list_page.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.list_page.table
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.browsing.detail_page
    assert "Harbourline" in window.browsing.detail_page.title.text()
    qtbot.keyClick(window.browsing.detail_page.browser, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.list_page
    # Esc on the list clears the search.
    qtbot.keyClick(window.list_page.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == len(SAMPLES))


def test_a_search_with_no_hits_says_so(qtbot: QtBot, samples_window: MainWindow) -> None:
    search(qtbot, samples_window, "xylophone")
    page = samples_window.list_page
    assert page.results.currentWidget() is page.no_results
    assert "Nothing matches" in page.findChild(QLabel, "noResults").text()
    qtbot.mouseClick(page.filter_bar.clear_button, Qt.MouseButton.LeftButton)
    assert page.results.currentWidget() is page.table and page.model.rowCount() == len(SAMPLES)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_the_search_box(
    qtbot: QtBot, samples_window: MainWindow, text: str
) -> None:
    box = samples_window.list_page.search
    box.setText(text)
    samples_window.list_page.filter_bar.apply_now()
    model = samples_window.list_page.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))
            model.data(model.index(row, column), SNIPPET_HTML_ROLE)
    samples_window.list_page.table.viewport().grab()


def test_search_box_on_twenty_thousand_debriefs(
    qtbot: QtBot, store: Store, paths: AppPaths
) -> None:
    generate_archive(store, 20_000)
    load_samples(store)
    window = build_window(store, paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.list_page.model.rowCount() == 20_000 + len(SAMPLES)
    search(qtbot, window, "Wiśniew")
    assert customers(window) == ["Łódź Precision Castings  (sample)"]
    search(qtbot, window, "corvane driv")
    expected = browse.count(store, Filters(text="corvane driv"))
    assert window.list_page.model.rowCount() == expected > 100
    window.list_page.table.viewport().grab()
    assert window.list_page.model.cached_rows() <= 1200
    search(qtbot, window, 'granny\'s "c++" (AND -x a:b *')
    assert window.list_page.model.rowCount() == browse.count(
        store, Filters(text='granny\'s "c++" (AND -x a:b *')
    )


def test_filters_combine_through_the_combos(qtbot: QtBot, samples_window: MainWindow) -> None:
    bar = samples_window.list_page.filter_bar
    bar.outcome.setCurrentIndex(bar.outcome.findData(Outcome.COMPETITOR))
    assert len(customers(samples_window)) == 4
    bar.rep.setCurrentIndex(bar.rep.findData("Jamie Ortega"))
    assert customers(samples_window) == [
        "Harbourline Logistics  (sample)",
        "Kestrel Foods  (sample)",
    ]
    bar.competitor.setCurrentIndex(bar.competitor.findData("Pellucid Software"))
    assert customers(samples_window) == ["Kestrel Foods  (sample)"]
    bar.period.setCurrentIndex(bar.period.count() - 1)  # custom range
    assert bar.date_from.isVisible()
    bar.date_from.setDate(bar.date_to.date().addDays(-1))
    assert customers(samples_window) == []
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert len(customers(samples_window)) == len(SAMPLES) and not bar.date_from.isVisible()


def test_clicking_a_header_sorts(qtbot: QtBot, samples_window: MainWindow) -> None:
    table = samples_window.list_page.table
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = customers(samples_window)
    assert first in (sorted(first, key=str.lower), sorted(first, key=str.lower, reverse=True))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert customers(samples_window) == list(reversed(first))


def test_open_the_detail_and_the_account_history(qtbot: QtBot, samples_window: MainWindow) -> None:
    window = samples_window
    search(qtbot, window, "harbourline")
    qtbot.keyClick(window.list_page.search, Qt.Key.Key_Return)
    page = window.browsing.detail_page
    assert window.pages.currentWidget() is page
    text = page.browser.toPlainText()
    for expected in (
        "Miriam Achterberg, Chief Operating Officer",
        "Changed criteria / strategy",
        "We decided to cut down the number of suppliers.",
        "[internal — not for the customer]",
        "Best tool for each job",
        "Fuel cards in the same contract",
        "Summary letter",
        "Route planner licences",
    ):
        assert expected in text
    debrief_id = page.current_debrief_id()
    assert window.current_debrief_id() == debrief_id
    # Other features' workflow steps show as buttons, in the order the window declares.
    buttons = [b.defaultAction() for b in page.findChildren(QToolButton)]
    starts, letters = window.meeting_mode.start_action, window.letter_actions.letters_action
    assert [a for a in buttons if a in (starts, letters)] == [starts, letters]
    (button,) = [b for b in page.findChildren(QToolButton) if b.defaultAction() is starts]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    meeting = window.meeting_mode.page
    assert window.pages.currentWidget() is meeting
    assert meeting.current_debrief_id() == debrief_id

    window.browsing.open_debrief(debrief_id)
    qtbot.mouseClick(page.account_button, Qt.MouseButton.LeftButton)
    account = window.browsing.account_page
    assert window.pages.currentWidget() is account
    assert "Harbourline Logistics" in account.title.text()
    history = account.browser.toPlainText()
    assert "Fleet telematics renewal" in history and "Contract end" in history
    assert "Summary letter" in history
    account.browser.anchorClicked.emit(QUrl(f"debrief:{debrief_id}"))
    assert window.pages.currentWidget() is page


def test_edit_through_the_form(qtbot: QtBot, samples_window: MainWindow, store: Store) -> None:
    window = samples_window
    search(qtbot, window, "kestrel")
    qtbot.keyClick(window.list_page.search, Qt.Key.Key_Return)
    page = window.browsing.detail_page
    debrief_id = page.current_debrief_id()
    qtbot.keyClick(page.browser, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(EditDebriefDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.opportunity.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.errors["opportunity"].isVisible()
    assert get_debrief(store, debrief_id).opportunity == "ERP connector and support extension"
    type_text(dialog.opportunity, "Warehouse rollout Ω")
    dialog.value.setText("9 999")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert get_debrief(store, debrief_id).value_minor == 999_900
    assert page.title.text() == "Kestrel Foods — Warehouse rollout Ω"
    assert "SEK 9,999" in page.browser.toPlainText()
    qtbot.keyClick(page.browser, Qt.Key.Key_Escape)
    search(qtbot, window, "rollout Ω")
    assert customers(window) == ["Kestrel Foods  (sample)"]


def test_delete_undo_trash_and_empty(
    qtbot: QtBot, samples_window: MainWindow, store: Store
) -> None:
    window = samples_window
    table = window.list_page.table
    table.setFocus()
    table.selectRow(0)
    victim = window.current_debrief_id()
    name = get_debrief(store, victim).account_name
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    click_yes(qtbot, window)
    assert window.list_page.model.rowCount() == len(SAMPLES) - 1
    assert get_debrief(store, victim).deleted_at
    assert browse.count(store, Filters(text=name.split()[0])) == 0
    assert window.browsing.undo_button.isVisible()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.list_page.model.rowCount() == len(SAMPLES)
    assert window.current_debrief_id() == victim
    assert not window.browsing.undo_action.isEnabled()

    # Cancel leaves it alone.
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    box = confirm_box(qtbot, window)
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert box.escapeButton() is cancel and box.defaultButton() is cancel
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert get_debrief(store, victim).deleted_at is None

    # From the detail page, then the trash: restore one, empty the rest.
    window.browsing.open_debrief(victim)
    qtbot.mouseClick(window.browsing.detail_page.delete_button, Qt.MouseButton.LeftButton)
    click_yes(qtbot, window)
    assert window.pages.currentWidget() is window.list_page
    window.list_page.table.selectRow(0)
    other = window.current_debrief_id()
    window.browsing.delete_current()
    click_yes(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    trash = window.browsing.trash_page
    assert window.pages.currentWidget() is trash and trash.model.rowCount() == 2
    trash.table.selectRow(
        [trash.model.data(trash.model.index(r, 0), DEBRIEF_ID_ROLE) for r in range(2)].index(other)
    )
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    assert trash.model.rowCount() == 1 and get_debrief(store, other).deleted_at is None
    qtbot.mouseClick(trash.empty_button, Qt.MouseButton.LeftButton)
    click_yes(qtbot, window)
    assert trash.model.rowCount() == 0 and not trash.empty_button.isEnabled()
    with pytest.raises(NotFoundError):
        get_debrief(store, victim)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # back to the list, which catches up on show
    assert window.pages.currentWidget() is window.list_page
    assert window.list_page.model.rowCount() == len(SAMPLES) - 1


def test_samples_from_the_empty_state_and_the_help_menu(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    assert window.list_page.is_empty_state()
    button = window.list_page.findChild(QPushButton, "emptySamplesButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not window.list_page.is_empty_state()
    assert window.list_page.model.rowCount() == len(SAMPLES)
    assert not window.browsing.load_samples_action.isEnabled()
    window.browsing.remove_samples_action.trigger()
    click_yes(qtbot, window)
    assert not has_samples(store)
    assert window.list_page.is_empty_state()
    window.browsing.load_samples_action.trigger()
    assert window.list_page.model.rowCount() == len(SAMPLES)


def test_edit_a_customer_from_its_history(
    qtbot: QtBot, samples_window: MainWindow, store: Store
) -> None:
    window = samples_window
    (row,) = browse.page(store, Filters(text="altavale"), browse.Sort(), 0, 5)
    window.browsing.open_account(row.account_id)
    page = window.browsing.account_page
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(EditAccountDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.contract_end.setText("someday")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.errors["contract_end"].isVisible()
    dialog.contract_end.setText("2031-03-31")
    dialog.notes.setPlainText("Seven hotels; the terrace bar <b>matters</b>")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    text = page.browser.toPlainText()
    assert "2031-03-31" in text and "the terrace bar <b>matters</b>" in text
    search(qtbot, window, "terrace")
    assert customers(window) == ["Altavale Hotels  (sample)"]


def test_enter_right_after_typing_opens_the_best_match(
    qtbot: QtBot, samples_window: MainWindow
) -> None:
    window = samples_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(window.list_page.search, "brightm")
    qtbot.keyClick(window.list_page.search, Qt.Key.Key_Return)  # before the typing pause ends
    assert window.pages.currentWidget() is window.browsing.detail_page
    assert window.browsing.detail_page.title.text().startswith("Brightmoor Dental Group")


def test_the_list_catches_up_when_shown_not_on_every_change_behind_it(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    first = window.ops.run_quietly(
        lambda: create_debrief(
            store, NewDebrief(account_name="A", contact_name="B", opportunity="C", competitor="D")
        )
    )
    assert window.list_page.model.rowCount() == 1
    window.browsing.open_debrief(first.id)  # the list is out of sight now
    window.ops.run_quietly(
        lambda: create_debrief(
            store, NewDebrief(account_name="E", contact_name="F", opportunity="G", competitor="H")
        )
    )
    assert window.list_page.model.rowCount() == 1  # no work for a screen nobody sees
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.list_page
    assert window.list_page.model.rowCount() == 2
