from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from debrief.store.database import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "debrief.sqlite3", backup_dir=tmp_path / "backups")
    yield s
    s.close()
