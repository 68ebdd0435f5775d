"""A runaway paste into a name field is stopped at the field, with the limit in the message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from debrief.debriefs.lifecycle import list_debriefs
from debrief.store.database import Store
from tests.ui.test_new_debrief import fill, open_dialog
from ui.main_window import MainWindow


def test_a_10000_character_customer_name_gets_a_message_at_the_field(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = open_dialog(qtbot, window)
    fill(qtbot, dialog, contact="Ana", opportunity="Fleet", competitor="Globex")
    dialog.account.lineEdit().setText("A" * 10_000)  # a paste, not 10,000 key presses
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors["account"].isVisible()
    assert "10,000 characters" in dialog.errors["account"].text()
    assert "under 200" in dialog.errors["account"].text()
    assert list_debriefs(store) == []
    dialog.account.lineEdit().setText("Acme\tFreight\n")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert [d.account_name for d in list_debriefs(store)] == ["Acme Freight"]
