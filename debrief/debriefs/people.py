"""A customer's people (the buying group) and who of them was in a debrief meeting.

Adding or correcting a person declares the account and every debrief that shows them (as the
senior contact or as an attendee) changed, so open pages and letters windows re-read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from debrief.changes import ChangeSet
from debrief.debriefs.accounts import get_account, get_contact
from debrief.debriefs.lifecycle import get_debrief
from debrief.errors import ValidationError
from debrief.letters.wording import default_salutation
from debrief.model import Contact, PersonRole, new_id, now_iso
from debrief.search.index import reindex_debrief
from debrief.store.database import Store
from debrief.text_limits import address_problem, clean_line, clean_lines

if TYPE_CHECKING:
    from debrief.store.tables import Database

MAX_NAME = 120
MAX_TITLE = 120
MAX_EMAIL = 254  # the longest address mail systems deliver
MAX_PHONE = 40
MAX_SALUTATION = 80


@dataclass
class PersonEdit:
    """A person's details as typed. `salutation` is what follows "Dear"; empty means the
    default made from the name (see `debrief.letters.wording.default_salutation`)."""

    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    role: PersonRole = PersonRole.UNKNOWN
    salutation: str = ""
    address: str = ""  # empty: letters use the account's address

    @classmethod
    def of(cls, c: Contact) -> PersonEdit:
        return cls(
            name=c.name,
            title=c.title,
            email=c.email,
            phone=c.phone,
            role=c.role,
            salutation=c.salutation,
            address=c.address,
        )


def suggested_salutation(name: str) -> str:
    """What the form shows before the rep chooses: 'Dr Żak' for 'Dr. Jolanta Żak'."""
    return default_salutation(clean_line(name))


def clean_salutation(text: str) -> str:
    """'Dear Jolanta,' → 'Jolanta': the form and the letter add 'Dear' and the comma."""
    chosen = clean_line(text)
    if chosen.lower().startswith("dear "):
        chosen = chosen[5:].strip()
    return chosen.rstrip(",").strip()


def _too_long(label: str, limit: int) -> str:
    return f"Keep the {label} under {limit} characters."


def check_person(edit: PersonEdit) -> dict[str, object]:
    """The cleaned row values, or ValidationError naming every field that can't be saved."""
    problems: dict[str, str] = {}
    name = clean_line(edit.name)
    title = clean_line(edit.title)
    email = clean_line(edit.email)
    phone = clean_line(edit.phone)
    salutation = clean_salutation(edit.salutation)
    address = clean_lines(edit.address)
    if not name:
        problems["name"] = "Give the person's name."
    elif len(name) > MAX_NAME:
        problems["name"] = _too_long("name", MAX_NAME)
    if len(title) > MAX_TITLE:
        problems["title"] = _too_long("title", MAX_TITLE)
    if email:
        local, at, domain = email.partition("@")
        if not at:
            problems["email"] = "That email address is missing an @."
        elif not local or not domain or "@" in domain or " " in email:
            problems["email"] = "That doesn't look like an email address: name@company.com."
        elif len(email) > MAX_EMAIL:
            problems["email"] = _too_long("email address", MAX_EMAIL)
    if len(phone) > MAX_PHONE:
        problems["phone"] = _too_long("phone number", MAX_PHONE)
    if len(salutation) > MAX_SALUTATION:
        problems["salutation"] = _too_long("greeting", MAX_SALUTATION)
    if address_problem(address):
        problems["address"] = address_problem(address)
    if problems:
        raise ValidationError(problems)
    if salutation == default_salutation(name):
        salutation = ""  # the default: it follows the name if the name is corrected later
    role = PersonRole(edit.role)
    return {
        "name": name,
        "title": title,
        "email": email,
        "phone": phone,
        "role": role.value,
        "is_decision_maker": int(role == PersonRole.DECISION_MAKER),
        "salutation": salutation,
        "address": address,
    }


def add_person(store: Store, account_id: str, edit: PersonEdit) -> Contact:
    """Add someone from the customer's side to the account."""
    values = check_person(edit)
    stamp = now_iso()
    contact_id = new_id()
    with store.atomic() as db:
        get_account(store, account_id)
        db["contacts"].insert(
            {
                "id": contact_id,
                "account_id": account_id,
                **values,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        store.note(ChangeSet.of(accounts=[account_id]))
    return get_contact(store, contact_id)


def debriefs_showing(db: Database, contact_id: str) -> list[str]:
    """Debriefs (live or in the trash) whose page or letters show this person."""
    return [
        r[0]
        for r in db.execute(
            "SELECT id FROM debriefs WHERE contact_id = ?"
            " UNION SELECT debrief_id FROM debrief_attendees WHERE contact_id = ?",
            [contact_id, contact_id],
        ).fetchall()
    ]


def update_person(store: Store, contact_id: str, edit: PersonEdit) -> Contact:
    """Correct a person's details (a mistyped email, a new title, how to greet them)."""
    values = check_person(edit)
    with store.atomic() as db:
        current = get_contact(store, contact_id)
        db["contacts"].update(contact_id, {**values, "updated_at": now_iso()})
        shown_on = debriefs_showing(db, contact_id)
        for debrief_id in shown_on:
            reindex_debrief(db, debrief_id)  # the contact's name and email are searchable
        store.note(ChangeSet.of(accounts=[current.account_id], debriefs=shown_on))
    return get_contact(store, contact_id)


def set_attendees(store: Store, debrief_id: str, contact_ids: Sequence[str]) -> None:
    """Record who from the customer's side was in the meeting (in the order given)."""
    chosen = list(dict.fromkeys(contact_ids))
    with store.atomic() as db:
        debrief = get_debrief(store, debrief_id)
        for contact_id in chosen:
            if get_contact(store, contact_id).account_id != debrief.account_id:
                raise ValidationError(
                    {"attendees": "Only people from this customer can be in its meeting."}
                )
        db.execute("DELETE FROM debrief_attendees WHERE debrief_id = ?", [debrief_id])
        db["debrief_attendees"].insert_all(
            {"debrief_id": debrief_id, "contact_id": c, "position": i} for i, c in enumerate(chosen)
        )
        db["debriefs"].update(debrief_id, {"updated_at": now_iso()})
        reindex_debrief(db, debrief_id)  # attendees are found by name
        store.note(ChangeSet.of(debriefs=[debrief_id]))


def attendee_ids(db: Database, debrief_id: str) -> list[str]:
    """The ids of the people recorded as in the meeting, in the order they were chosen."""
    return [
        r[0]
        for r in db.execute(
            "SELECT contact_id FROM debrief_attendees WHERE debrief_id = ?"
            " ORDER BY position, rowid",
            [debrief_id],
        ).fetchall()
    ]
