"""Turning whatever a rep types into a safe FTS5 query, and snippets safe to show as rich text.

Raw input such as `granny's`, `c++`, `AND`, `(apple`, `-x`, `a:b` or `*` is FTS5 syntax and
raises. Every word is therefore quoted (a phrase) and only the last one gets a `*`, so the
word being typed matches as a prefix.
"""

from __future__ import annotations

import html
import importlib
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

# Private-use characters mark the hit inside a snippet; the text is escaped first and only then
# are the markers turned into tags, so nothing the user wrote can become markup.
HIT_START = "\ue000"
HIT_END = "\ue001"
SNIPPET_BEFORE = 60  # characters of context shown before the first hit
SNIPPET_LENGTH = 160  # characters of the whole snippet, about a table cell's worth

# Title (account, deal, competitor) outranks people, which outrank the body text.
# The first column (debrief_id) is UNINDEXED and gets no weight.
# Passed as `rank MATCH ?` so FTS5 sorts by it itself and stops at the page's LIMIT.
RANK = "bm25(0.0, 10.0, 4.0, 1.0)"


def _words(text: str) -> list[str]:
    """Whitespace-separated words that contain at least one letter or digit.

    Control characters (a NUL ends the query string inside SQLite) count as spaces.
    """
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return [w for w in cleaned.split() if any(ch.isalnum() for ch in w)]


@lru_cache(maxsize=64)  # the list asks for every cell it paints while searching
def build_match(text: str) -> str | None:
    """An FTS5 MATCH expression for `text`, or None when there is nothing to search for."""
    words = _words(fold(text.replace(HIT_START, " ").replace(HIT_END, " ")))
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def snippet_html(raw: str | None) -> str:
    """The snippet as Qt rich text: escaped, with the hits in bold."""
    escaped = html.escape(raw or "", quote=False).replace("\n", " ")
    return escaped.replace(HIT_START, "<b>").replace(HIT_END, "</b>")


# -- snippets -----------------------------------------------------------------------------------
# FTS5's own snippet() is quadratic in the number of hits in a document: a 500 kB note that
# says "porcupine" 50,000 times took 30 s. This is linear: one translate and one regex pass.


@cache
def _fold_table() -> dict[int, int]:
    """Each accented letter to its base letter, one character for one, so positions survive."""
    table: dict[int, int] = {}
    for code in range(0x80, 0x2000):  # Latin, Greek, Cyrillic and their extensions
        base = unicodedata.normalize("NFKD", chr(code))
        base = "".join(ch for ch in base if not unicodedata.combining(ch))
        if len(base) == 1 and base != chr(code):
            table[code] = ord(base)
    # Letters with a stroke or bar have no decomposition, so neither NFKD nor FTS5's
    # remove_diacritics folds them: a rep typing "Lodz" or "Michal" means "Łódź", "Michał".
    table.update({ord(k): ord(v) for k, v in _STROKED.items()})
    return table


_STROKED = {
    "ł": "l",
    "Ł": "L",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ħ": "h",
    "Ħ": "H",
    "ı": "i",
    "ŧ": "t",
    "Ŧ": "T",
    "ƀ": "b",
    "ƚ": "l",
    "ɨ": "i",
    "ʉ": "u",
}


def fold(text: str) -> str:
    """`text` with accented and stroked letters as their base letter, one character for one.

    The search index holds folded text and every query is folded the same way, so the match
    does not depend on which of these letters the rep's keyboard makes easy."""
    if text.isascii():  # nothing to fold; and the table isn't built at start for an empty search
        return text
    return text.translate(_fold_table())


@cache
def _variants() -> dict[str, str]:
    """Each base letter (lower case) to every letter that folds to it, in both cases."""
    out: dict[str, set[str]] = {}
    for code, base in _fold_table().items():
        ch = chr(code)
        out.setdefault(chr(base).lower(), {chr(base).lower(), chr(base).upper()}).update(
            {ch, ch.lower(), ch.upper()}
        )
    return {base: "".join(sorted(chars)) for base, chars in out.items()}


def _loose(token: str) -> str:
    """A regex for `token` that matches it written with any accents or strokes."""
    variants = _variants()
    parts = []
    for ch in token.lower():
        chars = variants.get(ch)
        parts.append("[" + re.escape(chars) + "]" if chars else re.escape(ch))
    return "".join(parts)


@lru_cache(maxsize=32)
def query_tokens(query: str) -> tuple[str, ...]:
    """The query's tokens as FTS5's unicode61 tokenizer sees them (folded); the last is the
    word being typed. Two texts with the same tokens have the same hits and excerpts."""
    return tuple(t for w in _words(query) for t in re.findall(r"\w+", fold(w)))


@lru_cache(maxsize=32)  # one query, a page of rows
def _hit_pattern(query: str) -> re.Pattern[str] | None:
    """The query's tokens as FTS5's unicode61 tokenizer sees them; the last one as a prefix.

    It matches the text as written ("lodz" finds "Łódź"): folding a whole 20 kB document per
    row of a page of results cost more than the query itself."""
    tokens = query_tokens(query)
    if not tokens:
        return None
    alternatives = [_loose(t) + r"\b" for t in tokens[:-1]] + [_loose(tokens[-1])]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")\\w*", re.IGNORECASE)


# What re.IGNORECASE adds to a lower-case letter besides its upper case ("ı" for "i", "ſ" for
# "s", "ς" for "σ" …): the quick pattern below must match everything the hit pattern does.
try:
    _SAME_UPPER: dict[int, tuple[int, ...]] = getattr(
        importlib.import_module("re._casefix"), "_EXTRA_CASES", {}
    )
