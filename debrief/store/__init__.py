"""The local SQLite database (see `database.Store`)."""

from __future__ import annotations

import sys


def _import_sqlite_utils() -> None:
    """sqlite-utils imports numpy and pandas when they are installed (matplotlib brings numpy),
    only to map their number types: ~60 ms before the first window for values Debrief never
    stores. They are hidden from it while it loads and import normally afterwards."""
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


_import_sqlite_utils()
