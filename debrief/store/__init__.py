"""The local SQLite database (see `database.Store`).

Importing the package (or `debrief.store.disk`, which `debrief.files` needs) loads nothing but
the standard library: sqlite-utils is imported when a use case first needs it (`Store.db`,
`debrief.store.tables`), never before the first window.
"""

from __future__ import annotations

import sys


def import_sqlite_utils() -> None:
    """sqlite-utils imports numpy and pandas when they are installed (matplotlib brings numpy),
    only to map their number types: ~60 ms for values Debrief never stores. They are hidden
    from it while it loads and import normally afterwards."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
