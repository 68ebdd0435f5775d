"""The one customer-facing view: the rep's Internal flag decides, and only that flag.

Sensitive questions, what they chose instead does well and sales-experience reasons START
internal; unticked, they are customer-facing like anything else (before, the read-back kept
a sensitive question's note out whatever the flag said).
"""

from __future__ import annotations

import pytest

from debrief.debriefs.customer_view import customer_view, load_customer_view
from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.debriefs.trash import trash_debrief
from debrief.errors import NotFoundError
from debrief.meeting import session as m
from debrief.meeting.question_sets import load_set_file
from debrief.meeting.readback import draft_readback
from debrief.model import CaptureKind, LossReason, NewDebrief, Outcome, QuestionState
from debrief.store.database import Store
from tests.conftest import ROOT

DEFAULT = ROOT / "resources" / "question_sets" / "default.json"


@pytest.fixture
def meeting_id(store: Store) -> str:
    d = create_debrief(
        store,
        NewDebrief(
            account_name="Acme", contact_name="Ana", opportunity="Fleet", competitor="Globex"
        ),
    )
    m.start_meeting(store, d.id, load_set_file(DEFAULT))
    return d.id


def _people_question(store: Store, debrief_id: str) -> str:
    (question,) = [q for q in load_record(store, debrief_id).questions if q.sensitive]
    return question.id


def test_a_sensitive_note_starts_internal(store: Store, meeting_id: str) -> None:
    question_id = _people_question(store, meeting_id)
    m.save_question(store, question_id, note="Your engineer was brilliant")
    view = load_customer_view(store, meeting_id)
    assert view.notes == ()
    assert "brilliant" not in draft_readback(view)


def test_unticking_internal_on_a_sensitive_note_lets_it_through(
    store: Store, meeting_id: str
) -> None:
    question_id = _people_question(store, meeting_id)
    m.save_question(store, question_id, note="Your engineer was brilliant")
    m.save_question(store, question_id, note_internal=False)
    view = load_customer_view(store, meeting_id)
    assert [q.note for q in view.notes] == ["Your engineer was brilliant"]
    assert view.notes_in("performance") == ["Your engineer was brilliant"]
    assert "- Your engineer was brilliant" in draft_readback(view)
    # Ticked again, it is gone again.
    m.save_question(store, question_id, note_internal=True)
    assert "brilliant" not in repr(load_customer_view(store, meeting_id))


def test_defaults_only_start_internal_the_flag_decides(store: Store, meeting_id: str) -> None:
    sale = m.add_reason(store, meeting_id, LossReason.SALES_EXPERIENCE)
    assert sale.internal
    assert load_customer_view(store, meeting_id).reasons == ()
    m.save_reason(store, sale.id, sale.confidence, "Too many calls", False)
    (reason,) = load_customer_view(store, meeting_id).reasons
    assert reason.category == LossReason.SALES_EXPERIENCE and reason.quote == "Too many calls"

    request = m.add_item(store, meeting_id, CaptureKind.PRODUCT_REQUEST, "Reports")
    assert not request.internal
    m.save_item(store, request.id, "Reports", True)
    assert load_customer_view(store, meeting_id).product_requests == ()


def test_what_they_chose_instead_does_well_is_never_in_the_view(
    store: Store, meeting_id: str
) -> None:
    strength = m.add_item(store, meeting_id, CaptureKind.COMPETITOR_STRENGTH, "Fast onboarding")
    m.save_item(store, strength.id, "Fast onboarding", False)
    view = load_customer_view(store, meeting_id)
    assert "Fast onboarding" not in repr(view) and "Globex" not in repr(view)
    assert view.outcome == Outcome.COMPETITOR


def test_notes_on_skipped_questions_and_an_internal_note_pad_stay_out(
    store: Store, meeting_id: str
) -> None:
    first = load_record(store, meeting_id).questions[0]
    m.save_question(store, first.id, note="  half a thought  ", state=QuestionState.SKIPPED)
    m.save_notepad(store, meeting_id, text="scribbles")
    view = load_customer_view(store, meeting_id)
    assert view.notes == () and view.notepad == ""
    m.save_question(store, first.id, state=QuestionState.ASKED)
    m.save_notepad(store, meeting_id, internal=False)
    view = load_customer_view(store, meeting_id)
    assert [q.note for q in view.notes] == ["half a thought"]
    assert view.notepad == "scribbles"


def test_a_debrief_in_the_trash_has_no_customer_view(store: Store, meeting_id: str) -> None:
    trash_debrief(store, meeting_id)
    assert load_record(store, meeting_id).debrief.deleted_at  # the detail page still reads it
    with pytest.raises(NotFoundError, match="no debrief"):
        load_customer_view(store, meeting_id)
    # The view of a record is pure: the caller decides about the trash.
    assert customer_view(load_record(store, meeting_id)).account_name == "Acme"


def test_our_coaching_hints_never_reach_the_view(store: Store, meeting_id: str) -> None:
    questions = load_record(store, meeting_id).questions
    hints = [q.hint for q in questions if q.hint]
    assert hints
    for q in questions:
        m.save_question(store, q.id, note=f"said {q.position}", note_internal=False)
    view = load_customer_view(store, meeting_id)
    assert len(view.notes) == len(questions)
    assert not [hint for hint in hints if hint in repr(view)]


def test_the_deal_is_only_ever_the_name_the_customer_knows(store: Store) -> None:
    d = create_debrief(
        store,
        NewDebrief(
            account_name="Acme",
            contact_name="Ana",
            contact_phone=" +44 20 7946 0001 ",
            opportunity="Acme upsell, push before Q3",
            competitor="Globex",
        ),
    )
    view = load_customer_view(store, d.id)
    assert not hasattr(view, "opportunity")
    assert view.deal_name == ""  # none given: outputs word themselves without a name
    assert "upsell" not in repr(view)
    # The contact details the customer gave us are theirs to read; nothing else about them.
    assert view.contact is not None and view.contact.phone == "+44 20 7946 0001"
    assert view.contact_phone == "+44 20 7946 0001"
    with store.atomic() as db:
        db["debriefs"].update(d.id, {"deal_public_name": " fleet tracking "})
        db["contacts"].update(d.contact_id, {"notes": "CANARY hard to reach", "role": "influencer"})
    view = load_customer_view(store, d.id)
    assert view.deal_name == "fleet tracking"
    assert "CANARY" not in repr(view) and "influencer" not in repr(view)
