"""The letters window, driven like a rep would: keys, clicks, real dialogs, real files."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from debrief.letters.drafting import letter_pdf, list_letters, working_draft
from debrief.model import LetterKind
from debrief.store.database import Store
from tests.letter_data import add_meeting
from tests.typing import type_text
from ui.autosave import MAX_DELAY_MS
from ui.letters.dialog import LettersDialog
from ui.letters.preflight_dialog import PreflightDialog
from ui.letters.printing import load_pdf, new_printer, page_image, print_pdf
from ui.letters.profile_dialog import SenderProfileDialog
from ui.main_window import MainWindow
from ui.operations import Operations


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def open_letters(qtbot: QtBot, window: MainWindow, store: Store) -> LettersDialog:
    debrief_id = add_meeting(store)
    window.list_page.refresh(select_id=debrief_id)
    assert window.current_debrief_id() == debrief_id
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.letter_actions.dialogs[debrief_id]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def visible(kind: type) -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_letters_need_a_debrief_in_view(qtbot: QtBot, window: MainWindow) -> None:
    window.letter_actions.letters_action.trigger()
    assert window.letter_actions.dialogs == {}
    assert "Select a debrief first" in window.statusBar().currentMessage()


def test_typing_updates_the_preview_and_reaches_disk(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_letters(qtbot, window, store)
    assert dialog.current_kind() == LetterKind.SUMMARY
    assert dialog.preview_document.pageCount() >= 1
    assert dialog.editor.toPlainText().startswith("Dear Ana Müller,")
    dialog.editor.moveCursor(dialog.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(dialog.preview_ready, timeout=3000):
        type_text(dialog.editor, "\nPS: Łódź & <b>Ζεύς</b> 中文")
    assert "PS:Łódź&<b>Ζεύς</b>中文" in pdf_text(dialog.pdf).replace(" ", "")
    assert dialog.render_ms < 1000
    qtbot.waitUntil(
        lambda: (
            (working_draft(store, dialog.debrief_id, LetterKind.SUMMARY) or dialog.draft()).text
            == dialog.editor.toPlainText()
            and working_draft(store, dialog.debrief_id, LetterKind.SUMMARY) is not None
        ),
        timeout=MAX_DELAY_MS + 1000,
    )


def test_closing_keeps_the_text_and_reopening_shows_it(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_letters(qtbot, window, store)
    debrief_id = dialog.debrief_id
    dialog.editor.selectAll()
    type_text(dialog.editor, "Dear Ana Müller,\n\nMy own words.")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert (
        working_draft(store, debrief_id, LetterKind.SUMMARY).text
        == "Dear Ana Müller,\n\nMy own words."
    )
    qtbot.waitUntil(lambda: debrief_id not in window.letter_actions.dialogs)
    again = window.letter_actions.open_letters(debrief_id)
    assert again.editor.toPlainText() == "Dear Ana Müller,\n\nMy own words."


def test_save_pdf_writes_the_edited_letter_and_keeps_a_version(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    dialog = open_letters(qtbot, window, store)
    dialog.subject.selectAll()
    type_text(dialog.subject, "Our talk <i>& thanks</i>")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (chooser,) = [d for d in dialog.findChildren(QFileDialog) if d.isVisible()]
    assert Path(chooser.selectedFiles()[0]).name.startswith("Summary letter - Żywiec Logistics - ")
    target = tmp_path / "letter.pdf"
    with qtbot.waitSignal(dialog.letter_kept):
        chooser.selectFile(str(target))
        chooser.accept()
    data = target.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Our talk <i>& thanks</i>"
    assert "Dear Ana Müller," in pdf_text(data)
    (kept,) = list_letters(store, dialog.debrief_id)
    assert kept.subject == "Our talk <i>& thanks</i>" and letter_pdf(store, kept.id) == data
    assert dialog.versions_model.rowCount() == 1 and dialog.versions.isVisible()
    assert "Saved letter.pdf" in dialog.status.text()


def test_unprintable_characters_are_reported_before_saving(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_letters(qtbot, window, store)
    assert not dialog.problems.isVisible()
    with qtbot.waitSignal(dialog.preview_ready):
        type_text(dialog.editor, "नमस्ते ")
    assert dialog.problems.isVisible()
    assert "न (devanagari letter na)" in dialog.problems.text()
    dialog.save_button.click()
    (box,) = [b for b in dialog.findChildren(PreflightDialog) if b.isVisible()]
    assert "न" in box.list.item(0).text() and box.go_button is not None
    box.reject()
    assert not [d for d in dialog.findChildren(QFileDialog) if d.isVisible()]
    dialog.save_button.click()
    (box,) = [b for b in dialog.findChildren(PreflightDialog) if b.isVisible()]
    box.go_button.click()
    (chooser,) = [d for d in dialog.findChildren(QFileDialog) if d.isVisible()]
    chooser.reject()


def test_copy_text_and_email_hand_the_text_over_and_keep_it(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    class MailCatcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[QUrl] = []

        @Slot(QUrl)
        def catch(self, url: QUrl) -> None:
            self.urls.append(url)

    dialog = open_letters(qtbot, window, store)
    dialog.kind.setCurrentIndex(dialog.kind.findData(LetterKind.LOSS_REPLY.value))
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    assert dialog.right.currentWidget() is dialog.email_note
    assert dialog.subject.text() == "Thank you for letting me know"
    qtbot.keyClick(
        dialog,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QGuiApplication.clipboard().text() == dialog.editor.toPlainText()
    catcher = MailCatcher()
    QDesktopServices.setUrlHandler("mailto", catcher, "catch")
    try:
        dialog.email_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("mailto")
    (url,) = catcher.urls
    parts = urlsplit(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
    assert parts.path == "ana.muller@zywiec.example"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Thank you for letting me know"]
    assert unquote(query["body"][0]).replace("\r\n", "\n") == dialog.editor.toPlainText()
    kept = list_letters(store, dialog.debrief_id)
    assert [k.kind for k in kept] == [LetterKind.LOSS_REPLY] and not kept[0].has_pdf


def test_start_again_is_undoable(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    dialog = open_letters(qtbot, window, store)
    dialog.editor.selectAll()
    type_text(dialog.editor, "My careful wording")
    dialog.fresh_button.click()
    assert dialog.editor.toPlainText().startswith("Dear Ana Müller,")
    dialog.editor.undo()
    assert dialog.editor.toPlainText() == "My careful wording"


def test_switching_kinds_keeps_each_text(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    dialog = open_letters(qtbot, window, store)
    dialog.editor.selectAll()
    type_text(dialog.editor, "Summary words")
    dialog.kind.setCurrentIndex(dialog.kind.findData(LetterKind.MEETING_REQUEST.value))
    assert "30 minutes" in dialog.editor.toPlainText()
    assert dialog.right.currentWidget() is dialog.preview and dialog.save_button.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData(LetterKind.SUMMARY.value))
    assert dialog.editor.toPlainText() == "Summary words"


def test_versions_reopen_resave_and_reprint(
    qtbot: QtBot, qtmodeltester, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    dialog = open_letters(qtbot, window, store)
    first = tmp_path / "first.pdf"
    dialog._write_current(first)
    dialog.editor.selectAll()
    type_text(dialog.editor, "Second version")
    dialog._write_current(tmp_path / "second.pdf")
    assert dialog.versions_model.rowCount() == 2
    qtmodeltester.check(dialog.versions_model)
    dialog.versions.setCurrentIndex(dialog.versions_model.index(1))  # the older one
    dialog.reopen_button.click()
    assert dialog.editor.toPlainText().startswith("Dear Ana Müller,")
    dialog.resave_button.click()
    (chooser,) = [d for d in dialog.findChildren(QFileDialog) if d.isVisible()]
    again = tmp_path / "again.pdf"
    chooser.selectFile(str(again))
    chooser.accept()
    assert again.read_bytes() == first.read_bytes()
    printed = tmp_path / "printed.pdf"

    def print_to_file() -> None:
        (printing,) = [d for d in dialog.findChildren(QPrintDialog) if d.isVisible()]
        # No printer here: the dialog's own "print to file" field takes the output file name.
        printing.findChild(QLineEdit, "filename").setText(str(printed))
        printing.accept()

    QTimer.singleShot(0, print_to_file)
    dialog.reprint_button.click()
    assert len(PdfReader(printed).pages) == len(PdfReader(first).pages)
    assert len(list_letters(store, dialog.debrief_id)) == 2


def test_printing_renders_white_pages_at_300_dpi(qtbot: QtBot, tmp_path: Path) -> None:
    long_letter = "\n\n".join("A paragraph of plain words. " * 30 for _ in range(12))
    from debrief.letters.pdf import render_pdf
    from tests.core.test_pdf import FONTS, document

    data = render_pdf(document(long_letter), FONTS)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    image = page_image(load_pdf(data), 0)
    assert (image.width(), image.height()) == (2480, 3508)
    assert image.pixelColor(2, 2).name() == "#ffffff" and image.pixelColor(2, 2).alpha() == 255
    printer = new_printer("Letter")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    assert print_pdf(printer, data) == pages
    printed = PdfReader(tmp_path / "out.pdf")
    assert len(printed.pages) == pages
    assert round(float(printed.pages[0].mediabox.width)) == 612


def test_sender_profile_dialog_feeds_the_letterhead(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    from tests.core.test_pdf import png

    dialog = open_letters(qtbot, window, store)
    assert not dialog.profile_hint.isHidden()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    (profile,) = visible(SenderProfileDialog)
    type_text(profile.name, "Tom Reed")
    type_text(profile.company, "Northwind & Söhne")
    type_text(profile.email, "tom@northwind.example")
    profile.draft.saver.flush()
    kept = SenderProfileDialog(Operations(store))  # as if Debrief had closed mid-form
    qtbot.addWidget(kept)
    assert kept.company.text() == "Northwind & Söhne" and kept.draft.restored
    kept.deleteLater()
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(300, 100))
    profile.logo.choose_button.click()
    (chooser,) = [d for d in profile.logo.findChildren(QFileDialog) if d.isVisible()]
    chooser.selectFile(str(logo))
    chooser.accept()
    assert profile.logo.data == logo.read_bytes()
    with qtbot.waitSignal(dialog.preview_ready, timeout=3000):
        profile.buttons.button(profile.buttons.StandardButton.Save).click()
    assert dialog.profile_hint.isHidden()
    assert "Northwind & Söhne" in pdf_text(dialog.pdf)


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_one_letters_window_per_debrief(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    dialog = open_letters(qtbot, window, store)
    assert window.letter_actions.open_letters(dialog.debrief_id) is dialog
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        seen.append(box.text())
        box.close()

    QTimer.singleShot(0, answer)
    assert window.letter_actions.open_letters("no-such-id") is None
    assert seen == ["There is no debrief with the id 'no-such-id'."]


def test_the_letter_follows_changes_to_the_debrief(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from debrief.debriefs.accounts import update_account
    from debrief.debriefs.lifecycle import get_debrief

    dialog = open_letters(qtbot, window, store)
    account_id = get_debrief(store, dialog.debrief_id).account_id
    with qtbot.waitSignal(dialog.preview_ready, timeout=3000):
        window.ops.run_quietly(lambda: update_account(store, account_id, name="Renamed Ltd"))
    assert dialog.windowTitle() == "Letters — Renamed Ltd"
    assert "Renamed Ltd" in pdf_text(dialog.pdf)


def test_print_sends_every_page_and_keeps_the_version(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    dialog = open_letters(qtbot, window, store)
    printed = tmp_path / "printed.pdf"

    def cancel() -> None:
        (printing,) = [d for d in dialog.findChildren(QPrintDialog) if d.isVisible()]
        printing.reject()

    QTimer.singleShot(0, cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert list_letters(store, dialog.debrief_id) == [] and not printed.exists()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)

    def print_to_file() -> None:
        (printing,) = [d for d in dialog.findChildren(QPrintDialog) if d.isVisible()]
        printing.findChild(QLineEdit, "filename").setText(str(printed))
        printing.accept()

    QTimer.singleShot(0, print_to_file)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    (kept,) = list_letters(store, dialog.debrief_id)
    assert kept.has_pdf
    pages = len(PdfReader(io.BytesIO(letter_pdf(store, kept.id))).pages)
    assert len(PdfReader(printed).pages) == pages
    assert dialog.status.text() == "Sent to the printer."


def test_letters_open_on_what_the_stage_needs(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from debrief.debriefs.lifecycle import set_status
    from debrief.model import Status

    debrief_id = add_meeting(store)
    set_status(store, debrief_id, Status.LOGGED)
    dialog = window.letter_actions.open_letters(debrief_id)
    assert dialog.current_kind() == LetterKind.LOSS_REPLY
    assert dialog.kind.currentData() == LetterKind.LOSS_REPLY.value
    assert dialog.subject.text() == "Thank you for letting me know"
    dialog.close()
    again = window.letter_actions.open_letters(debrief_id, LetterKind.MEETING_REQUEST)
    assert again is not dialog and again.isVisible()
    assert again.current_kind() == LetterKind.MEETING_REQUEST


class FileCatcher(QObject):
    """Stands in for the desktop's mail program: records the file it was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url)


