"""Turning whatever a rep types into a safe FTS5 query, and snippets safe to show as rich text.

Raw input such as `granny's`, `c++`, `AND`, `(apple`, `-x`, `a:b` or `*` is FTS5 syntax and
raises. Every word is therefore quoted (a phrase) and only the last one gets a `*`, so the
word being typed matches as a prefix.
"""

from __future__ import annotations

import html
import unicodedata

# Private-use characters mark the hit inside a snippet; the text is escaped first and only then
# are the markers turned into tags, so nothing the user wrote can become markup.
HIT_START = "\ue000"
HIT_END = "\ue001"
SNIPPET_TOKENS = 10

# Title (account, deal, competitor) outranks people, which outrank the body text.
# The first column (debrief_id) is UNINDEXED and gets no weight.
# Passed as `rank MATCH ?` so FTS5 sorts by it itself and stops at the page's LIMIT.
RANK = "bm25(0.0, 10.0, 4.0, 1.0)"
SNIPPET = f"snippet(debrief_search, -1, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS})"


def _words(text: str) -> list[str]:
    """Whitespace-separated words that contain at least one letter or digit.

    Control characters (a NUL ends the query string inside SQLite) count as spaces.
    """
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return [w for w in cleaned.split() if any(ch.isalnum() for ch in w)]


def build_match(text: str) -> str | None:
    """An FTS5 MATCH expression for `text`, or None when there is nothing to search for."""
    words = _words(text.replace(HIT_START, " ").replace(HIT_END, " "))
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def snippet_html(raw: str | None) -> str:
    """The snippet as Qt rich text: escaped, with the hits in bold."""
    escaped = html.escape(raw or "", quote=False).replace("\n", " ")
    return escaped.replace(HIT_START, "<b>").replace(HIT_END, "</b>")
