"""Names and titles: control characters trimmed, lengths bounded with a message that says so."""

from __future__ import annotations

import pytest

from debrief.debriefs.accounts import insert_contact
from debrief.debriefs.editing import (
    AccountEdit,
    DebriefEdit,
    update_account_details,
    update_debrief,
)
from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.errors import ValidationError
from debrief.letters.drafting import LetterKind, latest_text, produce_letter_pdf
from debrief.letters.sender_profile import SenderProfile
from debrief.model import NewDebrief
from debrief.resources import resource_path
from debrief.store.database import Store
from debrief.text_limits import clean_line
from tests.letter_data import add_meeting


def test_control_characters_become_one_clean_line() -> None:
    assert clean_line("  Acme\tLtd\r\n\x00(UK)\x1b[31m \u202eevil ") == "Acme Ltd (UK) [31m evil"
    assert clean_line("Łódź — Müller") == "Łódź — Müller"


def test_pasted_names_are_stored_clean(store: Store) -> None:
    created = create_debrief(
        store,
        NewDebrief(
            account_name="Acme\nLtd\x07",
            contact_name="\tAna  Müller\x00",
            contact_title="COO\r\n",
            opportunity="Fleet\x0brenewal",
            competitor="Glo\x1bbex",
        ),
    )
    d = get_debrief(store, created.id)
    assert (d.account_name, d.contact_name, d.contact_title) == ("Acme Ltd", "Ana Müller", "COO")
    assert (d.opportunity, d.competitor) == ("Fleet renewal", "Glo bex")


def test_a_10000_character_name_is_refused_with_the_limit(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        create_debrief(
            store,
            NewDebrief(
                account_name="A" * 10_000,
                contact_name="Jo",
                opportunity="x" * 300,
                competitor="Globex",
            ),
        )
    assert "10,000 characters" in caught.value.fields["account"]
    assert "under 200" in caught.value.fields["account"]
    assert "opportunity" in caught.value.fields
    assert store.db["debriefs"].count == 0
    with pytest.raises(ValidationError, match="too long"):
        insert_contact(store, "acc", "B" * 500)


def test_edits_are_bounded_too(store: Store) -> None:
    created = create_debrief(
        store, NewDebrief(account_name="Acme", contact_name="Jo", opportunity="F", competitor="G")
    )
    edit = DebriefEdit.of(get_debrief(store, created.id))
    edit.opportunity = "y" * 201
    with pytest.raises(ValidationError, match="too long"):
        update_debrief(store, created.id, edit)
    account = AccountEdit("Z" * 201, "", "", "", "", "", "")
    with pytest.raises(ValidationError, match="too long"):
        update_account_details(store, created.account_id, account)


def test_an_old_10000_character_name_still_gives_a_pdf(store: Store) -> None:
    """Data from before the limit: Save PDF works, the line is cut with an ellipsis."""
    debrief_id = add_meeting(store)
    account_id = store.db["debriefs"].get(debrief_id)["account_id"]
    with store.atomic() as db:
        db["accounts"].update(account_id, {"name": "A" * 10_000})
    profile = SenderProfile(name="Sam Seller", company="Northwind")
    draft = latest_text(store, debrief_id, LetterKind.SUMMARY, profile, resource_path("letters"))
    _letter, pdf = produce_letter_pdf(store, debrief_id, draft, profile, resource_path("fonts"))
    assert pdf.startswith(b"%PDF")
