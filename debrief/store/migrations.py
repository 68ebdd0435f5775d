"""Schema history. Never edit a migration that has shipped: add a new one at the end.

Names are recorded in the database; a name this version doesn't know means a newer app wrote
the file, and the store refuses to touch it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from debrief.dates import normalise_date
from debrief.errors import ValidationError

if TYPE_CHECKING:
    from debrief.store.tables import Database

Step = Callable[["Database"], None]
MIGRATIONS_TABLE = "_sqlite_migrations"


@dataclass(frozen=True)
class Migration:
    name: str
    fn: Step
    transactional: bool = True


class MigrationSet:
    """The schema's migrations, in order, applied by sqlite-utils' `Migrations`.

    Listing them and asking which are applied is plain SQL on the `_sqlite_migrations` table
    sqlite-utils keeps, so opening an up-to-date database never imports sqlite-utils; only
    `apply` (a new database, an upgrade) hands the steps to sqlite-utils to run and record.
    """

    def __init__(self, name: str):
        self.name = name
        self._migrations: list[Migration] = []

    def __call__(
        self, *, name: str | None = None, transactional: bool = True
    ) -> Callable[[Step], Step]:
        def register(fn: Step) -> Step:
            step_name = name or fn.__name__
            if step_name in self.names():
                raise ValueError(f"migration {step_name!r} is registered twice")
            self._migrations.append(Migration(step_name, fn, transactional))
            return fn

        return register

    def names(self) -> list[str]:
        return [m.name for m in self._migrations]

    def applied(self, conn: sqlite3.Connection) -> set[str]:
        """Names recorded as applied in this set (read-only)."""
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
        ).fetchone():
            return set()
        rows = conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [self.name]
        )
        return {row[0] for row in rows}

    def pending(self, conn: sqlite3.Connection) -> list[Migration]:
        done = self.applied(conn)
        return [m for m in self._migrations if m.name not in done]

    def apply(self, db: Database, *, stop_before: str | None = None) -> None:
        """Run the pending steps through sqlite-utils (each in its own transaction, recorded);
        `stop_before` leaves that step and the ones after it pending (tests of upgrades)."""
        from sqlite_utils.migrations import Migrations

        runner = Migrations(self.name)
        for m in self._migrations:
            # Typed for sqlite-utils' Database; each step is handed `db`, this store's subclass.
            runner(name=m.name, transactional=m.transactional)(cast(Any, m.fn))
        runner.apply(db, stop_before=stop_before)


migrations = MigrationSet("debrief")


@migrations()
def m001_initial(db: Database) -> None:
    db["accounts"].create(
        {
            "id": str,
            "name": str,
            "industry": str,
            "contract_start": str,
            "contract_end": str,
            "budget": str,
            "buying_notes": str,
            "notes": str,
            "is_sample": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"name", "created_at", "updated_at"},
        defaults={
            "industry": "",
            "budget": "",
            "buying_notes": "",
            "notes": "",
            "is_sample": 0,
        },
    )
    db["accounts"].create_index(["name"])
    db["contacts"].create(
        {
            "id": str,
            "account_id": str,
            "name": str,
            "title": str,
            "email": str,
            "phone": str,
            "is_decision_maker": int,
            "notes": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"account_id", "name", "created_at", "updated_at"},
        defaults={"title": "", "email": "", "phone": "", "is_decision_maker": 0, "notes": ""},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["contacts"].create_index(["account_id"])
    db["debriefs"].create(
        {
            "id": str,
            "account_id": str,
            "contact_id": str,
            "opportunity": str,
            "products": str,
            "value_minor": int,
            "currency": str,
            "date_lost": str,
            "told_via": str,
            "outcome": str,
            "competitor": str,
            "status": str,
            "rep_name": str,
            "is_sample": int,
            "deleted_at": str,
            "created_at": str,
            "updated_at": str,
            # The meeting (filled in meeting mode)
            "meeting_date": str,
            "meeting_minutes": int,
            "meeting_started_at": str,
            "meeting_elapsed_s": int,
            "question_set_name": str,
            "notepad": str,
            "notepad_internal": int,
            "summary": str,
            # How the meeting closed
            "keep_in_touch": str,
            "keep_in_touch_when": str,
            "consolation_order": str,
            "renewal_date": str,
            "promised_followup": str,
            "followup_date": str,
        },
        pk="id",
        not_null={"account_id", "status", "outcome", "created_at", "updated_at"},
        defaults={
            "opportunity": "",
            "products": "",
            "currency": "",
            "told_via": "other",
            "competitor": "",
            "rep_name": "",
            "is_sample": 0,
            "meeting_minutes": 30,
            "meeting_elapsed_s": 0,
            "question_set_name": "",
            "notepad": "",
            "notepad_internal": 1,
            "summary": "",
            "keep_in_touch": "unknown",
            "keep_in_touch_when": "",
            "consolation_order": "",
            "promised_followup": "",
        },
        foreign_keys=[("account_id", "accounts", "id"), ("contact_id", "contacts", "id")],
    )
    db["debriefs"].create_index(["account_id"])
    db["debriefs"].create_index(["date_lost"])
    db["debriefs"].create_index(["created_at"])
    # The questions a debrief used: a snapshot, so editing a set never rewrites the past.
    db["debrief_questions"].create(
        {
            "id": str,
            "debrief_id": str,
            "position": int,
            "phase": str,
            "text": str,
            "hint": str,
            "sensitive": int,
            "state": str,
            "note": str,
            "note_internal": int,
            "updated_at": str,
        },
        pk="id",
        not_null={"debrief_id", "position", "phase", "text"},
        defaults={"hint": "", "sensitive": 0, "state": "open", "note": "", "note_internal": 0},
        foreign_keys=[("debrief_id", "debriefs", "id")],
    )
    db["debrief_questions"].create_index(["debrief_id", "position"])
    db["criteria"].create(
        {
            "id": str,
            "debrief_id": str,
            "position": int,
            "criterion": str,
            "then_text": str,
            "now_text": str,
            "internal": int,
        },
        pk="id",
        not_null={"debrief_id"},
        defaults={"criterion": "", "then_text": "", "now_text": "", "internal": 0},
        foreign_keys=[("debrief_id", "debriefs", "id")],
    )
    db["criteria"].create_index(["debrief_id"])
    db["loss_reasons"].create(
        {
            "id": str,
            "debrief_id": str,
            "category": str,
            "is_primary": int,
            "confidence": str,
            "quote": str,
            "internal": int,
        },
        pk="id",
        not_null={"debrief_id", "category"},
        defaults={"is_primary": 0, "confidence": "medium", "quote": "", "internal": 0},
        foreign_keys=[("debrief_id", "debriefs", "id")],
    )
    db["loss_reasons"].create_index(["debrief_id"])
    db["loss_reasons"].create_index(["category"])
    # Free-form captured lists: what the competitor does well, product requests.
    db["captured_items"].create(
        {
            "id": str,
            "debrief_id": str,
            "kind": str,
            "position": int,
            "text": str,
            "internal": int,
        },
        pk="id",
        not_null={"debrief_id", "kind"},
        defaults={"text": "", "internal": 0},
        foreign_keys=[("debrief_id", "debriefs", "id")],
    )
    db["captured_items"].create_index(["debrief_id", "kind"])
    db["letters"].create(
        {
            "id": str,
            "debrief_id": str,
            "kind": str,
            "text": str,
            "pdf": bytes,
            "page_size": str,
            "created_at": str,
        },
        pk="id",
        not_null={"debrief_id", "kind", "created_at"},
        defaults={"text": ""},
        foreign_keys=[("debrief_id", "debriefs", "id")],
    )
    db["letters"].create_index(["debrief_id", "created_at"])
    db["question_sets"].create(
        {"id": str, "name": str, "questions": str, "created_at": str, "updated_at": str},
        pk="id",
        not_null={"name", "questions"},
    )
    db["question_sets"].create_index(["name"], unique=True)
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["assets"].create({"key": str, "data": bytes, "mime": str}, pk="key")
    # One full-text document per live debrief, rebuilt by debrief.search.index inside the
    # same transaction as every change to the debrief or anything hanging off it.
    db.execute(
        "CREATE VIRTUAL TABLE debrief_search USING fts5("
        "debrief_id UNINDEXED, title, people, body, tokenize = 'unicode61 remove_diacritics 2')"
    )


@migrations()
def m102_search_stale(db: Database) -> None:
    """Debriefs whose search document lags behind their notes (see search_index.mark_stale)."""
    db["search_stale"].create({"debrief_id": str}, pk="debrief_id")


@migrations()
def m201_letter_subjects_and_drafts(db: Database) -> None:
    """Letters keep their subject line; the text being edited survives a closed window."""
    db["letters"].add_column("subject", str, not_null_default="")
    db["letter_drafts"].create(
        {"debrief_id": str, "kind": str, "subject": str, "text": str, "updated_at": str},
        pk=("debrief_id", "kind"),
        not_null={"debrief_id", "kind", "updated_at"},
        defaults={"subject": "", "text": ""},
        foreign_keys=[("debrief_id", "debriefs", "id")],
    )


@migrations()
def m301_browse_indexes(db: Database) -> None:
    """Let the list's default order (newest loss first) and its filters use indexes."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_debriefs_live_lost_on ON debriefs"
        " (COALESCE(date_lost, substr(created_at, 1, 10)), created_at, id)"
        " WHERE deleted_at IS NULL"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_loss_reasons_primary ON loss_reasons"
        " (category, is_primary, debrief_id)"
    )
    for column in ("competitor", "rep_name"):
        db.execute(
            f"CREATE INDEX IF NOT EXISTS idx_debriefs_{column} ON debriefs"
            f" ({column} COLLATE NOCASE) WHERE deleted_at IS NULL"
        )


