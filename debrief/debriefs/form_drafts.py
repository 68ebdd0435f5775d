"""Half-filled forms, kept while they are typed, so a crash never costs the rep their words.

A draft is a flat mapping of field name to text, stored under `draft.<form>` in `settings`.
Only its own form reads it back, so saving one declares no change for other views.
"""

from __future__ import annotations

import json

from debrief.store.database import Store

_PREFIX = "draft."


def save_form_draft(store: Store, form: str, values: dict[str, str]) -> None:
    with store.atomic() as db:
        db["settings"].upsert({"key": _PREFIX + form, "value": json.dumps(values)}, pk="key")


def load_form_draft(store: Store, form: str) -> dict[str, str] | None:
    row = store.db.execute("SELECT value FROM settings WHERE key = ?", [_PREFIX + form]).fetchone()
    if row is None:
        return None
    try:
        values = json.loads(row[0])
    except ValueError:
        return None
    if not isinstance(values, dict):
        return None
    return {str(k): str(v) for k, v in values.items()}


def discard_form_draft(store: Store, form: str) -> None:
    with store.atomic() as db:
        db.execute("DELETE FROM settings WHERE key = ?", [_PREFIX + form])
