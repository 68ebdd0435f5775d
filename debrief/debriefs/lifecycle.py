"""Logging a lost deal and reading debriefs back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from debrief.changes import ChangeSet
from debrief.dates import check_date, iso
from debrief.debriefs.accounts import find_account_by_name, insert_account, insert_contact
from debrief.errors import NotFoundError, ValidationError
from debrief.model import Debrief, NewDebrief, Outcome, Status, ToldVia, new_id, now_iso
from debrief.money import parse_amount
from debrief.search.index import reindex_debrief
from debrief.store.database import Store
from debrief.text_limits import clean_line, length_problems

MAX_DEAL_NAME = 120

_SELECT = """
SELECT d.*, a.name AS account_name, COALESCE(c.name, '') AS contact_name,
       COALESCE(c.title, '') AS contact_title
FROM debriefs d
JOIN accounts a ON a.id = d.account_id
LEFT JOIN contacts c ON c.id = d.contact_id
"""


def _debrief(row: dict[str, Any]) -> Debrief:
    return Debrief(
        id=row["id"],
        account_id=row["account_id"],
        account_name=row["account_name"],
        contact_id=row["contact_id"],
        contact_name=row["contact_name"],
        contact_title=row["contact_title"],
        opportunity=row["opportunity"] or "",
        products=row["products"] or "",
        value_minor=row["value_minor"],
        currency=row["currency"] or "",
        date_lost=row["date_lost"],
        told_via=ToldVia.parse(row["told_via"], ToldVia.OTHER),
        outcome=Outcome.parse(row["outcome"], Outcome.UNKNOWN),
        competitor=row["competitor"] or "",
        status=Status.parse(row["status"], Status.LOGGED),
        rep_name=row["rep_name"] or "",
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        is_sample=bool(row["is_sample"]),
        deleted_at=row["deleted_at"],
        deal_public_name=row["deal_public_name"] or "",
    )


ONE_LINE_FIELDS = {
    "account_name": "account",
    "contact_name": "contact",
    "contact_title": "contact_title",
    "contact_email": "contact_email",
    "contact_phone": "contact_phone",
    "opportunity": "opportunity",
    "products": "products",
    "competitor": "competitor",
    "rep_name": "rep_name",
}


def clean_new_debrief(new: NewDebrief) -> NewDebrief:
    """Names and titles as one clean line each (see debrief.text_limits)."""
    return replace(
        new,
        account_name=clean_line(new.account_name),
        contact_name=clean_line(new.contact_name),
        contact_title=clean_line(new.contact_title),
        contact_email=clean_line(new.contact_email),
        contact_phone=clean_line(new.contact_phone),
        opportunity=clean_line(new.opportunity),
        products=clean_line(new.products),
        competitor=clean_line(new.competitor),
        rep_name=clean_line(new.rep_name),
    )


def validate(new: NewDebrief, today: date | None = None) -> dict[str, Any]:
    """Check what the rep typed; return the cleaned values or raise ValidationError."""
    new = clean_new_debrief(new)
    problems: dict[str, str] = length_problems(
        {key: getattr(new, name) for name, key in ONE_LINE_FIELDS.items()}
    )
    if not new.account_id and not new.account_name.strip():
        problems["account"] = "Which customer was it? Pick one or type a new name."
    if not new.contact_id and not new.contact_name.strip():
        problems["contact"] = "Who is the most senior person involved? Add their name."
    if new.contact_email.strip() and "@" not in new.contact_email:
        problems["contact_email"] = "That email address is missing an @."
    if not new.opportunity.strip():
        problems["opportunity"] = "Give the deal a short name, e.g. 'Fleet renewal 2027'."
    public_name = clean_line(new.deal_public_name)
    if len(public_name) > MAX_DEAL_NAME:
        problems["deal_public_name"] = (
            f"Keep the name for the customer under {MAX_DEAL_NAME} characters."
        )
    if new.outcome == Outcome.COMPETITOR and not new.competitor.strip():
        problems["competitor"] = "Who won? Name the competitor, or change the outcome."
    value_minor = None
    try:
        value_minor = parse_amount(new.value)
    except ValidationError as exc:
        problems.update(exc.fields)
    currency = new.currency.strip().upper()
    if new.value.strip() and not (len(currency) == 3 and currency.isalpha()):
        problems["currency"] = "Use a three-letter currency code such as EUR, USD or GBP."
    lost = check_date(new.date_lost, "date_lost", "date the deal was lost", problems)
    if lost is not None and lost > (today or date.today()):
        problems["date_lost"] = "The date the deal was lost can't be in the future."
    if problems:
        raise ValidationError(problems)
    return {
        "value_minor": value_minor,
        "currency": currency,
        "date_lost": iso(lost),
        "deal_public_name": public_name,
    }


def create_debrief(store: Store, new: NewDebrief, today: date | None = None) -> Debrief:
    """Log a lost deal, creating the account and contact on the fly when they are new."""
    new = clean_new_debrief(new)
    cleaned = validate(new, today)
    stamp = now_iso()
    with store.atomic() as db:
        account_id = new.account_id
        if not account_id:
            existing = find_account_by_name(store, new.account_name)
            account_id = (existing or insert_account(store, new.account_name)).id
        contact_id = new.contact_id
        if not contact_id:
            contact_id = insert_contact(
                store,
                account_id,
                new.contact_name,
                title=new.contact_title,
                email=new.contact_email,
                phone=new.contact_phone,
                is_decision_maker=True,
            ).id
        debrief_id = new_id()
        db["debriefs"].insert(
            {
                "id": debrief_id,
                "account_id": account_id,
                "contact_id": contact_id,
                "opportunity": new.opportunity.strip(),
                "products": new.products.strip(),
                "value_minor": cleaned["value_minor"],
                "currency": cleaned["currency"],
                "date_lost": cleaned["date_lost"],
                "told_via": ToldVia(new.told_via).value,
                "outcome": Outcome(new.outcome).value,
                "competitor": new.competitor.strip() if new.outcome == Outcome.COMPETITOR else "",
                "status": Status.LOGGED.value,
                "rep_name": new.rep_name.strip(),
                "deal_public_name": cleaned["deal_public_name"],
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        reindex_debrief(db, debrief_id)
        store.note(ChangeSet.of(added=[debrief_id]))
    return get_debrief(store, debrief_id)


def get_debrief(store: Store, debrief_id: str) -> Debrief:
    rows = list(store.db.query(_SELECT + " WHERE d.id = ?", [debrief_id]))
    if not rows:
        raise NotFoundError("That debrief is no longer in the database.")
    return _debrief(rows[0])


def list_debriefs(store: Store, limit: int | None = None) -> list[Debrief]:
    """Live debriefs, newest loss first."""
    sql = _SELECT + (
        " WHERE d.deleted_at IS NULL"
        " ORDER BY COALESCE(d.date_lost, substr(d.created_at, 1, 10)) DESC, d.created_at DESC"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_debrief(r) for r in store.db.query(sql)]


def list_debriefs_for_account(store: Store, account_id: str) -> list[Debrief]:
    """One customer's live debriefs, newest loss first."""
    sql = _SELECT + (
        " WHERE d.account_id = ? AND d.deleted_at IS NULL"
        " ORDER BY COALESCE(d.date_lost, substr(d.created_at, 1, 10)) DESC, d.created_at DESC"
    )
    return [_debrief(r) for r in store.db.query(sql, [account_id])]