def test_text_flagged_internal_after_the_draft_blocks_saving(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_letters(qtbot, window, store)
    assert "peak season" in dialog.editor.toPlainText()
    with store.atomic() as db:  # the rep ticks Internal on the read-back after drafting
        db.execute(
            "INSERT INTO captured_items (id, debrief_id, kind, position, text, internal)"
            " VALUES ('x', ?, 'competitor_strength', 9, 'your peak season begins in March', 1)",
            [dialog.debrief_id],
        )
    dialog.save_button.click()
    (box,) = [b for b in dialog.findChildren(PreflightDialog) if b.isVisible()]
    assert box.go_button is None  # no way round it
    assert "internal item" in box.list.item(0).text()
    box.show_button.click()
    selected = dialog.editor.textCursor().selectedText()
    assert selected == "your peak season begins in March"
    assert not [d for d in dialog.findChildren(QFileDialog) if d.isVisible()]
    assert list_letters(store, dialog.debrief_id) == []


def test_email_with_pdf_opens_a_draft_message_and_sending_is_confirmed(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from email import message_from_bytes, policy

    from debrief.debriefs.lifecycle import get_debrief
    from debrief.model import Status

    dialog = open_letters(qtbot, window, store)
    assert dialog.current_kind() is LetterKind.SUMMARY
    catcher = FileCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "catch")
    try:
        qtbot.keyClick(
            dialog,
            Qt.Key.Key_E,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    finally:
        QDesktopServices.unsetUrlHandler("file")
    (url,) = catcher.urls
    message = message_from_bytes(Path(url.toLocalFile()).read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and message["To"] == "ana.muller@zywiec.example"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert "Please find attached my summary letter" in message.get_body().get_content()
    # Handing it to the mail program keeps the version; it is not "sent" until the rep says so.
    (kept,) = list_letters(store, dialog.debrief_id)
    assert kept.sent_at is None
    assert get_debrief(store, dialog.debrief_id).status == Status.MEETING_HELD
    assert "Mark as sent" in dialog.status.text()
    assert dialog.selected_version().id == kept.id and dialog.sent_button.isEnabled()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(
        dialog,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert get_debrief(store, dialog.debrief_id).status == Status.SUMMARY_SENT
    assert list_letters(store, dialog.debrief_id)[0].sent_at is not None
    assert not dialog.sent_button.isEnabled()
    assert "sent" in dialog.versions_model.index(0).data()


def test_a_summary_without_a_meeting_offers_the_meeting_request(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    debrief_id = add_meeting(store)
    with store.atomic() as db:
        db["debriefs"].update(debrief_id, {"meeting_date": None, "status": "logged"})
    window.list_page.refresh(select_id=debrief_id)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.letter_actions.dialogs[debrief_id]
    qtbot.waitExposed(dialog)

    def answer() -> None:
        (box,) = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)]
        assert "no meeting has been held" in box.text()
        box.accept()

    QTimer.singleShot(0, answer)
    dialog.kind.setCurrentIndex(dialog.kind.findData(LetterKind.SUMMARY.value))
    qtbot.waitUntil(lambda: dialog.current_kind() is LetterKind.MEETING_REQUEST)
    assert "I will call your office on" in dialog.editor.toPlainText()


def test_the_recipient_is_editable_from_the_letters_window(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from debrief.debriefs.customer_view import load_customer_view
    from ui.forms.person_dialog import PersonDialog

    dialog = open_letters(qtbot, window, store)
    person = dialog.edit_recipient()
    assert isinstance(person, PersonDialog)
    qtbot.waitExposed(person)
    person.email.setText("ana.mueller@zywiec.example")
    person.address.setPlainText("ul. Browarna 88\n34-300 Żywiec")
    with qtbot.waitSignal(person.saved):
        person.save_button.click()
    view = load_customer_view(store, dialog.debrief_id)
    assert view.contact_email == "ana.mueller@zywiec.example"
    assert view.address == "ul. Browarna 88\n34-300 Żywiec"
    qtbot.waitUntil(lambda: dialog.material.contact_email == "ana.mueller@zywiec.example")
    assert "Recipient updated" in dialog.status.text()
