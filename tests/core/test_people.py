"""A customer's people: corrected details, greetings, addresses, roles and who came to the
meeting — through the core use cases, on a real database, read back through load_record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from debrief.changes import ChangeSet
from debrief.debriefs.accounts import get_contact, list_contacts
from debrief.debriefs.customer_view import customer_view
from debrief.debriefs.editing import (
    AccountEdit,
    DebriefEdit,
    update_account_details,
    update_debrief,
)
from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.debriefs.people import (
    PersonEdit,
    add_person,
    check_person,
    set_attendees,
    suggested_salutation,
    update_person,
)
from debrief.debriefs.record import load_record
from debrief.debriefs.trash import empty_trash, trash_debrief
from debrief.errors import ValidationError
from debrief.letters.wording import greeting
from debrief.model import NewDebrief, PersonRole
from debrief.samples import SAMPLES, load_samples, remove_samples
from debrief.search import browse
from debrief.search.browse import Filters
from debrief.store.database import Store, merged


def _new(
    store: Store,
    account: str = "Acme",
    contact: str = "Dr. Jolanta Żak",
    email: str = "jolanta.zsk@acme.example",  # mistyped
) -> str:
    return create_debrief(
        store,
        NewDebrief(
            account_name=account,
            contact_name=contact,
            contact_email=email,
            opportunity="Scanner roll-out 2027",
            competitor="Globex",
        ),
    ).id


def test_a_mistyped_email_is_corrected_and_every_debrief_showing_the_person_is_declared(
    store: Store,
) -> None:
    first = _new(store)
    d = get_debrief(store, first)
    assert d.contact_id is not None
    second = create_debrief(
        store,
        NewDebrief(
            account_id=d.account_id, contact_id=d.contact_id, opportunity="B", competitor="X"
        ),
    ).id
    other = _new(store, account="Other Co", contact="Ben", email="ben@other.example")
    colleague = add_person(store, d.account_id, PersonEdit(name="Piotr Nowak"))
    third = create_debrief(
        store,
        NewDebrief(
            account_id=d.account_id, contact_id=colleague.id, opportunity="C", competitor="Y"
        ),
    ).id
    set_attendees(store, third, [colleague.id, d.contact_id])  # in that meeting too

    with store.collect_changes() as noted:
        update_person(
            store,
            d.contact_id,
            PersonEdit(name="  Dr. Jolanta\tŻak\x07 ", email=" jolanta.zak@acme.example "),
        )
    changes = merged(noted)
    assert changes == ChangeSet.of(accounts=[d.account_id], debriefs=[first, second, third])
    assert other not in changes.debriefs
    fixed = get_contact(store, d.contact_id)
    assert (fixed.name, fixed.email) == ("Dr. Jolanta Żak", "jolanta.zak@acme.example")
    assert load_record(store, first).contact == fixed
    # search finds the person by the corrected address, not the old one
    assert browse.count(store, Filters(text="jolanta.zak")) == 3
    assert browse.count(store, Filters(text="zsk")) == 0


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (PersonEdit(name="  \x00\n "), "name"),
        (PersonEdit(name="Ana", email="ana.acme.example"), "email"),
        (PersonEdit(name="Ana", email="ana@"), "email"),
        (PersonEdit(name="Ana", email="a@b@c"), "email"),
        (PersonEdit(name="A" * 121), "name"),
        (PersonEdit(name="Ana", salutation="x" * 81), "salutation"),
        (PersonEdit(name="Ana", address="\n".join(["line"] * 9)), "address"),
    ],
)
def test_a_person_that_cant_be_saved_is_refused_with_its_field_and_nothing_written(
    store: Store, edit: PersonEdit, field: str
) -> None:
    account = get_debrief(store, _new(store)).account_id
    before = list_contacts(store, account)
    with store.collect_changes() as noted, pytest.raises(ValidationError) as refused:
        add_person(store, account, edit)
    assert field in refused.value.fields
    assert merged(noted) == ChangeSet()
    assert list_contacts(store, account) == before


def test_the_greeting_defaults_from_the_name_and_can_be_chosen(store: Store) -> None:
    account = get_debrief(store, _new(store)).account_id
    assert suggested_salutation("Dr. Jolanta Żak") == "Dr Żak"
    # the suggestion saved as it was shown keeps following the name
    kept = add_person(store, account, PersonEdit(name="Dr. Jolanta Żak", salutation="Dr Żak"))
    assert kept.salutation == ""
    renamed = update_person(
        store, kept.id, PersonEdit(name="Prof. Jolanta Żak", salutation="Dr Żak")
    )
    assert greeting(renamed.salutation, renamed.name) == "Dear Dr Żak,"
    chosen = update_person(
        store, kept.id, PersonEdit(name=renamed.name, salutation="Dear Jolanta,")
    )
    assert chosen.salutation == "Jolanta"
    assert greeting(chosen.salutation, chosen.name) == "Dear Jolanta,"


def test_letters_are_addressed_to_the_person_or_else_the_account(store: Store) -> None:
    debrief_id = _new(store)
    d = get_debrief(store, debrief_id)
    assert d.contact_id is not None
    update_account_details(
        store,
        d.account_id,
        AccountEdit("Acme", "", "", "", "", "", "", address=" 1 Quay Road \n\n Gdańsk\t80-001 "),
    )
    view = customer_view(load_record(store, debrief_id))
    assert view.address == "1 Quay Road\nGdańsk 80-001"
    update_person(store, d.contact_id, PersonEdit(name=d.contact_name, address="PO Box 7\nSopot"))
    assert customer_view(load_record(store, debrief_id)).address == "PO Box 7\nSopot"


def test_the_customer_facing_deal_name_is_kept_apart_from_the_internal_label(
    store: Store,
) -> None:
    debrief_id = create_debrief(
        store,
        NewDebrief(
            account_name="Acme",
            contact_name="Ana",
            opportunity="another supplier for Fleet telematics renewal",
            competitor="Globex",
            deal_public_name="  your vehicle\ttracking project ",
        ),
    ).id
    record = load_record(store, debrief_id)
    assert record.deal_public_name == "your vehicle tracking project"
    assert customer_view(record).deal_name == "your vehicle tracking project"
    edit = DebriefEdit.of(record.debrief)
    assert edit.deal_public_name == "your vehicle tracking project"
    edit.deal_public_name = ""
    update_debrief(store, debrief_id, edit)
    assert customer_view(load_record(store, debrief_id)).deal_name == ""
    edit.deal_public_name = "x" * 121
    with pytest.raises(ValidationError) as refused:
        update_debrief(store, debrief_id, edit)
    assert "deal_public_name" in refused.value.fields


def test_roles_and_attendees_are_read_through_the_record(store: Store) -> None:
    debrief_id = _new(store)
    d = get_debrief(store, debrief_id)
    assert get_contact(store, d.contact_id or "").role == PersonRole.DECISION_MAKER
    evaluator = add_person(
        store, d.account_id, PersonEdit(name="Piotr Nowak", role=PersonRole.EVALUATOR)
    )
    buyer = add_person(store, d.account_id, PersonEdit(name="Ewa Lis", role=PersonRole.PROCUREMENT))
    assert load_record(store, debrief_id).attendees == ()
    with store.collect_changes() as noted:
        set_attendees(store, debrief_id, [evaluator.id, d.contact_id or "", evaluator.id])
    assert merged(noted) == ChangeSet.of(debriefs=[debrief_id])
    attendees = load_record(store, debrief_id).attendees
    assert [c.name for c in attendees] == ["Piotr Nowak", "Dr. Jolanta Żak"]
    assert attendees[0].role == PersonRole.EVALUATOR
    promoted = update_person(
        store, buyer.id, PersonEdit(name="Ewa Lis", role=PersonRole.DECISION_MAKER)
    )
    assert promoted.is_decision_maker
    # someone from another customer can't be put in this meeting
    stranger = get_debrief(store, _new(store, account="Other", contact="Ben")).contact_id
    with pytest.raises(ValidationError):
        set_attendees(store, debrief_id, [stranger or ""])
    assert len(load_record(store, debrief_id).attendees) == 2
    set_attendees(store, debrief_id, [])
    assert load_record(store, debrief_id).attendees == ()


def test_emptying_the_trash_removes_the_attendance_too(store: Store) -> None:
    debrief_id = _new(store)
    d = get_debrief(store, debrief_id)
    set_attendees(store, debrief_id, [d.contact_id or ""])
    trash_debrief(store, debrief_id)
    empty_trash(store)
    count = store.db.execute("SELECT COUNT(*) FROM debrief_attendees").fetchone()[0]
    assert count == 0


def test_an_older_database_gets_roles_from_its_decision_makers(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    store = Store.open(path)
    debrief_id = _new(store)
    account = get_debrief(store, debrief_id).account_id
    add_person(store, account, PersonEdit(name="Piotr Nowak"))
    # back to how the file was before m903: no role column, no attendance table
    with store.atomic() as db:
        db.execute("DROP TABLE debrief_attendees")
        db.execute("ALTER TABLE contacts DROP COLUMN role")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm903_people_roles'")
    store.close()
    again = Store.open(path, backup_dir=tmp_path / "backups")
    roles = {c.name: c.role for c in list_contacts(again, account)}
    assert roles == {
        "Dr. Jolanta Żak": PersonRole.DECISION_MAKER,
        "Piotr Nowak": PersonRole.UNKNOWN,
    }
    with pytest.raises(sqlite3.IntegrityError), again.atomic() as db:  # only real people attend
        db["debrief_attendees"].insert({"debrief_id": debrief_id, "contact_id": "nobody"})
    again.close()


def test_samples_use_the_new_fields_and_are_removed_whole(store: Store) -> None:
    load_samples(store)
    contacts = {c["name"]: c for c in store.db["contacts"].rows}
    sato = contacts["Haruka Sato 佐藤 遥"]
    assert greeting(sato["salutation"], sato["name"]) == "Dear Ms Sato,"
    # as the kept sample letter greets her; the doctor keeps the default made from his title
    assert greeting(contacts["Miriam Achterberg"]["salutation"], "Miriam Achterberg") == (
        "Dear Miriam,"
    )
    assert greeting(contacts["Dr. Owen Prichard"]["salutation"], "Dr. Owen Prichard") == (
        "Dear Dr Prichard,"
    )
    roles = {c["role"] for c in contacts.values()}
    assert {"decision_maker", "evaluator", "procurement", "user", "sponsor"} <= roles
    ids = [r["id"] for r in store.db["debriefs"].rows]
    records = [load_record(store, i) for i in ids]
    assert all(r.account.address for r in records)
    assert all(r.deal_public_name for r in records)
    met = [r for r in records if r.attendees]
    assert len(met) >= 3 and all(r.has_meeting for r in met)
    assert len(SAMPLES) == len(records)
    remove_samples(store)
    assert store.db.execute("SELECT COUNT(*) FROM debrief_attendees").fetchone()[0] == 0
    assert store.db.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 0


def test_check_person_gives_the_row_with_the_role_and_decision_maker_flag_in_step() -> None:
    values = check_person(PersonEdit(name="Ana", role=PersonRole.SPONSOR, email="ana@x.example"))
    assert values["role"] == "sponsor" and values["is_decision_maker"] == 0