except ImportError:  # pragma: no cover - every CPython from 3.11 on has it
    _SAME_UPPER = {}


def _lowered_class(ch: str) -> str:
    """A regex class of what `_loose` accepts for `ch` (case-insensitively), in lower case."""
    members = set(_variants().get(ch, ch)) | {ch}
    lowered: set[str] = set()
    for member in members:
        low = member.lower()
        low = low if len(low) == 1 else member
        lowered.add(low)
        lowered.update(chr(k) for k in _SAME_UPPER.get(ord(low), ()))
    return "[" + re.escape("".join(sorted(lowered))) + "]"


@lru_cache(maxsize=32)
def _lowered_patterns(query: str) -> tuple[re.Pattern[str], re.Pattern[str], int] | None:
    """The hit pattern for text already in lower case, without IGNORECASE: (a quick one that
    finds where a hit may start, one that tests a word start and the token there) and the
    longest token. IGNORECASE made the hit pattern slow both to compile (a few milliseconds a
    keystroke) and to scan a 30 kB note; a character matches these classes exactly when
    IGNORECASE would match it to the hit pattern's (a test checks every character)."""
    tokens = query_tokens(query)
    if not tokens:
        return None
    alternatives = ["".join(_lowered_class(ch) for ch in t.lower()) for t in tokens]
    body = "|".join([a + r"\b" for a in alternatives[:-1]] + alternatives[-1:])
    longest = max(len(t.lower()) for t in tokens)
    # The quick one has no word-start test in front: a pattern that starts with a class lets
    # `re` skip ahead to that class's letters.
    return re.compile(body), re.compile(r"(?<!\w)(?:" + body + ")"), longest


_FIRST_WINDOW = 1024  # characters lower-cased at a time; most hits are in the first few
_WORD_REST = re.compile(r"\w*")


def _word_end(text: str, at: int) -> int:
    """Where the word going on at `at` ends (the hit pattern's trailing \\w*)."""
    rest = _WORD_REST.match(text, at)
    return rest.end() if rest is not None else at


class _Unfit(Exception):
    """Lower case changed the text's length ("İ"): positions would not carry over."""


def _first_hit(query: str, text: str) -> tuple[int, int] | None:
    """Where the first hit in `text` starts and ends (the whole word), like
    `_hit_pattern(query).search(text)`: candidates are looked for in the text lower-cased a
    window at a time, so a hit near the start never lowers the whole note."""
    patterns = _lowered_patterns(query)
    if patterns is None:
        return None
    quick, head, reach = patterns
    start, size = 0, _FIRST_WINDOW
    while start < len(text):
        end = min(len(text), start + size)
        before = max(0, start - 1)  # one character back, for the word-start test
        window = text[before : end + reach + 1]
        low = window.lower()
        if len(low) != len(window):
            raise _Unfit
        at = start - before
        while (found := quick.search(low, at)) is not None and found.start() + before < end:
            hit = head.match(low, found.start())
            if hit is not None:
                return before + hit.start(), _word_end(text, before + hit.end())
            at = found.start() + 1
        start, size = end, size * 4
    return None


def _hits_between(query: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Every hit inside text[start:end], like `_hit_pattern(query).finditer(text, start, end)`."""
    patterns = _lowered_patterns(query)
    if patterns is None:
        return []
    before = max(0, start - 1)
    piece = text[before:end]
    low = piece.lower()
    if len(low) != len(piece):
        raise _Unfit
    _, head, _ = patterns
    found = []
    at = start - before
    while (hit := head.search(low, at)) is not None:
        rest = _word_end(low, hit.end())
        found.append((before + hit.start(), before + rest))
        at = max(rest, hit.start() + 1)
    return found


def _first_hit_slowly(query: str, text: str) -> tuple[int, int] | None:
    pattern = _hit_pattern(query)
    hit = pattern.search(text) if pattern is not None else None
    return (hit.start(), hit.end()) if hit is not None else None


def _hits_between_slowly(query: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
    pattern = _hit_pattern(query)
    return [h.span() for h in pattern.finditer(text, start, end)] if pattern is not None else []


def make_snippet(query: str, *texts: str) -> str:
    """A short excerpt around the first hit in `texts` (checked in order), hits marked with
    HIT_START/HIT_END. Empty when nothing matches (a hit the tokenizer saw but we can't place)."""
    if not query_tokens(query):
        return ""
    for text in texts:
        if not text:
            continue
        # The hit markers must only ever come from here, never from what the rep typed.
        if HIT_START in text or HIT_END in text:
            text = text.replace(HIT_START, " ").replace(HIT_END, " ")
        try:
            excerpt = _excerpt(query, text, _first_hit, _hits_between)
        except _Unfit:
            excerpt = _excerpt(query, text, _first_hit_slowly, _hits_between_slowly)
        if excerpt is not None:
            return excerpt
    return ""


def _excerpt(
    query: str,
    text: str,
    first_hit: Callable[[str, str], tuple[int, int] | None],
    hits_between: Callable[[str, str, int, int], list[tuple[int, int]]],
) -> str | None:
    first = first_hit(query, text)
    if first is None:
        return None
    first_start, first_end = first
    start = max(0, first_start - SNIPPET_BEFORE)
    if start:
        space = text.find(" ", start, first_start)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        space = text.rfind(" ", first_end, end)
        end = space if space != -1 else end
    pieces, at = [], start
    for hit_start, hit_end in hits_between(query, text, start, end):
        pieces += [text[at:hit_start], HIT_START, text[hit_start:hit_end], HIT_END]
        at = hit_end
    pieces.append(text[at:end])
    excerpt = " ".join("".join(pieces).split())
    return ("…" if start else "") + excerpt + ("…" if end < len(text) else "")
