from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debrief.debriefs.lifecycle import create_debrief
from debrief.model import NewDebrief
from debrief.search import browse
from debrief.search.browse import Filters, Sort, SortKey
from debrief.search.index import reindex_debrief
from debrief.search.query import (
    HIT_END,
    HIT_START,
    build_match,
    fold,
    make_snippet,
    snippet_html,
)
from debrief.store.database import Store

# Each of these is FTS5 syntax (or breaks it) when passed through raw.
HOSTILE = [
    "",
    " ",
    "granny's",
    "c++",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b, 2)",
    "(apple",
    "apple)",
    "-x",
    "a:b",
    "title:harbour",
    "*",
    "**",
    "harb*",
    '"',
    '""',
    '"unbalanced',
    "'",
    "\\",
    "a AND OR NOT b",
    "^start",
    "{a b}",
    "[x]",
    "%_",
    "a;DROP TABLE debriefs;--",
    "<b>bold</b>",
    "&amp;",
    "Łódź",
    "Wiśniewska",
    "共同精密",
    "佐藤",
    "Ελληνικά",
    "Русский",
    "עברית",
    "العربية",
    "emoji 🎉 only",
    "🎉",
    "nul\x00byte",
    "\x00",
    "\u0301",
    "\ue000hit\ue001",
    "tab\tand\nnewline",
    "a" * 2000,
    " ".join(["word"] * 300),
]


@pytest.fixture
def filled(store: Store) -> Store:
    create_debrief(
        store,
        NewDebrief(
            account_name="Harbourline Logistics",
            contact_name="Zofia Wiśniewska",
            opportunity="Fleet telematics renewal",
            competitor="Corvane Systems",
            rep_name="Jamie Ortega",
        ),
    )
    create_debrief(
        store,
        NewDebrief(
            account_name="Kyōdō Seimitsu 共同精密",
            contact_name="Haruka Sato 佐藤 遥",
            opportunity="Field service app c++ tools",
            competitor="Stratum One",
        ),
    )
    with store.atomic() as db:
        other = create_debrief(
            store,
            NewDebrief(
                account_name="Brightmoor Dental",
                contact_name="Owen Prichard",
                opportunity="Booking platform",
                competitor="Ludlow",
            ),
        )
        db["debriefs"].update(
            other.id, {"notepad": "They said Harbourline was a reference <img src=x> & more"}
        )
        reindex_debrief(db, other.id)
    return store


def titles(store: Store, text: str) -> list[str]:
    rows = browse.page(store, Filters(text=text), Sort(SortKey.RELEVANCE), 0, 50)
    return [r.account_name for r in rows]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_raises(filled: Store, text: str) -> None:
    match = build_match(text)
    assert match is None or match.endswith("*")
    n = browse.count(filled, Filters(text=text))
    rows = browse.page(filled, Filters(text=text), Sort(SortKey.RELEVANCE), 0, 10)
    assert len(rows) == min(n, 10)
    for key in SortKey:
        browse.page(filled, Filters(text=text), Sort(key, descending=False), 0, 5)
    assert browse.position_of(filled, Filters(text=text), Sort(), "nope") == -1


@pytest.fixture(scope="module")
def memory_store() -> Store:
    return Store.memory()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_valid_query(memory_store: Store, text: str) -> None:
    with memory_store.atomic() as db:
        db.execute("INSERT INTO debrief_search (debrief_search) VALUES ('delete-all')")
        db.execute("DELETE FROM search_docs")
        db.execute("INSERT INTO search_docs (rowid, debrief_id, title) VALUES (1, 'x', ?)", [text])
        db.execute(
            "INSERT INTO debrief_search (rowid, debrief_id, title, people, body)"
            " VALUES (1, 'x', ?, '', '')",
            [fold(text)],
        )
    assert build_match(text) is None or browse.count(memory_store, Filters(text=text)) >= 0
    html = snippet_html(text)
    assert "<" not in html.replace("<b>", "").replace("</b>", "")


