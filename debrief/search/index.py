"""Keeps the full-text document of each debrief in step with everything that hangs off it.

Every use case that changes a debrief calls `reindex_debrief` inside its own transaction, so
search never sees half a change. Trashed debriefs have no document: deleted text is unsearchable.

Saves made at typing speed (meeting notes, several a second) only `mark_stale`: rebuilding the
document of a debrief with a 1 MB note takes tens of milliseconds, too long to do between
keystrokes. Searching calls `refresh_stale` first, so results are never out of date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from debrief.store.tables import Database

Progress = Callable[[int, int], None]


def _join(*parts: object) -> str:
    return "\n".join(str(p) for p in parts if p)


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
    db.execute("DELETE FROM debrief_search WHERE debrief_id = ?", [debrief_id])
    _insert_document(db, debrief_id)


def reindex_debriefs(db: Database, ids: Iterable[str], progress: Progress | None = None) -> None:
    """Rebuild many documents at once (an import): their old documents go in a few passes.

    Deleting by `debrief_id` scans the whole FTS table (the column isn't indexed), so deleting
    one document at a time for thousands of debriefs would take minutes.
    """
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        db.execute(f"DELETE FROM search_stale WHERE debrief_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM debrief_search WHERE debrief_id IN ({marks})", chunk)
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
    db.execute(
        "INSERT INTO debrief_search (debrief_id, title, people, body) VALUES (?, ?, ?, ?)",
        [debrief_id, title, people, _join(*body_parts)],
    )


def reindex_account(db: Database, account_id: str) -> None:
    """An account's name or notes changed: every debrief of it carries them."""
    for (debrief_id,) in db.execute(
        "SELECT id FROM debriefs WHERE account_id = ?", [account_id]
    ).fetchall():
        reindex_debrief(db, debrief_id)
