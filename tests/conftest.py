"""Every test runs offscreen with its own data and config folders."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DEBRIEF_NO_CRASH_DIALOG"] = "1"

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture(autouse=True)
def _no_autosave_thread_outlives_a_test() -> Iterator[None]:
    """Every autosave writer thread stops with its store (closing the store stops it); one still
    running after the test's own fixtures closed everything is a leak, stopped here and failed."""
    yield
    writers = sys.modules.get("ui.save_writer")
    if writers is None:
        return
    left = writers.stop_all_writers()  # type: ignore[attr-defined]
    alive = [t.name for t in threading.enumerate() if t.name == "debrief-autosave"]
    assert not left and not alive, f"autosave writer threads left running: {left or alive}"
