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
