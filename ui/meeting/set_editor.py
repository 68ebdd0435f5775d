"""The rep's own question sets: copy the standard one, then add, edit, reorder, remove, save.

The standard set ships with Debrief and can't be changed here; copies can. Past debriefs keep
their own copy of the questions, so nothing done here changes a meeting already held.

A draft and Save, not autosave into the set: a set is what the next meeting starts from, and
the prepare view offers it as soon as it is saved. Written keystroke by keystroke, a question
half reworded, a row just added and still empty, or a set halfway through a reorder would be
what a meeting started meanwhile gets, and there would be no way back to the set as it was.
So the edits to the set on screen are kept as a form draft (within a second, offered back
after a crash: the dialog opens on that set), Esc, Close or picking another set ask before
throwing changes away, and Save replaces the set in one step through the runner.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.form_drafts import load_form_draft
from debrief.meeting.question_sets import (
    PHASES,
    Question,
    QuestionSet,
    copy_name,
    delete_set,
    list_sets,
    save_set,
)
from debrief.meeting.roles import QuestionRole, role_of

from ..forms.form_helpers import RESTORED, DraftField, FormDialog, kept_entries, start_draft
from ..operations import Operations

COLUMNS = (
    "Phase",
    "Question",
    "What the answer means",
    "Hint",
    "About our people",
    "Notes internal",
)


def draft_name(set_id: str) -> str:
    return f"question_set.{set_id}"


class QuestionSetDialog(FormDialog):
    set_saved = Signal(str)  # name of the set the rep just saved (a choice to offer, not data)

    def __init__(self, ops: Operations, default_set: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Question sets")
        self.resize(1100, 620)
        self.ops = ops
        self.store = ops.store
        self.default_set = default_set
        self.sets: list[QuestionSet] = []
        self._loading = False
        self._shown = -1  # the row of the set whose questions the table shows
        self.questions_field = DraftField(self._questions_text, self._restore_questions, self)
        self.finished.connect(self._finished)

        self.list = QListWidget()
        self.list.setAccessibleName("Question sets")
        self.list.currentRowChanged.connect(self._selected)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setToolTip("Make your own editable copy of this set")
        self.copy_button.clicked.connect(self.copy_current)
        self.delete_button = QPushButton("De&lete")
        self.delete_button.clicked.connect(self.delete_current)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.copy_button)
        left_buttons.addWidget(self.delete_button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(left_buttons)

        self.name = QLineEdit()
        self.name.setAccessibleName("Set name")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 150)
        self.table.itemChanged.connect(self._mark_dirty)
        self.add_button = QPushButton("&Add question")
        self.add_button.clicked.connect(self.add_question)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self.remove_question)
        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip("Ctrl+Up")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Move do&wn")
        self.down_button.setToolTip("Ctrl+Down")
        self.down_button.clicked.connect(lambda: self.move(1))
        QShortcut(QKeySequence("Ctrl+Up"), self.table, lambda: self.move(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self.table, lambda: self.move(1))
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close_button = QPushButton("Close")
        close_button.clicked.connect(self.close)
        edit_buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            edit_buttons.addWidget(b)
        edit_buttons.addStretch(1)
        edit_buttons.addWidget(self.save_button)
        edit_buttons.addWidget(close_button)
        name_row = QHBoxLayout()
        name_label = QLabel("&Name")
        name_label.setBuddy(self.name)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name, 1)
        right = QVBoxLayout()
        right.addLayout(name_row)
        right.addWidget(self.notice)
        right.addWidget(self.table, 1)
        right.addLayout(edit_buttons)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 4)
        layout = QVBoxLayout(self)  # a notice that the draft can't be kept goes on top
        layout.addLayout(columns, 1)
        self.reload()

    # -- sets --------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether the set on screen has changes not saved yet."""
        return self.has_changes()

    def reload(self, select_name: str | None = None) -> None:
        """Read the sets again and show `select_name` — or, when none is asked for, a set with
        changes kept from a session that ended before they were saved, else the first set."""
        self.sets = list_sets(self.store, self.default_set)
        self.list.blockSignals(True)
        self.list.clear()
        for s in self.sets:
            self.list.addItem(f"{s.name}  (built in)" if s.is_builtin else s.name)
        self.list.blockSignals(False)
        names = [s.name for s in self.sets]
        if select_name in names:
            row = names.index(select_name)
        else:
            kept = [
                i
                for i, s in enumerate(self.sets)
                if s.id and load_form_draft(self.store, draft_name(s.id))
            ]
            row = kept[0] if kept else 0
        self._show(row)

    def current_set(self) -> QuestionSet | None:
        row = self.list.currentRow()
        return self.sets[row] if 0 <= row < len(self.sets) else None

    def _selected(self, row: int) -> None:
        """The rep picked another set: changes to the one on screen are kept or let go first."""
        if row == self._shown or not 0 <= row < len(self.sets):
            return
        if not self.has_changes():
            self._let_go_of_draft()
            self._show(row)
            return
        self._select_row(self._shown)  # stay until the rep says

        def switch() -> None:
            self._let_go_of_draft()
            self._show(row)

        self.ask_discard(switch)

    def _select_row(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)

    def _let_go_of_draft(self) -> None:
        """The set on screen is saved, discarded on purpose or left unchanged: its draft goes."""
        if self.draft is not None:
            self.draft.discard()
            self.draft.deleteLater()
            self.draft = None

    def _finished(self, _result: int) -> None:
        self._let_go_of_draft()

    def _show(self, row: int) -> None:
        self._select_row(row)
        self._shown = row
        if self.draft is not None:  # replaced without discarding (a reload after a save)
            self.draft.saver.cancel()
            self.draft.deleteLater()
            self.draft = None
        if not 0 <= row < len(self.sets):
            return
        s = self.sets[row]
        self._load_questions(s.name, s.questions)
        editable = not s.is_builtin
        self.name.setReadOnly(not editable)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        for widget in (
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.save_button,
            self.delete_button,
        ):
            widget.setEnabled(editable)
        if editable and s.id:
            self.draft = start_draft(
                self,
                self.store,
                draft_name(s.id),
                {"name": self.name, "questions": self.questions_field},
                say_restored=False,  # the notice above the table says it
            )
        self.notice.setText(
            "The standard set comes with Debrief and stays as it is. Copy it to make your own."
            if s.is_builtin
            else RESTORED + " Save keeps them; Close lets you throw them away."
            if self.draft is not None and self.draft.restored
            else "Edit the questions, then Save. Meetings already held keep their own questions."
        )

    def _load_questions(self, name: str, questions: Sequence[Question]) -> None:
        editable = not (s := self.current_set()) or not s.is_builtin
        self._loading = True
        self.name.setText(name)
        self.table.setRowCount(0)
        for q in questions:
            self._append(q, editable=editable)
        self._loading = False

    # -- the set on screen as a draft ----------------------------------------------------------

    def _questions_text(self) -> str:
        return json.dumps(
            [
                {
                    "phase": q.phase,
                    "text": q.text,
                    "hint": q.hint,
                    "sensitive": q.sensitive,
                    "internal": q.internal,
                    "role": QuestionRole(q.role).value,
                }
                for q in self.questions()
            ],
            ensure_ascii=False,
        )

    def _restore_questions(self, text: str) -> None:
        kept = kept_entries(text)
        if kept is None:
            return
        questions = []
        for entry in kept:
            phase = str(entry.get("phase", "decision"))
            try:
                role = QuestionRole(str(entry.get("role")))
            except ValueError:
                role = role_of(None, phase)
            questions.append(
                Question(
                    phase=phase,
                    text=str(entry.get("text", "")),
                    hint=str(entry.get("hint", "")),
                    sensitive=bool(entry.get("sensitive")),
                    internal=bool(entry.get("internal")),
                    role=role,
                )
            )
        self._load_questions(self.name.text(), questions)

    def copy_current(self) -> None:
        s = self.current_set()
        if s is None:
            return
        if self.has_changes():

            def copy_anyway() -> None:
                self._let_go_of_draft()
                self._copy(s)

            self.ask_discard(copy_anyway)
        else:
            self._copy(s)

    def _copy(self, s: QuestionSet) -> None:
        name = copy_name(s.name, {x.name for x in self.sets})
        saved = self.ops.run(self, lambda: save_set(self.store, name, s.questions))
        if saved.ok:
            self.reload(saved.unwrap().name)
            self.set_saved.emit(saved.unwrap().name)
            self.name.setFocus()
            self.name.selectAll()

    def delete_current(self) -> None:
        s = self.current_set()
        if s is None or s.id is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete question set?",
            f"Delete “{s.name}”? Debriefs that used it keep their questions.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        set_id = s.id
        if self.ops.run(self, lambda: delete_set(self.store, set_id)).ok:
            self._let_go_of_draft()
            self.reload()

    def save(self) -> None:
        s = self.current_set()
        if s is None or s.is_builtin:
            return
        questions = self.questions()
        name = self.name.text()
        saved = self.ops.run(self, lambda: save_set(self.store, name, questions, s.id))
        if saved.ok:
            self._let_go_of_draft()
            self.reload(saved.unwrap().name)
            self.set_saved.emit(saved.unwrap().name)

    # -- questions ---------------------------------------------------------------------------

    def _append(self, q: Question, row: int | None = None, editable: bool = True) -> None:
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        phase = QComboBox()
        for key, label in PHASES.items():
            phase.addItem(label, key)
        phase.setCurrentIndex(max(phase.findData(q.phase), 0))
        phase.currentIndexChanged.connect(self._mark_dirty)
        phase.setEnabled(editable)
        self.table.setCellWidget(row, 0, phase)
        self.table.setItem(row, 1, QTableWidgetItem(q.text))
        # The role is what the read-back, letters and insights read, whatever the wording.
        role = QComboBox()
        for each in QuestionRole:
            role.addItem(each.label, each.value)
        role.setCurrentIndex(max(role.findData(QuestionRole(q.role).value), 0))
        role.setToolTip("What an answer to this question tells you (drafts file it under this)")
        role.currentIndexChanged.connect(self._mark_dirty)
        role.setEnabled(editable)
        self.table.setCellWidget(row, 2, role)
        self.table.setItem(row, 3, QTableWidgetItem(q.hint))
        for column, value in ((4, q.sensitive), (5, q.internal)):
            item = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsEnabled
            if editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            self.table.setItem(row, column, item)

    def question_at(self, row: int) -> Question:
        phase = cast(QComboBox, self.table.cellWidget(row, 0))
        role = cast(QComboBox, self.table.cellWidget(row, 2))
        cells = [cast(QTableWidgetItem, self.table.item(row, column)) for column in range(6)]
        return Question(
            phase=phase.currentData(),
            text=cells[1].text(),
            hint=cells[3].text(),
            sensitive=cells[4].checkState() == Qt.CheckState.Checked,
            internal=cells[5].checkState() == Qt.CheckState.Checked,
            role=QuestionRole(role.currentData()),
        )

    def questions(self) -> list[Question]:
        return [self.question_at(r) for r in range(self.table.rowCount())]

    def add_question(self) -> None:
        row = self.table.currentRow()
        phase = self.question_at(row).phase if row >= 0 else "decision"
        at = row + 1 if row >= 0 else self.table.rowCount()
        self._append(Question(phase=phase, text="", role=role_of(None, phase)), at)
        self.table.setCurrentCell(at, 1)
        self.table.editItem(cast(QTableWidgetItem, self.table.item(at, 1)))
        self._mark_dirty()

    def remove_question(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self._mark_dirty()

    # Shadows QWidget.move(); nothing here moves the widget itself.
    def move(self, offset: int) -> None:  # type: ignore[override]
        row = self.table.currentRow()
        target = row + offset
        if row < 0 or not 0 <= target < self.table.rowCount() or not self.save_button.isEnabled():
            return
        question = self.question_at(row)
        self.table.removeRow(row)
        self._append(question, target)
        self.table.setCurrentCell(target, 1)
        self._mark_dirty()

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading:
            self.questions_field.changed.emit()
