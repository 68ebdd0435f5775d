"""The spreadsheet view of an export: stable columns, one row per debrief (and per reason,
request and follow-up), with values a spreadsheet can't mistake for formulas.

Column names are part of the documented format (README "Export and import"): add new columns
at the end, never rename or reorder, so a CRM import mapping keeps working.
"""

from __future__ import annotations

from typing import Any

from debrief.exchange.snapshot import Record, Snapshot
from debrief.followups.model import Channel, FollowupKind, FollowupState
from debrief.model import LossReason, Outcome, Status

DEBRIEF_HEADERS = (
    "debrief_id",
    "account",
    "contact",
    "deal",
    "value",
    "currency",
    "date_lost",
    "outcome",
    "competitor",
    "primary_reason",
    "secondary_reasons",
    "status",
    "rep",
    "meeting_date",
    "renewal_date",
    "next_follow_up",
)
REASON_HEADERS = (
    "debrief_id",
    "account",
    "deal",
    "reason",
    "primary",
    "confidence",
    "quote",
    "internal",
)
REQUEST_HEADERS = ("debrief_id", "account", "deal", "request", "internal")
FOLLOWUP_HEADERS = (
    "debrief_id",
    "account",
    "deal",
    "followup_id",
    "kind",
    "channel",
    "due",
    "purpose",
    "contact",
    "state",
    "done_on",
    "outcome_note",
)

# Characters that make a spreadsheet treat a cell as a formula (or a DDE command), first in
# the cell. Tab and carriage return are included because some programs strip them first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Text a spreadsheet will show as text: a leading formula character gets a `'` in front."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _label(enum: type[Any], value: str | None) -> str:
    if value in enum._value2member_map_:
        return str(enum(value).label)
    return value or ""


def money(value_minor: int | None) -> str:
    """Minor units as a plain decimal ("84000.00"), the same in every locale."""
    if value_minor is None:
        return ""
    sign = "-" if value_minor < 0 else ""
    whole, cents = divmod(abs(value_minor), 100)
    return f"{sign}{whole}.{cents:02d}"


class Lookups:
    """Names of customers and people by id, to fill the readable columns."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.accounts = {a["id"]: a for a in snapshot.accounts}
        self.contacts = {c["id"]: c for c in snapshot.contacts}

    def account(self, debrief: Record) -> str:
        found = self.accounts.get(debrief["account_id"])
        return str(found["name"]) if found else ""

    def contact(self, debrief: Record) -> str:
        return self.person(debrief.get("contact_id"))

    def person(self, contact_id: str | None) -> str:
        found = self.contacts.get(contact_id or "")
        return str(found["name"]) if found else ""


def deal(debrief: Record) -> str:
    """The "deal" column: the rep's own label in a full export; a shareable export has none
    (it is internal) and shows the name the customer knows the deal by."""
    if "opportunity" in debrief:
        return str(debrief["opportunity"] or "")
    return str(debrief.get("deal_public_name") or "")


def next_follow_up(debrief: Record) -> str:
    """The earliest open follow-up if there are follow-ups, else the date promised at the close."""
    dates = sorted(
        str(f["due"])
        for f in debrief.get("followups", [])
        if f.get("state") == FollowupState.OPEN.value and f.get("due")
    )
    return dates[0] if dates else str(debrief.get("followup_date") or "")


def debrief_row(debrief: Record, names: Lookups) -> list[str]:
    reasons = debrief.get("reasons", [])
    primary = [r for r in reasons if r["is_primary"]]
    secondary = [r for r in reasons if not r["is_primary"]]
    return [
        debrief["id"],
        names.account(debrief),
        names.contact(debrief),
        deal(debrief),
        money(debrief.get("value_minor")),
        debrief.get("currency") or "",
        debrief.get("date_lost") or "",
        _label(Outcome, debrief.get("outcome")),
        debrief.get("competitor") or "",
        _label(LossReason, primary[0]["category"]) if primary else "",
        "; ".join(_label(LossReason, r["category"]) for r in secondary),
        _label(Status, debrief.get("status")),
        debrief.get("rep_name") or "",
        debrief.get("meeting_date") or "",
        debrief.get("renewal_date") or "",
        next_follow_up(debrief),
    ]


def reason_rows(debrief: Record, names: Lookups) -> list[list[str]]:
    return [
        [
            debrief["id"],
            names.account(debrief),
            deal(debrief),
            _label(LossReason, r["category"]),
            "yes" if r["is_primary"] else "no",
            r.get("confidence") or "",
            r.get("quote") or "",
            "yes" if r["internal"] else "no",
        ]
        for r in debrief.get("reasons", [])
    ]


def request_rows(debrief: Record, names: Lookups) -> list[list[str]]:
    return [
        [
            debrief["id"],
            names.account(debrief),
            deal(debrief),
            item.get("text") or "",
            "yes" if item["internal"] else "no",
        ]
        for item in debrief.get("captured_items", [])
        if item["kind"] == "product_request"
    ]


def followup_rows(debrief: Record, names: Lookups) -> list[list[str]]:
    """One row per follow-up, in the words the agenda shows (a full export only: the outcome
    note is internal)."""
    return [
        [
            debrief["id"],
            names.account(debrief),
            deal(debrief),
            f["id"],
            _label(FollowupKind, f.get("kind")),
            _label(Channel, f.get("channel")),
            f.get("due") or "",
            f.get("purpose") or "",
            names.person(f.get("contact_id")),
            _label(FollowupState, f.get("state")),
            f.get("done_on") or "",
            f.get("outcome_note") or "",
        ]
        for f in debrief.get("followups", [])
    ]
