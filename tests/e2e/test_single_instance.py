"""One app per data folder, with real processes: a second start hands over to the running copy,
a crashed copy doesn't block the next start, and a command writes safely beside the app."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from debrief.debriefs.record import load_record
from debrief.letters.drafting import LetterKind, list_letters
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.e2e.conftest import run_driver
from tests.e2e.meeting_driver import trial_text
from tests.e2e.test_kill_meeting import _prepare
from ui.paths import AppPaths
from ui.single_instance import LOCK_FILENAME

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DEBRIEF_NO_CRASH_DIALOG": "1"}


def _start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_line(proc: subprocess.Popen[bytes], wanted: bytes, timeout: float = 30) -> bytes:
    """Read the process's output until a line starts with `wanted`; returns that line."""
    assert proc.stdout is not None
    buffer = b""
    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        # A process that already exited may still have its last lines in the pipe: read them
        # before deciding it ended without saying what we wait for.
        ready, _, _ = select.select([proc.stdout], [], [], 0.1)
        if not ready:
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        buffer += chunk
        for line in buffer.split(b"\n"):
            if line.startswith(wanted):
                return line
        if not chunk:  # end of output: the process is gone
            break
    raise AssertionError(f"never saw {wanted!r}; output: {buffer.decode()!r}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


def test_a_second_start_hands_over_to_the_running_copy_and_exits(data_dir: Path) -> None:
    first = _start("-m", "tests.e2e.app_driver", "wait_for_raise", str(data_dir))
    try:
        _wait_for_line(first, b"ready")
        second = subprocess.run(
            [sys.executable, "main.py", "--data-dir", str(data_dir), "--no-crash-dialog"],
            cwd=ROOT,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert "Traceback" not in second.stderr
        _wait_for_line(first, b"raise requested")
        assert first.wait(timeout=30) == 0  # the first copy went on normally (then closed)
    finally:
        _stop(first)
    log = (data_dir / "logs" / "debrief.log").read_text(encoding="utf-8")
    assert "handed over and exiting" in log
    assert "bringing the window forward" in log


def test_a_crashed_copy_does_not_block_the_next_start(data_dir: Path) -> None:
    first = _start("-m", "tests.e2e.app_driver", "wait_for_raise", str(data_dir))
    try:
        _wait_for_line(first, b"ready")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        _stop(first)
    assert (data_dir / LOCK_FILENAME).exists()  # left behind by the killed copy
    done = run_driver("create", data_dir)
    assert done.returncode == 0, done.stderr
    assert "created" in done.stdout  # this start ran its own window: it didn't hand over


@pytest.mark.slow
def test_a_command_writes_beside_the_running_app_and_nothing_is_lost(
    data_dir: Path, tmp_path: Path
) -> None:
    """The app types notes non-stop (saving several times a second) while `letter` commands
    write letters into the same database: every command succeeds, and no note typed more than a
    second before the app is killed is missing."""
    debrief_id = _prepare(data_dir)
    app = _start("-m", "tests.e2e.meeting_driver", str(data_dir), debrief_id, "notepad", "5")
    assert app.stdout is not None
    commands: list[subprocess.Popen[bytes]] = []
    progress: list[tuple[int, float]] = []
    buffer = b""
    kill_at: float | None = None
    give_up = time.monotonic() + 90
    try:
        while kill_at is None or time.monotonic() < kill_at:
            assert time.monotonic() < give_up, "the app or the commands never finished"
            assert app.poll() is None, app.stderr.read().decode() if app.stderr else ""
            ready, _, _ = select.select([app.stdout], [], [], 0.05)
            if ready:
                buffer += os.read(app.stdout.fileno(), 65536)
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line.startswith(b"typed "):
                        _, count, stamp = line.decode().split()
                        progress.append((int(count), float(stamp)))
            if progress and not commands:  # typing has begun: write beside it, two at a time
                for n in range(4):
                    commands.append(
                        _start(
                            "main.py",
                            "--data-dir",
                            str(data_dir),
                            "letter",
                            debrief_id,
                            "-o",
                            str(tmp_path / f"letter{n}.pdf"),
                        )
                    )
            if commands and kill_at is None and all(c.poll() is not None for c in commands):
                kill_at = time.monotonic() + 1.5  # the app types on a while longer
        killed_at = time.monotonic()
        app.send_signal(signal.SIGKILL)
    finally:
        _stop(app)
        for command in commands:
            if command.poll() is None:
                command.kill()
    for command in commands:
        out, err = command.communicate()
        assert command.returncode == 0, err.decode()
        assert b"written to" in out
    store = Store.open(AppPaths(data_dir).database)
    try:
        kept = [v for v in list_letters(store, debrief_id) if v.kind == LetterKind.SUMMARY]
        notepad = load_record(store, debrief_id).notepad
    finally:
        store.close()
    assert kept  # the same text is kept once, however often it is written
    assert all((tmp_path / f"letter{n}.pdf").stat().st_size > 0 for n in range(4))
    assert notepad == trial_text(5)[: len(notepad)], "the notes on disk are not what was typed"
    must_have = max((c for c, t in progress if t <= killed_at - 1.0), default=0)
    assert must_have > 0, "the test didn't bite: nothing was typed long enough before the kill"
    assert len(notepad) >= must_have, f"lost typing: {must_have} typed, {len(notepad)} on disk"
