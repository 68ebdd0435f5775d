"""Kill the app with SIGKILL while an outcome note is typed into a dialog: nothing typed more
than a second before the kill is lost, and the next dialog of that kind offers it back.

The dialog stands for every dialog that takes typing: they all keep their words through the
same form draft (ui/forms/form_helpers.py), each checked in process in
tests/ui/test_dialog_drafts.py."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from debrief.debriefs.form_drafts import load_form_draft
from debrief.debriefs.lifecycle import create_debrief
from debrief.followups.agenda import accept_plan, followups_of
from debrief.followups.plan import proposed_plan
from debrief.model import NewDebrief
from debrief.store.database import Store
from tests.e2e.meeting_driver import trial_text
from tests.e2e.test_kill_meeting import _one_trial
from ui.followups.dialogs import DoneDialog

TRIALS = 4


def _prepare(data_dir: Path) -> tuple[str, str]:
    store = Store.open(data_dir / "debrief.sqlite3")
    try:
        d = create_debrief(
            store,
            NewDebrief(
                account_name="Kill Co", contact_name="Ana", opportunity="Test", competitor="Globex"
            ),
        )
        accept_plan(store, d.id, proposed_plan(store, d.id))
        followup_id = followups_of(store, d.id)[0].id
    finally:
        store.close()
    return d.id, followup_id


def _kept(data_dir: Path, followup_id: str) -> str:
    store = Store.open(data_dir / "debrief.sqlite3")
    try:
        return (load_form_draft(store, f"followup_done.{followup_id}") or {}).get("note", "")
    finally:
        store.close()


@pytest.mark.slow
def test_sigkill_while_typing_in_a_dialog_keeps_the_words_and_offers_them_back(
    tmp_path: Path, qtbot: QtBot
) -> None:
    data_dir = tmp_path / "dialogs"
    data_dir.mkdir()
    debrief_id, followup_id = _prepare(data_dir)
    rng = random.Random(2024)
    bitten = 0
    for trial in range(TRIALS):
        before = _kept(data_dir, followup_id)  # the dialog opens with it and types on
        seed = 500 + trial
        seen = _one_trial(data_dir, debrief_id, "outcome", seed, rng.uniform(0.6, 2.6))
        after = _kept(data_dir, followup_id)
        expected = before + trial_text(seed)
        assert after == expected[: len(after)], "the kept note is not what was typed"
        assert len(after) - len(before) >= seen["must_have"], (
            f"lost typing: {seen['must_have']} chars typed >1 s before the kill, "
            f"{len(after) - len(before)} kept (trial {trial})"
        )
        bitten += seen["must_have"] > 0
    assert bitten >= TRIALS // 2  # most trials typed well past the save window
    # the next start: the dialog offers the words back, and Esc would ask before they go
    store = Store.open(data_dir / "debrief.sqlite3")
    try:
        followup = next(f for f in followups_of(store, debrief_id) if f.id == followup_id)
        dialog = DoneDialog(store, followup, date.today())
        qtbot.addWidget(dialog)
        assert dialog.draft is not None and dialog.draft.restored
        assert dialog.note.toPlainText() == _kept(data_dir, followup_id) != ""
        assert dialog.has_changes()
        dialog.draft.saver.cancel()
    finally:
        store.close()
