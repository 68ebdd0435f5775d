"""Runs the real app through main.main() in this process and drives it like a user would.

Used as a script by the end-to-end tests, which start it in a subprocess:
    python -m tests.e2e.app_driver SCENARIO DATA_DIR [APP_ARGS...]
Each scenario is scheduled on the event loop before main() starts it, finds the main window,
acts through widgets and key presses, prints what it saw, and closes the window.
"""

from __future__ import annotations

import os
import sys
import traceback

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.typing import type_text
from ui import entry as main
from ui.forms.new_debrief_dialog import NewDebriefDialog
from ui.main_window import MainWindow
from ui.single_instance import SingleInstance


def main_window() -> MainWindow:
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    QTest.qWaitForWindowExposed(window)
    return window


def create_debrief() -> None:
    window = main_window()
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = next(d for d in window.findChildren(NewDebriefDialog) if d.isVisible())
    type_text(dialog.account.lineEdit(), "Żywiec Logistics")
    type_text(dialog.contact.lineEdit(), "Ana Müller")
    type_text(dialog.opportunity, "Warehouse scanners <b>&amp;</b>")
    type_text(dialog.competitor.lineEdit(), "Globex")
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), [e.text() for e in dialog.errors.values() if e.text()]
    print("created", flush=True)
    window.close()


def list_debriefs() -> None:
    window = main_window()
    model = window.list_page.model
    for row in range(model.rowCount()):
        print(
            "row", model.data(model.index(row, 1)), "|", model.data(model.index(row, 3)), flush=True
        )
    window.close()


def wait_for_raise() -> None:
    """Stay open until a second start on the same data folder asks for the window."""
    window = main_window()
    instance = QApplication.instance().findChild(SingleInstance)

    def raised() -> None:
        print("raise requested", flush=True)
        QTimer.singleShot(0, window.close)

    instance.raise_requested.connect(raised)
    print("ready", flush=True)


SCENARIOS = {"create": create_debrief, "list": list_debriefs, "wait_for_raise": wait_for_raise}


def run_scenario(name: str) -> None:
    try:
        SCENARIOS[name]()
    except BaseException:
        traceback.print_exc()
        QApplication.exit(3)


if __name__ == "__main__":
    scenario, data_dir = sys.argv[1], sys.argv[2]
    app = QApplication(sys.argv[:1])
    QTimer.singleShot(0, lambda: run_scenario(scenario))
    sys.exit(main.main(["--data-dir", data_dir, "--no-crash-dialog", *sys.argv[3:]]))
