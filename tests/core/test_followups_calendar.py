"""The .ics file, read back by a different parser (vobject) and by a strict line check written
here: right dates, one stable UID per follow-up, a rising SEQUENCE, cancellations, an alarm on
the day, and no internal text (canary)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import vobject

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.people import PersonEdit, add_person
from debrief.debriefs.trash import trash_debrief
from debrief.errors import DebriefError
from debrief.followups.agenda import (
    accept_plan,
    all_followups,
    cancel_followup,
    followups_of,
    mark_done,
    reschedule,
)
from debrief.followups.calendar import (
    calendar_bytes,
    calendar_entries,
    followup_uid,
    write_calendar,
)
from debrief.followups.plan import proposed_plan
from debrief.followups.settings import FollowupSettings
from debrief.model import NewDebrief, PersonRole, new_id
from debrief.store.database import Store

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)


def strict_lines(data: bytes) -> list[str]:
    """RFC 5545 §3.1 as a strict reader sees it: CRLF line ends, no line over 75 octets,
    continuation lines start with one space; returns the unfolded content lines."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert len(line) <= 75, line
        assert b"\n" not in line and b"\r" not in line
    unfolded: list[bytes] = []
    for line in physical:
        if line.startswith((b" ", b"\t")):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    text = [line.decode("utf-8") for line in unfolded]
    for line in text:
        assert re.match(r"^[A-Z][A-Z0-9-]*[;:]", line), line
    assert text[0] == "BEGIN:VCALENDAR" and text[-1] == "END:VCALENDAR"
    return text


def _events(data: bytes) -> dict[str, vobject.base.Component]:
    cal = vobject.readOne(data.decode("utf-8"))
    return {event.uid.value: event for event in cal.vevent_list}


@pytest.fixture
def planned(store: Store) -> str:
    debrief_id = create_debrief(
        store,
        NewDebrief(
            account_name="Acme Freight",
            contact_name="Jana Novák",
            contact_title="COO",
            contact_phone="+420 555 0101",
            opportunity="CANARY-DEAL-LABEL",
            competitor="CANARYCOMPETITOR",
            date_lost="2026-11-27",
        ),
        today=TODAY,
    ).id
    accept_plan(store, debrief_id, proposed_plan(store, debrief_id, TODAY))
    return debrief_id


def test_the_file_parses_elsewhere_with_the_right_dates(store: Store, planned: str) -> None:
    followups = all_followups(store)
    data = calendar_bytes(
        calendar_entries(store, followups), FollowupSettings(alarm_hour=8), now=NOW
    )
    lines = strict_lines(data)
    assert lines.count("BEGIN:VEVENT") == len(followups) == 4
    events = _events(data)
    assert set(events) == {followup_uid(f.id) for f in followups}
    for f in followups:
        event = events[followup_uid(f.id)]
        assert event.dtstart.value == date.fromisoformat(f.due)  # an all-day date, no time
        assert event.dtend.value == date.fromisoformat(f.due) + timedelta(days=1)
        assert event.status.value == "CONFIRMED"
        assert int(event.sequence.value) == 0
        assert event.valarm.trigger.value == timedelta(hours=8)  # 08:00 on the day
        assert f.purpose in event.summary.value
        assert "Jana Novák" in event.summary.value
    reply = events[followup_uid(next(f.id for f in followups if f.rule == "loss_reply"))]
    assert reply.dtstart.value == date(2026, 11, 27)
    assert "Phone: +420 555 0101" in reply.description.value


def test_uids_stay_and_sequence_rises_and_closed_ones_are_cancelled(
    store: Store, planned: str
) -> None:
    first = _events(
        calendar_bytes(calendar_entries(store, all_followups(store)), FollowupSettings(), now=NOW)
    )
    reply, ask, check_in, _ = followups_of(store, planned)
    reschedule(store, ask.id, "2026-12-07")
    mark_done(store, reply.id, "CANARY-OUTCOME-NOTE said they'd think about it", TODAY)
    cancel_followup(store, check_in.id, "CANARY-CANCEL-NOTE")
    later = NOW + timedelta(days=3)
    data = calendar_bytes(
        calendar_entries(store, all_followups(store)), FollowupSettings(), now=later
    )
    second = _events(data)
    assert set(second) == set(first)  # the same entries, updated, never duplicated
    moved = second[followup_uid(ask.id)]
    assert moved.dtstart.value == date(2026, 12, 7)
    assert int(moved.sequence.value) > int(first[followup_uid(ask.id)].sequence.value)
    for closed in (reply, check_in):
        event = second[followup_uid(closed.id)]
        assert event.status.value == "CANCELLED"
        assert int(event.sequence.value) == 1
        assert not hasattr(event, "valarm")
    assert b"CANARY" not in data.replace(b"\r\n ", b"")


