from __future__ import annotations

from datetime import date

from debrief.debriefs.history import account_history
from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.model import NewDebrief
from debrief.samples import SAMPLES, generate_archive, has_samples, load_samples, remove_samples
from debrief.search import browse
from debrief.search.browse import Filters
from debrief.store.database import Store


def test_samples_load_once_marked_and_searchable(store: Store) -> None:
    assert not has_samples(store)
    assert load_samples(store, today=date(2026, 11, 22)) == len(SAMPLES) >= 5
    assert load_samples(store) == 0
    rows = browse.page(store, Filters(), browse.Sort(), 0, 50)
    assert len(rows) == len(SAMPLES) and all(r.is_sample for r in rows)
    assert store.db.execute("SELECT MIN(is_sample) FROM accounts").fetchone()[0] == 1
    assert browse.count(store, Filters(text="fuel cards")) == 1
    assert browse.count(store, Filters(text="wisniewska")) == 1
    assert rows[0].lost_on <= "2026-11-22"


def test_removing_samples_is_one_step_and_spares_real_data(store: Store) -> None:
    real = create_debrief(
        store,
        NewDebrief(account_name="Real Co", contact_name="Ana", opportunity="X", competitor="Y"),
    )
    load_samples(store)
    assert remove_samples(store) == len(SAMPLES)
    assert not has_samples(store)
    assert [r.id for r in browse.page(store, Filters(), browse.Sort(), 0, 50)] == [real.id]
    for table in ("accounts", "contacts"):
        assert store.db[table].count == 1, table
    for table in ("debrief_questions", "criteria", "loss_reasons", "captured_items", "letters"):
        assert store.db[table].count == 0, table
    assert store.db.execute("SELECT COUNT(*) FROM debrief_search").fetchone()[0] == 1
    assert load_samples(store) == len(SAMPLES)


def test_a_sample_reads_back_in_full(store: Store) -> None:
    load_samples(store)
    (row,) = browse.page(store, Filters(text="harbourline"), browse.Sort(), 0, 5)
    d = load_record(store, row.id)
    assert d.primary_reason is not None and d.primary_reason.quote
    notes = [q for q in d.questions if q.note]
    assert any(q.note_internal for q in notes) and any(not q.note_internal for q in notes)
    assert d.criteria and d.items and d.letters and d.summary and d.has_meeting
    assert d.contact is not None and d.contact.name == "Miriam Achterberg"
    history = account_history(store, row.account_id)
    assert [x.id for x in history.debriefs] == [row.id]
    assert [x.kind for x in history.letters] == ["summary"]
    assert history.opportunity_of(history.letters[0]) == "Fleet telematics renewal"


def test_the_generator_fills_rows_and_search_documents(store: Store) -> None:
    generate_archive(store, 1500)
    assert browse.count(store, Filters()) == 1500
    assert store.db.execute("SELECT COUNT(*) FROM debrief_search").fetchone()[0] == 1500
    assert store.db["loss_reasons"].count == 1500
    assert not has_samples(store)
    assert browse.count(store, Filters(text="corvane")) > 0


def test_sample_meetings_open_in_meeting_mode(store: Store) -> None:
    from debrief.meeting.question_sets import PHASES

    load_samples(store, today=date(2026, 11, 22))
    opened = 0
    for row in browse.page(store, Filters(), browse.Sort(), offset=0, limit=50):
        meeting = load_record(store, row.id)
        assert {q.phase for q in meeting.questions} <= set(PHASES), row.account_name
        opened += bool(meeting.questions)
    assert opened >= 3
