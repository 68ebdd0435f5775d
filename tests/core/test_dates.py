"""One date parser (debrief.dates) and every core entry point that takes a date uses it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debrief.dates import iso, normalise_date, parse_date, parse_optional_date
from debrief.debriefs.editing import (
    AccountEdit,
    DebriefEdit,
    update_account_details,
    update_debrief,
)
from debrief.debriefs.lifecycle import create_debrief, get_debrief
from debrief.debriefs.record import load_record
from debrief.errors import ValidationError
from debrief.meeting import session as m
from debrief.meeting.question_sets import load_set_file
from debrief.meeting.session import CloseOutcome
from debrief.model import NewDebrief
from debrief.search.browse import Filters, count
from debrief.store.database import Store
from tests.conftest import ROOT

TODAY = date(2026, 11, 22)


def new(store: Store, date_lost: str | None, name: str = "Acme") -> str:
    return create_debrief(
        store,
        NewDebrief(
            account_name=name,
            contact_name="Ana",
            opportunity="Scanners",
            competitor="Globex",
            date_lost=date_lost,
        ),
        today=TODAY,
    ).id


@pytest.mark.parametrize(
    "typed", ["2024-01-05", "2024-1-5", "2024/01/05", "2024.1.05", "20240105", "  2024-01-05 "]
)
def test_year_first_forms_are_one_date(typed: str) -> None:
    assert parse_date(typed) == date(2024, 1, 5)
    assert normalise_date(typed) == "2024-01-05"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("05/01/2024", "Enter the renewal date as YYYY-MM-DD (year first), e.g. 2027-01-31."),
        ("2024-W01-5", "Enter the renewal date as YYYY-MM-DD (year first)"),  # ISO week date
        ("next week", "Enter the renewal date as YYYY-MM-DD"),
        ("2024-01-05T10:00", "Enter the renewal date as YYYY-MM-DD"),
        ("202401051", "Enter the renewal date as YYYY-MM-DD"),
        ("2024-01/05", "Enter the renewal date as YYYY-MM-DD"),
        ("2024-02-30", "The renewal date 2024-02-30 isn't on the calendar"),
        ("20241301", "The renewal date 20241301 isn't on the calendar"),
        ("", "Enter the renewal date as YYYY-MM-DD."),
    ],
)
def test_anything_else_is_refused_in_plain_words(typed: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(typed, "renewal_date", "renewal date")
    assert list(caught.value.fields) == ["renewal_date"]
    assert caught.value.fields["renewal_date"].startswith(words)
    assert "Traceback" not in str(caught.value) and "fromisoformat" not in str(caught.value)


def test_empty_is_no_date_where_a_date_is_optional() -> None:
    assert parse_optional_date(None) is None
    assert parse_optional_date("   ") is None
    assert normalise_date("") is None and iso(None) is None


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_date_survives_both_stored_and_compact_forms(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%Y%m%d")) == day
    assert normalise_date(day.strftime("%Y%m%d")) == day.isoformat()


def test_new_debrief_stores_a_compact_date_as_iso_and_filters_find_it(store: Store) -> None:
    debrief_id = new(store, "20240105")
    assert get_debrief(store, debrief_id).date_lost == "2024-01-05"
    january = Filters(date_from="2024-01-01", date_to="2024-01-31")
    assert count(store, january) == 1
    assert count(store, Filters(date_from="20240106")) == 0  # a filter may be typed so too
    assert count(store, Filters(date_to="2024/01/05")) == 1


def test_new_debrief_refuses_day_first_and_future_dates_in_any_form(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        new(store, "05/01/2024")
    assert caught.value.fields == {
        "date_lost": "Enter the date the deal was lost as YYYY-MM-DD (year first), e.g. 2027-01-31."
    }
    with pytest.raises(ValidationError) as caught:
        new(store, "20261123")  # the day after TODAY
    assert caught.value.fields == {
        "date_lost": "The date the deal was lost can't be in the future."
    }


def test_no_date_lost_is_stored_as_null_so_the_list_falls_back_to_the_day_logged(
    store: Store,
) -> None:
    debrief_id = new(store, "")
    assert get_debrief(store, debrief_id).date_lost is None
    (lost_on,) = store.db.execute(
        "SELECT COALESCE(date_lost, substr(created_at, 1, 10)) FROM debriefs"
    ).fetchone()
    assert len(lost_on) == 10 and lost_on[4] == "-"


def test_editing_a_debrief_normalises_its_date(store: Store) -> None:
    debrief_id = new(store, "2024-01-05")
    edit = DebriefEdit.of(get_debrief(store, debrief_id))
    saved = update_debrief(store, debrief_id, replace(edit, date_lost="2024/1/6"), today=TODAY)
    assert saved.date_lost == "2024-01-06"
    with pytest.raises(ValidationError) as caught:
        update_debrief(store, debrief_id, replace(edit, date_lost="6.1.2024"), today=TODAY)
    assert set(caught.value.fields) == {"date_lost"}
    assert get_debrief(store, debrief_id).date_lost == "2024-01-06"


def test_account_contract_dates_go_through_the_parser(store: Store) -> None:
    account_id = get_debrief(store, new(store, None)).account_id
    edit = AccountEdit("Acme", "", "20250101", "2027-12-31", "", "", "")
    saved = update_account_details(store, account_id, edit)
    assert (saved.contract_start, saved.contract_end) == ("2025-01-01", "2027-12-31")
    with pytest.raises(ValidationError) as caught:
        update_account_details(store, account_id, replace(edit, contract_end="20241231"))
    assert caught.value.fields == {"contract_end": "The contract can't end before it starts."}
    with pytest.raises(ValidationError) as caught:
        update_account_details(
            store, account_id, replace(edit, contract_start="1/1/25", contract_end="2027-02-29")
        )
    assert caught.value.fields == {
        "contract_start": "Enter the contract start as YYYY-MM-DD (year first), e.g. 2027-01-31.",
        "contract_end": "The contract end 2027-02-29 isn't on the calendar: check the month and "
        "the day.",
    }


def test_meeting_close_dates_are_stored_as_iso(store: Store) -> None:
    debrief_id = new(store, None)
    m.start_meeting(
        store, debrief_id, load_set_file(ROOT / "resources/question_sets/default.json"), 45
    )
    m.save_close(store, debrief_id, CloseOutcome(renewal_date="20280331", followup_date=""))
    close = load_record(store, debrief_id).close
    assert (close.renewal_date, close.followup_date) == ("2028-03-31", "")
    with pytest.raises(ValidationError) as caught:
        m.save_close(store, debrief_id, CloseOutcome(followup_date="tomorrow"))
    assert set(caught.value.fields) == {"followup_date"}
    assert "follow-up date" in caught.value.fields["followup_date"]


def test_browse_filters_refuse_what_is_not_a_date(store: Store) -> None:
    new(store, "2024-01-05")
    with pytest.raises(ValidationError) as caught:
        count(store, Filters(date_from="January"))
    assert set(caught.value.fields) == {"date_from"}


def test_dates_stored_before_the_parser_are_rewritten_as_iso(tmp_path: Path) -> None:
    path = tmp_path / "debrief.sqlite3"
    store = Store.open(path)
    try:
        first, second = new(store, "2024-01-05"), new(store, "2024-02-01", "Beta")
        account_id = get_debrief(store, first).account_id
        # What the old validators let through, written as they wrote it.
        with store.atomic() as db:
            db["debriefs"].update(first, {"date_lost": "20240105", "renewal_date": "2024-W01-5"})
            db["debriefs"].update(second, {"date_lost": "", "followup_date": "soon"})
            db["accounts"].update(account_id, {"contract_start": "20230101"})
            db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm801_iso_dates'")
    finally:
        store.close()
    store = Store.open(path)
    try:
        got = {
            row[0]: row[1:]
            for row in store.db.execute(
                "SELECT id, date_lost, renewal_date, followup_date FROM debriefs"
            )
        }
        assert got[first] == ("2024-01-05", "2024-01-05", None)
        assert got[second] == (None, None, "soon")  # not a date: left for the rep to correct
        assert get_debrief(store, first).account_id == account_id
        (start,) = store.db.execute(
            "SELECT contract_start FROM accounts WHERE id = ?", [account_id]
        ).fetchone()
        assert start == "2023-01-01"
        assert count(store, Filters(date_from="2024-01-01", date_to="2024-01-31")) == 1
    finally:
        store.close()


@pytest.mark.parametrize(
    ("typed", "day_first", "stored"),
    [
        ("31/01/2027", True, "2027-01-31"),
        ("31.1.2027", True, "2027-01-31"),
        ("31. 1. 2027", True, "2027-01-31"),
        ("5/1/27", True, "2027-01-05"),
        ("01/31/2027", False, "2027-01-31"),
        ("1/5/27", False, "2027-01-05"),
        ("2027-01-31", True, "2027-01-31"),  # year first is always understood
        ("20270131", False, "2027-01-31"),
    ],
)
def test_the_desktops_short_date_order_is_accepted_when_the_ui_passes_it(
    typed: str, day_first: bool, stored: str
) -> None:
    assert normalise_date(typed, day_first=day_first) == stored


def test_a_short_date_is_refused_without_an_order_and_checked_against_the_calendar() -> None:
    with pytest.raises(ValidationError) as refused:
        normalise_date("31/01/2027", "renewal_date", "renewal date")
    assert "YYYY-MM-DD" in refused.value.fields["renewal_date"]
    with pytest.raises(ValidationError) as refused:
        normalise_date("01/31/2027", "d", "date", day_first=True)  # no month 31
    assert "isn't on the calendar" in refused.value.fields["d"]
    with pytest.raises(ValidationError) as refused:
        normalise_date("next week", "d", "date", day_first=True)
    assert refused.value.fields["d"] == (
        "Enter the date as day/month/year or YYYY-MM-DD, e.g. 31/01/2027."
    )
