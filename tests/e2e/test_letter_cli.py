"""`python main.py letter DEBRIEF_ID --kind summary -o FILE.pdf`, run as a real process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from debrief.letters.drafting import Draft, keep_letter, list_letters
from debrief.model import LetterKind
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.letter_data import add_meeting
from ui.paths import AppPaths


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def make_debrief(data_dir: Path) -> str:
    store = Store.open(AppPaths(data_dir).database)
    try:
        return add_meeting(store)
    finally:
        store.close()


def test_fresh_draft_then_the_latest_saved_text(data_dir: Path, tmp_path: Path) -> None:
    debrief_id = make_debrief(data_dir)
    out = tmp_path / "summary.pdf"
    done = run(
        "letter", debrief_id, "--kind", "summary", "-o", str(out), "--data-dir", str(data_dir)
    )
    assert done.returncode == 0, done.stderr
    assert "Summary letter written to" in done.stdout
    reader = PdfReader(out)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Dear Ana Müller," in text and "peak season" in text
    assert reader.metadata.title == "Thank you for our conversation about Warehouse scanners 2027"

    store = Store.open(AppPaths(data_dir).database)
    try:
        assert [v.kind for v in list_letters(store, debrief_id)] == [LetterKind.SUMMARY]
        keep_letter(store, debrief_id, Draft(LetterKind.SUMMARY, "Edited", "Dear Ana,\n\nMine. क"))
    finally:
        store.close()
    again = tmp_path / "again.pdf"
    done = run("--data-dir", str(data_dir), "letter", debrief_id, "-o", str(again))
    assert done.returncode == 0, done.stderr
    assert "can't be printed correctly" in done.stderr and "devanagari letter ka" in done.stderr
    text = PdfReader(io.BytesIO(again.read_bytes())).pages[0].extract_text()
    assert "Mine." in text and "peak season" not in text


def test_unknown_debrief_or_kind_is_a_plain_error(data_dir: Path, tmp_path: Path) -> None:
    make_debrief(data_dir)
    out = tmp_path / "x.pdf"
    done = run("letter", "nope", "-o", str(out), "--data-dir", str(data_dir))
    assert done.returncode == 1
    assert done.stderr.strip() == "debrief: There is no debrief with the id 'nope'."
    assert not out.exists()
    done = run("letter", "nope", "--kind", "love_letter", "-o", str(out))
    assert done.returncode == 2
    assert "invalid choice: 'love_letter'" in done.stderr and "Traceback" not in done.stderr


def test_unwritable_output_is_a_plain_error(data_dir: Path, tmp_path: Path) -> None:
    debrief_id = make_debrief(data_dir)
    target = tmp_path / "missing folder" / "x.pdf"
    done = run("letter", debrief_id, "-o", str(target), "--data-dir", str(data_dir))
    assert done.returncode == 1
    assert "couldn't save" in done.stderr and "Traceback" not in done.stderr


def test_the_letter_command_needs_no_widgets(data_dir: Path, tmp_path: Path) -> None:
    """The headless command loads QtCore at most: no QtWidgets, no QtGui, no window stack."""
    debrief_id = make_debrief(data_dir)
    out = tmp_path / "headless.pdf"
    argv = ["letter", debrief_id, "-o", str(out), "--data-dir", str(data_dir)]
    script = (
        "import sys\n"
        "from ui.entry import main\n"
        f"code = main({argv!r})\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6.', 'ui.')))\n"
        "print('exit', code)\n"
        "print('loaded', ' '.join(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "exit 0" in done.stdout.splitlines()
    loaded = next(line for line in done.stdout.splitlines() if line.startswith("loaded ")).split()
    assert "PySide6.QtCore" in loaded  # the probe sees Qt modules at all
    assert "PySide6.QtWidgets" not in loaded and "PySide6.QtGui" not in loaded
    assert not {"ui.app", "ui.main_window", "ui.letters.dialog"} & set(loaded)
    assert PdfReader(out).pages


def test_no_headless_command_module_imports_widgets() -> None:
    """Every module in ui/commands/ (today `letter`; any command added later) stays off the
    widget stack: import them all in a fresh interpreter and look at what got loaded."""
    names = sorted(p.stem for p in (ROOT / "ui" / "commands").glob("*.py") if p.stem != "__init__")
    assert "letter" in names
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module('ui.commands.' + name)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('PySide6.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    assert "PySide6.QtCore" in loaded
    assert "PySide6.QtWidgets" not in loaded and "PySide6.QtGui" not in loaded, loaded
