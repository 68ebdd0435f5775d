"""What a customer-shareable export keeps: only what the customer-facing view of each debrief
shows (`debrief.debriefs.customer_view`, the one place the internal rule lives).

The exported records keep their shape (ids, the same field names), so a shareable file follows
the same schema; everything the view leaves out is dropped, not blanked: internal notes,
criteria, reasons and captured items; notes on skipped questions; an internal note pad; the
competitor's name and what they chose instead does well; the rep's own label for the deal
(`opportunity`: the deal goes out only as `deal_public_name`, the name the customer knows, and
the spreadsheets' "deal" column shows that), value, status and the rep's own readings (a
reason's confidence, the questions' hints); the customer's and people's notes, budget,
addresses and roles; who was in the meeting; follow-up plans and unsent drafts. People are the
debriefs' contacts only, as the view shows them (name, title, email, phone: details they gave
us). Kept letters stay: they were written from the view and sent to the customer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from debrief.debriefs.customer_view import CustomerView

Record = dict[str, Any]

_ACCOUNT_FIELDS = ("id", "name")
_DEBRIEF_IDS = ("id", "account_id", "contact_id", "created_at", "updated_at")


def shareable_account(account: Record) -> Record:
    return {k: account[k] for k in _ACCOUNT_FIELDS if k in account}


def shareable_contacts(contacts: Iterable[Record], views: Iterable[CustomerView]) -> list[Record]:
    """The debriefs' contacts as their views show them; nobody else at the account."""
    cards = {v.contact.id: v.contact for v in views if v.contact is not None}
    return [
        {
            "id": c["id"],
            "account_id": c["account_id"],
            "name": cards[c["id"]].name,
            "title": cards[c["id"]].title,
            "email": cards[c["id"]].email,
            "phone": cards[c["id"]].phone,
        }
        for c in contacts
        if c["id"] in cards
    ]


def shareable_debrief(debrief: Record, view: CustomerView) -> Record:
    """The exported debrief cut down to what `view` (its customer-facing view) shows."""
    out: Record = {k: debrief[k] for k in _DEBRIEF_IDS}
    close = view.close
    out.update(
        deal_public_name=view.deal_name,
        products=view.products,
        outcome=view.outcome.value,
        rep_name=view.rep_name,
        date_lost=view.date_lost,
        meeting_date=view.meeting_date,
        meeting_minutes=view.meeting_minutes,
        summary=view.summary,
        keep_in_touch=close.keep_in_touch.value,
        keep_in_touch_when=close.keep_in_touch_when,
        consolation_order=close.consolation_order,
        renewal_date=close.renewal_date or None,
        promised_followup=close.promised_followup,
        followup_date=close.followup_date or None,
    )
    if view.notepad:
        out.update(notepad=view.notepad, notepad_internal=0)
    notes = {q.id: q.note for q in view.notes}
    out["questions"] = [
        {**q, "hint": "", "note": notes[q["id"]]} for q in debrief["questions"] if q["id"] in notes
    ]
    criteria = {c.id for c in view.criteria}
    out["criteria"] = [c for c in debrief["criteria"] if c["id"] in criteria]
    reasons = {r.id: r.quote for r in view.reasons}
    out["reasons"] = [
        {k: v for k, v in r.items() if k != "confidence"} | {"quote": reasons[r["id"]]}
        for r in debrief["reasons"]
        if r["id"] in reasons
    ]
    requests = set(view.product_requests)
    out["captured_items"] = [
        item
        for item in debrief["captured_items"]
        if item["kind"] == "product_request"
        and not item["internal"]
        and (item["text"] or "").strip() in requests
    ]
    out["letters"] = list(debrief["letters"])
    return out
