"""Turning whatever a rep types into a safe FTS5 query, and snippets safe to show as rich text.

Raw input such as `granny's`, `c++`, `AND`, `(apple`, `-x`, `a:b` or `*` is FTS5 syntax and
raises. Every word is therefore quoted (a phrase) and only the last one gets a `*`, so the
word being typed matches as a prefix.
"""

from __future__ import annotations

import html
import re
import unicodedata
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


@lru_cache(maxsize=32)  # one query, a page of rows
def _hit_pattern(query: str) -> re.Pattern[str] | None:
    """The query's tokens as FTS5's unicode61 tokenizer sees them; the last one as a prefix.

    It matches the text as written ("lodz" finds "Łódź"): folding a whole 20 kB document per
    row of a page of results cost more than the query itself."""
    tokens = [t for w in _words(query) for t in re.findall(r"\w+", fold(w))]
    if not tokens:
        return None
    alternatives = [_loose(t) + r"\b" for t in tokens[:-1]] + [_loose(tokens[-1])]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")\\w*", re.IGNORECASE)


@lru_cache(maxsize=32)
def _needles(query: str) -> tuple[bytes, ...] | None:
    """The query's tokens as ASCII bytes, when they all are (else None: no quick test)."""
    tokens = [t.lower() for w in _words(query) for t in re.findall(r"\w+", fold(w))]
    if not tokens or not all(t.isascii() for t in tokens):
        return None
    return tuple(t.encode() for t in tokens)


def _may_contain(text: str, needles: tuple[bytes, ...] | None) -> bool:
    """A quick test before the regex, which takes 2 ms to find nothing in a 30 kB note: the word
    as typed (three cases) is a plain substring search; only when that fails is the text folded
    to ASCII (0.6 ms) to look for "Łódź" when "lodz" was typed."""
    if needles is None:
        return True
    for needle in needles:
        word = needle.decode()
        if word in text or word.capitalize() in text or word.upper() in text:
            return True
    low = text.lower()
    for stroked, base in _STROKED.items():
        if stroked.islower() and stroked in low:
            low = low.replace(stroked, base)
    probe = unicodedata.normalize("NFKD", low).encode("ascii", "ignore")
    return any(needle in probe for needle in needles)


def make_snippet(query: str, *texts: str) -> str:
    """A short excerpt around the first hit in `texts` (checked in order), hits marked with
    HIT_START/HIT_END. Empty when nothing matches (a hit the tokenizer saw but we can't place)."""
    pattern = _hit_pattern(query)
    if pattern is None:
        return ""
    needles = _needles(query)
    for text in texts:
        if not text or not _may_contain(text, needles):
            continue
        # The hit markers must only ever come from here, never from what the rep typed.
        text = text.replace(HIT_START, " ").replace(HIT_END, " ")
        first = pattern.search(text)
        if first is None:
            continue
        start = max(0, first.start() - SNIPPET_BEFORE)
        if start:
            space = text.find(" ", start, first.start())
            start = space + 1 if space != -1 else start
        end = min(len(text), start + SNIPPET_LENGTH)
        if end < len(text):
            space = text.rfind(" ", first.end(), end)
            end = space if space != -1 else end
        pieces, at = [], start
        for hit in pattern.finditer(text, start, end):
            pieces += [text[at : hit.start()], HIT_START, text[hit.start() : hit.end()], HIT_END]
            at = hit.end()
        pieces.append(text[at:end])
        excerpt = " ".join("".join(pieces).split())
        return ("…" if start else "") + excerpt + ("…" if end < len(text) else "")
    return ""
