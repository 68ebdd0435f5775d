"""What a Debrief JSON export holds: its name, version, and the columns of each kind of record.

The export keeps every column exactly as stored (integers stay integers, 0/1 flags stay 0/1), so
an export imported into an empty data folder gives the same records back. The JSON Schema in
`resources/exchange/` describes the same columns; a test keeps the two and the database in step.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from debrief.resources import resource_path

FORMAT_NAME = "debrief-export"
FORMAT_VERSION = 1
SCHEMA_FILE = "debrief-export-v1.schema.json"

FULL = "full"
SHAREABLE = "shareable"

FULL_NOTICE = (
    "This file contains internal notes (private remarks, notes about people, competitor "
    "intel). Keep it inside the company; don't send it to a customer."
)
SHAREABLE_NOTICE = (
    "Customer-shareable export: only what the customer-facing view shows. Internal notes and "
    "reasons, private remarks, your own label for the deal and its value, the competitor's "
    "name, follow-up plans and unsent drafts are left out. It can't be imported back."
)

ACCOUNT_COLUMNS = (
    "id",
    "name",
    "industry",
    "contract_start",
    "contract_end",
    "budget",
    "buying_notes",
    "notes",
    "is_sample",
    "created_at",
    "updated_at",
    # Letters addressed like letters (migration m901_letter_addressing): the postal address.
    "address",
)
CONTACT_COLUMNS = (
    "id",
    "account_id",
    "name",
    "title",
    "email",
    "phone",
    "is_decision_maker",
    "notes",
    "created_at",
    "updated_at",
    # How a letter greets them and where it goes (m901_letter_addressing), and their part in
    # the decision (m903_people_roles; `is_decision_maker` follows it).
    "salutation",
    "address",
    "role",
)
DEBRIEF_COLUMNS = (
    "id",
    "account_id",
    "contact_id",
    "opportunity",
    "products",
    "value_minor",
    "currency",
    "date_lost",
    "told_via",
    "outcome",
    "competitor",
    "status",
    "rep_name",
    "is_sample",
    "deleted_at",
    "created_at",
    "updated_at",
    "meeting_date",
    "meeting_minutes",
    "meeting_started_at",
    "meeting_elapsed_s",
    "question_set_name",
    "notepad",
    "notepad_internal",
    "summary",
    "keep_in_touch",
    "keep_in_touch_when",
    "consolation_order",
    "renewal_date",
    "promised_followup",
    "followup_date",
    # Follow-ups (issue 11, migration m1101_followups): the customer's "when" as a picked month
    # (YYYY-MM) or day, where the relationship stands, and when the plan was accepted.
    "keep_in_touch_on",
    "relationship",
    "relationship_on",
    "won_back_value_minor",
    "plan_accepted_at",
    # The deal as the customer knows it, for letters (m901_letter_addressing).
    "deal_public_name",
)

# What hangs off a debrief: (key in the JSON, table, columns without debrief_id, order).
# Every part but the attendees has an `id` of its own.
# The debrief's `updated_at` moves whenever any of these change (the meeting's saves touch it),
# so a debrief and these parts merge as one record.
PARTS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "questions",
        "debrief_questions",
        (
            "id",
            "position",
            "phase",
            "text",
            "hint",
            "sensitive",
            "state",
            "note",
            "note_internal",
            "updated_at",
            "role",  # what the answer means (m902_question_roles)
        ),
        "position, rowid",
    ),
    (
        "criteria",
        "criteria",
        ("id", "position", "criterion", "then_text", "now_text", "internal"),
        "position, rowid",
    ),
    (
        "reasons",
        "loss_reasons",
        ("id", "category", "is_primary", "confidence", "quote", "internal"),
        "is_primary DESC, rowid",
    ),
    (
        "captured_items",
        "captured_items",
        ("id", "kind", "position", "text", "internal"),
        "kind, position, rowid",
    ),
    # Who from the customer's side was in the meeting (m903_people_roles). No id of their own:
    # one row per person. Setting them moves the debrief's `updated_at` like any other part.
    (
        "attendees",
        "debrief_attendees",
        ("contact_id", "position"),
        "position, rowid",
    ),
)
# Letters are kept versions: their text is never edited, so they merge by id (a missing one is
# added). `sent_at` (m901_letter_addressing) is set once, when the rep says the letter went out:
# a letter sent on either side stays sent.
LETTER_COLUMNS = ("id", "kind", "subject", "text", "page_size", "created_at", "sent_at")
# The text being edited, one per letter kind; the newer `updated_at` wins.
DRAFT_COLUMNS = ("kind", "subject", "text", "updated_at")
# Follow-ups (the agenda's table, migration m1101_followups), without debrief_id: they belong to
# the debrief they are listed in. `outcome_note` is internal (a full export is internal anyway).
# Each has its own `updated_at`, so they merge by id, the newer edit winning.
FOLLOWUPS_TABLE = "followups"
FOLLOWUP_COLUMNS = (
    "id",
    "rule",
    "kind",
    "channel",
    "due",
    "purpose",
    "contact_id",
    "state",
    "outcome_note",
    "done_on",
    "sequence",
    "notified_on",
    "created_at",
    "updated_at",
)


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of format version 1 (shipped as package data)."""
    text = resource_path("exchange", SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded
