"""Regression for DESIGN.md §5: PySide6 6.12.0 on CPython 3.11 aborts after a few thousand calls
that return None. The dependency spec keeps that pair apart; this proves the installed pair is safe.
"""

from __future__ import annotations

import os
import subprocess
import sys

HAMMER = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for i in range(100_000):
    label.setText("x")
    label.resize(10, 10)
print("survived")
"""


def test_calling_qt_setters_100k_times_does_not_abort_python() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", HAMMER], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived"
