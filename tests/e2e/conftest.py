from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run_driver(
    scenario: str, data_dir: Path, *app_args: str, timeout: float = 60
) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DEBRIEF_NO_CRASH_DIALOG": "1"}
    return subprocess.run(
        [sys.executable, "-m", "tests.e2e.app_driver", scenario, str(data_dir), *app_args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_command(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python main.py ARGS…` as a real process (the headless commands), offscreen."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
