"""Expected failures, each carrying a message a rep can read. Anything else is a bug."""

from __future__ import annotations


class DebriefError(Exception):
    """An expected problem, shown to the user in plain words (str(exc))."""


class NotFoundError(DebriefError):
    """The thing asked for is not in the database (any more)."""


class ValidationError(DebriefError):
    """Input that can't be saved as it is; `fields` maps a field name to what is wrong with it."""

    def __init__(self, fields: dict[str, str]):
        self.fields = dict(fields)
        super().__init__(" ".join(self.fields.values()))


class DatabaseError(DebriefError):
    """The database file can't be used (written by a newer version, damaged, not a database)."""


class DamagedDatabaseError(DatabaseError):
    """The database file can't be used as it is: empty, damaged, another program's, or newer.

    `path` is the file, `problem` says what is wrong with it in plain words, and `kind` is one of
    "empty", "not_sqlite", "damaged", "foreign", "newer" (the start-up dialog words its choices by
    it). `detail` is SQLite's own words, for the log and a "details" button. The file has not
    been changed.
    """

    def __init__(self, path: object, kind: str, problem: str, detail: str = ""):
        self.path = path
        self.kind = kind
        self.problem = problem
        self.detail = detail
        extra = f" ({detail})" if detail else ""
        super().__init__(f"Debrief can't use the file {path}: {problem}{extra}")


class DiskError(DebriefError):
    """The disk or folder refused: full, read-only, not allowed, a file where a folder should be."""
