"""The question-set editor, the prepare view, and the autosaver underneath meeting mode."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.errors import NotFoundError
from debrief.meeting.question_sets import list_sets
from debrief.model import NewDebrief
from debrief.store.database import Store
from ui.autosave import MAX_DELAY_MS, Autosaver
from ui.main_window import MainWindow
from ui.meeting.hookup import default_set_path
from ui.meeting.set_editor import QuestionSetDialog


def answer_next_message_box(button: QMessageBox.StandardButton) -> None:
    """Click `button` on the next message box as soon as it opens."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(10, click)

    QTimer.singleShot(0, click)


def test_copy_edit_reorder_and_save_a_set(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    window.meeting_mode.question_sets_action.trigger()
    dialog = window.findChild(QuestionSetDialog)
    qtbot.waitExposed(dialog)
    assert dialog.current_set().is_builtin
    assert not dialog.save_button.isEnabled() and not dialog.add_button.isEnabled()
    dialog.copy_button.click()
    copy = dialog.current_set()
    assert copy.name == "Standard debrief (my copy)" and not copy.is_builtin
    assert dialog.save_button.isEnabled()

    dialog.name.setText("Short and sweet")
    dialog.table.item(0, 1).setText("Thanks <b>so</b> much — 谢谢")
    dialog.table.setCurrentCell(0, 1)
    dialog.down_button.click()
    while dialog.table.rowCount() > 3:
        dialog.table.setCurrentCell(3, 1)
        dialog.remove_button.click()
    dialog.table.setCurrentCell(2, 1)
    dialog.add_button.click()
    dialog.table.item(3, 1).setText("A new question?")
    dialog.table.item(3, 4).setCheckState(Qt.CheckState.Checked)
    role = dialog.table.cellWidget(3, 2)
    role.setCurrentIndex(role.findData("did_well"))
    assert dialog.dirty
    dialog.save_button.click()
    assert not dialog.dirty

    (_, saved) = list_sets(store, default_set_path())
    assert saved.name == "Short and sweet"
    assert [q.text for q in saved.questions] == [
        "Say why you're here: to learn, not to reopen the sale.",
        "Thanks <b>so</b> much — 谢谢",
        "Check how much time they have today.",
        "A new question?",
    ]
    assert saved.questions[3].sensitive and saved.questions[3].phase == "opening"
    assert saved.questions[3].role == "did_well"  # what the answer means travels with it
    assert saved.questions[0].role == "opening"

    answer_next_message_box(QMessageBox.StandardButton.Yes)
    dialog.delete_button.click()
    assert list_sets(store, default_set_path())[1:] == []
    dialog.close()


def test_closing_with_unsaved_edits_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.meeting_mode.edit_question_sets()
    qtbot.waitExposed(dialog)
    dialog.copy_button.click()
    dialog.table.item(0, 1).setText("changed")
    dialog.close()
    box = dialog.discard_box
    assert box is not None and box.isVisible()
    box.findChild(QPushButton, "keepEditing").click()
    assert dialog.isVisible() and dialog.table.item(0, 1).text() == "changed"
    dialog.close()
    with qtbot.waitSignal(dialog.finished):
        dialog.discard_box.findChild(QPushButton, "discard").click()
    assert not dialog.isVisible()


def test_prepare_shows_the_deal_and_starts_with_the_chosen_set(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    d = create_debrief(
        store,
        NewDebrief(
            account_name="Acme <b>",
            contact_name="Ana",
            contact_title="CFO",
            opportunity="Fleet & more",
            competitor="Globex",
        ),
    )
    create_debrief(
        store,
        NewDebrief(
            account_name="Acme <b>", contact_name="Ana", opportunity="Older deal", competitor="Z"
        ),
    )
    window.list_page.refresh(select_id=d.id)
    window.meeting_mode.start_action.trigger()
    prepare = window.meeting_mode.page.prepare
    assert "Older deal (won by Z)" in prepare.history.text()
    assert prepare.person.text() == "Ana, CFO\nAcme <b>"
    assert "won by Globex" in prepare.deal.text()
    assert "Thank them for making the time." in prepare.preview.toPlainText()
    # a set saved in the editor shows up in the prepare view at once
    dialog = window.meeting_mode.edit_question_sets()
    dialog.copy_button.click()
    dialog.table.setCurrentCell(0, 1)
    while dialog.table.rowCount() > 1:
        dialog.table.setCurrentCell(1, 1)
        dialog.remove_button.click()
    dialog.save_button.click()
    dialog.close()
    assert prepare.set_combo.currentText() == "Standard debrief (my copy)"
    prepare.minutes.setValue(20)
    prepare.start_button.click()
    meeting = load_record(store, d.id)
    assert [q.text for q in meeting.questions] == ["Thank them for making the time."]
    assert meeting.minutes == 20 and meeting.question_set_name == "Standard debrief (my copy)"


def test_start_meeting_without_a_selection_says_what_to_do(
    qtbot: QtBot, window: MainWindow
) -> None:
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(10, read_and_close)

    QTimer.singleShot(0, read_and_close)
    window.meeting_mode.start_action.trigger()
    assert seen == ["Select a debrief in the list first, then start its meeting."]
    assert window.pages.currentWidget() is window.list_page


def test_autosaver_keeps_the_latest_save_and_runs_it_within_the_delay(qtbot: QtBot) -> None:
    saver = Autosaver(delay_ms=50)
    done: list[str] = []
    saver.schedule("a", lambda: "old", done.append)
    saver.schedule("a", lambda: "new", done.append)
    saver.schedule("b", lambda: "b", done.append)
    assert saver.has_pending()
    with qtbot.waitSignal(saver.saved, timeout=1000):
        pass
    assert done == ["new", "b"] and not saver.has_pending()


def test_autosaver_reports_expected_failures_and_carries_on(qtbot: QtBot) -> None:
    saver = Autosaver(delay_ms=10_000)
    done: list[str] = []

    def gone(_text: str) -> None:
        raise NotFoundError("That part of the meeting record is no longer there.")

    saver.schedule("x", lambda: "x", gone)
    saver.schedule("y", lambda: "y", done.append)
    with qtbot.waitSignal(saver.notice_changed) as notice:
        saver.flush()
    assert notice.args == [
        "Not saved yet — that part of the meeting record is no longer there; your text is kept "
        "here and saved as soon as it can be."
    ]
    assert done == ["y"]
    assert saver.unsaved() == [("x", "x")]  # kept, not thrown away


def test_a_slow_save_spaces_out_the_next_but_keeps_the_one_second_promise(qtbot: QtBot) -> None:
    saver = Autosaver(delay_ms=400)

    def slow_save(_text: str) -> None:  # stands in for writing a 1 MB note: real work, not a sleep
        end = time.monotonic() + 0.15
        while time.monotonic() < end:
            pass

    saver.schedule("note", lambda: "text", slow_save)
    saver.flush()
    assert 600 <= saver.next_delay_ms() <= MAX_DELAY_MS
    saver.schedule("note", lambda: "text", lambda _text: None)
    saver.flush()
    assert saver.next_delay_ms() == 400
