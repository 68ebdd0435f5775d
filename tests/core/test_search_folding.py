"""Search finds what the rep means and stays quick on one or two letters (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.trash import purge_debriefs, trash_debrief
from debrief.model import NewDebrief
from debrief.samples import generate_archive
from debrief.search import browse
from debrief.search.browse import COUNT_CAP, Filters, Sort, SortKey
from debrief.search.index import reindex_debrief
from debrief.search.query import HIT_END, HIT_START, fold, make_snippet
from debrief.store.database import Store
from debrief.store.migrations import migrations


@pytest.fixture
def polish(store: Store) -> Store:
    with store.atomic() as db:
        made = create_debrief(
            store,
            NewDebrief(
                account_name="Łódź Precision Castings",
                contact_name="Michał Wiśniewski",
                opportunity="Fleet telematics",
                competitor="Bjørn & Đurđević",
            ),
        )
        db["debriefs"].update(made.id, {"notepad": "Met Michał at the Łódź plant; Đorđe joined."})
        reindex_debrief(db, made.id)
    create_debrief(
        store,
        NewDebrief(
            account_name="Lodge Hotels",
            contact_name="Ann Lee",
            opportunity="Booking",
            competitor="Ludlow",
        ),
    )
    return store


def names(store: Store, text: str) -> list[str]:
    return [r.account_name for r in browse.page(store, Filters(text=text), Sort(), 0, 50)]


@pytest.mark.parametrize(
    "typed", ["Lodz", "lodz", "Łódź", "łodz", "LODŹ", "Michal", "michał", "Wisniewski", "Bjorn"]
)
def test_stroked_letters_fold_in_the_index_and_the_query(polish: Store, typed: str) -> None:
    assert names(polish, typed) == ["Łódź Precision Castings"]


def test_d_with_stroke_folds_too(polish: Store) -> None:
    assert names(polish, "Djordje") == []  # folding is one letter for one, not transliteration
    assert names(polish, "Dorde") == ["Łódź Precision Castings"]
    assert names(polish, "Durdevic") == ["Łódź Precision Castings"]


def test_the_snippet_marks_the_hit_as_written(polish: Store) -> None:
    rows = browse.page(polish, Filters(text="Michal"), Sort(SortKey.RELEVANCE), 0, 5)
    snippet = rows[0].snippet
    assert f"{HIT_START}Michał{HIT_END}" in snippet
    assert make_snippet("lodz", "the Łódź plant") == f"the {HIT_START}Łódź{HIT_END} plant"


def test_fold_keeps_every_position() -> None:
    text = "Łódź Øresund Đakovo ħ ı straße"
    assert len(fold(text)) == len(text)
    assert fold(text) == "Lodz Oresund Dakovo h i straße"


def test_a_trashed_or_purged_debrief_leaves_no_folded_words_behind(polish: Store) -> None:
    found = browse.page(polish, Filters(text="Lodz"), Sort(), 0, 5)[0]
    trash_debrief(polish, found.id)
    assert names(polish, "Lodz") == []
    with polish.atomic() as db:
        purge_debriefs(db, [found.id])
    # The index is consistent with its content table after the removal.
    polish.db.execute("INSERT INTO debrief_search (debrief_search) VALUES ('integrity-check')")
    assert names(polish, "Lodge") == ["Lodge Hotels"]


def test_a_search_matching_too_much_is_newest_first_and_counted_to_a_cap(store: Store) -> None:
    generate_archive(store, COUNT_CAP + 300)
    every = browse.count(store, Filters(text="d"))
    assert every > COUNT_CAP
    assert browse.count_shown(store, Filters(text="d")) == (COUNT_CAP, True)
    exact = browse.count(store, Filters(text="corvane"))
    assert browse.count_shown(store, Filters(text="corvane")) == (exact, False)
    rows = browse.page(store, Filters(text="d"), Sort(SortKey.RELEVANCE), 0, 50)
    order = [
        store.db.execute("SELECT rowid FROM debriefs WHERE id = ?", [r.id]).fetchone()[0]
        for r in rows
    ]
    assert order == sorted(order, reverse=True) and len(order) == 50
    top = browse.page(store, Filters(text="d"), Sort(SortKey.RELEVANCE), 0, 1)[0]
    assert browse.position_of(store, Filters(text="d"), Sort(SortKey.RELEVANCE), top.id) == 0


def test_upgrading_rebuilds_the_index_with_folded_text(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    migrations.apply(old, stop_before="m1401_search_folded_with_prefixes")
    stamp = "2026-10-01T09:00:00.000+00:00"
    old["accounts"].insert(
        {"id": "a", "name": "Łódź Castings", "created_at": stamp, "updated_at": stamp}
    )
    for debrief_id, deleted in (("d1", None), ("d2", stamp)):
        old["debriefs"].insert(
            {
                "id": debrief_id,
                "account_id": "a",
                "status": "logged",
                "outcome": "competitor",
                "notepad": "Michał liked the pilot",
                "created_at": stamp,
                "updated_at": stamp,
                "deleted_at": deleted,
            }
        )
    old.execute(
        "INSERT INTO debrief_search (debrief_id, title, people, body)"
        " VALUES ('d1', 'Łódź Castings', '', 'Michał liked the pilot')"
    )
    old.conn.commit()
    old.close()
    store = Store.open(path)
    try:
        assert [r.id for r in browse.page(store, Filters(text="michal lodz"), Sort(), 0, 5)] == [
            "d1"
        ]
    finally:
        store.close()


def test_the_remembered_count_follows_every_change(polish: Store) -> None:
    assert browse.count_shown(polish, Filters(text="lodz")) == (1, False)
    create_debrief(
        polish,
        NewDebrief(
            account_name="Łódź Dairy",
            contact_name="Ola Nowak",
            opportunity="Cold chain",
            competitor="Ludlow",
        ),
    )
    assert browse.count_shown(polish, Filters(text="lodz")) == (2, False)
    found = browse.page(polish, Filters(text="lodz"), Sort(SortKey.RELEVANCE), 0, 5)
    trash_debrief(polish, found[0].id)
    assert browse.count_shown(polish, Filters(text="lodz")) == (1, False)


def test_the_first_window_s_counts_read_indexes_not_every_debrief(store: Store) -> None:
    for sql in (
        "SELECT COUNT(*) FROM debriefs d WHERE d.deleted_at IS NOT NULL",
        "SELECT 1 FROM debriefs WHERE is_sample = 1 LIMIT 1",
        "SELECT COUNT(*) FROM debriefs d WHERE d.deleted_at IS NULL",
    ):
        plan = " ".join(r[3] for r in store.db.execute("EXPLAIN QUERY PLAN " + sql))
        assert "INDEX" in plan, (sql, plan)
