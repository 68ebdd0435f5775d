from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debrief.debriefs.accounts import insert_account, list_accounts, list_contacts
from debrief.debriefs.lifecycle import create_debrief, get_debrief, list_debriefs
from debrief.errors import NotFoundError, ValidationError
from debrief.model import NewDebrief, Outcome, Status
from debrief.money import format_amount, parse_amount
from debrief.store.database import Store


def test_logging_a_loss_creates_account_and_senior_contact(store: Store) -> None:
    d = create_debrief(
        store,
        NewDebrief(
            account_name="  Northwind Freight ",
            contact_name="Maria Kowalska",
            contact_title="COO",
            opportunity="Fleet renewal",
            competitor="Globex",
            value="48,000",
            currency="eur",
            date_lost="2026-11-02",
        ),
    )
    assert (d.account_name, d.contact_name, d.contact_title) == (
        "Northwind Freight",
        "Maria Kowalska",
        "COO",
    )
    assert (d.value_minor, d.currency, d.status) == (4_800_000, "EUR", Status.LOGGED)
    (person,) = list_contacts(store, d.account_id)
    assert person.is_decision_maker
    assert len(d.id) == 32 and d.id != d.account_id


def test_an_existing_account_is_reused_by_name(store: Store) -> None:
    acc = insert_account(store, "Northwind")
    d = create_debrief(
        store,
        NewDebrief(account_name="northwind", contact_name="A", opportunity="X", competitor="Y"),
    )
    assert d.account_id == acc.id
    assert len(list_accounts(store)) == 1


def test_every_problem_is_reported_at_once_by_field(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        create_debrief(
            store,
            NewDebrief(value="lots", date_lost="2030-01-01", contact_email="nope"),
            today=date(2026, 11, 22),
        )
    assert set(caught.value.fields) == {
        "account",
        "contact",
        "contact_email",
        "opportunity",
        "competitor",
        "value",
        "date_lost",
    }
    assert list_debriefs(store) == []


def test_no_competitor_needed_when_nobody_won(store: Store) -> None:
    d = create_debrief(
        store,
        NewDebrief(
            account_name="A", contact_name="B", opportunity="C", outcome=Outcome.NO_DECISION
        ),
    )
    assert d.outcome == Outcome.NO_DECISION and d.competitor == ""


def test_list_is_newest_loss_first(store: Store) -> None:
    for day in ("2026-01-05", "2026-03-01", "2025-12-31"):
        create_debrief(
            store,
            NewDebrief(
                account_name=day, contact_name="B", opportunity="C", competitor="D", date_lost=day
            ),
        )
    assert [d.date_lost for d in list_debriefs(store)] == ["2026-03-01", "2026-01-05", "2025-12-31"]


def test_a_missing_debrief_says_so(store: Store) -> None:
    with pytest.raises(NotFoundError):
        get_debrief(store, "nope")


@pytest.mark.parametrize(
    ("typed", "minor"),
    [
        ("12500", 1_250_000),
        ("12,500", 1_250_000),
        ("12 500,50", 1_250_050),
        ("12.500,5", 1_250_050),
        ("1,234,567.89", 123_456_789),
        ("0.99", 99),
        ("", None),
    ],
)
def test_amounts_as_people_type_them(typed: str, minor: int | None) -> None:
    assert parse_amount(typed) == minor


@pytest.mark.parametrize("typed", ["lots", "-5", "1e6", "€5", "12..5"])
def test_nonsense_amounts_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_amount(typed)


@given(st.integers(min_value=0, max_value=10**14))
def test_formatted_amounts_parse_back(minor: int) -> None:
    assert parse_amount(format_amount(minor)) == minor
