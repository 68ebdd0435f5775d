"""Words for a debrief's fields that are not enums, so every screen names them the same way.

Enum values carry their own labels (`LabelledEnum.label` in `debrief.model`); "won by" is
`debrief.model.won_by`. What is here is for the fields around them.
"""

from __future__ import annotations

PRIMARY_REASON = "Primary reason"

# How the meeting closed (the fields of `debrief.debriefs.record.CloseOutcome`), in form order.
CLOSE_FIELDS: dict[str, str] = {
    "keep_in_touch": "May we keep in touch?",
    "keep_in_touch_on": "When",  # a picked month or day
    "keep_in_touch_when": "In their words",
    "consolation_order": "Smaller order now",
    "renewal_date": "Contract renewal",
    "promised_followup": "Promised follow-up",
    "followup_date": "Follow-up date",
}
