"""Runs the real app and types meeting notes or a letter non-stop, reporting progress, until it
is killed.

    python -m tests.e2e.meeting_driver DATA_DIR DEBRIEF_ID FIELD SEED

FIELD is "note" (the current question's note), "notepad", "letter" (the summary letter's text
in the letters window), or "outcome" (the outcome note in the Mark follow-up done dialog of the
debrief's first follow-up: a form draft, the mechanism every dialog that takes typing shares).
After every chunk typed it prints `typed <chars typed so far> <time.monotonic()>`; the kill
test compares that with the database.
"""

from __future__ import annotations

import os
import random
import sys
import time
import traceback
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from debrief.followups.agenda import followups_of
from debrief.letters.drafting import LetterKind
from tests.e2e.app_driver import main_window
from tests.typing import type_text
from ui import entry as main
from ui.followups.dialogs import DoneDialog

ALPHABET = (
    "Zażółć gęślą jaźń. Съешь же ещё этих булок. 中文測試。 😀👍 שלום עולם "
    "<b>&amp; \"quoted\" 'single'</b>\n"
)
CHUNK = 6
EVERY_MS = 15


def trial_text(seed: int, length: int = 20000) -> str:
    rng = random.Random(seed)
    words = ALPHABET.split(" ")
    out: list[str] = []
    while sum(map(len, out)) < length:
        out.append(rng.choice(words) + " ")
    return "".join(out)[:length]


def start(debrief_id: str, field: str, seed: int) -> None:
    window = main_window()
    window.list_page.refresh(select_id=debrief_id)
    if field == "letter":
        dialog = window.letter_actions.open_letters(debrief_id, LetterKind.SUMMARY)
        assert dialog is not None
        editor = dialog.editor
    elif field == "outcome":
        store = window.ops.store
        followup = followups_of(store, debrief_id)[0]
        done = DoneDialog(store, followup, date.today(), window)
        done.open()
        editor = done.note
    else:
        window.meeting_mode.start_action.trigger()
        screen = window.meeting_mode.page.meeting_screen
        editor = screen.note_edit if field == "note" else screen.notepad
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    text = trial_text(seed)
    typed = 0

    def step() -> None:
        nonlocal typed
        try:
            chunk = text[typed : typed + CHUNK]
            type_text(editor, chunk)
            typed += len(chunk)
            print(f"typed {typed} {time.monotonic():.4f}", flush=True)
            if typed >= len(text):
                timer.stop()
        except BaseException:
            traceback.print_exc()
            QApplication.exit(3)

    timer = QTimer(window)
    timer.setInterval(EVERY_MS)
    timer.timeout.connect(step)
    timer.start()
    print("ready", flush=True)


if __name__ == "__main__":
    data_dir, debrief_id, field, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    app = QApplication(sys.argv[:1])
    QTimer.singleShot(0, lambda: start(debrief_id, field, seed))
    sys.exit(main.main(["--data-dir", data_dir, "--no-crash-dialog"]))
