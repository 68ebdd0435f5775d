from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from debrief.debriefs.lifecycle import create_debrief
from debrief.model import LossReason, NewDebrief, Outcome, Status
from debrief.samples import generate_archive
from debrief.search import browse
from debrief.search.browse import Filters, Sort, SortKey
from debrief.store.database import Store


@pytest.fixture
def archive(store: Store) -> Store:
    generate_archive(store, 600, seed=11)
    return store


def all_rows(store: Store, filters: Filters, sort: Sort | None = None) -> list[browse.ListRow]:
    return browse.page(store, filters, sort or Sort(), 0, 100_000)


def test_pages_cover_the_list_once_in_order(archive: Store) -> None:
    whole = all_rows(archive, Filters())
    assert len(whole) == browse.count(archive, Filters()) == 600
    paged = [
        r for start in range(0, 600, 70) for r in browse.page(archive, Filters(), Sort(), start, 70)
    ]
    assert [r.id for r in paged] == [r.id for r in whole]
    dates = [r.lost_on for r in whole]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (SortKey.DATE_LOST, lambda r: r.lost_on),
        (SortKey.CUSTOMER, lambda r: r.account_name.lower()),
        (SortKey.DEAL, lambda r: r.opportunity.lower()),
        (SortKey.VALUE, lambda r: r.value_minor),
        (SortKey.STATUS, lambda r: r.status.value),
        (SortKey.REASON, lambda r: r.primary_reason.value),
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_sorting_happens_in_sql(archive: Store, key: SortKey, value, descending: bool) -> None:
    rows = all_rows(archive, Filters(), Sort(key, descending))
    values = [value(r) for r in rows]
    assert values == sorted(values, reverse=descending)


def test_filters_narrow_and_combine(archive: Store) -> None:
    whole = all_rows(archive, Filters())
    cases = {
        Filters(competitor="corvane systems"): lambda r: r.competitor == "Corvane Systems",
        Filters(reason=LossReason.PRICE_VALUE): lambda r: (
            r.primary_reason == LossReason.PRICE_VALUE
        ),
        Filters(outcome=Outcome.NO_DECISION): lambda r: r.outcome == Outcome.NO_DECISION,
        Filters(status=Status.CLOSED): lambda r: r.status == Status.CLOSED,
        Filters(rep="LEA NOVAK"): lambda r: r.rep_name == "Lea Novak",
        Filters(date_from="2024-01-01", date_to="2024-12-31"): lambda r: (
            "2024-01-01" <= r.lost_on <= "2024-12-31"
        ),
        Filters(competitor="Corvane Systems", rep="Lea Novak", status=Status.LOGGED): lambda r: (
            (r.competitor == "Corvane Systems" and r.rep_name == "Lea Novak")
            and r.status == Status.LOGGED
        ),
    }
    for filters, keep in cases.items():
        expected = [r.id for r in whole if keep(r)]
        assert 0 < len(expected) < len(whole), filters
        assert [r.id for r in all_rows(archive, filters)] == expected, filters
        assert browse.count(archive, filters) == len(expected)
        assert filters.is_narrowed()
    assert not Filters().is_narrowed()


def test_position_of_finds_a_row_where_the_page_has_it(archive: Store) -> None:
    sort = Sort(SortKey.CUSTOMER, descending=False)
    row = browse.page(archive, Filters(), sort, 333, 1)[0]
    assert browse.position_of(archive, Filters(), sort, row.id) == 333
    assert browse.position_of(archive, Filters(status=Status.CLOSED), sort, "missing") == -1


def test_rows_carry_what_the_table_shows(store: Store) -> None:
    created = create_debrief(
        store,
        NewDebrief(
            account_name="Altavale Hotels",
            contact_name="Lucía Ferrer",
            opportunity="Guest Wi-Fi",
            outcome=Outcome.NO_DECISION,
            value="21,500",
            currency="EUR",
            date_lost="2026-01-05",
            rep_name="Priya",
        ),
    )
    (row,) = all_rows(store, Filters())
    assert (row.id, row.account_name, row.contact_name, row.opportunity) == (
        created.id,
        "Altavale Hotels",
        "Lucía Ferrer",
        "Guest Wi-Fi",
    )
    assert (row.won_by, row.value_minor, row.lost_on, row.primary_reason) == (
        "No decision",
        2_150_000,
        "2026-01-05",
        None,
    )
    assert browse.list_reps(store) == ["Priya"]


def test_the_index_migration_upgrades_a_database_that_has_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    store = Store.open(path)
    generate_archive(store, 50)
    store.close()
    # Make it look like a file from before m301.
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm301_browse_indexes'")
    conn.execute("DROP INDEX idx_debriefs_live_lost_on")
    for name in ("loss_reasons_primary", "debriefs_competitor", "debriefs_rep_name"):
        conn.execute(f"DROP INDEX idx_{name}")
    conn.commit()
    conn.close()
    store = Store.open(path, backup_dir=tmp_path / "backups")
    names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {
        "idx_debriefs_live_lost_on",
        "idx_loss_reasons_primary",
        "idx_debriefs_competitor",
        "idx_debriefs_rep_name",
    } <= names
    assert browse.count(store, Filters()) == 50
    assert list((tmp_path / "backups").iterdir())
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM debriefs d WHERE d.deleted_at IS NULL ORDER BY"
        " COALESCE(d.date_lost, substr(d.created_at, 1, 10)) DESC LIMIT 10"
    ).fetchall()
    assert "idx_debriefs_live_lost_on" in str(plan)
    store.close()
