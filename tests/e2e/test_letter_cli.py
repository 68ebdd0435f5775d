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
from tests.e2e.conftest import run_command
from tests.letter_data import add_meeting
from ui.paths import AppPaths

run = run_command


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
    assert reader.metadata.title == "Thank you for our conversation"

    store = Store.open(AppPaths(data_dir).database)
    try:
        assert [v.kind for v in list_letters(store, debrief_id)] == [LetterKind.SUMMARY]
        keep_letter(
            store, debrief_id, Draft(LetterKind.SUMMARY, "Edited", "Dear Ana Müller,\n\nMine. क")
        )
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
    # The file was never written, so no version was kept and the status did not move.
    store = Store.open(AppPaths(data_dir).database)
    try:
        assert list_letters(store, debrief_id) == []
    finally:
        store.close()


def test_a_missing_or_wrong_data_dir_never_creates_an_empty_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo"
    done = run("letter", "x", "-o", str(tmp_path / "x.pdf"), "--data-dir", str(missing))
    assert done.returncode == 1 and "There is no Debrief data in" in done.stderr
    assert not missing.exists()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("hello")
    done = run("letter", "x", "-o", str(tmp_path / "x.pdf"), "--data-dir", str(a_file))
    assert done.returncode == 1 and "is a file, not a folder" in done.stderr
    assert "Traceback" not in done.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run("letter", "x", "-o", str(tmp_path / "x.pdf"), "--data-dir", str(empty))
    assert done.returncode == 1 and "holds no Debrief data" in done.stderr
    assert list(empty.iterdir()) == []


def test_internal_text_refuses_and_says_where_it_came_from(data_dir: Path, tmp_path: Path) -> None:
    debrief_id = make_debrief(data_dir)
    store = Store.open(AppPaths(data_dir).database)
    try:
        keep_letter(
            store,
            debrief_id,
            Draft(LetterKind.SUMMARY, "S", "Dear Ana Müller,\n\nTwelve weeks was too long for us."),
        )
        with store.atomic() as db:
            db.execute("UPDATE loss_reasons SET internal = 1 WHERE debrief_id = ?", [debrief_id])
        before = len(list_letters(store, debrief_id))
    finally:
        store.close()
    out = tmp_path / "summary.pdf"
    done = run("letter", debrief_id, "-o", str(out), "--data-dir", str(data_dir))
    assert done.returncode == 1
    assert "internal reason" in done.stderr and "nothing was written" in done.stderr
    assert not out.exists()
    store = Store.open(AppPaths(data_dir).database)
    try:
        assert len(list_letters(store, debrief_id)) == before
    finally:
        store.close()


def test_email_kinds_and_eml_drafts(data_dir: Path, tmp_path: Path) -> None:
    from email import message_from_bytes, policy

    debrief_id = make_debrief(data_dir)
    reply = tmp_path / "reply.eml"
    done = run(
        "letter", debrief_id, "--kind", "loss_reply", "-o", str(reply), "--data-dir", str(data_dir)
    )
    assert done.returncode == 0, done.stderr
    message = message_from_bytes(reply.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and message["Subject"] == "Thank you for letting me know"
    assert message.get_body().get_content().startswith("Dear Ana Müller,")
    assert not list(message.iter_attachments())
    letter = tmp_path / "summary.eml"
    done = run("letter", debrief_id, "-o", str(letter), "--no-keep", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    message = message_from_bytes(letter.read_bytes(), policy=policy.default)
    (pdf,) = list(message.iter_attachments())
    assert (
        PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text().count("Dear Ana Müller,")
        == 1
    )
    text = tmp_path / "follow.txt"
    done = run(
        "letter", debrief_id, "--kind", "follow_up", "-o", str(text), "--data-dir", str(data_dir)
    )
    assert done.returncode == 0 and text.read_text().startswith("Subject: How are things going?")
    done = run(
        "letter",
        debrief_id,
        "--kind",
        "follow_up",
        "-o",
        str(tmp_path / "f.pdf"),
        "--data-dir",
        str(data_dir),
    )
    assert done.returncode == 1 and "is an email" in done.stderr
    store = Store.open(AppPaths(data_dir).database)
    try:  # --no-keep kept nothing; the two emails were kept, none marked sent
        kinds = sorted(v.kind.value for v in list_letters(store, debrief_id))
        assert kinds == ["follow_up", "loss_reply"]
        assert all(v.sent_at is None for v in list_letters(store, debrief_id))
    finally:
        store.close()


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
