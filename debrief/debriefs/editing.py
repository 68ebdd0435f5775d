"""Correcting a logged debrief's details (same checks as logging it) and a customer's."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

from debrief.changes import ChangeSet
from debrief.dates import check_date, iso
from debrief.debriefs.accounts import update_account
from debrief.debriefs.lifecycle import get_debrief, validate
from debrief.errors import ValidationError
from debrief.model import Account, Debrief, NewDebrief, Outcome, Status, ToldVia, now_iso
from debrief.money import format_amount
from debrief.search.index import reindex_debrief
from debrief.store.database import Store
from debrief.text_limits import address_problem, clean_line, clean_lines, length_problems


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
    deal_public_name: str = ""  # the deal as the customer knows it, for letters

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
            deal_public_name=d.deal_public_name,
        )


def check_debrief_edit(edit: DebriefEdit, today: date | None = None) -> None:
    """The same checks as `update_debrief`, writing nothing (the customer and contact are not
    part of the edit)."""
    validate(
        NewDebrief(
            account_id="(unchanged)",
            contact_id="(unchanged)",
            **{k: v for k, v in asdict(edit).items() if k != "status"},
        ),
        today,
    )


def update_debrief(
    store: Store, debrief_id: str, edit: DebriefEdit, today: date | None = None
) -> Debrief:
    """Save corrected details; raises ValidationError (nothing written) when they don't hold."""
    edit = replace(
        edit,
        opportunity=clean_line(edit.opportunity),
        products=clean_line(edit.products),
        competitor=clean_line(edit.competitor),
        rep_name=clean_line(edit.rep_name),
    )
    current = get_debrief(store, debrief_id)
    cleaned = validate(
        NewDebrief(
            account_id=current.account_id,
            contact_id=current.contact_id,
            contact_name=current.contact_name or current.account_name,
            **{k: v for k, v in asdict(edit).items() if k != "status"},
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
                "date_lost": cleaned["date_lost"],
                "told_via": ToldVia(edit.told_via).value,
                "outcome": outcome.value,
                "competitor": edit.competitor.strip() if outcome == Outcome.COMPETITOR else "",
                "rep_name": edit.rep_name.strip(),
                "status": Status(edit.status).value,
                "deal_public_name": cleaned["deal_public_name"],
                "updated_at": now_iso(),
            },
        )
        reindex_debrief(db, debrief_id)
        store.note(ChangeSet.debrief(debrief_id))
    return get_debrief(store, debrief_id)


@dataclass
class AccountEdit:
    """A customer's details as typed; dates YYYY-MM-DD or empty."""

    name: str
    industry: str
    contract_start: str
    contract_end: str
    budget: str
    buying_notes: str
    notes: str
    address: str = ""  # postal address, for letters

    @classmethod
    def of(cls, a: Account) -> AccountEdit:
        return cls(
            name=a.name,
            industry=a.industry,
            contract_start=a.contract_start or "",
            contract_end=a.contract_end or "",
            budget=a.budget,
            buying_notes=a.buying_notes,
            notes=a.notes,
            address=a.address,
        )


def check_account(edit: AccountEdit) -> dict[str, str | None]:
    """The cleaned details, or ValidationError naming each field that can't be saved."""
    edit = replace(edit, name=clean_line(edit.name), industry=clean_line(edit.industry))
    problems: dict[str, str] = length_problems({"name": edit.name, "industry": edit.industry})
    if not edit.name.strip():
        problems["name"] = "The customer needs a name."
    start = check_date(edit.contract_start, "contract_start", "contract start", problems)
    end = check_date(edit.contract_end, "contract_end", "contract end", problems)
    address = clean_lines(edit.address)
    if address_problem(address):
        problems["address"] = address_problem(address)
    if start and end and end < start:
        problems["contract_end"] = "The contract can't end before it starts."
    if problems:
        raise ValidationError(problems)
    return {
        "name": edit.name.strip(),
        "industry": edit.industry.strip(),
        "contract_start": iso(start),
        "contract_end": iso(end),
        "budget": edit.budget.strip(),
        "buying_notes": edit.buying_notes.strip(),
        "notes": edit.notes.strip(),
        "address": address,
    }


def update_account_details(store: Store, account_id: str, edit: AccountEdit) -> Account:
    """Save a customer's details (contract dates checked); every debrief of it is reindexed."""
    return update_account(store, account_id, **check_account(edit))