def test_a_trashed_debrief_s_follow_ups_go_out_cancelled(store: Store, planned: str) -> None:
    trash_debrief(store, planned)
    events = _events(
        calendar_bytes(calendar_entries(store, all_followups(store)), FollowupSettings(), now=NOW)
    )
    assert {e.status.value for e in events.values()} == {"CANCELLED"}


def test_no_internal_text_reaches_the_calendar(store: Store, planned: str) -> None:
    """Canary: every internal field holds a marker; none may appear in the file."""
    db = store.db
    stamp = "2026-11-27T09:00:00.000+00:00"
    account_id = db.execute("SELECT account_id FROM debriefs WHERE id = ?", [planned]).fetchone()[0]
    db["accounts"].update(account_id, {"notes": "CANARY-ACCOUNT-NOTE", "budget": "CANARY-BUDGET"})
    db["debriefs"].update(
        planned,
        {
            "notepad": "CANARY-NOTEPAD",
            "notepad_internal": 1,
            "summary": "CANARY-SUMMARY",
            "consolation_order": "CANARY-CONSOLATION",
        },
    )
    db["debrief_questions"].insert(
        {
            "id": new_id(),
            "debrief_id": planned,
            "position": 0,
            "phase": "performance",
            "text": "How did our people come across?",
            "note": "CANARY-PEOPLE",
            "note_internal": 1,
            "sensitive": 1,
            "updated_at": stamp,
        }
    )
    db["captured_items"].insert(
        {
            "id": new_id(),
            "debrief_id": planned,
            "kind": "competitor_strength",
            "text": "CANARY-INTEL",
            "internal": 1,
        }
    )
    db["loss_reasons"].insert(
        {
            "id": new_id(),
            "debrief_id": planned,
            "category": "price_value",
            "quote": "CANARY-QUOTE",
            "internal": 1,
        }
    )
    reply = followups_of(store, planned)[0]
    mark_done(store, reply.id, "CANARY-OUTCOME", TODAY)
    data = calendar_bytes(
        calendar_entries(store, all_followups(store)), FollowupSettings(), now=NOW
    )
    text = "\n".join(strict_lines(data))
    assert "CANARY" not in text
    assert "Acme Freight" in text  # the file is not simply empty


def test_who_an_entry_is_with_comes_from_the_customer_view(store: Store, planned: str) -> None:
    """The customer's name and the person's contact card are the view's (trimmed, the
    customer's own details); a follow-up for someone other than the debrief's contact gets
    that person's card by the same rule."""
    db = store.db
    account_id, contact_id = db.execute(
        "SELECT account_id, contact_id FROM debriefs WHERE id = ?", [planned]
    ).fetchone()
    db["accounts"].update(account_id, {"name": "  Acme Freight  "})
    db["contacts"].update(contact_id, {"notes": "CANARY-CONTACT-NOTE", "role": "influencer"})
    other = add_person(
        store,
        account_id,
        PersonEdit(
            name="Petr Dvořák",
            title="Head of Fleet",
            phone="+420 555 0199",
            role=PersonRole.DECISION_MAKER,
        ),
    )
    db["contacts"].update(other.id, {"notes": "CANARY-OTHER-NOTE"})
    reply, ask, *_ = followups_of(store, planned)
    db["followups"].update(ask.id, {"contact_id": other.id})
    entries = {e.followup.id: e for e in calendar_entries(store, all_followups(store))}
    assert entries[reply.id].account_name == "Acme Freight"
    assert entries[reply.id].contact is not None
    assert entries[reply.id].contact.phone == "+420 555 0101"
    assert entries[ask.id].contact is not None and entries[ask.id].contact.name == "Petr Dvořák"
    events = _events(calendar_bytes(list(entries.values()), FollowupSettings(), now=NOW))
    moved = events[followup_uid(ask.id)]
    assert moved.summary.value.startswith("Call Petr Dvořák (Acme Freight): ")
    assert "Phone: +420 555 0199" in moved.description.value
    text = "\n".join(e.summary.value + e.description.value for e in events.values())
    assert "CANARY" not in text and "Decision maker" not in text and "influencer" not in text


def test_writing_the_file_whole_through_a_link(tmp_path: Path, store: Store, planned: str) -> None:
    data = calendar_bytes(
        calendar_entries(store, all_followups(store)), FollowupSettings(), now=NOW
    )
    real = tmp_path / "real.ics"
    real.write_bytes(b"old")
    real.chmod(0o600)
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    write_calendar(link, data)
    assert link.is_symlink() and real.read_bytes() == data
    assert real.stat().st_mode & 0o777 == 0o600
    with pytest.raises(DebriefError):
        write_calendar(tmp_path / "missing" / "x.ics", data)
    with pytest.raises(DebriefError):
        write_calendar(tmp_path, data)
