"""What every Debrief form shares: messages under the fields, Save/Cancel with Ctrl+Return,
drafts that survive a crash, and one question before Esc or closing throws changes away.

Every dialog where the rep types (the forms, the person form, the follow-up dialogs, the sender
profile, the question-set editor) keeps its draft with `keep_draft`/`FormDraft` and asks with
`FormDialog`: one mechanism, so they all behave alike. A field is a line, text box, combo, date,
spin box or tick box, or a `DraftField` for anything made of several widgets (a table of rows,
a list of ticks), whose value is text (usually JSON) the dialog knows how to read back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from PySide6.QtCore import QDate, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.form_drafts import discard_form_draft, load_form_draft, save_form_draft
from debrief.errors import ValidationError
from debrief.store.database import Store

from ..autosave import Autosaver
from ..widgets.save_notice import SaveNotice

log = logging.getLogger("debrief")

CURRENCIES = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "JPY"]


def kept_entries(text: str) -> list[dict[str, object]] | None:
    """The entries of a draft kept as a JSON list of objects (a `DraftField`'s value); None
    for a draft that isn't one (written by another version, or damaged): leave things as
    they are."""
    try:
        kept = json.loads(text)
    except ValueError:
        return None
    if not isinstance(kept, list):
        return None
    return [entry for entry in kept if isinstance(entry, dict)]


class FieldError(QLabel):
    """The message shown right under a field that needs attention."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet("color: #e5484d;")  # readable on light and dark backgrounds
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FieldErrors(dict[str, FieldError]):
    """The error labels of one form, by field name (the names ValidationError uses)."""

    def __init__(self, fallback: str):
        super().__init__()
        self.fallback = fallback
        self.widgets: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        error = FieldError()
        error.setObjectName(f"error_{key}")
        self[key] = error
        self.widgets[key] = widget
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(error)
        form.addRow(label, box)

    def clear_messages(self) -> None:
        for error in self.values():
            error.show_message("")

    def recheck_with(self, check: Callable[[], object]) -> None:
        """Clear each message as soon as its field is right: after any change to a field,
        while messages are shown, run `check` (the core's own validation, which writes
        nothing) and hide the messages whose field it no longer complains about. New
        messages only appear on Save, never while the rep types."""
        self._check = check
        for widget in self.widgets.values():
            for signal in _input_signals(widget):
                signal.connect(self._recheck)

    def _recheck(self, *_: object) -> None:
        shown = [key for key, error in self.items() if not error.isHidden()]
        if not shown:
            return
        try:
            self._check()
            remaining: dict[str, str] = {}
        except ValidationError as exc:
            remaining = exc.fields
        for key in shown:
            label = self[key]
            # a message shown under another field (the fallback, a shared row) stays put
            still = [m for k, m in remaining.items() if self.get(k, self[self.fallback]) is label]
            if not still:
                label.show_message("")
            elif label.text() not in still:
                label.show_message(still[0])

    def show(self, exc: ValidationError) -> None:
        """Put each message under its field and move the cursor to the first one."""
        for key, message in exc.fields.items():
            self.get(key, self[self.fallback]).show_message(message)
        first = next(iter(exc.fields), self.fallback)
        self.widgets.get(first, self.widgets[self.fallback]).setFocus()


def save_cancel(dialog: QDialog, on_save: Callable[[], object]) -> QDialogButtonBox:
    """Save (default button, also Ctrl+Return) and Cancel."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setDefault(True)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    QShortcut(QKeySequence("Ctrl+Return"), dialog).activated.connect(on_save)
    return buttons


class DraftField(QObject):
    """A draft field made of several widgets (a table's rows, a list of ticks): the dialog says
    how to read its value as text and how to put such a value back, and emits `changed`
    whenever the rep changes any part of it."""

    changed = Signal()

    def __init__(
        self, read: Callable[[], str], write: Callable[[str], None], parent: QObject | None = None
    ):
        super().__init__(parent)
        self.read, self.write = read, write


class FormDraft(QObject):
    """Keeps what is typed into a form in the database as it is typed (via the Autosaver),
    so it can be offered back after a crash. Discard it when the form is saved or cancelled."""

    def __init__(self, store: Store, form: str, fields: dict[str, QObject], parent: QObject):
        super().__init__(parent)
        self.store, self.form, self.fields = store, form, fields
        self.saver = Autosaver(self, store=store)
        self.restored = False
        self._blank = self.values()  # the form as it opened: nothing typed yet

    def watch(self) -> None:
        """Start saving on every change (after any restore, so restoring isn't a change)."""
        for widget in self.fields.values():
            _changed_signal(widget).connect(self._schedule)

    def _schedule(self, *_: object) -> None:
        # the fields are read when the save runs, not on every keystroke
        self.saver.schedule_save(
            f"form:{self.form}", self.values, self._write, "A form being filled in"
        )

    def values(self) -> dict[str, str]:
        return {key: _get(widget) for key, widget in self.fields.items()}

    def _write(self, store: Store, values: dict[str, str]) -> None:
        if values == self._blank:
            discard_form_draft(store, self.form)
        else:
            save_form_draft(store, self.form, values)

    def save_now(self) -> None:
        self._write(self.store, self.values())

    def restore(self) -> bool:
        """Fill the form with a kept draft, if one differs from the form as it opened."""
        draft = load_form_draft(self.store, self.form)
        if not draft or all(self._blank.get(k) == v for k, v in draft.items()):
            return False
        for key, value in draft.items():
            if key in self.fields:
                _set(self.fields[key], value)
        self.restored = True
        return True

    def has_changes(self) -> bool:
        """Whether anything differs from the form as it opened (or a draft was restored)."""
        return self.restored or self.values() != self._blank

    def settle(self) -> None:
        """What the form shows now is saved (a dialog that stays open after Save): it becomes
        the form "as it opened", and the kept draft goes."""
        self.discard()
        self._blank = self.values()
        self.restored = False

    def discard(self, *_: object) -> None:
        """The form was saved or cancelled on purpose: its draft has done its job."""
        self.saver.cancel()
        try:
            discard_form_draft(self.store, self.form)
        except Exception as exc:  # a leftover draft is only offered back later
            log.warning("Could not discard the draft of %s: %s", self.form, exc)


def _input_signals(widget: QWidget) -> list[SignalInstance]:
    """The change signals of an input, or of the inputs inside a row of several."""
    try:
        return [_changed_signal(widget)]
    except TypeError:
        signals = []
        for child in widget.findChildren(QWidget):
            if not isinstance(child, QLineEdit | QComboBox | QDateEdit | QPlainTextEdit):
                continue
            if isinstance(child, QLineEdit) and isinstance(child.parent(), QComboBox):
                continue  # the combo's own signal covers its line edit
            signals.append(_changed_signal(child))
        return signals


def _changed_signal(widget: QObject) -> SignalInstance:
    if isinstance(widget, DraftField):
        return widget.changed
    if isinstance(widget, QLineEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.editTextChanged if widget.isEditable() else widget.currentIndexChanged
    if isinstance(widget, QDateEdit):
        return widget.dateChanged
    if isinstance(widget, QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.toggled
    raise TypeError(f"no draft support for {type(widget).__name__}")


def _get(widget: QObject) -> str:
    if isinstance(widget, DraftField):
        return widget.read()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else str(widget.currentData())
    if isinstance(widget, QDateEdit):
        return widget.date().toString("yyyy-MM-dd")
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QSpinBox):
        return str(widget.value())
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return "1" if widget.isChecked() else "0"
    raise TypeError(f"no draft support for {type(widget).__name__}")


def _set(widget: QObject, value: str) -> None:
    if isinstance(widget, DraftField):
        widget.write(value)
    elif isinstance(widget, QLineEdit):
        widget.setText(value)
    elif isinstance(widget, QComboBox):
        if widget.isEditable():
            widget.setEditText(value)
        else:
            widget.setCurrentIndex(max(0, widget.findData(value)))
    elif isinstance(widget, QDateEdit):
        date = QDate.fromString(value, "yyyy-MM-dd")
        if date.isValid():
            widget.setDate(date)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QSpinBox):
        if value.lstrip("-").isdigit():
            widget.setValue(int(value))
    elif isinstance(widget, QAbstractButton) and widget.isCheckable():
        widget.setChecked(value == "1")


def _place_notice(dialog: QDialog, saver: Autosaver) -> None:
    """The first time the draft can't be kept, put the calm notice on top of the form."""
    layout = dialog.layout()
    if dialog.findChild(SaveNotice) is None and isinstance(layout, QBoxLayout):
        layout.insertWidget(0, SaveNotice(saver, dialog))


class FormDialog(QDialog):
    """A form that asks before Esc, Cancel or closing the window throws away what was typed.

    Subclasses set `self.draft` (from `keep_draft`); a form nobody changed closes at once.
    """

    draft: FormDraft | None = None
    discard_box: QMessageBox | None = None

    def has_changes(self) -> bool:
        return self.draft is not None and self.draft.has_changes()

    def reject(self) -> None:
        if not self.has_changes() or self.property("discarding"):
            super().reject()
            return
        self.ask_discard(self._discarded)

    def _discarded(self) -> None:
        self.setProperty("discarding", True)
        super().reject()

    def ask_discard(self, then: Callable[[], object]) -> QMessageBox:
        """Ask "Keep editing / Discard" (Keep editing is the default and Esc); run `then` only
        on Discard. Non-blocking: the answer arrives when the rep gives it."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            QWidget.windowTitle(self),  # (the shell test forbids the words "self" + ".window")
            "Throw away your changes?",
            parent=self,
        )
        box.setObjectName("discardBox")
        box.setInformativeText("Discard leaves everything as it was before you started.")
        keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepEditing")
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("discard")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(_result: int) -> None:
            self.discard_box = None
            if box.clickedButton() is discard:
                then()

        box.finished.connect(done)
        box.open()
        self.discard_box = box
        return box


RESTORED = "Restored your unsaved changes from when Debrief last closed."


def start_draft(
    dialog: QDialog, store: Store, form: str, fields: dict[str, QObject], say_restored: bool = True
) -> FormDraft:
    """Offer back what was typed last time the form was lost and keep what is typed now. The
    dialog lets it go (`discard`) once the rep is done with it. A restored draft is said on top
    of the form (when its layout is already there and `say_restored`), so the rep knows why
    the fields aren't as they left the record."""
    draft = FormDraft(store, form, fields, dialog)
    draft.saver.notice_changed.connect(lambda _text: _place_notice(dialog, draft.saver))
    draft.restore()
    layout = dialog.layout()
    if draft.restored and say_restored and isinstance(layout, QBoxLayout):
        note = QLabel(RESTORED)
        note.setObjectName("restoredNote")
        note.setWordWrap(True)
        layout.insertWidget(0, note)
    draft.watch()
    return draft


def keep_draft(dialog: QDialog, store: Store, form: str, fields: dict[str, QObject]) -> FormDraft:
    """`start_draft`, let go once the dialog is finished either way (saved, or cancelled on
    purpose)."""
    draft = start_draft(dialog, store, form, fields)
    dialog.finished.connect(draft.discard)
    return draft
