"""The core must stay Qt-free so it can be tested, scripted and reused without a GUI."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import importlib, pkgutil, sys
import debrief
for mod in pkgutil.walk_packages(debrief.__path__, "debrief."):
    importlib.import_module(mod.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt6"))
print(len(list(pkgutil.walk_packages(debrief.__path__))), loaded)
"""


def test_importing_every_core_module_loads_no_qt() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split(" ", 1)
    assert int(out[0]) >= 5, "the probe should have found the core modules"
    assert out[1].strip() == "[]"


def test_ui_holds_no_sql() -> None:
    words = ("SELECT ", "INSERT INTO", "DELETE FROM", "CREATE TABLE", ".execute(", ".query(")
    offenders = [
        f"{path.relative_to(ROOT)}: {word.strip()}"
        for path in (ROOT / "ui").rglob("*.py")
        for word in words
        if word in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
