"""The explicit Edit of a debrief's details: same checks as logging it, nothing half-saved."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.editing import DebriefEdit, check_debrief_edit, update_debrief
from debrief.debriefs.lifecycle import get_debrief
from debrief.errors import ValidationError
from debrief.model import Debrief, Status

from ..operations import Operations
from .deal_fields import DealFields, enum_combo
from .form_helpers import FieldErrors, FormDialog, keep_draft, save_cancel


class EditDebriefDialog(FormDialog):
    saved = Signal(object)  # Debrief

    def __init__(self, ops: Operations, debrief_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.store = store = ops.store
        self.debrief_id = debrief_id
        current = get_debrief(store, debrief_id)
        edit = DebriefEdit.of(current)
        self.setWindowTitle(f"Edit — {current.account_name}")
        self.setMinimumWidth(480)
        self.errors = FieldErrors(fallback="opportunity")

        deal = {k: v for k, v in dataclasses.asdict(edit).items() if k != "status"}
        self.deal = DealFields(store, **deal)
        self.opportunity, self.value = self.deal.opportunity, self.deal.value
        self.competitor, self.outcome = self.deal.competitor, self.deal.outcome
        self.status = enum_combo("status", Status, edit.status)
        form = QFormLayout()
        for key, label, widget in [
            *self.deal.rows("Rep"),
            ("status", "&Status", self.status),
        ]:
            self.errors.add_row(form, key, label, widget)
        self.errors["currency"] = self.errors["value"]
        buttons = save_cancel(self, self.save)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.draft = keep_draft(
            self,
            store,
            f"edit_debrief.{debrief_id}",
            {**self.deal.widgets(), "status": self.status},
        )
        self.errors.recheck_with(lambda: check_debrief_edit(self.values()))
        self.opportunity.setFocus()

    def values(self) -> DebriefEdit:
        return DebriefEdit(
            **self.deal.values(),
            status=Status(self.status.currentData()),
        )

    def save(self) -> Debrief | None:
        self.errors.clear_messages()
        try:
            values = self.values()
            saved = self.ops.run_quietly(
                lambda: update_debrief(self.store, self.debrief_id, values)
            )
        except ValidationError as exc:
            self.errors.show(exc)
            return None
        self.saved.emit(saved)
        self.accept()
        return saved
