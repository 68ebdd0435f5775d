"""Debriefs with every part filled in through the real use cases, for the export/import tests.

Each carries customer-facing text and internal text whose words are easy to search for
(INTERNAL-…), so tests can prove what a shareable export leaves out.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from debrief.debriefs.accounts import get_contact, update_account
from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.people import PersonEdit, add_person, set_attendees, update_person
from debrief.debriefs.record import CloseOutcome
from debrief.followups.agenda import accept_plan, mark_done, mark_notified, set_relationship
from debrief.followups.model import Relationship
from debrief.followups.plan import proposed_plan
from debrief.letters.drafting import (
    Draft,
    LetterKind,
    keep_letter,
    mark_sent,
    save_working_draft,
)
from debrief.meeting.question_sets import load_set_file
from debrief.meeting.session import (
    add_criterion,
    add_item,
    add_reason,
    mark_meeting_held,
    save_close,
    save_criterion,
    save_item,
    save_notepad,
    save_question,
    save_reason,
    save_summary,
    start_meeting,
)
from debrief.model import (
    CaptureKind,
    Confidence,
    KeepInTouch,
    LossReason,
    NewDebrief,
    Outcome,
    PersonRole,
)
from debrief.resources import resource_path
from debrief.store.database import Store

# The day the meeting in `full_debrief` took place: after the loss (2026-10-02), before the
# follow-up plan is made (2026-10-20).
MEETING_HELD_ON = "2026-10-16"

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
    """A debrief with a held meeting (and who was in it), reasons, criteria, captured lists,
    letters (one marked sent) and drafts; its people with roles, greetings and addresses."""
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
            deal_public_name="shop-floor scheduling",
        ),
    )
    update_account(
        store,
        d.account_id,
        notes="INTERNAL-ACCOUNT-NOTE: budget owner is cautious",
        address="ul. Piotrkowska 104\n90-926 Łódź\nPoland",
    )
    # The buying group (migrations m901_letter_addressing, m903_people_roles): how each is
    # greeted, where letters go, their part in the decision; both were in the meeting.
    assert d.contact_id is not None
    zofia = PersonEdit.of(get_contact(store, d.contact_id))
    zofia.role = PersonRole.DECISION_MAKER
    zofia.salutation = "Pani Zofio"
    zofia.address = "Hala 3, ul. Srebrzyńska 9\n91-074 Łódź"
    update_person(store, d.contact_id, zofia)
    marek = add_person(
        store,
        d.account_id,
        PersonEdit("Marek Żuławski", title="Kierownik produkcji", role=PersonRole.EVALUATOR),
    )
    set_attendees(store, d.id, [marek.id, d.contact_id])
    questions = load_set_file(resource_path("question_sets", "default.json"))
    meeting = start_meeting(store, d.id, questions, minutes=45)
    first = meeting.questions[0]
    save_question(store, first.id, note="Forty-five minutes agreed, très aimable.")
    sensitive = next(q for q in meeting.questions if q.sensitive)
    save_question(store, sensitive.id, note="INTERNAL-PEOPLE: felt our demo was generic")
    save_notepad(store, d.id, "INTERNAL-NOTEPAD: she hinted at budget cuts", internal=True)
    save_summary(store, d.id, "You chose a supplier who could start in January.")
    # Opening the meeting screen is not the meeting: the rep says it took place.
    mark_meeting_held(store, d.id, MEETING_HELD_ON)
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
    summary = keep_letter(
        store,
        d.id,
        Draft(LetterKind.SUMMARY, "Thank you, Zofia", "Dear Zofia,\n\nThank you."),
        pdf=b"%PDF-1.4 not really a pdf \x00\xff",
        page_size="A4",
    )
    mark_sent(store, summary.id, "2026-10-21T09:30:00.000+00:00")
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
