"""Deleting for good takes the text out of the file, the -wal, the search index and the people.

The planted words start with different letters, so FTS5's prefix compression of neighbouring
terms can't hide one in the raw bytes of the index's shadow tables.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from debrief.debriefs.accounts import list_accounts
from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.trash import empty_trash, trash_debrief
from debrief.model import NewDebrief, new_id, now_iso
from debrief.search.index import reindex_debrief
from debrief.store.database import Store

PLANTED = {
    "account": "Zanthoxylum Holdings",
    "contact": "Quillon Barrowby",
    "email": "vexillo@kumquatmail.zz",
    "notepad": "jabberwockian",
    "internal_note": "hornswoggled",
    "criterion": "flibbertigibbet",
    "quote": "gobbledygookish",
    "captured": "xylophonist",
    "letter": "yarborough",
    "summary": "widdershins",
    "account_notes": "cattywampus",
}


def _plant(store: Store) -> str:
    d = create_debrief(
        store,
        NewDebrief(
            account_name=PLANTED["account"],
            contact_name=PLANTED["contact"],
            contact_email=PLANTED["email"],
            opportunity="Fleet renewal",
            competitor="Globex",
        ),
    )
    with store.atomic() as db:
        db["debriefs"].update(d.id, {"notepad": PLANTED["notepad"], "summary": PLANTED["summary"]})
        db["accounts"].update(d.account_id, {"notes": PLANTED["account_notes"]})
        base = {"debrief_id": d.id}
        db["debrief_questions"].insert(
            {
                "id": new_id(),
                **base,
                "position": 0,
                "phase": "people",
                "text": "How did our people come across?",
                "note": PLANTED["internal_note"],
                "note_internal": 1,
            }
        )
        db["criteria"].insert({"id": new_id(), **base, "criterion": PLANTED["criterion"]})
        db["loss_reasons"].insert(
            {"id": new_id(), **base, "category": "price_value", "quote": PLANTED["quote"]}
        )
        db["captured_items"].insert(
            {"id": new_id(), **base, "kind": "strength", "text": PLANTED["captured"]}
        )
        db["letters"].insert(
            {
                "id": new_id(),
                **base,
                "kind": "summary",
                "text": PLANTED["letter"],
                "created_at": now_iso(),
            }
        )
        reindex_debrief(db, d.id)
    return d.id


def _words_in(data: bytes) -> set[str]:
    found = set()
    for key, text in PLANTED.items():
        for word in text.lower().replace("@", " ").replace(".", " ").split():
            if len(word) >= 6 and word[2:].encode() in data.lower():
                found.add(key)
    return found


def _raw(path: Path) -> bytes:
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_delete_for_good_leaves_no_planted_word_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "debrief.sqlite3"
    store = Store.open(path)
    keep = create_debrief(
        store,
        NewDebrief(
            account_name="Kept Co", contact_name="Kay", opportunity="Stays", competitor="Initech"
        ),
    )
    doomed = _plant(store)
    store.checkpoint()
    assert _words_in(_raw(path)) == set(PLANTED)  # the test can see them while they exist
    trash_debrief(store, doomed)
    assert empty_trash(store) == 1
    assert _words_in(_raw(path)) == set()
    # The FTS5 shadow tables, read through SQL as well as raw bytes.
    shadow = b""
    for (table,) in store.db.execute(
        "SELECT name FROM sqlite_master WHERE name LIKE 'debrief_search_%' AND type = 'table'"
    ).fetchall():
        for row in store.db.execute(f'SELECT * FROM "{table}"').fetchall():
            shadow += b" ".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
    assert _words_in(shadow) == set()
    # Contacts and customers nothing else uses are gone; the kept debrief's are not.
    assert [a.name for a in list_accounts(store)] == ["Kept Co"]
    names = {r[0] for r in store.db.execute("SELECT name FROM contacts")}
    assert names == {"Kay"}
    assert store.db["debriefs"].get(keep.id)["opportunity"] == "Stays"
    store.close()
    assert _words_in(_raw(path)) == set()


def test_a_customer_shared_with_a_kept_debrief_stays(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "debrief.sqlite3")
    doomed = _plant(store)
    account_id = store.db["debriefs"].get(doomed)["account_id"]
    kept = create_debrief(
        store,
        NewDebrief(
            account_id=account_id, contact_name="Kay", opportunity="Stays", competitor="Initech"
        ),
    )
    trash_debrief(store, doomed)
    empty_trash(store)
    assert [a.name for a in list_accounts(store)] == [PLANTED["account"]]
    assert {r[0] for r in store.db.execute("SELECT name FROM contacts")} == {"Kay"}
    assert store.db["debriefs"].get(kept.id)
    store.close()


def test_secure_delete_is_set_by_the_app(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "debrief.sqlite3")
    assert store.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    store.close()
    with closing(sqlite3.connect(tmp_path / "other.sqlite3")) as conn:
        conn.execute("PRAGMA secure_delete = 0")  # what a different build might default to
    reopened = Store.open(tmp_path / "debrief.sqlite3")
    assert reopened.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    reopened.close()