@migrations()
def m801_iso_dates(db: Database) -> None:
    """Dates typed before there was one parser may be stored as '20240105' (or ''), which the
    date filters and the list's order miss: rewrite them as YYYY-MM-DD (NULL when empty)."""
    columns = {
        "accounts": ("contract_start", "contract_end"),
        "debriefs": ("date_lost", "meeting_date", "renewal_date", "followup_date"),
    }
    for table, names in columns.items():
        for name in names:
            rows = db.execute(
                f"SELECT id, [{name}] FROM [{table}] WHERE [{name}] IS NOT NULL"
                f" AND [{name}] NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
            ).fetchall()
            for row_id, value in rows:
                try:
                    fixed = normalise_date(value)
                except ValidationError:
                    fixed = _iso_or_none(value)
                if fixed != value:
                    db.execute(f"UPDATE [{table}] SET [{name}] = ? WHERE id = ?", [fixed, row_id])


def _iso_or_none(value: str) -> str | None:
    """What Python's date.fromisoformat once let through (week dates such as 2024-W01-5)."""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return value  # not a date at all: leave it for the rep to see and correct


@migrations()
def m901_letter_addressing(db: Database) -> None:
    """Letters addressed like real letters: how each person is greeted, postal addresses, and
    a name for the deal that the customer would recognise (the rep's own label stays internal)."""
    db["contacts"].add_column("salutation", str, not_null_default="")
    db["contacts"].add_column("address", str, not_null_default="")
    db["accounts"].add_column("address", str, not_null_default="")
    db["debriefs"].add_column("deal_public_name", str, not_null_default="")
    # A kept letter is "sent" only when the rep says so (saving a PDF is not sending it).
    db["letters"].add_column("sent_at", str)
    # Letters kept before this version moved the status when they were kept: count them sent.
    db.execute("UPDATE letters SET sent_at = created_at")


