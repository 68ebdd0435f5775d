"""sqlite-utils' Database, typed for this schema: `db[name]` is always a Table.

sqlite-utils types `db[name]` as "Table or View" because a name may be an SQL view. Debrief's
schema has no views, so every use case would need a cast before `insert` or `update`; this
subclass says it once (and a view name raises NoTable instead of slipping through).

Importing this module imports sqlite-utils (see `debrief.store.import_sqlite_utils`); the store
does so only when a use case first asks for `store.db`.
"""

from __future__ import annotations

from debrief.store import import_sqlite_utils

import_sqlite_utils()

import sqlite_utils  # noqa: E402
from sqlite_utils.db import Table  # noqa: E402


class Database(sqlite_utils.Database):
    def __getitem__(self, table_name: str) -> Table:
        return self.table(table_name)
