from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import list_debriefs
from debrief.store.database import Store
from tests.typing import type_text
from ui.app import build_window
from ui.browse.debrief_list import DebriefTableModel
from ui.forms.new_debrief_dialog import NewDebriefDialog
from ui.main_window import MainWindow
from ui.paths import AppPaths


def open_dialog(qtbot: QtBot, window: MainWindow) -> NewDebriefDialog:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = [d for d in window.findChildren(NewDebriefDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    return dialog


def fill(qtbot: QtBot, dialog: NewDebriefDialog, **values: str) -> None:
    widgets = {
        "account": dialog.account.lineEdit(),
        "contact": dialog.contact.lineEdit(),
        "contact_title": dialog.contact_title,
        "opportunity": dialog.opportunity,
        "value": dialog.value,
        "competitor": dialog.competitor.lineEdit(),
        "rep_name": dialog.rep_name,
    }
    for key, text in values.items():
        widgets[key].clear()
        type_text(widgets[key], text)


def test_empty_database_invites_the_first_debrief(qtbot: QtBot, window: MainWindow) -> None:
    assert window.list_page.is_empty_state()
    button = window.list_page.findChild(QPushButton, "emptyNewButton")
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(NewDebriefDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_new_debrief_with_the_keyboard_lands_in_the_list(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_dialog(qtbot, window)
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() in (dialog.account, dialog.account.lineEdit())
    )
    fill(
        qtbot,
        dialog,
        account="Northwind Freight",
        contact="Maria Kowalska",
        contact_title="COO",
        opportunity="Fleet renewal 2027",
        value="48,000",
        competitor="Globex",
        rep_name="Sam",
    )
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.keyClick(dialog.opportunity, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (saved,) = list_debriefs(store)
    assert created.args[0].id == saved.id
    assert saved.account_name == "Northwind Freight" and saved.competitor == "Globex"
    assert not window.list_page.is_empty_state()
    model = window.list_page.model
    assert model.data(model.index(0, 1)) == "Northwind Freight"
    assert window.list_page.table.currentIndex().row() == 0 or model.rowCount() == 1
    # Issue 11: the new debrief opens on what to do next, its first draft one key away.
    assert window.pages.currentWidget() is window.browsing.detail_page
    assert window.followups.panel.title.text() == "What to do next"


def test_validation_messages_appear_next_to_the_fields(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_dialog(qtbot, window)
    fill(qtbot, dialog, value="lots")
    dialog.date_lost.setDate(QDate.currentDate())
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
        Qt.MouseButton.LeftButton,
    )
    assert dialog.isVisible()
    for key in ("account", "contact", "opportunity", "competitor", "value"):
        assert dialog.errors[key].isVisible(), key
        assert dialog.errors[key].text()
    assert not dialog.errors["rep_name"].isVisible()
    assert list_debriefs(store) == []
    fill(qtbot, dialog, account="A", contact="B", opportunity="C", competitor="D", value="1")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    assert len(list_debriefs(store)) == 1


def test_existing_customer_offers_its_people(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_dialog(qtbot, window)
    fill(qtbot, dialog, account="Acme", contact="Jo", opportunity="X", competitor="Y")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    dialog = open_dialog(qtbot, window)
    fill(qtbot, dialog, account="Acme")
    assert dialog.contact.count() == 1
    assert dialog.contact_title.isVisible() and not dialog.edit_person_button.isVisible()
    dialog.contact.setCurrentIndex(0)
    # someone on file: their details and Edit person…, not fields for a new person
    assert not dialog.contact_title.isVisible() and dialog.edit_person_button.isVisible()
    assert dialog.person_details.text() == "No title, email or phone yet: Edit person… adds them."
    fill(qtbot, dialog, opportunity="Second try", competitor="Y")
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    first, second = list_debriefs(store)
    assert first.contact_id == second.contact_id and first.account_id == second.account_id


def test_window_size_and_position_are_remembered(
    qtbot: QtBot, store: Store, paths: AppPaths
) -> None:
    first = build_window(store, paths)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 540)
    first.close()
    second = build_window(store, paths)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (760, 540)


def test_list_model_is_a_well_behaved_item_model(qtmodeltester, store: Store) -> None:
    from debrief.debriefs.lifecycle import create_debrief
    from debrief.model import NewDebrief

    create_debrief(
        store, NewDebrief(account_name="A", contact_name="B", opportunity="C", competitor="D")
    )
    qtmodeltester.check(DebriefTableModel(store))


def test_a_half_filled_form_survives_until_it_is_saved_or_cancelled(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from debrief.debriefs.form_drafts import load_form_draft

    dialog = open_dialog(qtbot, window)
    fill(qtbot, dialog, account="Żywiec Logistics", opportunity="Scanners <b>")
    dialog.deal.outcome.setCurrentIndex(dialog.deal.outcome.findData("no_decision"))
    # typed words reach the database within a second, with no Save pressed
    qtbot.waitUntil(
        lambda: (load_form_draft(store, "new_debrief") or {}).get("opportunity") == "Scanners <b>",
        timeout=1000,
    )
    # as if Debrief had been killed: a new form finds the words again
    again = NewDebriefDialog(window.ops, parent=window)
    qtbot.addWidget(again)
    assert again.account.currentText() == "Żywiec Logistics"
    assert again.opportunity.text() == "Scanners <b>"
    assert again.deal.outcome.currentData() == "no_decision"
    assert not again.competitor.isEnabled()
    assert again.draft.restored
    again.reject()  # Cancel asks first: a restored form holds typed words
    assert again.discard_box.isVisible() and load_form_draft(store, "new_debrief")
    with qtbot.waitSignal(again.finished):
        again.discard_box.findChild(QPushButton, "discard").click()
    assert load_form_draft(store, "new_debrief") is None
    # an untouched form keeps no draft
    third = NewDebriefDialog(window.ops, rep_name="Sam", parent=window)
    qtbot.addWidget(third)
    assert not third.draft.restored
    third.draft.save_now()
    assert load_form_draft(store, "new_debrief") is None


def test_saving_the_form_drops_its_draft(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    from debrief.debriefs.form_drafts import load_form_draft

    dialog = open_dialog(qtbot, window)
    fill(qtbot, dialog, account="A", contact="B", opportunity="C", competitor="D")
    dialog.draft.saver.flush()
    assert load_form_draft(store, "new_debrief") is not None
    with qtbot.waitSignal(dialog.created):
        dialog.save()
    assert load_form_draft(store, "new_debrief") is None
