"""The follow-up plan of one debrief: what is already on the agenda, and the proposals (dates,
channels and words editable, each one can be left out) until the rep accepts them.

The rows as the rep changed them are kept as a form draft (per debrief), offered back after a
crash, and Esc asks before throwing them away, as in every form; accepting commits through the
runner.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.lifecycle import get_debrief
from debrief.followups.agenda import accept_plan, followups_of
from debrief.followups.model import Channel, FollowupKind, PlanItem
from debrief.followups.plan import proposed_plan
from debrief.store.database import Store

from ..forms.form_helpers import DraftField, FormDialog, keep_draft, kept_entries
from ..operations import Operations
from .dialogs import date_edit, pydate, qdate
from .wording import short_day

COLUMNS = ["Plan", "Due", "How", "What for", "Why this date"]


class PlanDialog(FormDialog):
    """Open with `PlanDialog.create(...)` (None when the debrief is gone)."""

    accepted_plan = Signal(int)  # how many follow-ups were added

    def __init__(
        self,
        store: Store,
        ops: Operations,
        debrief_id: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.ops = ops
        self.debrief_id = debrief_id
        self.today = today
        debrief = get_debrief(store, debrief_id)
        self.contact_id = debrief.contact_id
        self.contact_name = debrief.contact_name
        self.setWindowTitle(f"Follow-up plan — {debrief.account_name}")
        self.setObjectName("planDialog")

        intro = QLabel(
            f"<b>{_esc(debrief.account_name)} — {_esc(debrief.opportunity)}</b><br>"
            "Proposed from what you captured. Change a date, the way you'll get in touch or "
            "the words, untick what you won't do, then accept: the follow-ups go on your agenda."
        )
        intro.setWordWrap(True)
        self.existing = QLabel()
        self.existing.setObjectName("planExisting")
        self.existing.setWordWrap(True)
        self.existing.setTextFormat(Qt.TextFormat.PlainText)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("planTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(3, 420)
        self.none_label = QLabel()
        self.none_label.setObjectName("planNothing")
        self.none_label.setWordWrap(True)

        self.add_button = QPushButton("&Add a follow-up")
        self.add_button.setObjectName("addFollowupButton")
        self.add_button.clicked.connect(self.add_row)
        self.add_button.setAutoDefault(False)
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(
            "Accept plan", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setObjectName("acceptPlanButton")
        # A shortcut of its own: the button's text (and so its mnemonic) changes with the count.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept_plan)
        self.accept_button.setToolTip("Put the ticked follow-ups on the agenda (Ctrl+Enter)")
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        self.accept_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.accept_plan)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.existing)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.none_label)
        layout.addLayout(row)
        self.rows: list[tuple[PlanItem, QCheckBox, QDateEdit, QComboBox, QLineEdit]] = []
        self.reload()
        self.rows_field = DraftField(self._rows_text, self._restore_rows, self)
        self.draft = keep_draft(self, store, f"plan.{debrief_id}", {"rows": self.rows_field})
        if self.rows:
            self.resize(1100, 520)
        else:  # nothing to edit: a compact note, not a big empty window
            self.setMinimumWidth(640)
            self.adjustSize()

    def reload(self) -> None:
        existing = followups_of(self.store, self.debrief_id)
        if existing:
            lines = [
                f"{short_day(f.due)}  {f.channel.label}: {f.purpose}  ({f.state.label.lower()})"
                for f in existing
            ]
            self.existing.setText("Already on the agenda:\n" + "\n".join(lines))
        else:
            self.existing.setText("Nothing on the agenda for this debrief yet.")
        self.table.setRowCount(0)
        self.rows = []
        for item in proposed_plan(self.store, self.debrief_id, self.today):
            self._add(item)
        self._update()

    def _add(self, item: PlanItem, checked: bool = True) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        tick = QCheckBox(item.kind.label)
        tick.setChecked(checked)
        tick.toggled.connect(self._update)
        due = date_edit(date.fromisoformat(item.due), f"due_{row}")
        channel = QComboBox()
        for choice in Channel:
            if (choice is Channel.NOTE) == (not item.kind.contacts_customer):
                channel.addItem(choice.label, choice.value)
        channel.setCurrentIndex(max(0, channel.findData(item.channel.value)))
        purpose = QLineEdit(item.purpose)
        purpose.setPlaceholderText("What the follow-up is for, in a few words")
        why = QLabel(item.note or ("added by you" if not item.rule else ""))
        why.setToolTip(why.text())
        for column, widget in enumerate((tick, due, channel, purpose, why)):
            self.table.setCellWidget(row, column, widget)
        self.rows.append((item, tick, due, channel, purpose))
        for signal in (tick.toggled, due.dateChanged, channel.currentIndexChanged):
            signal.connect(self._row_changed)
        purpose.textChanged.connect(self._row_changed)

    def _row_changed(self, *_: object) -> None:
        if hasattr(self, "rows_field"):
            self.rows_field.changed.emit()

    # -- the rows as a draft: one entry per row, proposals known by their rule --------------------

    def _rows_text(self) -> str:
        return json.dumps(
            [
                {
                    "rule": item.rule,
                    "kind": item.kind.value,
                    "ticked": tick.isChecked(),
                    "due": pydate(due.date()).isoformat(),
                    "channel": channel.currentData(),
                    "purpose": purpose.text(),
                }
                for item, tick, due, channel, purpose in self.rows
            ],
            ensure_ascii=False,
        )

    def _restore_rows(self, text: str) -> None:
        """Put kept rows back: a proposal still proposed takes its kept values; a row the rep
        added comes back as added; a proposal no longer proposed is left out."""
        kept = kept_entries(text)
        if kept is None:
            return
        by_rule = {item.rule: row for row in self.rows if (item := row[0]).rule}
        for entry in kept:
            rule = str(entry.get("rule", ""))
            if rule and rule not in by_rule:
                continue
            if not rule:
                self.add_row()
            item, tick, due, channel, purpose = by_rule[rule] if rule else self.rows[-1]
            tick.setChecked(bool(entry.get("ticked", True)))
            with suppress(ValueError):
                due.setDate(qdate(date.fromisoformat(str(entry.get("due")))))
            channel.setCurrentIndex(max(0, channel.findData(entry.get("channel"))))
            purpose.setText(str(entry.get("purpose", "")))

    def add_row(self) -> None:
        if not self.rows:
            self.resize(max(self.width(), 1100), max(self.height(), 420))
        due = self.today + timedelta(days=7)
        self._add(
            PlanItem(
                rule="",
                kind=FollowupKind.OTHER,
                channel=Channel.CALL,
                due=due.isoformat(),
                purpose="",
                contact_id=self.contact_id,
                contact_name=self.contact_name,
            )
        )
        self.rows[-1][4].setFocus()
        self._update()
        self._row_changed()

    def chosen_items(self) -> list[PlanItem]:
        chosen = []
        for item, tick, due, channel, purpose in self.rows:
            if not tick.isChecked():
                continue
            chosen.append(
                replace(
                    item,
                    due=pydate(due.date()).isoformat(),
                    channel=_channel(channel.currentData()),
                    purpose=purpose.text(),
                )
            )
        return chosen

    def _update(self) -> None:
        count = sum(1 for _item, tick, *_ in self.rows if tick.isChecked())
        self.accept_button.setEnabled(count > 0)
        self.accept_button.setText(
            f"Accept {count} follow-up" + ("" if count == 1 else "s") if count else "Accept plan"
        )
        has_rows = bool(self.rows)
        self.table.setVisible(has_rows)
        self.none_label.setVisible(not has_rows)
        self.none_label.setText(
            "Nothing new to propose: everything the plan would suggest is on the agenda, "
            "or the relationship is settled. You can still add a follow-up of your own."
        )

    def accept_plan(self) -> None:
        items = self.chosen_items()
        if not items:
            return
        result = self.ops.run(self, lambda: accept_plan(self.store, self.debrief_id, items))
        if result.ok:
            self.accepted_plan.emit(len(result.unwrap()))
            self.accept()


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def _channel(value: str) -> Channel:
    return next(c for c in Channel if c.value == value)
