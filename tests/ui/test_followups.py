"""Follow-ups through the real window: the next steps on a fresh debrief, the plan, the agenda
(done, snooze, reschedule, cancel, open, draft), the due count, the list filter, the account
trail, the relationship, settings, calendar export and the desktop notification."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import vobject
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.followups.agenda import accept_plan, followups_of, reschedule
from debrief.followups.calendar import followup_uid
from debrief.followups.model import FollowupState
from debrief.followups.plan import proposed_plan
from debrief.followups.settings import get_followup_settings
from debrief.model import LetterKind, NewDebrief, Status
from debrief.store.database import Store
from tests.typing import type_text
from ui.followups.agenda_page import AgendaPage
from ui.followups.dialogs import CancelDialog, DoneDialog, EditDialog, RescheduleDialog
from ui.followups.plan_dialog import PlanDialog
from ui.followups.relationship_dialog import RelationshipDialog
from ui.followups.settings_dialog import FollowupSettingsDialog
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def new_loss(store: Store, days_ago: int = 0, name: str = "Acme Freight") -> str:
    return create_debrief(
        store,
        NewDebrief(
            account_name=name,
            contact_name="Jana Novák",
            opportunity="Fleet renewal",
            competitor="Globex",
            date_lost=(date.today() - timedelta(days=days_ago)).isoformat(),
        ),
    ).id


def planned(store: Store, overdue: bool = True) -> str:
    debrief_id = new_loss(store)
    accept_plan(store, debrief_id, proposed_plan(store, debrief_id))
    if overdue:
        ask = followups_of(store, debrief_id)[1]  # asking for the meeting: now overdue
        reschedule(store, ask.id, (date.today() - timedelta(days=2)).isoformat())
    return debrief_id


def open_agenda(qtbot: QtBot, window: MainWindow) -> AgendaPage:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    page = window.followups.page
    assert window.pages.currentWidget() is page
    return page


def dialog_of(qtbot: QtBot, window: MainWindow, kind: type) -> object:
    found: list[object] = []
    qtbot.waitUntil(
        lambda: bool(found.extend(d for d in window.findChildren(kind) if d.isVisible()) or found)
    )
    return found[0]


def test_a_fresh_loss_says_what_to_do_next_with_the_draft_one_key_away(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = new_loss(store)
    window.browsing.open_debrief(debrief_id)
    panel = window.followups.panel
    assert panel.isVisible() and panel.title.text() == "What to do next"
    texts = [w.findChild(type(panel.title)).text() for w in panel._line_widgets]
    assert texts[0].startswith("Call, today: Thank them for letting us know")  # told by phone
    assert "Ask for a short debrief meeting" in texts[1]
    window.browsing.detail_page.browser.setFocus()
    qtbot.keyClick(window.browsing.detail_page.browser, Qt.Key.Key_D, CTRL_SHIFT)
    qtbot.waitUntil(lambda: debrief_id in window.letter_actions.dialogs)
    letters = window.letter_actions.dialogs[debrief_id]
    assert letters.current_kind() is LetterKind.LOSS_REPLY
    letters.close()


def test_the_plan_is_edited_before_it_is_accepted(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = new_loss(store)
    window.browsing.open_debrief(debrief_id)
    window.activateWindow()
    qtbot.keyClick(window.browsing.detail_page.browser, Qt.Key.Key_P, CTRL_SHIFT)
    dialog = dialog_of(qtbot, window, PlanDialog)
    assert isinstance(dialog, PlanDialog)
    rules = [item.rule for item, *_ in dialog.rows]
    assert rules == ["loss_reply", "ask_meeting", "check_in_1", "check_in_2"]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    # Leave out the second check-in, move the meeting ask, reword it, add one of our own.
    dialog.rows[3][1].setChecked(False)
    later = date.today() + timedelta(days=10)
    dialog.rows[1][2].setDate(QDate(later.year, later.month, later.day))
    dialog.rows[1][4].setText("Ask Jana for half an hour")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is dialog.rows[-1][4]
    type_text(dialog.rows[-1][4], "Send the case study")
    assert dialog.accept_button.text() == "Accept 4 follow-ups"
    with qtbot.waitSignal(window.ops.changed):
        qtbot.keyClick(dialog.rows[-1][4], Qt.Key.Key_Return, CTRL)
    saved = {f.purpose: f for f in followups_of(store, debrief_id)}
    assert set(saved) == {
        "Thank them for letting us know and ask for a short conversation later",
        "Ask Jana for half an hour",
        "Check in and ask how things are going",
        "Send the case study",
    }
    assert saved["Ask Jana for half an hour"].due == later.isoformat()
    # The panel now shows the next follow-up, and the plan proposes only what is left.
    qtbot.waitUntil(lambda: window.followups.panel.title.text() == "Next follow-up")
    assert [i.rule for i in proposed_plan(store, debrief_id)] == ["check_in_2"]


def test_the_agenda_by_keyboard(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    debrief_id = planned(store)
    window.followups.update_badge()
    assert window.followups.badge.text() == "2 follow-ups due"  # overdue + the reply today
    page = open_agenda(qtbot, window)
    groups = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert groups[0] == "Overdue (1)" and groups[-1].startswith("Later (")
    assert page.counts.text().startswith("2 due now")
    tree = page.tree
    first = page.selected()
    assert first is not None and "2 days late" in tree.currentItem().text(0)

    # D: done, with an outcome note
    qtbot.keyClick(tree, Qt.Key.Key_D)
    done = dialog_of(qtbot, window, DoneDialog)
    assert isinstance(done, DoneDialog)
    type_text(done.note, "Left a voicemail; she'll call back.")
    with qtbot.waitSignal(window.ops.changed):
        qtbot.mouseClick(done.findChild(QPushButton, "okButton"), Qt.MouseButton.LeftButton)
    closed = next(f for f in followups_of(store, debrief_id) if f.id == first.id)
    assert closed.state is FollowupState.DONE
    assert closed.outcome_note == "Left a voicemail; she'll call back."
    assert get_debrief(store, debrief_id).status is Status.MEETING_REQUESTED
    qtbot.waitUntil(lambda: window.followups.badge.text() == "1 follow-up due")

    # S: snooze a week
    tree.setFocus()
    item = page.selected()
    assert item is not None and item.id != first.id
    with qtbot.waitSignal(window.ops.changed):
        qtbot.keyClick(tree, Qt.Key.Key_S)
    snoozed = next(f for f in followups_of(store, debrief_id) if f.id == item.id)
    assert snoozed.due > item.due and snoozed.sequence == item.sequence + 1
    assert not window.followups.badge.isVisible()

    # R: reschedule to a picked day
    assert page.select(item.id)
    qtbot.keyClick(tree, Qt.Key.Key_R)
    moved = dialog_of(qtbot, window, RescheduleDialog)
    assert isinstance(moved, RescheduleDialog)
    target = date.today() + timedelta(days=40)
    moved.due.setDate(QDate(target.year, target.month, target.day))
    with qtbot.waitSignal(window.ops.changed):
        moved.buttons.accepted.emit()
    assert next(f for f in followups_of(store, debrief_id) if f.id == item.id).due == (
        target.isoformat()
    )

    # F2: edit what it is for
    assert page.select(item.id)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    edit = dialog_of(qtbot, window, EditDialog)
    assert isinstance(edit, EditDialog)
    edit.purpose.setText("Ask how the pilot went")
    with qtbot.waitSignal(window.ops.changed):
        qtbot.mouseClick(edit.findChild(QPushButton, "okButton"), Qt.MouseButton.LeftButton)
    assert next(f for f in followups_of(store, debrief_id) if f.id == item.id).purpose == (
        "Ask how the pilot went"
    )

    # X: cancel, with a reason
    assert page.select(item.id)
    qtbot.keyClick(tree, Qt.Key.Key_X)
    cancel = dialog_of(qtbot, window, CancelDialog)
    assert isinstance(cancel, CancelDialog)
    with qtbot.waitSignal(window.ops.changed):
        qtbot.mouseClick(cancel.findChild(QPushButton, "okButton"), Qt.MouseButton.LeftButton)
    assert next(f for f in followups_of(store, debrief_id) if f.id == item.id).state is (
        FollowupState.CANCELLED
    )

    # L: the matching draft; Enter: the debrief
    tree.setFocus()
    current = page.selected()
    assert current is not None
    qtbot.keyClick(tree, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: debrief_id in window.letter_actions.dialogs)
    assert window.letter_actions.dialogs[debrief_id].current_kind() is LetterKind.FOLLOW_UP
    window.letter_actions.dialogs[debrief_id].close()
    window.activateWindow()
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.browsing.detail_page
    assert window.browsing.detail_page.debrief_id == debrief_id
    # Ctrl+2 comes back to the agenda, Esc goes to the list.
    page = open_agenda(qtbot, window)
    qtbot.keyClick(page.tree, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.list_page


def test_the_list_filters_follow_ups_due_and_the_account_shows_the_trail(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    due = planned(store)
    planned_later = new_loss(store, name="Brightmoor")
    bar = window.list_page.filter_bar
    window.list_page.refresh()
    assert window.list_page.model.rowCount() == 2
    with qtbot.waitSignal(window.list_page.model.modelReset):
        bar.findChild(QCheckBox, "followupDueFilter").setChecked(True)
    assert window.list_page.model.rowCount() == 1
    assert window.list_page.model.row_at(0).id == due != planned_later
    account_id = get_debrief(store, due).account_id
    window.browsing.open_account(account_id)
    html = window.browsing.account_page.browser.toPlainText()
    assert "Follow-ups (4)" in html and "Ask for a short debrief meeting" in html


def test_the_relationship_outcome_moves_the_status(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = planned(store)
    window.browsing.open_debrief(debrief_id)
    qtbot.mouseClick(
        window.followups.panel.findChild(QPushButton, "relationshipButton"),
        Qt.MouseButton.LeftButton,
    )
    dialog = dialog_of(qtbot, window, RelationshipDialog)
    assert isinstance(dialog, RelationshipDialog)
    dialog.choices[next(r for r in dialog.choices if r.value == "won_back")].setChecked(True)
    dialog.findChild(QLineEdit, "wonBackValue").setText("18,000")
    with qtbot.waitSignal(window.ops.changed):
        qtbot.mouseClick(
            dialog.findChild(QPushButton, "saveRelationship"), Qt.MouseButton.LeftButton
        )
    assert get_debrief(store, debrief_id).status is Status.WON_BACK
    assert all(not f.is_open for f in followups_of(store, debrief_id))
    qtbot.waitUntil(lambda: window.followups.panel.title.text().startswith("Relationship: Won"))
    assert "18,000" in window.followups.panel.title.text()


def test_settings_are_saved_in_the_database(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    dialog = window.followups.edit_settings()
    assert isinstance(dialog, FollowupSettingsDialog)
    dialog.spins["win_back_months_before_renewal"].setValue(18)
    dialog.renewal_watch.setChecked(False)
    dialog.save()
    saved = get_followup_settings(store)
    assert saved.win_back_months_before_renewal == 18 and not saved.renewal_watch


def test_calendar_export_from_the_agenda(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    debrief_id = planned(store)
    page = open_agenda(qtbot, window)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    dialog = dialog_of(qtbot, window, QFileDialog)
    assert isinstance(dialog, QFileDialog)
    target = tmp_path / "mine.ics"
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(target.exists)
    events = vobject.readOne(target.read_text("utf-8")).vevent_list
    assert {e.uid.value for e in events} == {
        followup_uid(f.id) for f in followups_of(store, debrief_id)
    }


def test_a_follow_up_falling_due_is_announced_once(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    planned(store)
    notifier = window.followups.notifier
    with qtbot.waitSignal(notifier.announced) as announced:
        notifier.check_now()
    assert len(announced.args[0]) == 2
    assert "2 follow-ups are due" in window.statusBar().currentMessage()
    assert notifier.check_now() == []  # not again
    assert not [w for w in QApplication.topLevelWidgets() if w.isModal() and w.isVisible()]
