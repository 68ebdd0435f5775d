"""A generated archive for the insights tests: plausible bulk rows plus hand-made debriefs with
hostile, multilingual and very long text, several currencies and a people-notes canary."""

from __future__ import annotations

from debrief.model import new_id, now_iso
from debrief.samples import generate_archive
from debrief.store.database import Store

HOSTILE = '<b>Evil</b> & <img src="/etc/passwd"/> <font size=80>BIG</font> </para>'
MULTILINGUAL = "Łódź Żółć · 共同精密 · Ελληνικά · Кириллица"
LONG_NAME = "Very Long Competitor Name " * 12
PEOPLE_CANARY = "CANARYPEOPLE our project lead seemed stretched"
PEOPLE_REASON_CANARY = "CANARYSALES the account manager pushed too hard"


def add_debrief(
    store: Store,
    *,
    lost_on: str,
    outcome: str = "competitor",
    competitor: str = "",
    rep: str = "Jamie Ortega",
    value_minor: int | None = 1_000_000,
    currency: str = "EUR",
    account: str = "Acme",
    reasons: list[tuple[str, bool, str, bool]] = (),  # category, primary, quote, internal
    criteria: list[tuple[str, str, str]] = (),
    strengths: list[str] = (),
    requests: list[str] = (),
    notes: list[tuple[str, str, bool]] = (),  # phase, note, sensitive
    roles: list[str | None] = (),  # the notes' question roles, in order (None: no role stored)
    keep_in_touch: str = "unknown",
    renewal_date: str | None = None,
    is_sample: bool = False,
) -> str:
    stamp = now_iso()
    with store.atomic() as db:
        account_id, debrief_id = new_id(), new_id()
        db["accounts"].insert(
            {"id": account_id, "name": account, "created_at": stamp, "updated_at": stamp}
        )
        db["debriefs"].insert(
            {
                "id": debrief_id,
                "account_id": account_id,
                "opportunity": f"Deal for {account}",
                "value_minor": value_minor,
                "currency": currency,
                "date_lost": lost_on,
                "outcome": outcome,
                "competitor": competitor,
                "status": "meeting_held",
                "rep_name": rep,
                "is_sample": int(is_sample),
                "keep_in_touch": keep_in_touch,
                "renewal_date": renewal_date,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        for category, primary, quote, internal in reasons:
            db["loss_reasons"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief_id,
                    "category": category,
                    "is_primary": int(primary),
                    "quote": quote,
                    "internal": int(internal),
                }
            )
        for i, (c, then, now) in enumerate(criteria):
            db["criteria"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief_id,
                    "position": i,
                    "criterion": c,
                    "then_text": then,
                    "now_text": now,
                }
            )
        items = [("competitor_strength", t) for t in strengths] + [
            ("product_request", t) for t in requests
        ]
        for i, (kind, text) in enumerate(items):
            db["captured_items"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief_id,
                    "kind": kind,
                    "position": i,
                    "text": text,
                }
            )
        for i, (phase, note, sensitive) in enumerate(notes):
            db["debrief_questions"].insert(
                {
                    "id": new_id(),
                    "debrief_id": debrief_id,
                    "position": i,
                    "phase": phase,
                    "text": "A question",
                    "note": note,
                    "sensitive": int(sensitive),
                    "note_internal": int(sensitive),
                    "role": (roles[i] if i < len(roles) else None) or "",
                }
            )
    return debrief_id


def rich_archive(store: Store, bulk: int = 400) -> dict[str, str]:
    """Bulk generated debriefs plus the hand-made ones; returns the hand-made ids by name."""
    generate_archive(store, bulk, seed=11)
    ids = {}
    ids["hostile"] = add_debrief(
        store,
        lost_on="2026-02-10",
        competitor=HOSTILE,
        account=MULTILINGUAL,
        currency="USD",
        value_minor=2_500_000,
        reasons=[("price_value", True, f"Quote {HOSTILE} {MULTILINGUAL}", False)],
        strengths=[f"Strength {HOSTILE}", "Fuel cards"],
        requests=[f"Request {HOSTILE}", "Faster app"],
        criteria=[("Delivery certainty", "Not discussed", "Contractual dates")],
        notes=[("performance", PEOPLE_CANARY, True), ("competitor", "They answered fast", False)],
    )
    ids["long"] = add_debrief(
        store,
        lost_on="2026-02-12",
        competitor=LONG_NAME,
        currency="USD",
        value_minor=700_000,
        reasons=[("sales_experience", True, PEOPLE_REASON_CANARY, True)],
        requests=["faster app "],
        criteria=[("delivery certainty", "Assumed", "Penalty clauses")],
        keep_in_touch="yes",
        renewal_date="2027-01-15",
    )
    ids["no_decision"] = add_debrief(
        store,
        lost_on="2026-03-01",
        outcome="no_decision",
        currency="GBP",
        reasons=[("timing_budget", True, "Everything is frozen until spring.", False)],
    )
    ids["sample"] = add_debrief(store, lost_on="2026-03-02", competitor="Sample Co", is_sample=True)
    return ids
