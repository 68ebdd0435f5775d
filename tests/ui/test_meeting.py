"""Meeting mode driven like a rep would: keyboard only, typing real key events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.meeting import session as m
from debrief.model import CaptureKind, KeepInTouch, LossReason, NewDebrief, QuestionState
from debrief.store.database import Store
from tests.typing import type_text
from ui.app import build_window
from ui.forms.new_debrief_dialog import NewDebriefDialog
from ui.main_window import MainWindow
from ui.meeting.checklist import ChecklistModel
from ui.meeting.page import MeetingPage
from ui.paths import AppPaths

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TRICKY = "Zażółć Съешь 中文 😀 שלום <b>&amp;</b> \"q\" 'x'"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def page(window: MainWindow) -> MeetingPage:
    return window.meeting_mode.page


def open_meeting(qtbot: QtBot, window: MainWindow, store: Store, start: bool = True) -> str:
    d = create_debrief(
        store,
        NewDebrief(
            account_name="Żywiec <Logistics>",
            contact_name="Ana Müller",
            opportunity="Scanners <b>&amp;</b>",
            competitor="Globex",
        ),
    )
    window.list_page.refresh(select_id=d.id)
    window.meeting_mode.start_action.trigger()
    assert window.pages.currentWidget() is page(window)
    if start:
        page(window).prepare.start_button.click()
        assert page(window).in_meeting()
    return d.id


def test_keyboard_only_from_new_debrief_to_saved_readback(
    qtbot: QtBot, window: MainWindow, store: Store, paths: AppPaths
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # log the loss
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    (dialog,) = [d for d in window.findChildren(NewDebriefDialog) if d.isVisible()]
    qtbot.waitUntil(lambda: focused() in (dialog.account, dialog.account.lineEdit()))
    type_text(dialog.account.lineEdit(), "Northwind")
    type_text(dialog.contact.lineEdit(), "Maria")
    type_text(dialog.opportunity, "Fleet renewal")
    type_text(dialog.competitor.lineEdit(), "Globex")
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.keyClick(dialog.opportunity, Qt.Key.Key_Return, CTRL)
    debrief_id = created.args[0].id
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    # prepare, then start
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_M, CTRL)
    meeting_page = page(window)
    assert window.pages.currentWidget() is meeting_page
    qtbot.waitUntil(lambda: focused() is meeting_page.prepare.start_button)
    press(qtbot, Qt.Key.Key_Space)
    screen = meeting_page.meeting_screen
    qtbot.waitUntil(lambda: focused() is screen.note_edit)
    assert screen.coverage_label.text() == "0 of 23 asked"

    # questions: note, asked & next; skip; internal
    type_text(focused(), "Glad to talk")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert screen.coverage_label.text() == "1 of 23 asked"
    press(qtbot, Qt.Key.Key_Return, CTRL | SHIFT)
    assert screen.coverage_label.text() == "1 of 23 asked · 1 skipped"
    press(qtbot, Qt.Key.Key_Up, ALT)
    assert screen.current().state == QuestionState.SKIPPED
    press(qtbot, Qt.Key.Key_Down, ALT)
    press(qtbot, Qt.Key.Key_Down, ALT)  # "What did your decision come down to in the end?"
    type_text(focused(), f"Total cost. {TRICKY}")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    press(qtbot, Qt.Key.Key_I, CTRL)  # this one is internal
    type_text(focused(), "INTERNAL-ONLY remark")
    press(qtbot, Qt.Key.Key_Down, ALT)
    press(qtbot, Qt.Key.Key_P, ALT)
    assert focused() is screen.notepad
    type_text(focused(), "Call back re batteries")

    # criteria
    press(qtbot, Qt.Key.Key_1, ALT)
    assert focused() is screen.criteria.add_button
    press(qtbot, Qt.Key.Key_Space)
    type_text(focused(), "Delivery")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(focused(), "a week")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(focused(), "next day")
    # reasons: the second category, with a quote
    press(qtbot, Qt.Key.Key_2, ALT)
    assert focused() is screen.reasons.category
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)
    type_text(focused(), "It didn't do returns")
    # a product request
    press(qtbot, Qt.Key.Key_4, ALT)
    press(qtbot, Qt.Key.Key_Space)
    type_text(focused(), "Better reports")
    # the close
    press(qtbot, Qt.Key.Key_5, ALT)
    assert focused() is screen.close_panel.keep_in_touch
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    # "When": a month picked, not typed (issue 11)
    assert focused() is screen.close_panel.keep_in_touch_on.mode
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is screen.close_panel.keep_in_touch_on.date
    press(qtbot, Qt.Key.Key_Tab)  # month -> year section
    press(qtbot, Qt.Key.Key_Tab)
    type_text(focused(), "in spring")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(focused(), "Spare batteries")
    press(qtbot, Qt.Key.Key_Tab)
    # the renewal: a day picked (typed as digits into the date), not free text (issue 11)
    assert focused() is screen.close_panel.renewal_date.mode
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is screen.close_panel.renewal_date.date
    type_text(focused(), "20280331")

    # read-back: draft, edit, save
    press(qtbot, Qt.Key.Key_D, ALT)
    assert focused() is screen.readback.editor
    press(qtbot, Qt.Key.Key_End, CTRL)
    type_text(focused(), "\nThank you.")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert "Summary saved" in screen.readback.status.text()

    meeting = load_record(store, debrief_id)
    assert meeting.questions[0].note == "Glad to talk"
    assert [q.state for q in meeting.questions[:4]] == [
        QuestionState.ASKED,
        QuestionState.SKIPPED,
        QuestionState.OPEN,
        QuestionState.ASKED,
    ]
    assert meeting.questions[3].note == f"Total cost. {TRICKY}"
    assert meeting.questions[4].note == "INTERNAL-ONLY remark"
    assert meeting.questions[4].note_internal
    assert meeting.notepad == "Call back re batteries"
    assert [(c.criterion, c.then_text, c.now_text) for c in meeting.criteria] == [
        ("Delivery", "a week", "next day")
    ]
    (reason,) = meeting.reasons
    assert reason.category == LossReason.PRODUCT_FIT and reason.is_primary
    assert reason.quote == "It didn't do returns"
    assert [i.text for i in meeting.items_of(CaptureKind.PRODUCT_REQUEST)] == ["Better reports"]
    assert meeting.close.keep_in_touch == KeepInTouch.YES
    assert meeting.close.keep_in_touch_when == "in spring"
    assert len(meeting.close.keep_in_touch_on) == 7  # a month: YYYY-MM
    assert meeting.close.consolation_order == "Spare batteries"
    assert meeting.close.renewal_date == "2028-03-31"
    summary = meeting.summary
    assert summary.startswith("Before I go, let me check I've understood you correctly.")
    assert summary.endswith("\nThank you.")
    assert f"Total cost. {TRICKY}" in summary and "Delivery" in summary
    assert "It didn't do returns" in summary and "Better reports" in summary
    assert "INTERNAL-ONLY" not in summary and "batteries" not in summary.split("Thank you")[0]

    # everything comes back identical from a fresh connection to the file
    reopened = Store.open(paths.database)
    try:
        assert load_record(reopened, debrief_id) == meeting
    finally:
        reopened.close()


def test_checklist_model_passes_the_model_tester(qtmodeltester, store: Store) -> None:
    d = create_debrief(
        store, NewDebrief(account_name="A", contact_name="B", opportunity="C", competitor="G")
    )
    from debrief.meeting.question_sets import load_set_file
    from ui.meeting.hookup import default_set_path

    meeting = m.start_meeting(store, d.id, load_set_file(default_set_path()))
    model = ChecklistModel()
    model.set_questions(meeting.questions)
    qtmodeltester.check(model)
    assert model.rowCount() == 6
    first = model.index(0, 0, model.index(1, 0))
    assert model.question(first).text == "What did your decision come down to in the end?"
    model.update_question(model.question(first).id, state=QuestionState.ASKED)
    assert model.data(model.index(1, 0)) == "Their decision  (1/5)"
    assert model.data(first).startswith("✓")
    qtmodeltester.check(model)


def test_typing_reaches_the_database_within_a_second(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = open_meeting(qtbot, window, store)
    screen = page(window).meeting_screen
    type_text(screen.note_edit, "first words")
    question_id = screen.current_id
    qtbot.waitUntil(
        lambda: load_record(store, debrief_id).questions[0].note == "first words", timeout=1000
    )
    # moving to another question writes at once, with no wait
    type_text(screen.note_edit, " and more")
    screen.go(1)
    assert load_record(store, debrief_id).questions[0].note == "first words and more"
    screen.go(-1)
    assert screen.current_id == question_id
    assert screen.note_edit.toPlainText() == "first words and more"
    # leaving the page writes at once
    type_text(screen.notepad, TRICKY)
    window.show_list()
    assert load_record(store, debrief_id).notepad == TRICKY


def test_closing_the_window_writes_what_was_typed(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = open_meeting(qtbot, window, store)
    screen = page(window).meeting_screen
    type_text(screen.note_edit, "last words")
    type_text(screen.readback.editor, "summary words")
    window.close()
    meeting = load_record(store, debrief_id)
    assert meeting.questions[0].note == "last words"
    assert meeting.summary == "summary words"


def test_huge_and_tricky_notes_are_shown_exactly(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = open_meeting(qtbot, window, store, start=False)
    from debrief.meeting.question_sets import load_set_file
    from ui.meeting.hookup import default_set_path

    meeting = m.start_meeting(store, debrief_id, load_set_file(default_set_path()))
    big = (TRICKY + "\n") * (1_000_000 // len(TRICKY + "\n"))
    m.save_question(store, meeting.questions[0].id, note=big)
    m.save_notepad(store, debrief_id, text=TRICKY)
    page(window).open(debrief_id)
    screen = page(window).meeting_screen
    assert screen.note_edit.toPlainText() == big
    assert screen.notepad.toPlainText() == TRICKY
    assert "Żywiec <Logistics> · Scanners <b>&amp;</b>" in screen.title.text()
    assert screen.title.textFormat() == Qt.TextFormat.PlainText
    # typing at the end of a 1 MB note is saved intact
    screen.note_edit.moveCursor(screen.note_edit.textCursor().MoveOperation.End)
    type_text(screen.note_edit, "!")
    screen.go(1)
    assert load_record(store, debrief_id).questions[0].note == big + "!"


def test_notes_about_our_people_start_internal(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    open_meeting(qtbot, window, store)
    screen = page(window).meeting_screen
    assert not screen.note_internal.isChecked()
    people = next(q for q in screen.model.ordered() if q.sensitive)
    screen.show_question(people.id)
    assert screen.note_internal.isChecked()
    assert "internal" in screen.hint_label.text()


def test_time_and_cues(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    open_meeting(qtbot, window, store)
    screen = page(window).meeting_screen
    assert screen.elapsed_label.text().endswith("of 30 min")
    screen.base_elapsed = 32 * 60 + 30
    screen._tick()
    assert screen.elapsed_label.text().endswith("2 min over")
    assert screen.elapsed_label.font().bold()
    assert screen.coaching.body.isVisibleTo(screen)
    assert "Accept the decision" in screen.coaching.body.text()
    screen.coaching.toggle.click()
    assert not screen.coaching.body.isVisibleTo(screen)


def test_full_screen_hides_the_chrome(qtbot: QtBot, window: MainWindow) -> None:
    window.fullscreen_action.trigger()
    assert window.isFullScreen() and not window.menuBar().isVisible()
    window.fullscreen_action.trigger()
    assert not window.isFullScreen() and window.menuBar().isVisible()


def test_starting_the_same_meeting_again_resumes_without_losing_typing(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = open_meeting(qtbot, window, store)
    screen = page(window).meeting_screen
    type_text(screen.note_edit, "typed just now")
    assert window.current_debrief_id() == debrief_id
    window.meeting_mode.start_action.trigger()
    assert page(window).in_meeting()
    assert screen.note_edit.toPlainText() == "typed just now"
    assert load_record(store, debrief_id).questions[0].note == "typed just now"


def test_the_meeting_layout_is_remembered(
    qtbot: QtBot, window: MainWindow, store: Store, paths: AppPaths
) -> None:
    window.resize(1366, 768)
    debrief_id = open_meeting(qtbot, window, store)
    columns = page(window).meeting_screen.splitter
    before = columns.sizes()
    columns.moveSplitter(before[0] + 60, 1)  # what dragging the handle does
    remembered = columns.sizes()
    assert remembered[0] == before[0] + 60
    window.close()
    again = build_window(store, paths)
    qtbot.addWidget(again)
    again.resize(1366, 768)
    again.show()
    again.list_page.refresh(select_id=debrief_id)
    again.meeting_mode.start_action.trigger()
    qtbot.waitUntil(lambda: again.meeting_mode.page.meeting_screen.splitter.sizes() == remembered)


def test_removing_rows_asks_only_when_words_would_be_lost(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox, QToolButton

    debrief_id = open_meeting(qtbot, window, store)
    criteria = page(window).meeting_screen.criteria
    criteria.add_button.click()
    criteria.add_button.click()
    type_text(focused(), "Delivery time")

    def remove_buttons() -> list[QToolButton]:
        return [
            b
            for b in criteria.findChildren(QToolButton)
            if b.accessibleName() == "Remove criterion" and b.isVisible()
        ]

    asked: list[str] = []
    remove_buttons()[0].click()  # the empty one goes without a question
    assert asked == [] and len(load_record(store, debrief_id).criteria) == 1

    def answer(button: QMessageBox.StandardButton) -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        visible = [b for b in boxes if b.isVisible()]
        if not visible:  # the question is not up yet: look again on the next pass
            QTimer.singleShot(10, lambda: answer(button))
            return
        box = visible[0]
        asked.append(box.text())
        (box.button(button) or box.buttons()[0]).click()  # never leave a box open: no hang

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    remove_buttons()[0].click()
    assert len(asked) == 1 and len(load_record(store, debrief_id).criteria) == 1
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    remove_buttons()[0].click()
    assert len(asked) == 2 and load_record(store, debrief_id).criteria == ()
    qtbot.waitUntil(lambda: remove_buttons() == [])
