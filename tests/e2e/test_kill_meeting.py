"""Kill the app with SIGKILL while notes are being typed: nothing typed >1 s before is lost."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from debrief.debriefs.lifecycle import create_debrief
from debrief.debriefs.record import load_record
from debrief.meeting.question_sets import load_set_file
from debrief.meeting.session import start_meeting
from debrief.model import NewDebrief
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.e2e.meeting_driver import trial_text

TRIALS_PER_LANE = 6
LANES = 2  # two apps at a time, each with its own data folder
SAVE_WINDOW_S = 1.0


def _prepare(data_dir: Path) -> str:
    store = Store.open(data_dir / "debrief.sqlite3")
    try:
        d = create_debrief(
            store,
            NewDebrief(
                account_name="Kill Co", contact_name="Ana", opportunity="Test", competitor="Globex"
            ),
        )
        start_meeting(store, d.id, load_set_file(ROOT / "resources/question_sets/default.json"))
    finally:
        store.close()
    return d.id


def _stored(data_dir: Path, debrief_id: str, field: str) -> str:
    store = Store.open(data_dir / "debrief.sqlite3")
    try:
        m = load_record(store, debrief_id)
    finally:
        store.close()
    return m.questions[0].note if field == "note" else m.notepad


def _one_trial(data_dir: Path, debrief_id: str, field: str, seed: int, delay: float) -> dict:
    """Start the app, let it type for `delay` s after the first chunk, SIGKILL it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DEBRIEF_NO_CRASH_DIALOG": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.e2e.meeting_driver",
            str(data_dir),
            debrief_id,
            field,
            str(seed),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    progress: list[tuple[int, float]] = []
    buffer = b""
    deadline: float | None = None
    give_up = time.monotonic() + 30
    try:
        while True:
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                break
            assert now < give_up, "the app never started typing"
            assert proc.poll() is None, proc.stderr.read().decode()
            wait = 0.05 if deadline is None else max(0.0, min(0.05, deadline - now))
            ready, _, _ = select.select([proc.stdout], [], [], wait)
            if ready:
                buffer += os.read(proc.stdout.fileno(), 65536)
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line.startswith(b"typed "):
                        _, count, stamp = line.decode().split()
                        progress.append((int(count), float(stamp)))
                        if deadline is None:
                            deadline = float(stamp) + delay
        killed_at = time.monotonic()
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        rest, _ = proc.communicate()
    for line in (buffer + rest).split(b"\n"):
        if line.startswith(b"typed "):
            _, count, stamp = line.decode().split()
            progress.append((int(count), float(stamp)))
    must_have = max((c for c, t in progress if t <= killed_at - SAVE_WINDOW_S), default=0)
    return {"must_have": must_have, "typed": max(c for c, _ in progress)}


def _lane(data_dir: Path, lane: int, results: list, errors: list) -> None:
    try:
        debrief_id = _prepare(data_dir)
        rng = random.Random(1000 + lane)
        for trial in range(TRIALS_PER_LANE):
            field = ("note", "notepad")[trial % 2]
            before = _stored(data_dir, debrief_id, field)
            seed = lane * 100 + trial
            delay = rng.uniform(0.2, 2.6)
            seen = _one_trial(data_dir, debrief_id, field, seed, delay)
            after = _stored(data_dir, debrief_id, field)
            expected = before + trial_text(seed)
            results.append((lane, trial, field, delay, seen, len(after) - len(before)))
            assert after == expected[: len(after)], f"stored text is not what was typed ({field})"
            assert len(after) - len(before) >= seen["must_have"], (
                f"lost typing: {seen['must_have']} chars typed >1 s before the kill, "
                f"{len(after) - len(before)} on disk (trial {trial}, delay {delay:.2f}s)"
            )
    except BaseException as exc:
        errors.append(exc)


@pytest.mark.slow
def test_sigkill_while_typing_loses_nothing_older_than_a_second(tmp_path: Path) -> None:
    results: list = []
    errors: list = []
    lanes = []
    for lane in range(LANES):
        data_dir = tmp_path / f"lane{lane}"
        data_dir.mkdir()
        lanes.append(threading.Thread(target=_lane, args=(data_dir, lane, results, errors)))
    for t in lanes:
        t.start()
    for t in lanes:
        t.join()
    if errors:
        raise errors[0]
    assert len(results) == LANES * TRIALS_PER_LANE
    # The test must have bitten: most trials typed well past the save window before the kill.
    assert sum(r[4]["must_have"] > 0 for r in results) >= LANES * TRIALS_PER_LANE // 2