def count_debriefs(store: Store) -> int:
    found: int = store.conn.execute(
        "SELECT COUNT(*) FROM debriefs WHERE deleted_at IS NULL"
    ).fetchone()[0]
    return found


def has_samples(store: Store) -> bool:
    """Whether the sample debriefs are loaded (here, not in debrief.samples, so the menus can
    ask at start-up without loading the sample data)."""
    return (
        store.conn.execute("SELECT 1 FROM debriefs WHERE is_sample = 1 LIMIT 1").fetchone()
        is not None
    )


def set_status(store: Store, debrief_id: str, status: Status) -> Debrief:
    with store.atomic() as db:
        get_debrief(store, debrief_id)
        db["debriefs"].update(debrief_id, {"status": Status(status).value, "updated_at": now_iso()})
        store.note(ChangeSet.debrief(debrief_id))
    return get_debrief(store, debrief_id)


def advance_status(store: Store, debrief_id: str, reached: Status) -> Debrief:
    """Move the workflow forward to `reached`; a debrief already further along stays put."""
    order = list(Status)
    with store.atomic() as db:
        current = get_debrief(store, debrief_id).status
        if order.index(reached) > order.index(current):
            db["debriefs"].update(debrief_id, {"status": reached.value, "updated_at": now_iso()})
            store.note(ChangeSet.debrief(debrief_id))
    return get_debrief(store, debrief_id)
