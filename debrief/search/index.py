"""Keeps the full-text document of each debrief in step with everything that hangs off it.

Every use case that changes a debrief calls `reindex_debrief` inside its own transaction, so
search never sees half a change. Trashed debriefs have no document: deleted text is unsearchable.

Saves made at typing speed (meeting notes, several a second) only `mark_stale`: rebuilding the
document of a debrief with a 1 MB note takes tens of milliseconds, too long to do between
keystrokes. Searching calls `refresh_stale` first, so results are never out of date.

The text as written lives in `search_docs` (snippets are cut from it); the FTS5 index
`debrief_search` reads that table as its content but indexes the *folded* text (see
`query.fold`), so "Lodz" finds "Łódź". Because the index holds other words than the content
table, a document must only ever be removed through `remove_documents`, never with a plain
DELETE on `debrief_search` (FTS5 would re-tokenise the unfolded text and miss the folded words).
A document's rowid is its debrief's rowid, so "newest first" is FTS5's own `rowid DESC`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from debrief.search.query import fold

if TYPE_CHECKING:
    from debrief.store.tables import Database

Progress = Callable[[int, int], None]

_ADD_DOC = (
    "INSERT INTO search_docs (rowid, debrief_id, title, people, body)"
    " SELECT d.rowid, d.id, ?, ?, ? FROM debriefs d WHERE d.id = ?"
)
_ADD_INDEX = (
    "INSERT INTO debrief_search (rowid, debrief_id, title, people, body)"
    " SELECT rowid, debrief_id, ?, ?, ? FROM search_docs WHERE debrief_id = ?"
)


def _join(*parts: object) -> str:
    return "\n".join(str(p) for p in parts if p)


def add_documents(db: Database, docs: Iterable[tuple[str, str, str, str]]) -> None:
    """Index (debrief_id, title, people, body) documents of debriefs that have none yet."""
    rows = list(docs)
    db.conn.executemany(_ADD_DOC, [(t, p, b, i) for i, t, p, b in rows])
    db.conn.executemany(_ADD_INDEX, [(fold(t), fold(p), fold(b), i) for i, t, p, b in rows])


def remove_documents(db: Database, debrief_ids: Sequence[str]) -> None:
    """Take these debriefs' documents out of the index (those without one are skipped)."""
    for start in range(0, len(debrief_ids), 500):
        chunk = list(debrief_ids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        found = db.execute(
            "SELECT rowid, debrief_id, title, people, body FROM search_docs"
            f" WHERE debrief_id IN ({marks})",
            chunk,
        ).fetchall()
        db.conn.executemany(
            "INSERT INTO debrief_search (debrief_search, rowid, debrief_id, title, people, body)"
            " VALUES ('delete', ?, ?, ?, ?, ?)",
            [(r, i, fold(t), fold(p), fold(b)) for r, i, t, p, b in found],
        )
        db.execute(f"DELETE FROM search_docs WHERE debrief_id IN ({marks})", chunk)


def mark_stale(db: Database, debrief_id: str) -> None:
    db.execute("INSERT OR IGNORE INTO search_stale (debrief_id) VALUES (?)", [debrief_id])


def refresh_stale(db: Database) -> int:
    """Rebuild the documents that lag behind; returns how many. Cheap when none do."""
    stale = [r[0] for r in db.execute("SELECT debrief_id FROM search_stale").fetchall()]
    if stale:
        with db.atomic():
            for debrief_id in stale:
                reindex_debrief(db, debrief_id)
    return len(stale)


def reindex_debrief(db: Database, debrief_id: str) -> None:
    db.execute("DELETE FROM search_stale WHERE debrief_id = ?", [debrief_id])
    remove_documents(db, [debrief_id])
    _insert_document(db, debrief_id)


def reindex_debriefs(db: Database, ids: Iterable[str], progress: Progress | None = None) -> None:
    """Rebuild many documents at once (an import): their old documents go in a few passes."""
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        db.execute(f"DELETE FROM search_stale WHERE debrief_id IN ({marks})", chunk)
    remove_documents(db, ids)
    for done, debrief_id in enumerate(ids, 1):
        _insert_document(db, debrief_id)
        if progress is not None and (done % 500 == 0 or done == len(ids)):
            progress(done, len(ids))


def _insert_document(db: Database, debrief_id: str) -> None:
    rows = list(
        db.query(
            """SELECT d.*, a.name AS account_name, a.notes AS account_notes,
                      a.buying_notes AS account_buying_notes,
                      c.name AS contact_name, c.title AS contact_title, c.email AS contact_email
               FROM debriefs d JOIN accounts a ON a.id = d.account_id
               LEFT JOIN contacts c ON c.id = d.contact_id
               WHERE d.id = ?""",
            [debrief_id],
        )
    )
    if not rows:
        return
    d = rows[0]
    if d["deleted_at"]:
        return
    title = _join(d["account_name"], d["opportunity"], d["competitor"], d["products"])
    people = _join(d["contact_name"], d["contact_title"], d["contact_email"], d["rep_name"])
    # Who else was in the meeting is found by name too.
    attendees = db.execute(
        "SELECT c.name, c.email FROM debrief_attendees x JOIN contacts c ON c.id = x.contact_id"
        " WHERE x.debrief_id = ? AND x.contact_id IS NOT ?",
        [debrief_id, d["contact_id"]],
    ).fetchall()
    people = _join(people, *(part for row in attendees for part in row))
    body_parts: list[str] = [
        d["account_notes"],
        d["account_buying_notes"],
        d["notepad"],
        d["summary"],
        d["consolation_order"],
        d["promised_followup"],
        d["keep_in_touch_when"],
    ]
    queries = [
        "SELECT note FROM debrief_questions WHERE debrief_id = ? ORDER BY position",
        "SELECT criterion || ' ' || then_text || ' ' || now_text FROM criteria"
        " WHERE debrief_id = ?",
        "SELECT quote FROM loss_reasons WHERE debrief_id = ?",
        "SELECT text FROM captured_items WHERE debrief_id = ? ORDER BY position",
        "SELECT text FROM letters WHERE debrief_id = ? ORDER BY created_at",
    ]
    for sql in queries:
        body_parts.extend(r[0] for r in db.execute(sql, [debrief_id]).fetchall())
    add_documents(db, [(debrief_id, title, people, _join(*body_parts))])


def reindex_account(db: Database, account_id: str) -> None:
    """An account's name or notes changed: every debrief of it carries them."""
    for (debrief_id,) in db.execute(
        "SELECT id FROM debriefs WHERE account_id = ?", [account_id]
    ).fetchall():
        reindex_debrief(db, debrief_id)


def rebuild_all(db: Database) -> None:
    """Every live debrief's document anew (after the way documents are indexed changed)."""
    db.execute("DELETE FROM search_docs")
    db.execute("INSERT INTO debrief_search (debrief_search) VALUES ('delete-all')")
    db.execute("DELETE FROM search_stale")
    ids = [r[0] for r in db.execute("SELECT id FROM debriefs WHERE deleted_at IS NULL")]
    for debrief_id in ids:
        reindex_debrief(db, debrief_id)
