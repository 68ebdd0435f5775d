"""The canary test: internal notes never reach the customer view, a letter, a PDF or an email.

A unique string is planted in every internal field of a debrief (internal notes in every
phase, answers about our people, the note pad, internal criteria and reasons, internal
requests, competitor intelligence and the competitor's name, account and contact notes). The
customer view, the read-back draft, no letter draft, no PDF (text read back by pypdf, and the
raw bytes) and no mailto link may contain any of them, while the customer-facing material
does get through.
"""

from __future__ import annotations

import io
import zlib
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from debrief.debriefs.customer_view import load_customer_view
from debrief.letters.drafting import (
    draft_letter,
    latest_text,
    mailto_url,
    produce_letter_pdf,
)
from debrief.letters.sender_profile import SenderProfile
from debrief.meeting.readback import draft_readback
from debrief.model import LetterKind
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.letter_data import Meeting, add_meeting, plant_internal

TEMPLATES = ROOT / "resources" / "letters"
FONTS = ROOT / "resources" / "fonts"
PROFILE = SenderProfile(name="Tom Reed", company="Northwind Ltd")
CANARY = "CANARYq7x"


def _raw_streams(pdf: bytes) -> str:
    """All content streams decompressed, so a canary can't hide in compressed bytes."""
    out = [pdf.decode("latin-1")]
    for page in PdfReader(io.BytesIO(pdf)).pages:
        out.append(page.get_contents().get_data().decode("latin-1"))
    for chunk in pdf.split(b"stream\r\n")[1:] + pdf.split(b"stream\n")[1:]:
        try:
            out.append(zlib.decompress(chunk).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(out)


@pytest.fixture
def planted(store: Store) -> tuple[str, list[str]]:
    meeting = Meeting(consolation_order="spare batteries", promised_followup="Send the plan")
    debrief_id = add_meeting(store, meeting)
    canaries = plant_internal(store, debrief_id, CANARY)
    assert len(canaries) == 20
    return debrief_id, canaries


def test_the_customer_view_holds_no_internal_text(
    store: Store, planted: tuple[str, list[str]]
) -> None:
    debrief_id, _ = planted
    view = load_customer_view(store, debrief_id)
    assert CANARY not in repr(view)
    # …while what the customer told us is all there, so a leak would have had company.
    assert [c.criterion for c in view.criteria] == ["Speed of rollout"]
    assert [r.quote for r in view.reasons] == ["Twelve weeks was too long for us."]
    assert view.product_requests == ("A single named project lead",)
    assert "peak season" in view.summary


def test_the_readback_draft_holds_no_internal_text(
    store: Store, planted: tuple[str, list[str]]
) -> None:
    debrief_id, _ = planted
    text = draft_readback(load_customer_view(store, debrief_id))
    assert "Speed of rollout" in text and "A single named project lead" in text
    assert CANARY not in text


@pytest.mark.parametrize("kind", list(LetterKind))
def test_no_draft_pdf_or_email_carries_an_internal_canary(
    store: Store, planted: tuple[str, list[str]], kind: LetterKind
) -> None:
    debrief_id, canaries = planted
    draft = draft_letter(store, debrief_id, kind, PROFILE, TEMPLATES)
    # The customer-facing material did reach the draft, so the test can see a leak if one
    # existed: the canaries sit right beside it.
    if kind == LetterKind.SUMMARY:
        for heard in ("peak season", "named project lead"):
            assert heard in draft.text
    assert latest_text(store, debrief_id, kind, PROFILE, TEMPLATES) == draft
    _letter, pdf = produce_letter_pdf(store, debrief_id, draft, PROFILE, FONTS)
    extracted = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Dear Ana Müller," in extracted
    email = unquote(mailto_url("ana@example.com", draft.subject, draft.text))
    outputs = {
        "subject": draft.subject,
        "draft": draft.text,
        "pdf text": extracted,
        "pdf bytes": _raw_streams(pdf),
        "email": email,
    }
    leaks = [(where, c) for where, out in outputs.items() for c in canaries if c in out]
    assert leaks == []
    assert not any(CANARY in out for out in outputs.values())
