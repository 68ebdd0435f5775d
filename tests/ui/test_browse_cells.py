"""The list's cells as painted: one multiData call per cell gives what data() gives, and the
"Found in" excerpt is drawn in pieces with the hits (as written, "Łódź" for "lodz") in bold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from debrief.meeting.session import save_notepad
from debrief.samples import load_samples
from debrief.search.browse import Filters, SortKey
from debrief.search.query import HIT_END, HIT_START
from debrief.store.database import Store
from ui.app import build_window
from ui.browse.debrief_list import (
    DEBRIEF_ID_ROLE,
    SNIPPET_ROLE,
    DebriefTable,
    DebriefTableModel,
    snippet_parts,
)
from ui.paths import AppPaths


def test_what_the_delegate_reads_in_one_call_is_what_data_says(qtbot: QtBot, store: Store) -> None:
    load_samples(store)
    delegate = QStyledItemDelegate()
    for filters in (Filters(), Filters(text="pilot"), Filters(text="lodz"), Filters(trashed=True)):
        model = DebriefTableModel(store, filters=filters)
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                option = QStyleOptionViewItem()
                delegate.initStyleOption(option, index)  # Qt asks multiData here
                assert option.text == (model.data(index) or "")
                aligned = model.data(index, Qt.ItemDataRole.TextAlignmentRole)
                if aligned is not None:
                    assert option.displayAlignment == Qt.AlignmentFlag(aligned)
        assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None


def test_the_excerpt_is_split_into_plain_and_bold_pieces() -> None:
    raw = f"…met at the {HIT_START}Łódź{HIT_END} plant with\n{HIT_START}Michał{HIT_END}"
    assert snippet_parts(raw) == [
        ("…met at the ", False),
        ("Łódź", True),
        (" plant with ", False),
        ("Michał", True),
    ]
    assert snippet_parts(f"{HIT_START}open") == [("open", True)]
    assert snippet_parts(f"a{HIT_END}b") == [(f"a{HIT_END}b", False)]
    assert snippet_parts("") == []


def test_a_folded_search_marks_the_name_as_written(qtbot: QtBot, store: Store) -> None:
    load_samples(store)
    model = DebriefTableModel(store, filters=Filters(text="lodz"))
    column = model.column_of(SortKey.RELEVANCE)
    pieces = [snippet_parts(model.data(model.index(r, column), SNIPPET_ROLE)) for r in range(1)]
    assert any(text == "Łódź" and hit for part in pieces for text, hit in part)
    table = DebriefTable(model)
    qtbot.addWidget(table)
    table.resize(1366, 500)
    table.show()
    qtbot.waitExposed(table)
    assert not table.viewport().grab().isNull()


def test_the_next_search_after_an_edit_shows_the_new_excerpt(qtbot: QtBot, store: Store) -> None:
    load_samples(store)
    model = DebriefTableModel(store, filters=Filters(text="kestrel"))
    debrief_id = model.data(model.index(0, 0), DEBRIEF_ID_ROLE)
    save_notepad(store, debrief_id, "Kestrel asked about the porcupine dashboard.")
    model.set_filters(Filters(text="porcupine"))
    column = model.column_of(SortKey.RELEVANCE)
    assert model.rowCount() == 1
    assert "dashboard" in model.data(model.index(0, column))
    save_notepad(store, debrief_id, "Kestrel wants the porcupine report sooner.")
    model.set_filters(Filters())
    model.set_filters(Filters(text="porcupine"))
    assert "report sooner" in model.data(model.index(0, column))
    assert "dashboard" not in model.data(model.index(0, column))


def test_a_search_keeps_the_selection_while_the_debrief_is_still_listed(
    qtbot: QtBot, store: Store, paths: AppPaths
) -> None:
    load_samples(store)
    window = build_window(store, paths)
    qtbot.addWidget(window)
    window.show()
    page = window.list_page
    model = page.model
    row = next(r for r in range(model.rowCount()) if "Kestrel" in model.data(model.index(r, 1)))
    page.table.selectRow(row)
    kept = page.current_debrief_id()
    page.search.setText("a")
    page.filter_bar.apply_now()
    assert model.rowCount() > 1 and page.current_debrief_id() == kept
    page.search.setText("harbourline")
    page.filter_bar.apply_now()
    assert page.current_debrief_id() != kept
    assert page.table.selectionModel().isRowSelected(0)
