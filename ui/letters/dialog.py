"""The letters of one debrief: draft, edit beside a live PDF preview, save, print, send, keep.

What is typed is kept as the working draft through the shared autosave path (within a second,
even while typing non-stop; a failed save is kept, retried and shown). The
preview is rendered on the GUI thread, 300 ms after typing pauses. Measured on a 2-core
machine: a two-page letter renders in about 25 ms, eight pages in 150 ms, twenty-two pages
in 300 ms (the first render of a session adds about 200 ms for loading the fonts). Real
letters are one or two pages, so a worker thread would add risk without a benefit anyone
could feel; `render_ms` keeps the last measurement.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QDir,
    QIODevice,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QTextCursor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from debrief.changes import ChangeSet
from debrief.debriefs.customer_view import load_customer_view
from debrief.debriefs.lifecycle import get_debrief
from debrief.debriefs.record import Letter
from debrief.errors import DebriefError
from debrief.files import pending_writes_dir
from debrief.letters.compose import SummaryNeedsMeeting
from debrief.letters.drafting import (
    Draft,
    check_letter,
    default_filename,
    draft_letter,
    keep_letter,
    letter_document,
    letter_pdf,
    list_letters,
    mailto_url,
    mark_sent,
    open_draft,
    save_working_draft,
    suggested_kind,
    template_language,
)
from debrief.letters.email_draft import MAILTO_LIMIT, covering_note, email_draft
from debrief.letters.pdf import describe_characters, render_pdf, unprintable_characters, write_pdf
from debrief.letters.preflight import Finding
from debrief.letters.sender_profile import PAGE_SIZES, SenderProfile
from debrief.letters.wording import greeting
from debrief.model import LetterKind
from debrief.resources import resource_path

from ..autosave import Autosaver
from ..forms.person_dialog import PersonDialog, edit_contact_of
from ..operations import Operations, show_problem
from ..unsaved import settle_unsaved
from ..widgets.save_notice import SaveNotice
from .preflight_dialog import PreflightDialog
from .printing import new_printer, print_pdf
from .profile_dialog import load_profile
from .versions_model import LETTER_ROLE, VersionsModel, when

PREVIEW_DELAY_MS = 300


class LettersDialog(QDialog):
    preview_ready = Signal(int)  # the preview shows the current text; number of pages
    letter_kept = Signal(object)  # a Letter was produced and kept
    profile_requested = Signal()
    debrief_removed = Signal(str)  # closed because its debrief went to the trash or was deleted

    def __init__(
        self,
        ops: Operations,
        debrief_id: str,
        parent: QWidget | None = None,
        kind: LetterKind | None = None,
    ):
        super().__init__(parent)
        self.ops = ops
        self.store = store = ops.store
        self.debrief_id = debrief_id
        self.templates = resource_path("letters")
        self.fonts = resource_path("fonts")
        self.material = load_customer_view(store, debrief_id)
        self.profile = load_profile(store)
        self.pdf: bytes | None = None
        self.render_ms = 0.0
        self._loading = False
        self.saver = Autosaver(self, store=store)
        self._loaded_kind = LetterKind(
            kind or suggested_kind(get_debrief(store, debrief_id).status)
        )
        self.setWindowTitle(f"Letters — {self.material.account_name}")
        self._build()
        self._load_kind()
        self.refresh_versions()
        ops.changed.connect(self._data_changed)

    def _data_changed(self, changes: ChangeSet) -> None:
        """Follow the broadcast: close when the debrief is gone, re-address the letter when it
        was edited elsewhere, take a new sender profile."""
        if self.debrief_id in changes.removed:
            self._close_for_removal()
            return
        if changes.profile:
            self.set_profile(load_profile(self.store))
        if self.debrief_id not in changes.debriefs:
            return
        try:
            self.material = load_customer_view(self.store, self.debrief_id)
        except DebriefError:  # gone after all: nothing left to write about
            self._close_for_removal()
            return
        self.setWindowTitle(f"Letters — {self.material.account_name}")
        self._schedule_preview()

    def _close_for_removal(self) -> None:
        """Keep the text being typed while the debrief is in the trash (restoring it brings the
        text back); if it was deleted for good there is nothing to keep it on."""
        self.ops.changed.disconnect(self._data_changed)
        try:
            get_debrief(self.store, self.debrief_id)
        except DebriefError:
            self.saver.cancel()  # deleted for good: its letter text goes with it
        self.close()
        self.debrief_removed.emit(self.debrief_id)

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.kind = QComboBox()
        for kind in LetterKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(self._loaded_kind.value))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.page_size = QComboBox()
        for key, label in PAGE_SIZES.items():
            self.page_size.addItem(label, key)
        self.page_size.setCurrentIndex(self.page_size.findData(self.profile.page_size))
        self.page_size.currentIndexChanged.connect(self._schedule_preview)
        kind_label = QLabel("&Write:")
        kind_label.setBuddy(self.kind)
        size_label = QLabel("Pa&per:")
        size_label.setBuddy(self.page_size)
        self.profile_hint = QLabel(
            "Your name and company are not set yet: <a href='profile'>Sender profile…</a>"
        )
        self.profile_hint.linkActivated.connect(lambda _link: self.profile_requested.emit())
        self.profile_hint.setVisible(self.profile.is_empty)
        top = QHBoxLayout()
        top.addWidget(kind_label)
        top.addWidget(self.kind)
        top.addWidget(size_label)
        top.addWidget(self.page_size)
        top.addSpacing(12)
        top.addWidget(self.profile_hint)
        # The person the letter goes to: a typo in their name, greeting or address is fixed here.
        self.recipient_button = QPushButton("Edit rec&ipient…")
        self.recipient_button.setToolTip(
            "Change the name, greeting, email or postal address of the person this goes to"
        )
        self.recipient_button.clicked.connect(self.edit_recipient)
        top.addWidget(self.recipient_button)
        top.addStretch()

        self.subject = QLineEdit()
        subject_label = QLabel("&Subject:")
        subject_label.setBuddy(self.subject)
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        text_label = QLabel("&Text (edit freely; the PDF shows exactly this):")
        text_label.setBuddy(self.editor)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setVisible(False)
        font = self.problems.font()
        font.setBold(True)
        self.problems.setFont(font)
        self.subject.textEdited.connect(self._edited)
        self.editor.textChanged.connect(self._edited)

        self.versions_model = VersionsModel(self)
        self.versions = QListView()
        self.versions.setModel(self.versions_model)
        self.versions.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.versions.setMaximumHeight(110)
        self.no_versions = QLabel("Nothing saved, printed or sent yet.")
        self.no_versions.setEnabled(False)
        self.versions.selectionModel().selectionChanged.connect(self._version_selected)
        self.versions.activated.connect(lambda _index: self.reopen_version())
        versions_label = QLabel("&Kept versions (every letter saved, printed or sent):")
        versions_label.setBuddy(self.versions)
        self.reopen_button = QPushButton("Reopen in editor")
        self.resave_button = QPushButton("Save its PDF again…")
        self.reprint_button = QPushButton("Print it again…")
        # Saving or printing is not sending: the rep says when a version went out.
        self.sent_button = self._button("&Mark as sent", self.mark_selected_sent, "Ctrl+Shift+M")
        self.reopen_button.clicked.connect(self.reopen_version)
        self.resave_button.clicked.connect(self.resave_version)
        self.reprint_button.clicked.connect(self.reprint_version)
        version_buttons = QHBoxLayout()
        for button in (
            self.sent_button,
            self.reopen_button,
            self.resave_button,
            self.reprint_button,
        ):
            version_buttons.addWidget(button)
        version_buttons.addStretch()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(subject_label)
        left_layout.addWidget(self.subject)
        left_layout.addWidget(text_label)
        left_layout.addWidget(self.editor, 1)
        left_layout.addWidget(self.problems)
        left_layout.addWidget(versions_label)
        left_layout.addWidget(self.versions)
        left_layout.addWidget(self.no_versions)
        left_layout.addLayout(version_buttons)

        self.preview_document = QPdfDocument(self)
        self._preview_buffer: QBuffer | None = None
        self.preview = QPdfView()
        self.preview.setDocument(self.preview_document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview.setPageSpacing(12)
        self.email_note = QLabel(
            "This is an email: it goes out as text, not as a PDF.\n\n"
            "Use Copy text to paste it into any email, or Email… to start one in "
            "your mail program, addressed and with the subject filled in."
        )
        self.email_note.setWordWrap(True)
        self.email_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.email_note.setMargin(24)
        self.right = QStackedWidget()
        self.right.addWidget(self.preview)
        self.right.addWidget(self.email_note)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.fresh_button = QPushButton("Start a&gain from the template")
        self.fresh_button.setToolTip("Replace the text with a fresh draft (Ctrl+Z brings it back)")
        self.fresh_button.clicked.connect(self.start_again)
        self.copy_button = self._button("&Copy text", self.copy_text, "Ctrl+Shift+C")
        self.email_button = self._button("&Email…", self.open_in_email, "Ctrl+Shift+E")
        self.save_button = self._button("Save P&DF…", self.save_pdf, QKeySequence.StandardKey.Save)
        self.print_button = self._button(
            "P&rint…", self.print_letter, QKeySequence.StandardKey.Print
        )
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        self.status = QLabel()
        actions = QHBoxLayout()
        actions.addWidget(self.fresh_button)
        actions.addWidget(self.status, 1)
        for button in (
            self.copy_button,
            self.email_button,
            self.save_button,
            self.print_button,
            self.close_button,
        ):
            actions.addWidget(button)
        for button in (self.save_button, self.print_button, self.copy_button, self.close_button):
            button.setAutoDefault(False)

        self.save_notice = SaveNotice(self.saver)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.save_notice)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)

        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.render_preview)
        screen = self.screen().availableGeometry()
        self.resize(min(1280, screen.width() - 40), min(720, screen.height() - 40))

    def _button(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str,
    ) -> QPushButton:
        """A button whose shortcut works anywhere in this window (a window-wide action)."""
        button = QPushButton(text)
        button.clicked.connect(slot)
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))

        def click_if_enabled() -> None:
            if button.isEnabled():
                button.click()

        action.triggered.connect(click_if_enabled)
        self.addAction(action)
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{text.replace('&', '')} ({native})")
        return button

    # -- the text -------------------------------------------------------------------------------

    def current_kind(self) -> LetterKind:
        """The kind whose text is in the editor (the combo moves first when switching)."""
        return self._loaded_kind

    def draft(self) -> Draft:
        return Draft(self.current_kind(), self.subject.text(), self.editor.toPlainText())

    def current_profile(self) -> SenderProfile:
        return replace(self.profile, page_size=self.page_size.currentData())

    def _load_kind(self) -> None:
        kind = self._loaded_kind = LetterKind(self.kind.currentData())
        try:
            draft: Draft | None = open_draft(
                self.store, self.debrief_id, kind, self.profile, self.templates
            )
        except SummaryNeedsMeeting as exc:
            # Say why once, and offer what the debrief needs instead: the meeting request.
            show_problem(self, str(exc))
            self.kind.setCurrentIndex(self.kind.findData(LetterKind.MEETING_REQUEST.value))
            return
        except DebriefError as exc:
            show_problem(self, str(exc))
            draft = None
        self._loading = True
        self.subject.setText(draft.subject if draft else "")
        self.editor.setPlainText(draft.text if draft else "")
        self._loading = False
        is_email = kind.is_email
        self.right.setCurrentWidget(self.email_note if is_email else self.preview)
        self.page_size.setEnabled(not is_email)
        self.save_button.setEnabled(not is_email)
        self.print_button.setEnabled(not is_email)
        self.pdf = None
        self._check_characters()
        if not is_email:
            self.render_preview()

    def _kind_changed(self) -> None:
        self.save_working_draft()
        self._load_kind()

    def _edited(self) -> None:
        if self._loading:
            return
        self.pdf = None
        debrief_id = self.debrief_id
        # The text is taken when the save runs (the editor still shows this kind then: switching
        # kinds saves first), not on every keystroke.
        self.saver.schedule_save(
            f"letter:{debrief_id}:{self._loaded_kind.value}",
            self.draft,
            lambda store, draft: save_working_draft(store, debrief_id, draft),
            f"{self._loaded_kind.label} — {self.material.account_name}",
        )
        self._schedule_preview()

    def _schedule_preview(self) -> None:
        self.pdf = None
        if not self.current_kind().is_email:
            self.preview_timer.start()

    def save_working_draft(self) -> bool:
        """Write what is typed now (switching kinds, closing). True once it is on disk."""
        return self.saver.flush()

    def _replace_text(self, draft: Draft) -> None:
        """Swap in other text as one undoable edit (Ctrl+Z restores what was there)."""
        self.subject.selectAll()
        self.subject.insert(draft.subject)
        self._edited()
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(draft.text)
        cursor.endEditBlock()
        self.editor.setFocus()

    def start_again(self) -> None:
        kind = self.current_kind()
        fresh = self.ops.run(
            self,
            lambda: draft_letter(self.store, self.debrief_id, kind, self.profile, self.templates),
        )
        if fresh.ok:
            self._replace_text(fresh.unwrap())
            self.status.setText("Fresh draft from the template; Ctrl+Z brings back your text.")

    def edit_recipient(self) -> PersonDialog | None:
        """Edit the person the letter is addressed to (the page follows from the broadcast)."""
        dialog = edit_contact_of(self.ops, self.debrief_id, self)
        if dialog is not None:
            dialog.saved.connect(
                lambda _contact: self.status.setText(
                    "Recipient updated. The greeting in your text is yours to change, or use "
                    "Start again from the template."
                )
            )
        return dialog

    def set_profile(self, profile: SenderProfile) -> None:
        self.profile = profile
        self.profile_hint.setVisible(profile.is_empty)
        self.page_size.setCurrentIndex(self.page_size.findData(profile.page_size))
        self._schedule_preview()

    # -- the PDF --------------------------------------------------------------------------------

    def _check_characters(self) -> list[str]:
        draft = self.draft()
        bad = unprintable_characters(f"{draft.subject}\n{draft.text}", self.fonts)
        self.problems.setVisible(bool(bad))
        if bad:
            self.problems.setText(
                f"These characters can't be printed correctly: {describe_characters(bad)}. "
                "They would show as empty boxes or in the wrong order; consider rewording."
            )
        return bad

    def render_current(self) -> bytes:
        """The PDF of the text as it stands (rendered now if the preview is behind)."""
        if self.pdf is None:
            started = time.perf_counter()
            document = letter_document(
                self.material,
                self.draft(),
                self.current_profile(),
                language=template_language(self.templates, self.current_kind()),
            )
            self.pdf = render_pdf(document, self.fonts)
            self.render_ms = (time.perf_counter() - started) * 1000
        return self.pdf

    def render_preview(self) -> None:
        self.preview_timer.stop()
        self._check_characters()
        data = self.render_current()
        page = self.preview.pageNavigator().currentPage()
        old_buffer = self._preview_buffer
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.preview_document.load(buffer)
        self._preview_buffer = buffer
        if old_buffer is not None:
            old_buffer.deleteLater()
        pages = self.preview_document.pageCount()
        if 0 < page < pages:
            self.preview.pageNavigator().jump(page, self.preview.pageNavigator().currentLocation())
        self.preview_ready.emit(pages)

    def _confirm_then(self, action: Callable[[], Any]) -> None:
        """Run `action` once the pre-flight check is clear, or the rep overrides its warnings.
        Internal text (even flagged after the draft was made) blocks until it is taken out."""
        self._check_characters()
        draft = self.draft()
        checked = self.ops.run(
            self,
            lambda: check_letter(
                self.store,
                self.debrief_id,
                draft,
                self.current_profile(),
                self.templates,
                None if draft.kind.is_email else self.fonts,
            ),
        )
        if not checked.ok:
            return
        findings = checked.unwrap()
        if not findings:
            action()
            return
        dialog = PreflightDialog(findings, self.show_finding, action, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.preflight = dialog

    def show_finding(self, finding: Finding) -> None:
        """Select the words a finding is about, where the rep can change them."""
        if finding.part == "subject":
            self.subject.setFocus()
            if finding.start >= 0:
                self.subject.setSelection(finding.start, finding.length)
            return
        self.editor.setFocus()
        if finding.part == "body" and finding.start >= 0:
            cursor = self.editor.textCursor()
            cursor.setPosition(finding.start)
            cursor.setPosition(finding.start + finding.length, QTextCursor.MoveMode.KeepAnchor)
            self.editor.setTextCursor(cursor)
            self.editor.ensureCursorVisible()

    def _keep(self, pdf: bytes | None) -> Letter | None:
        page_size = self.page_size.currentData() if pdf is not None else None
        draft = self.draft()
        kept = self.ops.run(
            self, lambda: keep_letter(self.store, self.debrief_id, draft, pdf, page_size)
        )
        if not kept.ok:
            return None
        letter = kept.unwrap()
        self.refresh_versions()
        row = next(
            (i for i, known in enumerate(self.versions_model.letters) if known.id == letter.id),
            -1,
        )
        if row >= 0:
            self.versions.setCurrentIndex(self.versions_model.index(row))
        self.letter_kept.emit(letter)
        return letter

    def _ask_file(self, name: str, write: Callable[[Path], Any]) -> QFileDialog:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, "Save the letter as PDF", folder, "PDF files (*.pdf)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: write(Path(path)))
        dialog.open()
        return dialog

    def save_pdf(self) -> None:
        """Save PDF…: pick a file, write it whole, keep the version."""
        if self.current_kind().is_email:
            return
        name = default_filename(self.current_kind(), self.material.account_name)
        self._confirm_then(lambda: self._ask_file(name, self._write_current))

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            write_pdf(path, data, pending_writes_dir(self.store.path))
        except DebriefError as exc:
            show_problem(self, str(exc))
            return False
        self.status.setText(f"Saved {path.name}")
        return True

    def _write_current(self, path: Path) -> None:
        data = self.render_current()
        if self._write(path, data):
            self._keep(data)

    def _print(self, data: bytes, page_size: str) -> bool:
        """The system print dialog, then the pages. True once they went to the printer."""
        printer = new_printer(page_size)
        dialog = QPrintDialog(printer, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        # The dialog points at the printer: delete it now, while the printer surely exists.
        shiboken6.delete(dialog)
        if not accepted:
            return False
        try:
            print_pdf(printer, data)
        except DebriefError as exc:
            show_problem(self, str(exc))
            return False
        self.status.setText("Sent to the printer.")
        return True

    def print_letter(self) -> None:
        if self.current_kind().is_email:
            return

        def start() -> None:
            data = self.render_current()
            if self._print(data, self.page_size.currentData()):
                self._keep(data)

        self._confirm_then(start)

    def copy_text(self) -> None:
        def copy() -> None:
            QGuiApplication.clipboard().setText(self.editor.toPlainText())
            self._keep(None)
            self.status.setText(
                "Text copied: paste it into your email or document. "
                "Once it has gone, press Mark as sent."
            )

        self._confirm_then(copy)

    def open_in_email(self) -> None:
        """Email…: a short email opens by mailto:; a letter (or a long email) opens as a
        ready-to-send draft message with the PDF attached, in the rep's mail program."""
        self._confirm_then(self._hand_to_mail_program)

    def _hand_to_mail_program(self) -> None:
        draft = self.draft()
        kind = self.current_kind()
        url = mailto_url(self.material.contact_email, draft.subject, draft.text)
        if kind.is_email and len(url) <= MAILTO_LIMIT:
            if not QDesktopServices.openUrl(QUrl(url)):
                show_problem(
                    self,
                    "No email program answered. Use Copy text and paste the text into your email.",
                )
                return
            self._keep(None)
            self.status.setText("Handed to your email program. Once sent, press Mark as sent.")
            return
        pdf = None if kind.is_email else self.render_current()
        body = draft.text
        if pdf is not None:
            body = covering_note(
                greeting(self.material.salutation, self.material.contact_name),
                self.profile.name or self.material.rep_name,
                kind.label.lower(),
            )
        message = email_draft(
            to=self.material.contact_email,
            subject=draft.subject,
            body=body,
            sender=self.profile.email,
            attachment=pdf,
            attachment_name=default_filename(kind, self.material.account_name),
        )
        outbox = Path(QDir.tempPath()) / "debrief-outbox"
        path = outbox / default_filename(kind, self.material.account_name, suffix=".eml")
        try:
            outbox.mkdir(parents=True, exist_ok=True)
            write_pdf(path, message)
        except (OSError, DebriefError) as exc:
            show_problem(self, f"Debrief couldn't write the email draft: {exc}")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            show_problem(
                self,
                "No email program opened the draft. It is saved here, ready to attach or "
                f"open by hand:\n{path}",
            )
        self._keep(pdf)
        self.email_draft_path = path
        self.status.setText(
            "A draft email is open in your mail program"
            + (" with the PDF attached" if pdf is not None else "")
            + ". Once you have sent it, press Mark as sent."
        )

    # -- kept versions --------------------------------------------------------------------------

    def refresh_versions(self) -> None:
        listed = self.ops.run(self, lambda: list_letters(self.store, self.debrief_id))
        letters = listed.value if listed.ok and listed.value else []
        self.versions_model.set_letters(letters)
        self.versions.setVisible(bool(letters))
        self.no_versions.setVisible(not letters)
        self._version_selected()

    def selected_version(self) -> Letter | None:
        rows = self.versions.selectionModel().selectedRows()
        return rows[0].data(LETTER_ROLE) if rows else None

    def _version_selected(self) -> None:
        letter = self.selected_version()
        self.reopen_button.setEnabled(letter is not None)
        self.sent_button.setEnabled(letter is not None and letter.sent_at is None)
        printable = letter is not None and not letter.kind.is_email
        self.resave_button.setEnabled(printable)
        self.reprint_button.setEnabled(printable)

    def mark_selected_sent(self) -> None:
        letter = self.selected_version()
        if letter is None or letter.sent_at is not None:
            return
        outcome = self.ops.run(self, lambda: mark_sent(self.store, letter.id))
        if not outcome.ok:
            return
        sent = outcome.unwrap()
        self.refresh_versions()
        self.status.setText(f"Marked as sent: {sent.kind.label.split(' (')[0].lower()}.")

    def reopen_version(self) -> None:
        letter = self.selected_version()
        if letter is None:
            return
        if letter.kind != self.current_kind():
            self.kind.setCurrentIndex(self.kind.findData(letter.kind.value))
        self._replace_text(Draft(letter.kind, letter.subject, letter.text))
        self.status.setText(f"Reopened the version of {when(letter.created_at)}.")

    def _version_pdf(self, letter: Letter) -> bytes | None:
        """The PDF exactly as produced; a text-only version is rendered now."""
        found = self.ops.run(self, lambda: letter_pdf(self.store, letter.id))
        data = found.value if found.ok else None
        if data:
            return data
        draft = Draft(letter.kind, letter.subject, letter.text)
        return render_pdf(letter_document(self.material, draft, self.current_profile()), self.fonts)

    def resave_version(self) -> None:
        letter = self.selected_version()
        data = self._version_pdf(letter) if letter is not None else None
        if letter is None or data is None:
            return
        day = datetime.fromisoformat(letter.created_at).astimezone().date()
        name = default_filename(letter.kind, self.material.account_name, day)

        self._ask_file(name, lambda path: self._write(path, data))

    def reprint_version(self) -> None:
        letter = self.selected_version()
        data = self._version_pdf(letter) if letter is not None else None
        if letter is not None and data is not None:
            self._print(data, letter.page_size or self.page_size.currentData())

    # -- closing --------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Close, once what is typed is saved, or the rep has decided about what isn't."""
        if not settle_unsaved(self, [self.saver], leaving="close"):
            return
        super().done(result)
