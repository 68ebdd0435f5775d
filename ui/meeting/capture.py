"""Structured capture beside the notes: criteria then/now, loss reasons, lists, the close.

Each panel edits one part of the meeting record through debrief.meeting.session and saves as the rep
types (via the shared Autosaver), so nothing waits for a Save button.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from itertools import pairwise
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.record import (
    CapturedItem,
    CloseOutcome,
    Criterion,
    DebriefRecord,
    Reason,
    load_record,
)
from debrief.labels import CLOSE_FIELDS, PRIMARY_REASON
from debrief.meeting import session as core
from debrief.model import CaptureKind, Confidence, KeepInTouch, LossReason

from ..autosave import Autosaver
from ..followups.when_picker import WhenPicker
from ..operations import Operations, Outcome

T = TypeVar("T")


def _internal_box(checked: bool) -> QCheckBox:
    box = QCheckBox("Internal")
    box.setToolTip("Internal notes never appear in anything meant for the customer.")
    box.setChecked(checked)
    return box


def _remove_button(what: str) -> QToolButton:
    button = QToolButton()
    button.setText("✕")
    button.setToolTip(f"Remove this {what}")
    button.setAccessibleName(f"Remove {what}")
    return button


def _tab_chain(*widgets: QWidget) -> None:
    """Tab moves through a row in reading order, whatever the grid placement."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def _confirm_remove(parent: QWidget, what: str, has_text: bool) -> bool:
    if not has_text:
        return True
    answer = QMessageBox.question(
        parent,
        "Remove?",
        f"Remove this {what} and what you wrote in it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class _ListPanel(QWidget):
    """A scrolling list of row frames with an 'add' button on top."""

    def __init__(
        self, ops: Operations, saver: Autosaver, intro: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ops = ops
        self.store = ops.store
        self.saver = saver
        self.debrief_id = ""
        # What each row shows now, by the id of what it edits: compared with the record when
        # something changed elsewhere (a line sent from a note) to see whether to reload.
        self.shown: dict[str, tuple[QFrame, Callable[[], Hashable]]] = {}
        self._acting = 0
        self.header = QHBoxLayout()
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(6)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(self.rows)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(intro_label)
        layout.addLayout(self.header)
        layout.addWidget(scroll, 1)

    def load(self, meeting: DebriefRecord) -> None:
        raise NotImplementedError

    def saved_rows(self, meeting: DebriefRecord) -> dict[str, Hashable]:
        """What the record holds for this panel, in the shape `shown` reads its rows."""
        raise NotImplementedError

    def refresh(self, meeting: DebriefRecord) -> None:
        """Reload when the record differs from what the rows show (nothing typed is pending:
        the caller checks)."""
        if self._acting or meeting.debrief.id != self.debrief_id:
            return
        showing = {
            row_id: read() for row_id, (frame, read) in self.shown.items() if not frame.isHidden()
        }
        if showing != self.saved_rows(meeting):
            self.load(meeting)

    def run_here(self, action: Callable[[], T]) -> Outcome[T]:
        """Run a use case of this panel; the rows are updated by the caller, not by `refresh`."""
        self._acting += 1
        try:
            return self.ops.run(self, action)
        finally:
            self._acting -= 1

    def track(self, row_id: str, frame: QFrame, read: Callable[[], Hashable]) -> None:
        self.shown[row_id] = (frame, read)

    def clear_rows(self) -> None:
        self.shown = {}
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: the rows that replace it are shown now
                widget.deleteLater()

    def add_row(self, frame: QFrame) -> None:
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.rows.addWidget(frame)
        frame.show()  # now, not on the next event-loop pass: the new row takes focus at once

    def drop_row(self, frame: QFrame) -> None:
        self.shown = {k: v for k, v in self.shown.items() if v[0] is not frame}
        self.rows.removeWidget(frame)
        frame.hide()  # at once: a second click must not reach a row that is already gone
        frame.deleteLater()

    def remove_row(
        self, frame: QFrame, noun: str, has_text: bool, remove: Callable[[], object]
    ) -> bool:
        """Ask first if the row holds words, write what is pending, then remove it for good."""
        if not _confirm_remove(self, noun, has_text):
            return False
        self.saver.flush()
        if not self.run_here(remove).ok:
            return False
        self.drop_row(frame)
        return True


class CriteriaPanel(_ListPanel):
    """Their decision criteria, as they were when they first chose us and as they are now."""

    def __init__(self, ops: Operations, saver: Autosaver, parent: QWidget | None = None):
        super().__init__(
            ops,
            saver,
            "What their decision rested on. Note each criterion then (when they first chose "
            "us) and now.",
            parent,
        )
        self.add_button = QPushButton("Add criterion")
        self.add_button.clicked.connect(self.add_new)
        self.header.addWidget(self.add_button)
        self.header.addStretch(1)
        self.entry: QWidget = self.add_button

    def load(self, meeting: DebriefRecord) -> None:
        self.debrief_id = meeting.debrief.id
        self.clear_rows()
        for c in meeting.criteria:
            self._row(c)

    def saved_rows(self, meeting: DebriefRecord) -> dict[str, Hashable]:
        return {c.id: (c.criterion, c.then_text, c.now_text, c.internal) for c in meeting.criteria}

    def add_new(self) -> None:
        created = self.run_here(lambda: core.add_criterion(self.store, self.debrief_id))
        if created.ok:
            self._row(created.unwrap()).setFocus()

    def _row(self, c: Criterion) -> QLineEdit:
        frame = QFrame()
        name = QLineEdit(c.criterion)
        name.setPlaceholderText("Criterion, e.g. delivery time")
        then = QLineEdit(c.then_text)
        then.setPlaceholderText("Then")
        now = QLineEdit(c.now_text)
        now.setPlaceholderText("Now")
        internal = _internal_box(c.internal)
        remove = _remove_button("criterion")
        grid = QGridLayout(frame)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.addWidget(name, 0, 0, 1, 2)
        grid.addWidget(internal, 0, 2)
        grid.addWidget(remove, 0, 3)
        then_now = QHBoxLayout()  # labelled: the placeholders vanish once the fields are filled
        for caption, edit, tip in (
            ("Then", then, "When they first chose us"),
            ("Now", now, "What matters to them today"),
        ):
            label = QLabel(caption)
            label.setBuddy(edit)
            edit.setToolTip(tip)
            then_now.addWidget(label)
            then_now.addWidget(edit, 1)
        grid.addLayout(then_now, 1, 0, 1, 4)
        grid.setColumnStretch(0, 1)
        self.add_row(frame)
        self.track(
            c.id, frame, lambda: (name.text(), then.text(), now.text(), internal.isChecked())
        )
        _tab_chain(name, then, now, internal, remove)

        def save() -> None:
            values = (name.text(), then.text(), now.text(), internal.isChecked())
            self.saver.schedule_save(
                f"criterion:{c.id}",
                lambda: values,
                lambda store, v: core.save_criterion(store, c.id, *v),
                "A criterion (then / now)",
                store=self.store,
            )

        for edit in (name, then, now):
            edit.textEdited.connect(save)
        now.returnPressed.connect(lambda: self.add_new() if name.text().strip() else None)
        internal.toggled.connect(save)

        remove.clicked.connect(
            lambda: self.remove_row(
                frame,
                "criterion",
                any(e.text().strip() for e in (name, then, now)),
                lambda: core.remove_criterion(self.store, c.id),
            )
        )
        return name


class ReasonsPanel(_ListPanel):
    """Loss reasons from the taxonomy: one primary, optional secondaries, confidence, quote."""

    def __init__(self, ops: Operations, saver: Autosaver, parent: QWidget | None = None):
        super().__init__(
            ops,
            saver,
            "Why it went the other way, in their words. The first reason you add is the main "
            "one; you can change that.",
            parent,
        )
        self.category = QComboBox()
        self.category.setAccessibleName("Loss reason")
        for reason in LossReason:
            self.category.addItem(reason.label, reason.value)
        self.add_button = QPushButton("Add reason")
        self.add_button.clicked.connect(self.add_new)
        self.header.addWidget(self.category, 1)
        self.header.addWidget(self.add_button)
        self.primary_buttons: dict[str, QRadioButton] = {}
        self.entry: QWidget = self.category

    def load(self, meeting: DebriefRecord) -> None:
        self.debrief_id = meeting.debrief.id
        self.clear_rows()
        self.primary_buttons = {}
        for r in meeting.reasons:
            self._row(r)

    def saved_rows(self, meeting: DebriefRecord) -> dict[str, Hashable]:
        return {
            r.id: (r.quote, r.internal, r.confidence.value, r.is_primary) for r in meeting.reasons
        }

    def add_new(self) -> None:
        category = LossReason(self.category.currentData())
        created = self.run_here(lambda: core.add_reason(self.store, self.debrief_id, category))
        if created.ok:
            self._row(created.unwrap()).setFocus()

    def _row(self, r: Reason) -> QLineEdit:
        frame = QFrame()
        title = QLabel(r.category.label)
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        primary = QRadioButton(PRIMARY_REASON)
        primary.setAutoExclusive(False)
        primary.setChecked(r.is_primary)
        self.primary_buttons[r.id] = primary
        confidence = QComboBox()
        confidence.setAccessibleName("How sure are you?")
        confidence.setToolTip("How sure are you this was a reason?")
        for level in Confidence:
            confidence.addItem(f"{level.label} confidence", level.value)
        confidence.setCurrentIndex(confidence.findData(r.confidence.value))
        internal = _internal_box(r.internal)
        quote = QLineEdit(r.quote)
        quote.setPlaceholderText("What they said, in their words (optional)")
        remove = _remove_button("reason")
        grid = QGridLayout(frame)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.addWidget(title, 0, 0, 1, 2)
        grid.addWidget(remove, 0, 2)
        grid.addWidget(primary, 1, 0)
        grid.addWidget(confidence, 1, 1)
        grid.addWidget(internal, 1, 2)
        grid.addWidget(quote, 2, 0, 1, 3)
        self.add_row(frame)
        self.track(
            r.id,
            frame,
            lambda: (
                quote.text(),
                internal.isChecked(),
                confidence.currentData(),
                primary.isChecked(),
            ),
        )
        _tab_chain(quote, confidence, primary, internal, remove)

        def save() -> None:
            values = (
                Confidence(confidence.currentData()),
                quote.text(),
                internal.isChecked(),
            )
            self.saver.schedule_save(
                f"reason:{r.id}",
                lambda: values,
                lambda store, v: core.save_reason(store, r.id, *v),
                "A loss reason's supporting quote",
                store=self.store,
            )

        quote.textEdited.connect(save)
        confidence.currentIndexChanged.connect(save)
        internal.toggled.connect(save)

        def make_primary(checked: bool) -> None:
            if not checked:  # there is always one main reason: pick another one instead
                primary.setChecked(True)
                return
            self.run_here(self.saver.flush)  # the radio is ahead of the record: no reload
            if not self.run_here(lambda: core.set_primary_reason(self.store, r.id)).ok:
                primary.blockSignals(True)  # it failed (and was shown): the main reason stays
                primary.setChecked(False)
                primary.blockSignals(False)
                return
            for other_id, button in self.primary_buttons.items():
                button.blockSignals(True)
                button.setChecked(other_id == r.id)
                button.blockSignals(False)

        primary.toggled.connect(make_primary)

        def remove_row() -> None:
            has_text = bool(quote.text().strip())
            if self.remove_row(
                frame, "reason", has_text, lambda: core.remove_reason(self.store, r.id)
            ):
                self.primary_buttons.pop(r.id, None)
                self.load(load_record(self.store, self.debrief_id))

        remove.clicked.connect(remove_row)
        return quote


class ItemsPanel(_ListPanel):
    """A simple captured list (competitor strengths or product requests). Enter adds a line."""

    def __init__(
        self, ops: Operations, saver: Autosaver, kind: CaptureKind, intro: str, noun: str
    ) -> None:
        super().__init__(ops, saver, intro)
        self.kind = kind
        self.noun = noun
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.clicked.connect(self.add_new)
        self.header.addWidget(self.add_button)
        self.header.addStretch(1)
        self.entry: QWidget = self.add_button

    def load(self, meeting: DebriefRecord) -> None:
        self.debrief_id = meeting.debrief.id
        self.clear_rows()
        for item in meeting.items_of(self.kind):
            self._row(item)

    def saved_rows(self, meeting: DebriefRecord) -> dict[str, Hashable]:
        return {i.id: (i.text, i.internal) for i in meeting.items_of(self.kind)}

    def add_new(self) -> None:
        created = self.run_here(lambda: core.add_item(self.store, self.debrief_id, self.kind))
        if created.ok:
            self._row(created.unwrap()).setFocus()

    def _row(self, item: CapturedItem) -> QLineEdit:
        frame = QFrame()
        text = QLineEdit(item.text)
        text.setPlaceholderText(f"A {self.noun}. Enter adds another.")
        internal = _internal_box(item.internal)
        remove = _remove_button(self.noun)
        row = QHBoxLayout(frame)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(text, 1)
        row.addWidget(internal)
        row.addWidget(remove)
        self.add_row(frame)
        self.track(item.id, frame, lambda: (text.text(), internal.isChecked()))

        def save() -> None:
            values = (text.text(), internal.isChecked())
            self.saver.schedule_save(
                f"item:{item.id}",
                lambda: values,
                lambda store, v: core.save_item(store, item.id, *v),
                f"A {self.noun}",
                store=self.store,
            )

        text.textEdited.connect(save)
        text.returnPressed.connect(lambda: self.add_new() if text.text().strip() else None)
        internal.toggled.connect(save)

        remove.clicked.connect(
            lambda: self.remove_row(
                frame,
                self.noun,
                bool(text.text().strip()),
                lambda: core.remove_item(self.store, item.id),
            )
        )
        return text


class ClosePanel(QWidget):
    """How the meeting closed: keeping in touch, a consolation order, renewal, follow-up."""

    def __init__(self, ops: Operations, saver: Autosaver, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = ops.store
        self.saver = saver
        self.debrief_id = ""
        self.keep_in_touch = QComboBox()
        for choice in KeepInTouch:
            self.keep_in_touch.addItem(choice.label, choice.value)
        self.keep_in_touch_on = WhenPicker(name="keepInTouchOn")  # issue 11
        self.keep_in_touch_when = QLineEdit()
        self.keep_in_touch_when.setPlaceholderText("Their words, e.g. 'after the winter'")
        self.consolation_order = QLineEdit()
        self.consolation_order.setPlaceholderText("Any smaller piece of business now")
        self.renewal_date = WhenPicker(name="renewalDate", months=False, none_label="Not known")
        self.promised_followup = QLineEdit()
        self.promised_followup.setPlaceholderText("What you promised to send or do")
        self.followup_date = WhenPicker(name="followupDate", months=False, none_label="No date")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        intro = QLabel("Keep the door open: agree how to stay in touch and what happens next.")
        intro.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(6, 6, 6, 6)
        form.addRow(intro)
        mnemonics = {"keep_in_touch": ("keep", "&keep"), "keep_in_touch_on": ("When", "&When")}
        for field, label in CLOSE_FIELDS.items():
            if field in mnemonics:  # Alt+K and Alt+W, as before
                label = label.replace(*mnemonics[field], 1)
            form.addRow(label, getattr(self, field))
        form.addRow(self.problem)
        for edit in self._edits():
            edit.textEdited.connect(self._schedule)
        self.keep_in_touch.currentIndexChanged.connect(self._schedule)
        for picker in (self.keep_in_touch_on, self.renewal_date, self.followup_date):
            picker.changed.connect(self._schedule)
        self.entry: QWidget = self.keep_in_touch

    def _edits(self) -> list[QLineEdit]:
        return [
            self.keep_in_touch_when,
            self.consolation_order,
            self.promised_followup,
        ]

    def load(self, meeting: DebriefRecord) -> None:
        self.debrief_id = meeting.debrief.id
        close = meeting.close
        self.keep_in_touch.blockSignals(True)
        self.keep_in_touch.setCurrentIndex(self.keep_in_touch.findData(close.keep_in_touch.value))
        self.keep_in_touch.blockSignals(False)
        self.keep_in_touch_when.setText(close.keep_in_touch_when)
        self.keep_in_touch_on.set_value(close.keep_in_touch_on)
        self.consolation_order.setText(close.consolation_order)
        self.renewal_date.set_value(close.renewal_date)
        self.promised_followup.setText(close.promised_followup)
        self.followup_date.set_value(close.followup_date)
        self.problem.clear()

    def _schedule(self) -> None:
        close = CloseOutcome(
            keep_in_touch=KeepInTouch(self.keep_in_touch.currentData()),
            keep_in_touch_when=self.keep_in_touch_when.text(),
            keep_in_touch_on=self.keep_in_touch_on.value(),
            consolation_order=self.consolation_order.text(),
            renewal_date=self.renewal_date.value(),  # picked, so always a valid date (issue 11)
            promised_followup=self.promised_followup.text(),
            followup_date=self.followup_date.value(),
        )
        self.problem.clear()
        debrief_id = self.debrief_id
        self.saver.schedule_save(
            f"close:{debrief_id}",
            lambda: close,
            lambda store, value: core.save_close(store, debrief_id, value),
            "Close of the meeting (keep in touch, orders, dates)",
            store=self.store,
        )
