"""File ▸ Export…, File ▸ Import… and Copy for CRM, driven through the real window."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from debrief.exchange.crm import copy_for_crm
from debrief.exchange.export import ExportFormat, ExportOptions, export
from debrief.samples import load_samples
from debrief.search import browse
from debrief.search.browse import Filters
from debrief.store.database import Store
from tests.exchange_data import INTERNAL_WORDS, full_debrief
from ui.app import build_window
from ui.main_window import MainWindow
from ui.paths import AppPaths, resolve_paths


@pytest.fixture
def win(qtbot: QtBot, store: Store, paths: AppPaths) -> MainWindow:
    load_samples(store)
    full_debrief(store)
    window = build_window(store, paths)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def colleague_file(tmp_path: Path) -> Path:
    """A full export from another laptop (its own data folder)."""
    other = Store.open(resolve_paths(tmp_path / "colleague").database)
    full_debrief(other, account="Nordhavn Kaffe ApS", opportunity="Espresso fleet")
    path = tmp_path / "colleague.json"
    export(other, path, ExportOptions())
    other.close()
    return path


def test_the_file_menu_offers_export_and_import(win: MainWindow) -> None:
    texts = {a.text(): a.shortcut().toString() for a in win.file_menu.actions()}
    assert texts["&Export…"] == "Ctrl+Shift+S"
    assert texts["&Import…"] == "Ctrl+Shift+O"


def test_export_a_shareable_csv(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    dialog = win.exchange.open_export()
    qtbot.waitExposed(dialog)
    assert "contains internal notes" in dialog.notice.text()
    dialog.format_buttons[ExportFormat.CSV].setChecked(True)
    assert not dialog.include_pdf.isEnabled()
    dialog.shareable.setChecked(True)
    assert "left out" in dialog.notice.text()
    assert dialog.suggested_name().startswith("debriefs-shareable-")
    out = tmp_path / "for-them.csv"
    with qtbot.waitSignal(dialog.exported):
        dialog.export_to(out)
    assert not dialog.isVisible()
    text = out.read_text(encoding="utf-8-sig")
    assert "Łódź Précision Castings" in text
    for word in INTERNAL_WORDS:
        assert word not in text
    assert "exported to" in win.statusBar().currentMessage()


def test_export_the_filtered_list(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    win.list_page.model.set_filters(Filters(text="Foundry scheduling"))
    dialog = win.exchange.open_export()
    assert dialog.filtered_button.isEnabled()
    assert "(1)" in dialog.filtered_button.text()
    dialog.filtered_button.setChecked(True)
    out = tmp_path / "one.json"
    with qtbot.waitSignal(dialog.exported):
        dialog.export_to(out)
    assert [d["opportunity"] for d in json.loads(out.read_text("utf-8"))["debriefs"]] == [
        "Foundry scheduling 2027"
    ]


def test_import_shows_what_would_happen_and_cancel_changes_nothing(
    qtbot: QtBot, win: MainWindow, store: Store, colleague_file: Path, paths: AppPaths
) -> None:
    before = list(store.db.conn.iterdump())
    dialog = win.exchange.import_file(colleague_file)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.cells[("Debriefs", "New")].text() == "1"
    assert dialog.cells[("Customers", "New")].text() == "1"
    assert str(paths.backups) in dialog.note.text()
    dialog.reject()
    assert list(store.db.conn.iterdump()) == before
    assert not list(paths.backups.glob("*before-import*"))


def test_import_merges_and_the_list_shows_it(
    qtbot: QtBot, win: MainWindow, store: Store, colleague_file: Path, paths: AppPaths
) -> None:
    shown = win.list_page.model.rowCount()
    dialog = win.exchange.import_file(colleague_file)
    assert dialog is not None and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: win.list_page.model.rowCount() == shown + 1)
    assert browse.count(store, Filters(text="Espresso")) == 1
    assert list(paths.backups.glob("debrief-*-before-import.sqlite3"))
    assert "Imported: 1 new" in win.statusBar().currentMessage()
    again = win.exchange.import_file(colleague_file)
    assert again is not None and not again.import_button.isEnabled()
    assert "change nothing" in again.note.text()
    again.reject()


def test_a_rejected_file_is_explained_once(
    qtbot: QtBot, win: MainWindow, store: Store, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('{"format": "debrief-export", "format_version": 1, "debriefs": [', "utf-8")
    before = list(store.db.conn.iterdump())
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, read_and_close)

    QTimer.singleShot(0, read_and_close)
    assert win.exchange.import_file(bad) is None
    assert len(seen) == 1
    assert seen[0].startswith("notes.json can't be imported; nothing was changed.")
    assert "truncated" in seen[0]
    assert list(store.db.conn.iterdump()) == before


def test_copy_for_crm_from_the_detail_page(qtbot: QtBot, win: MainWindow, store: Store) -> None:
    debrief_id = store.db.execute(
        "SELECT id FROM debriefs WHERE opportunity = 'Foundry scheduling 2027'"
    ).fetchone()[0]
    win.browsing.open_debrief(debrief_id)
    buttons = [b.text() for b in win.browsing.detail_page._action_buttons]
    assert "Copy for CRM" in buttons
    QGuiApplication.clipboard().clear()
    win.exchange.copy_for_crm_action.trigger()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "")
    assert QGuiApplication.clipboard().text() == copy_for_crm(store, debrief_id)
    assert "clipboard" in win.statusBar().currentMessage()


def test_copy_for_crm_with_nothing_selected_says_so(win: MainWindow) -> None:
    win.list_page.model.set_filters(Filters(text="no such words anywhere"))
    assert win.exchange.copy_for_crm() is None
    assert "Open or select a debrief" in win.statusBar().currentMessage()


def test_csv_export_reads_back(qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    dialog = win.exchange.open_export()
    dialog.format_buttons[ExportFormat.CSV].setChecked(True)
    out = tmp_path / "all.csv"
    dialog.export_to(out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == browse.count(win.store, Filters())


def test_a_large_import_shows_progress_and_lands(
    qtbot: QtBot, win: MainWindow, store: Store, tmp_path: Path
) -> None:
    from debrief.samples import generate_archive
    from ui.exchange import progress as progress_module

    other = Store.open(tmp_path / "big" / "debrief.sqlite3")
    generate_archive(other, progress_module.LARGE + 200, seed=8)
    export(other, tmp_path / "big.json", ExportOptions())
    other.close()
    shown: list[str] = []
    original = progress_module.WorkProgress.__call__

    def spy(self: progress_module.WorkProgress, stage: str, done: int, total: int) -> None:
        original(self, stage, done, total)
        if self.dialog is not None and self.dialog.isVisible():
            shown.append(f"{self.title}: {self.dialog.labelText()}")

    progress_module.WorkProgress.__call__ = spy  # type: ignore[method-assign]
    try:
        dialog = win.exchange.import_file(tmp_path / "big.json")
        assert dialog is not None
        with qtbot.waitSignal(dialog.imported):
            dialog.import_button.click()
    finally:
        progress_module.WorkProgress.__call__ = original  # type: ignore[method-assign]
    assert any(s.startswith("Checking the file: Checking the file") for s in shown), shown
    assert any(s.startswith("Importing: Updating search") for s in shown), shown
    assert browse.count(store, Filters()) >= progress_module.LARGE + 200
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle()
                in ("Importing", "Checking the file")]  # fmt: skip
