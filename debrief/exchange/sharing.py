"""What a customer-shareable export leaves out.

One rule for every shareable format (JSON, CSV, XLSX): internal text never leaves. Rows marked
internal (reasons, criteria, captured items), questions that are sensitive or whose note is
internal, an internal notepad, the rep's notes on the account and its people, follow-up plans
and unsent drafts are dropped — not blanked — so nothing hints at what was there.
"""

from __future__ import annotations

from typing import Any

Record = dict[str, Any]

_ACCOUNT_INTERNAL = ("notes", "buying_notes", "budget")
_CONTACT_INTERNAL = ("notes",)


def shareable_account(account: Record) -> Record:
    return {k: v for k, v in account.items() if k not in _ACCOUNT_INTERNAL}


def shareable_contact(contact: Record) -> Record:
    return {k: v for k, v in contact.items() if k not in _CONTACT_INTERNAL}


def shareable_debrief(debrief: Record) -> Record:
    """A copy of one exported debrief with everything internal taken out."""
    out = dict(debrief)
    if out.get("notepad_internal", 1):
        out.pop("notepad", None)
    out["questions"] = [
        q for q in debrief.get("questions", []) if not (q["sensitive"] or q["note_internal"])
    ]
    for key in ("criteria", "reasons", "captured_items"):
        out[key] = [row for row in debrief.get(key, []) if not row["internal"]]
    for key in ("letter_drafts", "followups"):
        out.pop(key, None)
    return out
