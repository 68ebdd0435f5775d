"""Every customer-facing output of every sample debrief, under every outcome, read as the
customer would, with canaries planted in everything internal.

The outputs: each letter's draft (subject and text), the mailto link and the .eml draft made
from it, the read-back (the draft and what is shown to the customer), the shareable exports
(JSON, CSV, and XLSX read back with openpyxl) and the calendar file (.ics, parsed with
icalendar). Planted: the rep's own label for the deal, the deal's value (pricing we treat as
internal), and `plant_internal`'s canaries (internal notes in every phase, notes about our
people, the note pad, internal criteria, reasons and requests, competitor intelligence and the
competitor's name, account and contact notes, budget). The samples' own internal notes (about
our people, about the competitor) and what the winner does well are looked for too.

Each output is also checked for what it must carry (the customer's name, the deal as they know
it, the phone number a call needs), so a leak would have had company and an empty output can't
pass.
"""

from __future__ import annotations

import json
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import unquote

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from debrief.debriefs.customer_view import load_customer_view
from debrief.debriefs.record import load_record
from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.followups.agenda import accept_plan, all_followups, followups_of
from debrief.followups.calendar import calendar_bytes, calendar_entries
from debrief.followups.plan import proposed_plan
from debrief.followups.settings import FollowupSettings
from debrief.letters.compose import SummaryNeedsMeeting
from debrief.letters.drafting import draft_letter, mailto_url
from debrief.letters.email_draft import email_draft
from debrief.letters.sender_profile import SenderProfile
from debrief.meeting.facing import facing_readback
from debrief.meeting.readback import draft_readback
from debrief.model import LetterKind, Outcome
from debrief.samples import SAMPLES, load_samples
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.letter_data import plant_internal

TODAY = date(2026, 12, 1)
TEMPLATES = ROOT / "resources" / "letters"
PROFILE = SenderProfile(name="Tom Reed", company="Northwind Ltd")
CANARY = "CANARYz9k"
LABEL = "CANARYLABEL push hard before Q3"  # the rep's own name for the deal
VALUE_MINOR = 9_876_543_21  # a price we keep to ourselves: 9876543.21
PRICES = ("9876543", "9,876,543", "9 876 543", "9.876.543")
PHONE = "+44 20 7946 0{n:03d}"


def _sample_internals() -> list[str]:
    """What the samples themselves hold that no customer may read."""
    found = []
    for s in SAMPLES:
        found += [s.competitor, s.account_notes, *s.strengths]
        found += [note for _phase, _q, note, internal in s.questions if internal and note]
        found += [quote for *_rest, quote, internal in s.reasons if internal and quote]
    return [text for text in found if text.strip()]


def _xlsx_text(path: Path) -> str:
    book = load_workbook(path)
    return "\n".join(
        str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r if c
    )


def _ics_text(data: bytes) -> str:
    """Every text property of every event and its alarm, unfolded and unescaped by a real
    parser (dates and numbers are not text)."""
    return "\n".join(
        str(value)
        for event in Calendar.from_ical(data).walk("VEVENT")
        for _name, value in event.property_items(recursive=True)
        if isinstance(value, str)
    )


@pytest.fixture(params=list(Outcome), ids=lambda o: o.value)
def outputs(request: pytest.FixtureRequest, store: Store, tmp_path: Path) -> dict[str, str]:
    """Every customer-facing output of the samples, every debrief set to one outcome."""
    outcome: Outcome = request.param
    load_samples(store, TODAY)
    ids = [r[0] for r in store.db.execute("SELECT id FROM debriefs ORDER BY rowid")]
    assert len(ids) == len(SAMPLES)
    for n, debrief_id in enumerate(ids):
        plant_internal(store, debrief_id, CANARY)
        with store.atomic() as db:
            contact_id = db["debriefs"].get(debrief_id)["contact_id"]
            db["debriefs"].update(
                debrief_id,
                {"outcome": outcome.value, "opportunity": LABEL, "value_minor": VALUE_MINOR},
            )
            db["contacts"].update(contact_id, {"phone": PHONE.format(n=n)})
        if not followups_of(store, debrief_id):
            accept_plan(store, debrief_id, proposed_plan(store, debrief_id, TODAY))

    out: dict[str, str] = {}
    for debrief_id in ids:
        view = load_customer_view(store, debrief_id)
        name = view.account_name
        out[f"{name}: read-back draft"] = draft_readback(view)
        out[f"{name}: read-back shown"] = facing_readback(load_record(store, debrief_id)).text
        for kind in LetterKind:
            try:
                draft = draft_letter(store, debrief_id, kind, PROFILE, TEMPLATES, TODAY)
            except SummaryNeedsMeeting:
                continue
            where = f"{name}: {kind.value}"
            out[where] = f"{draft.subject}\n{draft.text}"
            assert draft.text.startswith("Dear "), where
            out[f"{where} mailto"] = unquote(
                mailto_url(view.contact_email, draft.subject, draft.text)
            )
            eml = message_from_bytes(
                email_draft(to=view.contact_email, subject=draft.subject, body=draft.text),
                policy=policy.default,
            )
            out[f"{where} eml"] = f"{eml['Subject']}\n{eml.get_content()}"
    for fmt in ExportFormat:
        path = tmp_path / f"shareable{fmt.suffix}"
        export(store, path, ExportOptions(fmt, shareable=True))
        out[f"export {fmt.value}"] = (
            _xlsx_text(path) if fmt is ExportFormat.XLSX else path.read_text(encoding="utf-8-sig")
        )
    data = calendar_bytes(calendar_entries(store, all_followups(store)), FollowupSettings())
    out["calendar"] = _ics_text(data)
    out["calendar accounts"] = "\n".join({f.account_name for f in all_followups(store)})
    return out


def test_no_customer_facing_output_carries_anything_internal(outputs: dict[str, str]) -> None:
    internals = [CANARY, LABEL, "CANARYLABEL", *PRICES, *_sample_internals()]
    leaks = [(where, bad) for where, text in outputs.items() for bad in internals if bad in text]
    assert leaks == []
    # Letters of every kind were written for every sample (a summary where a meeting was held).
    assert sum(1 for where in outputs if where.endswith(" eml")) >= 3 * len(SAMPLES)


def test_each_output_carries_what_the_customer_should_read(outputs: dict[str, str]) -> None:
    planned = outputs["calendar accounts"].splitlines()
    assert len(planned) >= len(SAMPLES) - 1  # all but a sample that asked not to be contacted
    for account in planned:
        assert account in outputs["calendar"]
    for s in SAMPLES:
        for fmt in ExportFormat:
            shared = outputs[f"export {fmt.value}"]
            assert s.account in shared
            assert s.deal_public_name in shared  # the deal as they know it, in the "deal" column
    # The number a call needs (a contact detail the customer gave us) is in the calendar.
    assert PHONE.format(n=0) in outputs["calendar"]
    doc = json.loads(outputs["export json"])
    assert all("opportunity" not in d for d in doc["debriefs"])
    assert {c["name"] for c in doc["contacts"]} == {s.contact for s in SAMPLES}
