"""Every dialog that takes typing keeps it the way the forms do: Esc with changes asks (Keep
editing / Discard), Esc without changes closes at once, and what is typed is kept as a draft
within a second and offered back by the next dialog of the same kind (as after a killed
process; the real kill is in tests/e2e/test_kill_dialogs.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from debrief.debriefs.form_drafts import load_form_draft
from debrief.debriefs.lifecycle import create_debrief
from debrief.followups.agenda import accept_plan, followups_of
from debrief.followups.plan import proposed_plan
from debrief.followups.settings import get_followup_settings
from debrief.meeting.question_sets import list_sets, save_set
from debrief.model import NewDebrief
from debrief.store.database import Store
from tests.typing import type_text
from ui.followups.dialogs import CancelDialog, DoneDialog, EditDialog, RescheduleDialog
from ui.followups.plan_dialog import PlanDialog
from ui.followups.relationship_dialog import RelationshipDialog
from ui.followups.settings_dialog import FollowupSettingsDialog
from ui.forms.attendees_dialog import AttendeesDialog
from ui.forms.form_helpers import RESTORED, FormDialog
from ui.letters.profile_dialog import SenderProfileDialog
from ui.main_window import MainWindow
from ui.meeting.hookup import default_set_path
from ui.meeting.set_editor import QuestionSetDialog

TYPED = "Żaneta says: call after 6 <b>"


@dataclass
class World:
    window: MainWindow
    store: Store
    debrief_id: str


@dataclass(frozen=True)
class Case:
    """How to open one kind of dialog, change it like a rep would, and read the change back."""

    name: str
    draft_key: Callable[[World], str]
    build: Callable[[World], FormDialog]
    change: Callable[[QtBot, FormDialog], None]
    shown: Callable[[FormDialog], str]  # what the change looks like in the dialog


def _loss(store: Store) -> str:
    return create_debrief(
        store,
        NewDebrief(
            account_name="Acme Freight",
            contact_name="Jana Novák",
            opportunity="Fleet renewal",
            competitor="Globex",
            date_lost=(date.today() - timedelta(days=2)).isoformat(),
        ),
    ).id


def _first_followup(world: World):  # type: ignore[no-untyped-def]
    found = followups_of(world.store, world.debrief_id)
    if not found:
        accept_plan(world.store, world.debrief_id, proposed_plan(world.store, world.debrief_id))
        found = followups_of(world.store, world.debrief_id)
    return found[0]


def _type_into(attr: str) -> Callable[[QtBot, FormDialog], None]:
    def change(qtbot: QtBot, dialog: FormDialog) -> None:
        widget = getattr(dialog, attr)
        widget.setFocus()
        type_text(widget, TYPED)

    return change


def _text_of(attr: str) -> Callable[[FormDialog], str]:
    def shown(dialog: FormDialog) -> str:
        widget = getattr(dialog, attr)
        return widget.toPlainText() if hasattr(widget, "toPlainText") else widget.text()

    return shown


def _plan_change(qtbot: QtBot, dialog: FormDialog) -> None:
    assert isinstance(dialog, PlanDialog)
    dialog.rows[3][1].setChecked(False)  # leave out the second check-in
    purpose = dialog.rows[1][4]
    purpose.setFocus()
    purpose.selectAll()
    type_text(purpose, TYPED)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    type_text(dialog.rows[-1][4], "Send the case study")


def _plan_shown(dialog: FormDialog) -> str:
    assert isinstance(dialog, PlanDialog)
    return " | ".join(
        f"{item.rule or 'own'}:{int(tick.isChecked())}:{purpose.text()}"
        for item, tick, _due, _channel, purpose in dialog.rows
    )


def _relationship_change(qtbot: QtBot, dialog: FormDialog) -> None:
    assert isinstance(dialog, RelationshipDialog)
    won = next(b for r, b in dialog.choices.items() if r.value == "won_back")
    won.setFocus()
    qtbot.keyClick(won, Qt.Key.Key_Space)
    dialog.value.setFocus()
    type_text(dialog.value, "18,000")


def _relationship_shown(dialog: FormDialog) -> str:
    assert isinstance(dialog, RelationshipDialog)
    return f"{dialog.choice().value} {dialog.value.text()}"


def _settings_change(qtbot: QtBot, dialog: FormDialog) -> None:
    assert isinstance(dialog, FollowupSettingsDialog)
    spin = dialog.spins["win_back_months_before_renewal"]
    spin.setFocus()
    spin.selectAll()
    type_text(spin, "18")


def _settings_shown(dialog: FormDialog) -> str:
    assert isinstance(dialog, FollowupSettingsDialog)
    return str(dialog.spins["win_back_months_before_renewal"].value())


def _reschedule_change(qtbot: QtBot, dialog: FormDialog) -> None:
    assert isinstance(dialog, RescheduleDialog)
    dialog.due.setFocus()
    for _ in range(3):
        qtbot.keyClick(dialog.due, Qt.Key.Key_Up)  # the day section: three days later


def _reschedule_shown(dialog: FormDialog) -> str:
    assert isinstance(dialog, RescheduleDialog)
    return dialog.due.date().toString(Qt.DateFormat.ISODate)


def _set_editor(world: World) -> FormDialog:
    standard = list_sets(world.store, default_set_path())[0]
    if len(list_sets(world.store, default_set_path())) == 1:
        save_set(world.store, "My set", standard.questions)
    dialog = QuestionSetDialog(world.window.ops, default_set_path(), world.window)
    if dialog.current_set() is not None and dialog.current_set().is_builtin:  # type: ignore[union-attr]
        dialog.list.setCurrentRow(1)
    return dialog


def _set_change(qtbot: QtBot, dialog: FormDialog) -> None:
    assert isinstance(dialog, QuestionSetDialog)
    dialog.name.setFocus()
    dialog.name.end(False)
    type_text(dialog.name, " (short)")
    dialog.table.setFocus()
    dialog.table.setCurrentCell(0, 1)
    dialog.table.editItem(dialog.table.item(0, 1))
    editor = dialog.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    type_text(editor, TYPED)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the table takes what was typed
    qtbot.waitUntil(lambda: dialog.table.item(0, 1).text() == TYPED)


def _set_shown(dialog: FormDialog) -> str:
    assert isinstance(dialog, QuestionSetDialog)
    return f"{dialog.name.text()} | {dialog.table.item(0, 1).text()}"


def _set_key(world: World) -> str:
    kept = [s for s in list_sets(world.store, default_set_path()) if s.name == "My set"]
    return f"question_set.{kept[0].id}"


def _attendees_change(qtbot: QtBot, dialog: FormDialog) -> None:
    assert isinstance(dialog, AttendeesDialog)
    dialog.people.setFocus()
    dialog.people.setCurrentRow(0)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Space)


def _attendees_shown(dialog: FormDialog) -> str:
    assert isinstance(dialog, AttendeesDialog)
    return ",".join(dialog.chosen_ids())


CASES = [
    Case(
        "plan",
        lambda w: f"plan.{w.debrief_id}",
        lambda w: PlanDialog(w.store, w.window.ops, w.debrief_id, date.today(), w.window),
        _plan_change,
        _plan_shown,
    ),
    Case(
        "relationship",
        lambda w: f"relationship.{w.debrief_id}",
        lambda w: RelationshipDialog(w.store, w.window.ops, w.debrief_id, date.today(), w.window),
        _relationship_change,
        _relationship_shown,
    ),
    Case(
        "settings",
        lambda w: "followup_settings",
        lambda w: FollowupSettingsDialog(w.store, w.window.ops, w.window),
        _settings_change,
        _settings_shown,
    ),
    Case(
        "done",
        lambda w: f"followup_done.{_first_followup(w).id}",
        lambda w: DoneDialog(w.store, _first_followup(w), date.today(), w.window),
        _type_into("note"),
        _text_of("note"),
    ),
    Case(
        "reschedule",
        lambda w: f"followup_reschedule.{_first_followup(w).id}",
        lambda w: RescheduleDialog(w.store, _first_followup(w), w.window),
        _reschedule_change,
        _reschedule_shown,
    ),
    Case(
        "edit",
        lambda w: f"followup_edit.{_first_followup(w).id}",
        lambda w: EditDialog(w.store, _first_followup(w), w.window),
        _type_into("purpose"),
        _text_of("purpose"),
    ),
    Case(
        "cancel",
        lambda w: f"followup_cancel.{_first_followup(w).id}",
        lambda w: CancelDialog(w.store, _first_followup(w), w.window),
        _type_into("note"),
        _text_of("note"),
    ),
    Case(
        "sender_profile",
        lambda w: "sender_profile",
        lambda w: SenderProfileDialog(w.window.ops, w.window),
        _type_into("company"),
        _text_of("company"),
    ),
    Case("question_set", _set_key, _set_editor, _set_change, _set_shown),
    Case(
        "attendees",
        lambda w: f"attendees.{w.debrief_id}",
        lambda w: AttendeesDialog(w.window.ops, w.debrief_id, w.window),
        _attendees_change,
        _attendees_shown,
    ),
]


@pytest.fixture
def world(window: MainWindow, store: Store) -> World:
    return World(window, store, _loss(store))


def shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def press_esc(qtbot: QtBot, dialog: QDialog) -> None:
    """Esc where the rep is: the field with the focus (it passes Esc on to the dialog)."""
    target = dialog.focusWidget() or dialog
    qtbot.keyClick(target, Qt.Key.Key_Escape)


def question(qtbot: QtBot, dialog: FormDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.discard_box is not None and dialog.discard_box.isVisible())
    box = dialog.discard_box
    assert box is not None
    qtbot.waitExposed(box)
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    return box


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_esc_without_changes_closes_at_once(qtbot: QtBot, world: World, case: Case) -> None:
    dialog = shown(qtbot, case.build(world))
    assert isinstance(dialog, FormDialog) and not dialog.has_changes()
    with qtbot.waitSignal(dialog.finished):
        press_esc(qtbot, dialog)
    assert dialog.discard_box is None  # no question asked
    assert load_form_draft(world.store, case.draft_key(world)) is None


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_esc_with_changes_asks_keep_editing_or_discard(
    qtbot: QtBot, world: World, case: Case
) -> None:
    dialog = shown(qtbot, case.build(world))
    assert isinstance(dialog, FormDialog)
    before = case.shown(dialog)
    case.change(qtbot, dialog)
    changed = case.shown(dialog)
    assert changed != before
    press_esc(qtbot, dialog)
    box = question(qtbot, dialog)
    assert box.text() == "Throw away your changes?"
    assert {b.text() for b in box.buttons()} == {"&Keep editing", "&Discard"}
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc on the question means keep editing
    qtbot.waitUntil(lambda: dialog.discard_box is None)
    assert dialog.isVisible() and case.shown(dialog) == changed
    # the closing button of the window asks the same
    dialog.close()
    box = question(qtbot, dialog)
    box.findChild(QPushButton, "keepEditing").click()
    assert dialog.isVisible() and case.shown(dialog) == changed
    press_esc(qtbot, dialog)
    box = question(qtbot, dialog)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(box, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert load_form_draft(world.store, case.draft_key(world)) is None  # discarded for good
    again = case.build(world)
    qtbot.addWidget(again)
    assert case.shown(again) == before and not again.has_changes()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_changes_are_kept_within_a_second_and_offered_back(
    qtbot: QtBot, world: World, case: Case
) -> None:
    dialog = shown(qtbot, case.build(world))
    assert isinstance(dialog, FormDialog)
    case.change(qtbot, dialog)
    changed = case.shown(dialog)
    key = case.draft_key(world)
    qtbot.waitUntil(lambda: load_form_draft(world.store, key) is not None, timeout=1000)
    # as if Debrief had been killed now: the next dialog of this kind offers the words back
    qtbot.waitUntil(lambda: not dialog.draft.saver.has_pending(), timeout=1000)  # type: ignore[union-attr]
    again = case.build(world)
    qtbot.addWidget(again)
    assert again.draft is not None and again.draft.restored
    assert case.shown(again) == changed
    assert again.has_changes()  # so Esc asks before the restored words go
    said = again.findChild(QLabel, "restoredNote")
    if isinstance(again, QuestionSetDialog):  # said in the notice above the table
        assert said is None and again.notice.text().startswith(RESTORED)
    else:
        assert said is not None and said.text() == RESTORED


def test_saving_commits_through_the_runner_and_drops_the_draft(qtbot: QtBot, world: World) -> None:
    dialog = shown(qtbot, FollowupSettingsDialog(world.store, world.window.ops, world.window))
    assert isinstance(dialog, FollowupSettingsDialog)
    _settings_change(qtbot, dialog)
    dialog.draft.saver.flush()  # type: ignore[union-attr]
    assert load_form_draft(world.store, "followup_settings") is not None
    with qtbot.waitSignal(world.window.ops.changed), qtbot.waitSignal(dialog.finished):
        dialog.save()
    assert get_followup_settings(world.store).win_back_months_before_renewal == 18
    assert load_form_draft(world.store, "followup_settings") is None


def test_question_set_edits_ask_before_another_set_is_picked(qtbot: QtBot, world: World) -> None:
    dialog = shown(qtbot, _set_editor(world))
    assert isinstance(dialog, QuestionSetDialog)
    _set_change(qtbot, dialog)
    changed = _set_shown(dialog)
    dialog.list.setCurrentRow(0)  # the standard set
    box = question(qtbot, dialog)
    assert dialog.list.currentRow() == 1  # still on the edited set until the rep says
    box.findChild(QPushButton, "keepEditing").click()
    assert _set_shown(dialog) == changed
    dialog.list.setCurrentRow(0)
    box = question(qtbot, dialog)
    box.findChild(QPushButton, "discard").click()
    assert dialog.current_set().is_builtin  # type: ignore[union-attr]
    assert load_form_draft(world.store, _set_key(world)) is None
    dialog.list.setCurrentRow(1)
    assert dialog.name.text() == "My set" and not dialog.has_changes()


def test_a_sender_profile_image_is_a_change_too(qtbot: QtBot, world: World) -> None:
    from tests.core.test_pdf import png

    dialog = shown(qtbot, SenderProfileDialog(world.window.ops, world.window))
    assert isinstance(dialog, SenderProfileDialog)
    dialog.logo.set_data(png(30, 10))
    press_esc(qtbot, dialog)
    box = question(qtbot, dialog)
    with qtbot.waitSignal(dialog.finished):
        box.findChild(QPushButton, "discard").click()


def _answer_any_box(told: list[str]) -> None:
    """Read and close the next message box (the runner's plain-words problem)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        told.append(box.text())
        box.accept()

    QTimer.singleShot(0, answer)


def test_a_done_note_stays_kept_until_the_agenda_has_saved_it(qtbot: QtBot, world: World) -> None:
    """The agenda saves a dialog's choice after the dialog has closed: when that save fails the
    typed note stays kept; when it succeeds the draft goes."""
    from tests.ui.test_followups import open_agenda

    gone = _first_followup(world)
    other = _first_followup(World(world.window, world.store, _loss(world.store)))
    page = open_agenda(qtbot, world.window)

    page.refresh(select_id=gone.id)
    dialog = page.done_selected()
    assert isinstance(dialog, DoneDialog) and dialog.followup.id == gone.id
    dialog.note.setPlainText(TYPED)
    assert dialog.draft is not None and dialog.draft.saver.flush()
    # Meanwhile the follow-up went (another copy of the app): saving it fails.
    with world.store.atomic():
        world.store.conn.execute("DELETE FROM followups WHERE id = ?", [gone.id])
    told: list[str] = []
    _answer_any_box(told)
    dialog.accept()
    assert told  # said in plain words
    kept = load_form_draft(world.store, f"followup_done.{gone.id}")
    assert kept is not None and kept["note"] == TYPED

    page.refresh(select_id=other.id)
    dialog = page.done_selected()
    assert isinstance(dialog, DoneDialog) and dialog.followup.id == other.id
    dialog.note.setPlainText("Spoke to Jana.")
    assert dialog.draft is not None and dialog.draft.saver.flush()
    with qtbot.waitSignal(world.window.ops.changed):
        dialog.accept()
    assert load_form_draft(world.store, f"followup_done.{other.id}") is None


def test_a_busy_database_is_said_in_plain_words_and_changes_nothing(
    qtbot: QtBot, world: World
) -> None:
    """Another program holds the write lock for longer than Debrief waits: the rep reads why,
    no crash dialog, and the follow-up is as it was."""
    from tests.ui.test_followups import open_agenda

    followup = _first_followup(world)
    page = open_agenda(qtbot, world.window)
    page.refresh(select_id=followup.id)
    dialog = page.done_selected()
    assert isinstance(dialog, DoneDialog)
    blocker = sqlite3.connect(world.store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    told: list[str] = []
    _answer_any_box(told)
    try:
        with world.store.waiting_at_most(100):
            dialog.accept()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert told and "the database is busy" in told[0] and "Nothing was changed" in told[0]
    (still,) = [f for f in followups_of(world.store, world.debrief_id) if f.id == followup.id]
    assert still.state == followup.state
