"""A person on file is corrected where the rep meets them: in the New debrief form, on the
meeting screen and on the agenda. Each opens the one person form, and the change shows
everywhere: the open screen, the debrief's page and the greeting of a letter drafted next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from debrief.debriefs.accounts import get_contact
from debrief.debriefs.lifecycle import get_debrief, list_debriefs
from debrief.followups.agenda import accept_plan
from debrief.followups.plan import proposed_plan
from debrief.letters.drafting import draft_letter
from debrief.model import LetterKind
from debrief.resources import resource_path
from debrief.store.database import Store
from tests.typing import type_text
from tests.ui.test_dialog_drafts import _loss as loss  # one recent loss to act on
from ui.forms.new_debrief_dialog import NewDebriefDialog
from ui.forms.person_dialog import PersonDialog
from ui.letters.sender import load_profile
from ui.main_window import MainWindow


def person_form(qtbot: QtBot, parent: object) -> PersonDialog:
    found: list[PersonDialog] = []
    qtbot.waitUntil(
        lambda: bool(
            found.extend(d for d in parent.findChildren(PersonDialog) if d.isVisible())  # type: ignore[attr-defined]
            or found
        )
    )
    dialog = found[0]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def retype(widget: object, text: str) -> None:
    widget.setFocus()  # type: ignore[attr-defined]
    widget.selectAll()  # type: ignore[attr-defined]
    type_text(widget, text)  # type: ignore[arg-type]


def correct(qtbot: QtBot, dialog: PersonDialog, **fields: str) -> None:
    """Retype the fields and save with Ctrl+Return, as the rep would."""
    for name, text in fields.items():
        retype(getattr(dialog, name), text)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(
            QApplication.focusWidget() or dialog,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier,
        )


def greeting_drafted(store: Store, debrief_id: str) -> str:
    draft = draft_letter(
        store, debrief_id, LetterKind.MEETING_REQUEST, load_profile(store), resource_path("letters")
    )
    return next(line for line in draft.text.splitlines() if line.startswith("Dear"))


def test_from_the_new_debrief_form(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    first = loss(store)
    assert greeting_drafted(store, first) == "Dear Jana Novák,"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (form,) = [d for d in window.findChildren(NewDebriefDialog) if d.isVisible()]
    qtbot.waitExposed(form)
    type_text(form.account.lineEdit(), "Acme Freight")
    form.contact.setCurrentIndex(0)  # Jana, already on file
    assert form.edit_person_button.isVisible() and not form.contact_title.isVisible()
    qtbot.mouseClick(form.edit_person_button, Qt.MouseButton.LeftButton)
    dialog = person_form(qtbot, form)
    assert dialog.name.text() == "Jana Novák"
    correct(qtbot, dialog, title="Chief Operating Officer", salutation="Jana")
    # the form still has her picked, and shows what was just saved
    assert form.contact.currentText() == "Jana Novák — Chief Operating Officer"
    assert form.person_details.text() == "Chief Operating Officer"
    assert form.isVisible()
    type_text(form.opportunity, "Second chance")
    type_text(form.competitor.lineEdit(), "Globex")
    with qtbot.waitSignal(form.created):
        form.save()
    second = next(d for d in list_debriefs(store) if d.id != first)
    assert second.contact_id == get_debrief(store, first).contact_id  # the same person
    # everywhere: both debriefs, their pages, and the next letter's greeting
    assert get_debrief(store, first).contact_title == "Chief Operating Officer"
    window.browsing.open_debrief(first)
    assert "Chief Operating Officer" in window.browsing.detail_page.browser.toPlainText()
    assert greeting_drafted(store, first) == "Dear Jana,"


def test_from_the_meeting_screen(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    debrief_id = loss(store)
    window.list_page.refresh(select_id=debrief_id)
    window.meeting_mode.start_action.trigger()
    page = window.meeting_mode.page
    page.prepare.start_button.click()
    screen = page.meeting_screen
    assert screen.title.text().startswith("Acme Freight · Fleet renewal · with Jana Novák ·")
    assert screen.person_button.isVisible()
    qtbot.mouseClick(screen.person_button, Qt.MouseButton.LeftButton)
    dialog = person_form(qtbot, window)
    correct(qtbot, dialog, name="Jana Nováková", title="COO", salutation="Dr Nováková")
    # the header follows at once (from the broadcast), the meeting goes on
    assert "with Jana Nováková, COO" in screen.title.text()
    assert page.in_meeting()
    assert get_contact(store, get_debrief(store, debrief_id).contact_id or "").name == (
        "Jana Nováková"
    )
    assert greeting_drafted(store, debrief_id) == "Dear Dr Nováková,"
    # Esc in the person form closes the form only, not the meeting
    qtbot.mouseClick(screen.person_button, Qt.MouseButton.LeftButton)
    dialog = person_form(qtbot, window)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert page.in_meeting() and window.pages.currentWidget() is page


def test_from_the_agenda(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    debrief_id = loss(store)
    accept_plan(store, debrief_id, proposed_plan(store, debrief_id))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    agenda = window.followups.page
    assert window.pages.currentWidget() is agenda
    item = agenda.selected()
    assert item is not None and item.contact_name == "Jana Novák"
    assert agenda.person_action.isEnabled()
    agenda.tree.setFocus()
    qtbot.keyClick(agenda.tree, Qt.Key.Key_P)
    dialog = person_form(qtbot, window)
    correct(qtbot, dialog, email="jana@acme.example", salutation="Ms Novák-Brown")
    # the agenda re-reads: the detail line has her email, the same row is still selected
    qtbot.waitUntil(lambda: "jana@acme.example" in agenda.detail.text())
    selected = agenda.selected()
    assert selected is not None and selected.id == item.id
    assert greeting_drafted(store, debrief_id) == "Dear Ms Novák-Brown,"


def test_an_open_letters_window_takes_the_new_greeting_on_start_again(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """A letter already drafted keeps the rep's own words; Start again uses the new greeting."""
    debrief_id = loss(store)
    letters = window.letter_actions.open_letters(debrief_id, LetterKind.MEETING_REQUEST)
    assert letters is not None
    assert "Dear Jana Novák," in letters.editor.toPlainText()
    qtbot.mouseClick(letters.recipient_button, Qt.MouseButton.LeftButton)
    dialog = person_form(qtbot, letters)
    correct(qtbot, dialog, salutation="Jana")
    assert "Dear Jana Novák," in letters.editor.toPlainText()  # the rep's text stays theirs
    letters.start_again()
    assert "Dear Jana," in letters.editor.toPlainText()
    letters.close()


def test_from_the_meetings_prepare_view(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    debrief_id = loss(store)
    window.list_page.refresh(select_id=debrief_id)
    window.meeting_mode.start_action.trigger()
    prepare = window.meeting_mode.page.prepare
    assert prepare.person.text() == "Jana Novák\nAcme Freight"
    qtbot.mouseClick(prepare.person_button, Qt.MouseButton.LeftButton)
    dialog = person_form(qtbot, window)
    correct(qtbot, dialog, title="CFO")
    assert prepare.person.text() == "Jana Novák, CFO\nAcme Freight"