def test_empty_input_means_no_search(filled: Store) -> None:
    assert build_match("   ") is None
    assert build_match('" * -') is None
    assert not Filters(text=" * ").is_searching()
    assert browse.count(filled, Filters(text=" * ")) == 3


def test_the_word_being_typed_matches_as_a_prefix(filled: Store) -> None:
    assert titles(filled, "Harbourl") == ["Harbourline Logistics", "Brightmoor Dental"]
    assert titles(filled, "fleet tele") == ["Harbourline Logistics"]
    # Only the last word is a prefix: a finished word must match whole.
    assert titles(filled, "flee telematics") == []


def test_punctuation_and_other_scripts_find_what_they_should(filled: Store) -> None:
    assert titles(filled, "c++ tools") == ["Kyōdō Seimitsu 共同精密"]
    assert titles(filled, "共同精密") == ["Kyōdō Seimitsu 共同精密"]
    assert titles(filled, "佐藤") == ["Kyōdō Seimitsu 共同精密"]
    # Diacritics are folded both ways.
    assert titles(filled, "wisniewska") == ["Harbourline Logistics"]
    assert titles(filled, "kyodo") == ["Kyōdō Seimitsu 共同精密"]
    assert titles(filled, '"corvane"') == ["Harbourline Logistics"]


def test_a_title_hit_ranks_above_a_body_hit(filled: Store) -> None:
    ranked = titles(filled, "harbourline")
    assert ranked[0] == "Harbourline Logistics"
    assert ranked[1] == "Brightmoor Dental"


def test_snippets_escape_the_text_and_mark_only_the_hits(filled: Store) -> None:
    (row,) = browse.page(filled, Filters(text="reference"), Sort(SortKey.RELEVANCE), 0, 5)
    html = snippet_html(row.snippet)
    assert "<b>reference</b>" in html
    assert "&lt;img src=x&gt;" in html and "&amp;" in html
    assert html.count("<b>") == html.count("</b>") == 1
    assert "<img" not in html


def test_search_combines_with_filters(filled: Store) -> None:
    assert browse.count(filled, Filters(text="harbourline")) == 2
    assert browse.count(filled, Filters(text="harbourline", competitor="ludlow")) == 1
    assert browse.count(filled, Filters(text="harbourline", rep="jamie ortega")) == 1


def _marked(snippet: str) -> list[str]:
    return re.findall(f"{HIT_START}(.*?){HIT_END}", snippet)


def test_snippet_marks_whole_words_ignoring_case_and_accents() -> None:
    text = "Met the board. ŻABKA wants faster pilots; Żabka's team liked zabkaland too."
    snippet = make_snippet("zab", text)
    assert _marked(snippet) == ["ŻABKA", "Żabka", "zabkaland"]
    assert snippet.replace(HIT_START, "").replace(HIT_END, "") == text


def test_snippet_gives_context_around_the_first_hit_of_a_long_note() -> None:
    note = "filler " * 5_000 + "the migration risk worried them " + "filler " * 5_000
    snippet = make_snippet("migration risk", note)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert _marked(snippet) == ["migration", "risk"]
    assert len(snippet) < 200


def test_snippet_of_a_document_with_thousands_of_hits() -> None:
    # FTS5's snippet() needed 30 s for this; every hit in the excerpt is still marked.
    snippet = make_snippet("porcupin", "porcupine " * 50_000)
    assert set(_marked(snippet)) == {"porcupine"} and len(_marked(snippet)) > 5


def test_snippet_falls_back_to_the_next_text_and_ignores_typed_markers() -> None:
    assert _marked(make_snippet("globex", "", "no hit here", "Globex won")) == ["Globex"]
    assert make_snippet("x", f"{HIT_START}x{HIT_END} y").count(HIT_START) == 1
    assert make_snippet("", "anything") == make_snippet("((", "anything") == ""
