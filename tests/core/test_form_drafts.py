from __future__ import annotations

from debrief.debriefs.form_drafts import discard_form_draft, load_form_draft, save_form_draft
from debrief.store.database import Store


def test_drafts_round_trip_per_form_and_go_when_discarded(store: Store) -> None:
    save_form_draft(store, "new_debrief", {"account": "Żywiec <b>", "value": "12,500"})
    save_form_draft(store, "edit_debrief.x", {"opportunity": "Scanners"})
    assert load_form_draft(store, "new_debrief") == {"account": "Żywiec <b>", "value": "12,500"}
    discard_form_draft(store, "new_debrief")
    assert load_form_draft(store, "new_debrief") is None
    assert load_form_draft(store, "edit_debrief.x") == {"opportunity": "Scanners"}


def test_a_damaged_draft_is_ignored_not_fatal(store: Store) -> None:
    with store.atomic() as db:
        db["settings"].insert({"key": "draft.new_debrief", "value": "{not json"})
    assert load_form_draft(store, "new_debrief") is None
