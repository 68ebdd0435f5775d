"""Correcting the details of a logged debrief, with the same checks as logging it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from debrief.debriefs import get_debrief, validate
from debrief.model import Debrief, NewDebrief, Outcome, Status, ToldVia, now_iso
from debrief.money import format_amount
from debrief.search_index import reindex_debrief
from debrief.store import Store


@dataclass
class DebriefEdit:
    """The editable details, as typed (value as text, like the new-debrief form)."""

    opportunity: str
    products: str
    value: str
    currency: str
    date_lost: str | None
    told_via: ToldVia
    outcome: Outcome
    competitor: str
    rep_name: str
    status: Status

    @classmethod
    def of(cls, d: Debrief) -> DebriefEdit:
        """The debrief's current details, ready to be changed."""
        amount = format_amount(d.value_minor).replace(",", "")
        return cls(
            opportunity=d.opportunity,
            products=d.products,
            value=amount,
            currency=d.currency or "EUR",
            date_lost=d.date_lost,
            told_via=d.told_via,
            outcome=d.outcome,
            competitor=d.competitor,
            rep_name=d.rep_name,
            status=d.status,
        )


def update_debrief(
    store: Store, debrief_id: str, edit: DebriefEdit, today: date | None = None
) -> Debrief:
    """Save corrected details; raises ValidationError (nothing written) when they don't hold."""
    current = get_debrief(store, debrief_id)
    cleaned = validate(
        NewDebrief(
            account_id=current.account_id,
            contact_id=current.contact_id,
            contact_name=current.contact_name or current.account_name,
            opportunity=edit.opportunity,
            products=edit.products,
            value=edit.value,
            currency=edit.currency,
            date_lost=edit.date_lost,
            told_via=edit.told_via,
            outcome=edit.outcome,
            competitor=edit.competitor,
            rep_name=edit.rep_name,
        ),
        today,
    )
    outcome = Outcome(edit.outcome)
    with store.atomic() as db:
        get_debrief(store, debrief_id)
        db["debriefs"].update(
            debrief_id,
            {
                "opportunity": edit.opportunity.strip(),
                "products": edit.products.strip(),
                "value_minor": cleaned["value_minor"],
                "currency": cleaned["currency"],
                "date_lost": edit.date_lost,
                "told_via": ToldVia(edit.told_via).value,
                "outcome": outcome.value,
                "competitor": edit.competitor.strip() if outcome == Outcome.COMPETITOR else "",
                "rep_name": edit.rep_name.strip(),
                "status": Status(edit.status).value,
                "updated_at": now_iso(),
            },
        )
        reindex_debrief(db, debrief_id)
    return get_debrief(store, debrief_id)
