"""The "Found in" excerpts: found quickly, yet the same excerpt and highlights as the plain
IGNORECASE hit pattern would give, and never stale after an edit (issue 14)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debrief.debriefs.lifecycle import create_debrief
from debrief.meeting.session import save_notepad
from debrief.model import NewDebrief
from debrief.samples import generate_archive
from debrief.search import browse, query
from debrief.search.browse import COUNT_CAP, Filters, Sort, SortKey
from debrief.search.query import (
    HIT_END,
    HIT_START,
    _excerpt,
    _first_hit_slowly,
    _hits_between_slowly,
    _loose,
    _lowered_class,
    make_snippet,
)
from debrief.store.database import Store


def slowly(text: str, *texts: str) -> str:
    """The excerpt as the IGNORECASE hit pattern finds it on the text as written."""
    for t in texts:
        if not t:
            continue
        t = t.replace(HIT_START, " ").replace(HIT_END, " ")
        found = _excerpt(text, t, _first_hit_slowly, _hits_between_slowly)
        if found is not None:
            return found
    return ""


def marked(snippet: str) -> list[str]:
    return re.findall(f"{HIT_START}(.*?){HIT_END}", snippet)


def test_every_character_matches_the_lower_case_class_as_ignorecase_would() -> None:
    # Every character of the Basic Multilingual Plane whose lower case is one character, against
    # the letters and digits a query is made of (after folding): the quick classes read lower-
    # cased text, so they must accept exactly what IGNORECASE accepts in the text as written.
    chars = "".join(
        chr(i) for i in range(0x10000) if not 0xD800 <= i <= 0xDFFF and len(chr(i).lower()) == 1
    )
    low = chars.lower()
    bases = "abcdefghijklmnopqrstuvwxyz0123456789αβγδεικμοσςπωабвгдеийклмнопрстухяßæœþŋ_共"
    for base in bases:
        slow = {m.start() for m in re.finditer(_loose(base), chars, re.IGNORECASE)}
        quick = {m.start() for m in re.finditer(_lowered_class(base), low)}
        assert quick == slow, base


TRICKY = (
    "lodzŁÓDŹłódźŁodzLODZmichałMICHAŁwiśniewskiĐorđeđdjBjørnøØTromsøİıIiſsSΣσςKkK"
    "ÅåÆæßẞ_'-. \n\t\u00a0共同精密"
)


@settings(max_examples=300, deadline=None)
@given(
    typed=st.text(alphabet="lodzmichaLDZMŁłóÓwisnrbjøİı _'-", min_size=1, max_size=12),
    texts=st.lists(st.text(alphabet=TRICKY, max_size=300), min_size=1, max_size=3),
    window=st.sampled_from([4, 16, 1024]),
)
def test_quick_excerpts_are_the_plain_pattern_s(typed: str, texts: list[str], window: int) -> None:
    # Small windows put hits across every window edge.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(query, "_FIRST_WINDOW", window)
        assert make_snippet(typed, *texts) == slowly(typed, *texts)


def test_folded_hits_are_marked_as_written_far_into_a_long_note() -> None:
    note = "filler words " * 3000 + "we met at the Łódź plant with Michał " + "more " * 100
    snippet = make_snippet("Lodz michal", note)
    assert marked(snippet) == ["Łódź", "Michał"]
    assert snippet == slowly("Lodz michal", note)
    # "İ" lower-cases to two characters; such a text takes the plain pattern, same result.
    dotted = "İstanbul office: " + note
    assert make_snippet("lodz", dotted) == slowly("lodz", dotted)
    assert marked(make_snippet("lodz", dotted)) == ["Łódź"]


@pytest.fixture
def noted(store: Store) -> tuple[Store, str]:
    made = create_debrief(
        store,
        NewDebrief(
            account_name="Kestrel Foods",
            contact_name="Ann Lee",
            opportunity="Pilot",
            competitor="Ludlow",
        ),
    )
    save_notepad(store, made.id, "They liked the porcupine dashboard but not the price.")
    return store, made.id


def test_an_edited_note_shows_its_new_excerpt_on_the_next_search(noted: tuple[Store, str]) -> None:
    store, debrief_id = noted
    assert marked(browse.snippet(store, "porcupine", debrief_id)) == ["porcupine"]
    assert "dashboard" in browse.snippet(store, "porcupine", debrief_id)
    save_notepad(store, debrief_id, "Next time: the porcupine report, sooner.")
    assert "report, sooner" in browse.snippet(store, "porcupine", debrief_id)
    save_notepad(store, debrief_id, "Nothing about that animal any more.")
    assert browse.snippet(store, "porcupine", debrief_id) == ""


def test_a_change_made_by_another_connection_shows_too(
    noted: tuple[Store, str], tmp_path: Path
) -> None:
    store, debrief_id = noted
    assert "dashboard" in browse.snippet(store, "porcupine", debrief_id)
    other = Store.open(tmp_path / "debrief.sqlite3")
    try:
        save_notepad(other, debrief_id, "The porcupine pilot ran late.")
    finally:
        other.close()
    assert "pilot ran late" in browse.snippet(store, "porcupine", debrief_id)
    rows = browse.page(store, Filters(text="porcupine"), Sort(SortKey.RELEVANCE), 0, 5)
    assert [r.id for r in rows] == [debrief_id] and "pilot ran late" in rows[0].snippet


def test_pages_over_the_cap_are_the_newest_matches_whichever_way_they_are_read(
    store: Store,
) -> None:
    generate_archive(store, COUNT_CAP + 200)
    plain = Filters(text="d")
    # Any other filter makes the list ask SQL for the page instead of the counted rowids.
    through_sql = Filters(text="d", date_to="2999-12-31")
    assert browse.count_shown(store, plain) == (COUNT_CAP, True)
    assert browse.count_shown(store, through_sql) == (COUNT_CAP, True)
    relevance = Sort(SortKey.RELEVANCE)
    for offset in (0, 50, 950):
        fast = browse.page(store, plain, relevance, offset, 50)
        slow = browse.page(store, through_sql, relevance, offset, 50)
        assert fast == slow and len(fast) == 50
    assert all(r.snippet for r in browse.page(store, plain, relevance, 0, 10))


def test_the_python_regex_module_still_has_what_the_classes_rely_on() -> None:
    # re._casefix lists the letters IGNORECASE matches beyond upper/lower case ("ı", "ſ").
    assert sys.version_info >= (3, 11)
    assert query._SAME_UPPER.get(ord("i")) == (ord("ı"),)
