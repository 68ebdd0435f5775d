"""Customer accounts and the people in them."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from debrief.changes import ChangeSet
from debrief.errors import NotFoundError, ValidationError
from debrief.model import Account, Contact, PersonRole, new_id, now_iso
from debrief.search.index import reindex_account
from debrief.store.database import Store
from debrief.text_limits import clean_line, length_problems

_ACCOUNT_FIELDS = [f.name for f in fields(Account)]
_CONTACT_FIELDS = [f.name for f in fields(Contact)]


def _account(row: dict[str, Any]) -> Account:
    values = {k: row[k] for k in _ACCOUNT_FIELDS}
    values["is_sample"] = bool(values["is_sample"])
    for key in ("industry", "budget", "buying_notes", "notes", "address"):
        values[key] = values[key] or ""
    return Account(**values)


def _contact(row: dict[str, Any]) -> Contact:
    values = {k: row[k] for k in _CONTACT_FIELDS}
    values["is_decision_maker"] = bool(values["is_decision_maker"])
    values["role"] = PersonRole.parse(values["role"], PersonRole.UNKNOWN)
    for key in ("title", "email", "phone", "salutation", "address"):
        values[key] = values[key] or ""
    return Contact(**values)


def insert_account(store: Store, name: str, is_sample: bool = False, **details: str) -> Account:
    """Add an account (inside the caller's transaction, or its own)."""
    name = clean_line(name)
    if not name:
        raise ValidationError({"account": "Give the customer's name."})
    if problems := length_problems({"account": name}):
        raise ValidationError(problems)
    stamp = now_iso()
    account_id = new_id()
    row = {
        "id": account_id,
        "name": name,
        "is_sample": int(is_sample),
        "created_at": stamp,
        "updated_at": stamp,
        **details,
    }
    with store.atomic() as db:
        db["accounts"].insert(row)
        store.note(ChangeSet.of(accounts=[account_id]))
    return get_account(store, account_id)


def update_account(store: Store, account_id: str, **changes: str | None) -> Account:
    allowed = set(_ACCOUNT_FIELDS) - {"id", "is_sample"}
    bad = set(changes) - allowed
    if bad:
        raise ValueError(f"unknown account fields: {sorted(bad)}")
    if "name" in changes:
        changes["name"] = clean_line(changes["name"] or "")
        if not changes["name"]:
            raise ValidationError({"name": "The customer needs a name."})
        if problems := length_problems({"name": changes["name"]}):
            raise ValidationError(problems)
    with store.atomic() as db:
        get_account(store, account_id)
        db["accounts"].update(account_id, {**changes, "updated_at": now_iso()})
        reindex_account(db, account_id)
        # The account's name shows on each of its debriefs (the list, their pages, letters).
        shown_on = [
            r[0] for r in db.execute("SELECT id FROM debriefs WHERE account_id = ?", [account_id])
        ]
        store.note(ChangeSet.of(accounts=[account_id], debriefs=shown_on))
    return get_account(store, account_id)


def get_account(store: Store, account_id: str) -> Account:
    rows = list(store.db["accounts"].rows_where("id = ?", [account_id]))
    if not rows:
        raise NotFoundError("That customer is no longer in the database.")
    return _account(rows[0])


def list_accounts(store: Store) -> list[Account]:
    return [_account(r) for r in store.db["accounts"].rows_where(order_by="name COLLATE NOCASE")]


def find_account_by_name(store: Store, name: str) -> Account | None:
    rows = list(store.db["accounts"].rows_where("name = ? COLLATE NOCASE", [name.strip()], limit=1))
    return _account(rows[0]) if rows else None


def insert_contact(
    store: Store,
    account_id: str,
    name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
    is_decision_maker: bool = False,
    role: PersonRole | None = None,
) -> Contact:
    name, title, email, phone = (clean_line(v) for v in (name, title, email, phone))
    if not name:
        raise ValidationError({"contact": "Give the person's name."})
    lengths = {"contact": name, "contact_title": title, "contact_email": email}
    if problems := length_problems({**lengths, "contact_phone": phone}):
        raise ValidationError(problems)
    if email.strip() and "@" not in email:
        raise ValidationError({"contact_email": "That email address is missing an @."})
    stamp = now_iso()
    contact_id = new_id()
    row = {
        "id": contact_id,
        "account_id": account_id,
        "name": name,
        "title": title.strip(),
        "email": email.strip(),
        "phone": phone.strip(),
        "is_decision_maker": int(is_decision_maker),
        "role": (role or (PersonRole.DECISION_MAKER if is_decision_maker else PersonRole.UNKNOWN)),
        "created_at": stamp,
        "updated_at": stamp,
    }
    with store.atomic() as db:
        db["contacts"].insert(row)
        store.note(ChangeSet.of(accounts=[account_id]))
    return get_contact(store, contact_id)


def contact_from_row(row: dict[str, Any]) -> Contact:
    """A `Contact` from a `contacts` row (for readers that join it themselves)."""
    return _contact(row)


def get_contact(store: Store, contact_id: str) -> Contact:
    rows = list(store.db["contacts"].rows_where("id = ?", [contact_id]))
    if not rows:
        raise NotFoundError("That contact is no longer in the database.")
    return _contact(rows[0])


def list_contacts(store: Store, account_id: str) -> list[Contact]:
    """The account's people, decision-makers first."""
    return [
        _contact(r)
        for r in store.db["contacts"].rows_where(
            "account_id = ?", [account_id], order_by="is_decision_maker DESC, name COLLATE NOCASE"
        )
    ]


def list_competitors(store: Store) -> list[str]:
    """Competitors named before, most frequent first, for pick lists."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT competitor, COUNT(*) AS n FROM debriefs WHERE competitor != '' "
            "AND deleted_at IS NULL GROUP BY competitor COLLATE NOCASE ORDER BY n DESC, competitor"
        ).fetchall()
    ]
