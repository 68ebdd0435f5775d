"""Debriefs with meeting material, written straight into a real database file.

Meeting mode (another module) fills these tables; the letter tests only need rows in them, so
they insert what a finished meeting leaves behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from debrief.debriefs.lifecycle import create_debrief
from debrief.model import NewDebrief, new_id, now_iso
from debrief.store.database import Store


@dataclass
class Meeting:
    """Customer-facing material of a held meeting, with sensible defaults."""

    account: str = "Żywiec Logistics"
    contact: str = "Ana Müller"
    title: str = "Chief Operating Officer"
    email: str = "ana.muller@zywiec.example"
    opportunity: str = "Warehouse scanners 2027"
    competitor: str = "Globex"
    summary: str = (
        "You chose a supplier who could start the rollout in January, because your peak "
        "season begins in March."
    )
    criteria: list[tuple[str, str, str]] = field(
        default_factory=lambda: [("Speed of rollout", "a nice-to-have", "the deciding factor")]
    )
    reasons: list[tuple[str, str]] = field(
        default_factory=lambda: [("implementation_risk", "Twelve weeks was too long for us.")]
    )
    requests: list[str] = field(default_factory=lambda: ["A single named project lead"])
    keep_in_touch: str = "yes"
    keep_in_touch_when: str = "in the spring"
    renewal_date: str | None = "2029-01-31"
    consolation_order: str = ""
    promised_followup: str = ""
    followup_date: str | None = None


def add_meeting(store: Store, meeting: Meeting | None = None) -> str:
    """Log a loss and fill in what its meeting produced; returns the debrief id."""
    m = meeting or Meeting()
    debrief = create_debrief(
        store,
        NewDebrief(
            account_name=m.account,
            contact_name=m.contact,
            contact_title=m.title,
            contact_email=m.email,
            opportunity=m.opportunity,
            competitor=m.competitor,
            rep_name="Tom Reed",
        ),
    )
    with store.atomic() as db:
        db["debriefs"].update(
            debrief.id,
            {
                "status": "meeting_held",
                "summary": m.summary,
                "meeting_date": "2026-11-12",
                "keep_in_touch": m.keep_in_touch,
                "keep_in_touch_when": m.keep_in_touch_when,
                "renewal_date": m.renewal_date,
                "consolation_order": m.consolation_order,
                "promised_followup": m.promised_followup,
                "followup_date": m.followup_date,
            },
        )
        for i, (criterion, then, now) in enumerate(m.criteria):
            db["criteria"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief.id,
                    "position": i,
                    "criterion": criterion,
                    "then_text": then,
                    "now_text": now,
                }
            )
        for i, (category, quote) in enumerate(m.reasons):
            db["loss_reasons"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief.id,
                    "category": category,
                    "is_primary": int(i == 0),
                    "quote": quote,
                }
            )
        for i, text in enumerate(m.requests):
            db["captured_items"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief.id,
                    "kind": "product_request",
                    "position": i,
                    "text": text,
                }
            )
    return debrief.id


def plant_internal(store: Store, debrief_id: str, canary: str) -> list[str]:
    """Put a unique canary string in every internal field of a debrief; return the canaries."""
    planted: list[str] = []

    def mark(name: str) -> str:
        planted.append(f"{canary}-{name}")
        return planted[-1]

    with store.atomic() as db:
        d = db["debriefs"].get(debrief_id)
        db["debriefs"].update(
            debrief_id,
            {"notepad": mark("notepad"), "notepad_internal": 1, "competitor": mark("competitor")},
        )
        db["accounts"].update(
            d["account_id"],
            {
                "notes": mark("account-notes"),
                "buying_notes": mark("buying-notes"),
                "budget": mark("budget"),
            },
        )
        db["contacts"].update(d["contact_id"], {"notes": mark("contact-notes")})
        stamp = now_iso()
        # Every phase the read-back or a letter could draw on; about our people (sensitive) or not.
        for i, (phase, sensitive) in enumerate(
            [
                ("decision", 0),
                ("performance", 0),
                ("performance", 1),
                ("competitor", 0),
                ("future", 0),
                ("close", 1),
            ]
        ):
            db["debrief_questions"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief_id,
                    "position": 10 + i,
                    "phase": phase,
                    "text": "How did our people come across?" if sensitive else "Anything else?",
                    "state": "asked",
                    "sensitive": sensitive,
                    "note": mark(f"question-note-{phase}-{sensitive}"),
                    "note_internal": 1,
                    "updated_at": stamp,
                }
            )
        db["criteria"].insert(
            {
                "id": new_id(),
                "debrief_id": debrief_id,
                "position": 99,
                "criterion": mark("criterion"),
                "then_text": mark("criterion-then"),
                "now_text": mark("criterion-now"),
                "internal": 1,
            }
        )
        for category in ("sales_experience", "price_value"):
            db["loss_reasons"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief_id,
                    "category": category,
                    "quote": mark(f"reason-quote-{category}"),
                    "internal": 1,
                }
            )
        # What they chose instead does well is competitor intelligence: never in a letter,
        # whatever its flag says.
        for kind, internal in [
            ("competitor_strength", 0),
            ("competitor_strength", 1),
            ("product_request", 1),
        ]:
            db["captured_items"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief_id,
                    "kind": kind,
                    "position": 50,
                    "text": mark(f"{kind}-{internal}"),
                    "internal": internal,
                }
            )
    return planted
