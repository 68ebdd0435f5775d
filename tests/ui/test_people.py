"""People in the UI: a person corrected from the debrief's page and from the account's, the
buying group with roles, who was in the meeting (detail page and the meeting's prepare view)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from debrief.debriefs.accounts import get_contact, list_contacts
from debrief.debriefs.record import load_record
from debrief.samples import load_samples
from debrief.search import browse
from debrief.search.browse import Filters
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.typing import type_text
from ui.app import build_window
from ui.forms.attendees_dialog import AttendeesDialog
from ui.forms.person_dialog import PersonDialog
from ui.main_window import MainWindow
from ui.meeting.prepare import PrepareView
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


def sample_id(store: Store, words: str) -> str:
    (row,) = browse.page(store, Filters(text=words), browse.Sort(), 0, 5)
    return row.id


def open_dialog(qtbot: QtBot, window: MainWindow, kind: type) -> object:
    found: list[object] = []
    qtbot.waitUntil(
        lambda: bool(found.extend(d for d in window.findChildren(kind) if d.isVisible()) or found)
    )
    dialog = found[0]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # type: ignore[attr-defined]
    qtbot.waitUntil(dialog.isActiveWindow)  # type: ignore[attr-defined]
    return dialog


def retype(widget: object, text: str) -> None:
    widget.selectAll()  # type: ignore[attr-defined]
    type_text(widget, text)  # type: ignore[arg-type]


def test_a_mistyped_email_is_fixed_from_the_debriefs_page(
    qtbot: QtBot, samples_window: MainWindow, store: Store
) -> None:
    window = samples_window
    debrief_id = sample_id(store, "harbourline")
    window.browsing.open_debrief(debrief_id)
    page = window.browsing.detail_page
    assert page.people_button.isVisible() and page.people_button.isEnabled()
    assert "Who was there" in page.browser.toPlainText()
    assert "Ruud van Leeuwen (Evaluator)" in page.browser.toPlainText()
    edit = next(a for a in page.people_menu.actions() if a.text() == "Edit Miriam Achterberg…")
    edit.trigger()
    dialog = open_dialog(qtbot, window, PersonDialog)
    assert isinstance(dialog, PersonDialog)
    assert dialog.salutation.text() == "Miriam"  # her greeting, as the samples chose it
    assert dialog.role.currentData() == "decision_maker"
    retype(dialog.email, "m.achterberg harbourline.example")
    qtbot.keyClick(dialog.email, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.errors["email"].isVisible()
    assert QApplication.focusWidget() is dialog.email
    qtbot.keyClick(dialog.email, Qt.Key.Key_Home)
    qtbot.keyClick(dialog.email, Qt.Key.Key_End)
    qtbot.keyClick(dialog.email, Qt.Key.Key_Backspace)  # still no @: the message stays
    assert dialog.errors["email"].isVisible()
    retype(dialog.email, "m.achterberg@harbourline.example")
    assert not dialog.errors["email"].isVisible()  # cleared as soon as it is right
    retype(dialog.salutation, "Ms Achterberg")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.email, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    text = page.browser.toPlainText()  # the open page re-read on the change broadcast
    assert "m.achterberg@harbourline.example" in text
    contact = load_record(store, debrief_id).contact
    assert contact is not None and contact.salutation == "Ms Achterberg"


def test_the_account_page_holds_the_buying_group_with_roles(
    qtbot: QtBot, samples_window: MainWindow, store: Store
) -> None:
    window = samples_window
    debrief_id = sample_id(store, "brightmoor")
    account_id = load_record(store, debrief_id).account.id
    window.browsing.open_account(account_id)
    page = window.browsing.account_page
    text = page.browser.toPlainText()
    assert "People (3)" in text
    assert "Martin Royce · Sponsor" in text and "Hannah Cole · User" in text
    assert "Letters: Dear Dr Prichard," in text
    assert "Leeds LS6 4QT" in text
    # Add person… from the keyboard
    page.activateWindow()
    page.add_person_button.setFocus()
    qtbot.keyClick(page.add_person_button, Qt.Key.Key_Space)
    dialog = open_dialog(qtbot, window, PersonDialog)
    assert isinstance(dialog, PersonDialog)
    type_text(dialog.name, "Prof. Ada Quist")
    assert dialog.salutation.text() == "Professor Quist"  # follows the name until changed
    dialog.role.setCurrentIndex(dialog.role.findData("procurement"))
    type_text(dialog.email, "ada@brightmoor.example")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Prof. Ada Quist · Procurement" in page.browser.toPlainText()
    added = next(c for c in list_contacts(store, account_id) if c.name == "Prof. Ada Quist")
    assert added.salutation == ""  # the suggestion, kept as the default
    # Edit from the person's own link
    page.browser.anchorClicked.emit(QUrl(f"person:{added.id}"))
    dialog = open_dialog(qtbot, window, PersonDialog)
    assert isinstance(dialog, PersonDialog) and dialog.name.text() == "Prof. Ada Quist"
    retype(dialog.title, "Head of Purchasing")
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert get_contact(store, added.id).title == "Head of Purchasing"
    assert [a.text() for a in page.people_menu.actions()].count("Prof. Ada Quist…") == 1


def test_who_was_in_the_meeting_is_ticked_and_shown_before_the_next_meeting(
    qtbot: QtBot, samples_window: MainWindow, store: Store
) -> None:
    window = samples_window
    debrief_id = sample_id(store, "kyōdō")
    window.browsing.open_debrief(debrief_id)
    page = window.browsing.detail_page
    action = next(a for a in page.people_menu.actions() if a.objectName() == "attendeesAction")
    action.trigger()
    dialog = open_dialog(qtbot, window, AttendeesDialog)
    assert isinstance(dialog, AttendeesDialog)
    assert dialog.chosen_ids() == []
    names = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert names == [
        "Haruka Sato 佐藤 遥 — General Manager · Decision maker",
        "Kenji Mori 森 健二 — Service Team Leader · User",
    ]
    qtbot.keyClick(dialog.people, Qt.Key.Key_Space)  # tick the first
    qtbot.keyClick(dialog.people, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.people, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    attendees = load_record(store, debrief_id).attendees
    assert [c.name for c in attendees] == ["Haruka Sato 佐藤 遥", "Kenji Mori 森 健二"]
    assert "Kenji Mori 森 健二 (User)" in page.browser.toPlainText()

    prepare = PrepareView(store, ROOT / "resources" / "question_sets" / "default.json")
    qtbot.addWidget(prepare)
    prepare.load(debrief_id)
    assert prepare.attendees.text() == "Kenji Mori 森 健二, Service Team Leader (User)"