# The shipped questions by wording, for giving meetings held before roles existed the role
# their question had (a rep's own wording falls back to the question's phase).
_SHIPPED_ROLES = {
    "What did your decision come down to in the end?": "basis",
    "What set the search for a new supplier in motion?": "trigger",
    "Who took part in the decision, and who made the final call?": "who_decided",
    "Which other options did you look at, and how did the shortlist come together?": (
        "alternatives"
    ),
    "How do your priorities today compare with when you first chose us?": "criteria",
    "Where did we fall short for you?": "fell_short",
    "Where did we do well?": "did_well",
    "How did our people come across to you?": "our_people",
    "Had the price been the same, would you have chosen us?": "same_price",
    "What made the difference for the supplier you chose?": "competitor",
    "What do they do especially well?": "competitor",
    "What would you like to see from us in future?": "like_next",
    "May we keep in touch? When would suit you?": "keep_in_touch",
    "How long is the new contract, and when does it come up for renewal?": "renewal",
    "Is there a smaller piece of work we could help with now?": "smaller_business",
}
_ROLE_BY_PHASE = {
    "opening": "opening",
    "decision": "basis",
    "performance": "fell_short",
    "competitor": "competitor",
    "future": "like_next",
    "close": "close",
}


@migrations()
def m902_question_roles(db: Database) -> None:
    """Each question in a meeting knows what its answer means (its role)."""
    db["debrief_questions"].add_column("role", str, not_null_default="other")
    for text, role in _SHIPPED_ROLES.items():
        db.execute("UPDATE debrief_questions SET role = ? WHERE text = ?", [role, text])
    db.execute(
        "UPDATE debrief_questions SET role = 'our_people' WHERE role = 'other' AND sensitive"
    )
    for phase, role in _ROLE_BY_PHASE.items():
        db.execute(
            "UPDATE debrief_questions SET role = ? WHERE role = 'other' AND phase = ?",
            [role, phase],
        )


