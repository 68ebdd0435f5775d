"""Follow-up defaults (kept in the database, so the `followups` command reads them too).

Changed numbers are kept as a form draft and Esc asks before throwing them away (as in every
form); Save writes the settings through the runner.
"""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from debrief.followups.settings import (
    FollowupSettings,
    get_followup_settings,
    save_followup_settings,
)
from debrief.store.database import Store

from ..forms.form_helpers import FormDialog, keep_draft
from ..operations import Operations

LABELS: dict[str, tuple[str, str, int, int]] = {
    # field: label, suffix, minimum, maximum
    "ask_meeting_working_days": ("Ask for the meeting", " working days after the loss", 0, 30),
    "summary_working_days": ("Send the summary", " working days after the meeting", 0, 30),
    "first_check_in_months": ("First check-in", " months later", 1, 24),
    "second_check_in_months": ("Second check-in", " months later (0: none)", 0, 36),
    "win_back_months_before_renewal": ("Win-back approach", " months before the renewal", 1, 36),
    "alarm_hour": ("Calendar reminder at", ":00 on the day", 0, 23),
}


class FollowupSettingsDialog(FormDialog):
    def __init__(self, store: Store, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.ops = store, ops
        self.setWindowTitle("Follow-up settings")
        self.setObjectName("followupSettings")
        current = get_followup_settings(store)
        intro = QLabel(
            "How new plans are timed. Follow-ups already on the agenda keep their dates. "
            "Incumbents start defending a renewal 12 to 18 months ahead: approach before that."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        for name, (label, suffix, low, high) in LABELS.items():
            spin = QSpinBox()
            spin.setObjectName(name)
            spin.setRange(low, high)
            spin.setSuffix(suffix)
            spin.setValue(getattr(current, name))
            form.addRow(label, spin)
            self.spins[name] = spin
        self.renewal_watch = QCheckBox(
            "When they'd rather not hear from us, still remind me before their renewal"
        )
        self.renewal_watch.setObjectName("renewal_watch")
        self.renewal_watch.setChecked(current.renewal_watch)
        form.addRow(self.renewal_watch)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        fields: dict[str, QWidget] = {**self.spins, "renewal_watch": self.renewal_watch}
        self.draft = keep_draft(self, store, "followup_settings", dict(fields))

    def values(self) -> FollowupSettings:
        known = {f.name for f in fields(FollowupSettings)}
        values: dict[str, int | bool] = {n: s.value() for n, s in self.spins.items() if n in known}
        values["renewal_watch"] = self.renewal_watch.isChecked()
        return FollowupSettings(**values)  # type: ignore[arg-type]

    def restore_defaults(self) -> None:
        defaults = FollowupSettings()
        for name, spin in self.spins.items():
            spin.setValue(getattr(defaults, name))
        self.renewal_watch.setChecked(defaults.renewal_watch)

    def save(self) -> None:
        values = self.values()
        if self.ops.run(self, lambda: save_followup_settings(self.store, values)).ok:
            self.accept()
