"""Debriefs with every part filled in through the real use cases, for the export/import tests.

Each carries customer-facing text and internal text whose words are easy to search for
(INTERNAL-…), so tests can prove what a shareable export leaves out.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import CloseOutcome
from debrief.followups.agenda import accept_plan, mark_done, mark_notified, set_relationship
from debrief.followups.model import Relationship
from debrief.followups.plan import proposed_plan
from debrief.letters.drafting import Draft, LetterKind, keep_letter, save_working_draft
from debrief.meeting.question_sets import load_set_file
from debrief.meeting.session import (
    add_criterion,
    add_item,
    add_reason,
    save_close,
    save_criterion,
    save_item,
    save_notepad,
    save_question,
    save_reason,
    save_summary,
    start_meeting,
)
from debrief.model import CaptureKind, Confidence, KeepInTouch, LossReason, NewDebrief, Outcome
from debrief.resources import resource_path
from debrief.store.database import Store

INTERNAL_WORDS = (
    "INTERNAL-NOTEPAD",
    "INTERNAL-PEOPLE",
    "INTERNAL-QUOTE",
    "INTERNAL-STRENGTH",
    "INTERNAL-CRITERION",
    "INTERNAL-ACCOUNT-NOTE",
    "INTERNAL-OUTCOME",
)


def full_debrief(
    store: Store,
    account: str = "Łódź Précision Castings",
    contact: str = "Zofia Wiśniewska",
    opportunity: str = "Foundry scheduling 2027",
) -> str:
    """A debrief with a held meeting, reasons, criteria, captured lists, letters and drafts."""
    d = create_debrief(
        store,
        NewDebrief(
            account_name=account,
            contact_name=contact,
            contact_title="Dyrektor operacyjna",
            contact_email="z.wisniewska@lodz.example",
            opportunity=opportunity,
            products="Planner, 40 seats",
            value="48,500.50",
            currency="EUR",
            date_lost="2026-10-02",
            outcome=Outcome.COMPETITOR,
            competitor="Corvane Systems",
            rep_name="Jamie Ortega",
        ),
    )
    with store.atomic() as db:
        db["accounts"].update(
            d.account_id, {"notes": "INTERNAL-ACCOUNT-NOTE: budget owner is cautious"}
        )
    questions = load_set_file(resource_path("question_sets", "default.json"))
    meeting = start_meeting(store, d.id, questions, minutes=45)
    first = meeting.questions[0]
    save_question(store, first.id, note="Forty-five minutes agreed, très aimable.")
    sensitive = next(q for q in meeting.questions if q.sensitive)
    save_question(store, sensitive.id, note="INTERNAL-PEOPLE: felt our demo was generic")
    save_notepad(store, d.id, "INTERNAL-NOTEPAD: she hinted at budget cuts", internal=True)
    save_summary(store, d.id, "You chose a supplier who could start in January.")
    c1 = add_criterion(store, d.id)
    save_criterion(store, c1.id, "Speed of rollout", "nice to have", "deciding", False)
    c2 = add_criterion(store, d.id)
    save_criterion(store, c2.id, "INTERNAL-CRITERION", "", "", True)
    r1 = add_reason(store, d.id, LossReason.IMPLEMENTATION_RISK)
    save_reason(store, r1.id, Confidence.HIGH, "Twelve weeks was too long for us.", False)
    r2 = add_reason(store, d.id, LossReason.SALES_EXPERIENCE)
    save_reason(store, r2.id, Confidence.LOW, "INTERNAL-QUOTE: the rep pushed too hard", True)
    s1 = add_item(store, d.id, CaptureKind.COMPETITOR_STRENGTH, "INTERNAL-STRENGTH: fast onsite")
    save_item(store, s1.id, "INTERNAL-STRENGTH: fast onsite team", True)
    add_item(store, d.id, CaptureKind.PRODUCT_REQUEST, "A Polish-language shop-floor app")
    save_close(
        store,
        d.id,
        CloseOutcome(
            keep_in_touch=KeepInTouch.YES,
            keep_in_touch_when="after the spring shutdown",
            renewal_date="2029-01-31",
            promised_followup="Call about the pilot results",
            followup_date="2027-02-15",
            keep_in_touch_on="2027-04",
        ),
    )
    # The follow-up plan as the rep accepts it, one done (its outcome note is internal), and
    # where the relationship stands: every column of the follow-ups (migration m1101_followups).
    plan = accept_plan(store, d.id, proposed_plan(store, d.id, today=date(2026, 10, 20)))
    mark_done(store, plan[0].id, "INTERNAL-OUTCOME: she took the call kindly", date(2026, 10, 22))
    mark_notified(store, [plan[1].id], date(2026, 10, 23))
    set_relationship(
        store, d.id, Relationship.WITH_COMPETITOR, on="2026-11-02", today=date(2026, 11, 3)
    )
    keep_letter(
        store,
        d.id,
        Draft(LetterKind.SUMMARY, "Thank you, Zofia", "Dear Zofia,\n\nThank you."),
        pdf=b"%PDF-1.4 not really a pdf \x00\xff",
        page_size="A4",
    )
    save_working_draft(
        store, d.id, Draft(LetterKind.FOLLOW_UP, "How is it going?", "Dear Zofia, …")
    )
    return d.id


def file_digest(path: Path) -> str:
    """The database file's bytes, hashed (with its WAL, if one is left)."""
    h = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()