@migrations()
def m1101_followups(db: Database) -> None:
    """Follow-ups (issue 11): the agenda's table, the customer's "when" as a picked month or
    day, and the relationship's outcome. Free-text "when" answers are read into a month or day
    where they parse; the text itself is kept, so an answer that doesn't parse stays visible."""
    from datetime import date

    from debrief.followups.dates import parse_when

    db["followups"].create(
        {
            "id": str,
            "debrief_id": str,
            "rule": str,
            "kind": str,
            "channel": str,
            "due": str,
            "purpose": str,
            "contact_id": str,
            "state": str,
            "outcome_note": str,
            "done_on": str,
            "sequence": int,
            "notified_on": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"debrief_id", "kind", "channel", "due", "state", "created_at", "updated_at"},
        defaults={"rule": "", "purpose": "", "state": "open", "outcome_note": "", "sequence": 0},
        # contact_id is read with a LEFT JOIN, not enforced: removing a person must not be
        # blocked by the follow-ups that once named them.
        foreign_keys=[("debrief_id", "debriefs", "id")],
    )
    db["followups"].create_index(["debrief_id", "due"])
    db["followups"].create_index(["state", "due"])
    debriefs = db["debriefs"]
    debriefs.add_column("keep_in_touch_on", str, not_null_default="")
    debriefs.add_column("relationship", str, not_null_default="open")
    debriefs.add_column("relationship_on", str)
    debriefs.add_column("won_back_value_minor", int)
    debriefs.add_column("plan_accepted_at", str)
    rows = db.execute(
        "SELECT id, keep_in_touch_when, meeting_date, updated_at FROM debriefs"
        " WHERE keep_in_touch_when != ''"
    ).fetchall()
    for debrief_id, text, meeting_date, updated_at in rows:
        try:
            said_on = date.fromisoformat((meeting_date or updated_at or "")[:10])
        except ValueError:
            continue
        parsed = parse_when(text, said_on)
        if parsed:
            db.execute(
                "UPDATE debriefs SET keep_in_touch_on = ? WHERE id = ?", [parsed, debrief_id]
            )


@migrations()
def m903_people_roles(db: Database) -> None:
    """A customer's people each have a part in the decision, and a debrief records who was in
    the meeting (some of the account's people)."""
    db["contacts"].add_column("role", str, not_null_default="unknown")
    db.execute("UPDATE contacts SET role = 'decision_maker' WHERE is_decision_maker")
    db["debrief_attendees"].create(
        {"debrief_id": str, "contact_id": str, "position": int},
        pk=("debrief_id", "contact_id"),
        not_null={"debrief_id", "contact_id"},
        defaults={"position": 0},
        foreign_keys=[("debrief_id", "debriefs", "id"), ("contact_id", "contacts", "id")],
    )
    db["debrief_attendees"].create_index(["contact_id"])


@migrations()
def m1401_search_folded_with_prefixes(db: Database) -> None:
    """Search finds what the rep means and answers as fast as they type (issue 14).

    The index now holds folded text ("Łódź" indexed as "Lodz": FTS5's remove_diacritics leaves
    ł, ø, đ as they are) with prefix indexes for the one to four letters being typed. The text
    as written moves to `search_docs` (the index's content table, where snippets come from);
    a document's rowid is its debrief's. Every live debrief's document is rebuilt."""
    from debrief.search.index import rebuild_all

    db.execute("DROP TABLE IF EXISTS debrief_search")
    db.execute(
        "CREATE TABLE search_docs (rowid INTEGER PRIMARY KEY, debrief_id TEXT NOT NULL UNIQUE,"
        " title TEXT NOT NULL DEFAULT '', people TEXT NOT NULL DEFAULT '',"
        " body TEXT NOT NULL DEFAULT '')"
    )
    db.execute(
        "CREATE VIRTUAL TABLE debrief_search USING fts5("
        "debrief_id UNINDEXED, title, people, body, content = 'search_docs',"
        " content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2',"
        " prefix = '1 2 3 4')"
    )
    rebuild_all(db)


@migrations()
def m1402_start_up_indexes(db: Database) -> None:
    """What the first window asks of a large archive, answered from small indexes instead of
    reading every debrief (a meeting's notes make each row large): how many are in the trash
    and whether the samples are loaded."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_debriefs_trashed ON debriefs (deleted_at)"
        " WHERE deleted_at IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_debriefs_samples ON debriefs (is_sample)"
        " WHERE is_sample = 1"
    )
