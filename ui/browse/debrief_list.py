"""The list of debriefs: a lazily loaded table with search and filters, and an empty state.

The model never holds the archive: it knows the row count (from SQL) and keeps a few pages of
rows around the part being looked at. Sorting and filtering re-run the query in SQL.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from typing import cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.lifecycle import count_debriefs
from debrief.labels import PRIMARY_REASON
from debrief.money import format_amount
from debrief.search import browse
from debrief.search.browse import Filters, ListRow, Sort, SortKey
from debrief.search.query import HIT_END, HIT_START, snippet_html
from debrief.store.database import Store

from ..widgets.rich_text import local_stamp
from .filter_bar import FilterBar

Index = QModelIndex | QPersistentModelIndex
DEBRIEF_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_HTML_ROLE = Qt.ItemDataRole.UserRole + 3
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 4  # raw, with search.HIT_START/HIT_END markers
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# The roles the model answers; the view asks each cell for about eight on every paint.
_ROLES = frozenset(
    int(r)
    for r in (
        _DISPLAY,
        _ALIGNMENT,
        _TOOLTIP,
        DEBRIEF_ID_ROLE,
        ACCOUNT_ID_ROLE,
        SNIPPET_HTML_ROLE,
        SNIPPET_ROLE,
    )
)

_COLUMNS: list[tuple[str, SortKey]] = [
    ("Date lost", SortKey.DATE_LOST),
    ("Customer", SortKey.CUSTOMER),
    ("Senior contact", SortKey.CONTACT),
    ("Deal", SortKey.DEAL),
    ("Won by", SortKey.WON_BY),
    (PRIMARY_REASON, SortKey.REASON),
    ("Value", SortKey.VALUE),
    ("Status", SortKey.STATUS),
]
FOUND_IN = ("Found in", SortKey.RELEVANCE)
DELETED = ("Deleted", SortKey.DELETED)
# Share of the table's width per column (until the user drags a column edge).
COLUMN_WEIGHTS = {
    SortKey.DATE_LOST: 8,
    SortKey.CUSTOMER: 19,
    SortKey.CONTACT: 13,
    SortKey.DEAL: 18,
    SortKey.RELEVANCE: 36,
    SortKey.WON_BY: 12,
    SortKey.REASON: 15,
    SortKey.VALUE: 9,
    SortKey.STATUS: 11,
    SortKey.DELETED: 11,
}


class DebriefTableModel(QAbstractTableModel):
    """Rows come from `debrief.search.browse` a page at a time; only a few pages are kept."""

    # Rows read at a time: two screens' worth. The first page is read on every keystroke of a
    # search (200 rows cost a few milliseconds more than the 25 on screen).
    PAGE_SIZE = 50
    MAX_PAGES = 24

    def __init__(
        self, store: Store, parent: QObject | None = None, filters: Filters | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.filters = filters or Filters()
        self.sort_order = Sort(SortKey.DELETED) if self.filters.trashed else Sort()
        self._pages: OrderedDict[int, list[ListRow]] = OrderedDict()
        self._count = 0
        self.more = False  # a search counted only up to browse.COUNT_CAP
        self._snippets: dict[str, str] = {}  # made for the rows painted, not for whole pages
        self._columns = self._columns_for(self.filters)
        self.refresh()

    # -- what is shown ------------------------------------------------------------------------

    @staticmethod
    def _columns_for(filters: Filters) -> list[tuple[str, SortKey]]:
        """While searching, "Found in" takes the place of contact and reason (it shows them)."""
        columns = list(_COLUMNS)
        if filters.is_searching():
            columns = [c for c in columns if c[1] not in (SortKey.CONTACT, SortKey.REASON)]
            columns.insert(3, FOUND_IN)
        if filters.trashed:
            columns.insert(0, DELETED)
        return columns

    def column_key(self, column: int) -> SortKey:
        return self._columns[column][1]

    def column_of(self, key: SortKey) -> int:
        return next((i for i, (_, k) in enumerate(self._columns) if k == key), -1)

    def refresh(self) -> None:
        """Re-read the count and drop cached rows (after any change to the data)."""
        self.beginResetModel()
        self._pages.clear()
        self._snippets.clear()
        self._columns = self._columns_for(self.filters)
        self._count, self.more = browse.count_shown(self.store, self.filters)
        self.endResetModel()

    def set_filters(self, filters: Filters) -> None:
        """Search or filter; a new search is ordered by relevance until a column is picked."""
        was_searching = self.filters.is_searching()
        self.filters = filters
        if filters.is_searching() and not was_searching:
            self.sort_order = Sort(SortKey.RELEVANCE)
        elif not filters.is_searching() and self.sort_order.key == SortKey.RELEVANCE:
            self.sort_order = Sort(SortKey.DELETED) if filters.trashed else Sort()
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        new = Sort(self.column_key(column), descending)
        if new != self.sort_order:
            self.sort_order = new
            self.refresh()

    def row_at(self, row: int) -> ListRow | None:
        if not 0 <= row < self._count:
            return None
        number = row // self.PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = browse.page(
                self.store,
                self.filters,
                self.sort_order,
                number * self.PAGE_SIZE,
                self.PAGE_SIZE,
                snippets=False,
            )
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row - number * self.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def snippet(self, item: ListRow) -> str:
        """The row's "Found in" excerpt (raw, with hit markers), made when first shown."""
        if not self.filters.is_searching():
            return ""
        found = self._snippets.get(item.id)
        if found is None:
            found = browse.snippet(self.store, self.filters.text, item.id)
            self._snippets[item.id] = found
        return found

    def row_in_first_page(self, debrief_id: str) -> int:
        """Where a debrief is among the first PAGE_SIZE rows, -1 if not there. Loads that page,
        which the view paints next anyway; unlike `row_of` it never ranks the whole list (that
        cost a quarter of a second a keystroke on 100,000 debriefs)."""
        if self.row_at(0) is None:
            return -1
        for offset, item in enumerate(self._pages.get(0, [])):
            if item.id == debrief_id:
                return offset
        return -1

    def cached_rows(self) -> int:
        """How many rows are in memory (never the whole archive)."""
        return sum(len(p) for p in self._pages.values())

    def row_of(self, debrief_id: str) -> int:
        """Where a debrief is in the list as filtered and sorted, -1 if not in it."""
        for number, page in self._pages.items():
            for offset, item in enumerate(page):
                if item.id == debrief_id:
                    return number * self.PAGE_SIZE + offset
        return browse.position_of(self.store, self.filters, self.sort_order, debrief_id)

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in _ROLES or not index.isValid() or index.column() >= len(self._columns):
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        key = self._columns[index.column()][1]
        if role == _DISPLAY:
            return _display(item, key, self.snippet(item) if key == SortKey.RELEVANCE else "")
        if role == DEBRIEF_ID_ROLE:
            return item.id
        if role == ACCOUNT_ID_ROLE:
            return item.account_id
        if role == SNIPPET_ROLE:
            return self.snippet(item)
        if role == SNIPPET_HTML_ROLE:
            return snippet_html(self.snippet(item))
        if role == _ALIGNMENT:
            return _RIGHT if key == SortKey.VALUE else None
        if key == SortKey.RELEVANCE:  # the tool tip
            return _display(item, key, self.snippet(item))
        if key == SortKey.CUSTOMER and item.is_sample:
            return "A sample debrief (Help → Remove sample debriefs takes them all away)"
        return None

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """What a cell's painting asks for, in one call instead of one per role (the delegate
        asks seven roles of each of ~200 cells a paint; the Python calls were most of it)."""
        span = (
            [roleDataSpan]
            if isinstance(roleDataSpan, QModelRoleData)
            else cast("Iterable[QModelRoleData]", roleDataSpan)  # it iterates; the stubs don't say
        )
        item = self.row_at(index.row()) if index.isValid() else None
        if item is None or index.column() >= len(self._columns):
            for role_data in span:
                role_data.clearData()
            return
        key = self._columns[index.column()][1]
        for role_data in span:
            role = role_data.role()
            if role == _DISPLAY:
                snip = self.snippet(item) if key == SortKey.RELEVANCE else ""
                role_data.setData(_display(item, key, snip))
            elif role == _ALIGNMENT and key == SortKey.VALUE:
                role_data.setData(_RIGHT)
            elif role in _ROLES:
                role_data.setData(self.data(index, role))
            else:
                role_data.clearData()


def _display(item: ListRow, key: SortKey, snippet: str = "") -> str:
    if key == SortKey.CUSTOMER:
        return f"{item.account_name}  (sample)" if item.is_sample else item.account_name
    if key == SortKey.RELEVANCE:
        return " ".join(snippet.replace(HIT_START, "").replace(HIT_END, "").split())
    if key == SortKey.DATE_LOST:
        return item.lost_on
    if key == SortKey.DEAL:
        return item.opportunity
    if key == SortKey.WON_BY:
        return item.won_by
    if key == SortKey.VALUE:
        return format_amount(item.value_minor, item.currency)
    if key == SortKey.STATUS:
        return item.status.label
    if key == SortKey.CONTACT:
        return item.contact_name
    if key == SortKey.REASON:
        return item.primary_reason.label if item.primary_reason else ""
    return local_stamp(item.deleted_at)  # SortKey.DELETED


def snippet_parts(raw: str) -> list[tuple[str, bool]]:
    """The excerpt as (text, is a hit) pieces, on one line; hits are what the search found."""
    parts: list[tuple[str, bool]] = []
    text = raw.replace("\n", " ")
    while text:
        start = text.find(HIT_START)
        if start < 0:
            parts.append((text, False))
            break
        end = text.find(HIT_END, start)
        end = len(text) if end < 0 else end
        if start:
            parts.append((text[:start], False))
        parts.append((text[start + 1 : end], True))
        text = text[end + 1 :]
    return [(t, hit) for t, hit in parts if t]


class SnippetDelegate(QStyledItemDelegate):
    """Paints the "Found in" excerpt on one line with the hits in bold.

    The pieces are drawn as plain text, one font each: laying each excerpt out as a rich-text
    document on every paint cost about 0.4 ms a cell, most of a keystroke's painting."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._made: tuple[QFont, QFont, dict[bool, QFontMetricsF]] | None = None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        raw = index.data(SNIPPET_ROLE)
        if not raw:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        normal, bold, metrics = self._fonts(opt.font)
        rect = opt.rect
        height = metrics[False].height()
        x = float(rect.left() + _MARGIN)
        # Where the rich-text document it replaces put the line: centred with its margins.
        top = rect.top() + max(0, (rect.height() - int(height + 2 * _MARGIN)) // 2) + _MARGIN
        baseline = top + metrics[False].ascent()
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(opt.palette.color(role))
        for text, hit in snippet_parts(raw):
            if x > rect.right():
                break
            painter.setFont(bold if hit else normal)
            painter.drawText(QPointF(x, baseline), text)
            x += metrics[hit].horizontalAdvance(text)
        painter.restore()

    def _fonts(self, font: QFont) -> tuple[QFont, QFont, dict[bool, QFontMetricsF]]:
        """The plain and bold fonts and their metrics, made once per font the view uses."""
        made = self._made
        if made is None or made[0] != font:
            bold = QFont(font)
            bold.setBold(True)
            metrics = {False: QFontMetricsF(font), True: QFontMetricsF(bold)}
            made = self._made = (QFont(font), bold, metrics)
        return made


_MARGIN = 2  # what the rich-text document around the excerpt had on each side


class DebriefTable(QTableView):
    """The table: rows select whole, Enter opens, the header sorts (in SQL)."""

    def __init__(self, model: DebriefTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setTabKeyNavigation(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        self.snippets = SnippetDelegate(self)
        self._fitting = False
        self._keys: list[SortKey] = []
        self.user_sized = False
        self.sync_header()
        header.sectionResized.connect(self._section_resized)
        self.setSortingEnabled(True)
        model.modelReset.connect(self.sync_header)

    def model(self) -> DebriefTableModel:
        return super().model()  # type: ignore[return-value]

    def sync_header(self) -> None:
        """Show the model's order in the header and size the columns it has now."""
        model = self.model()
        header = self.horizontalHeader()
        column = model.column_of(model.sort_order.key)
        if model.more and model.sort_order.key == SortKey.RELEVANCE:
            column = -1  # over the cap the rows are newest first, not ranked: claim no order
        order = (
            Qt.SortOrder.DescendingOrder
            if model.sort_order.descending
            else Qt.SortOrder.AscendingOrder
        )
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)
        keys = [model.column_key(c) for c in range(model.columnCount())]
        for col, key in enumerate(keys):
            delegate = self.snippets if key == SortKey.RELEVANCE else None
            # Qt removes the column's delegate when given None; the stubs don't say so.
            self.setItemDelegateForColumn(col, delegate)  # type: ignore[arg-type]
        if keys != self._keys:
            self._keys = keys
            self.user_sized = False
        self.fit_columns()

    def fit_columns(self) -> None:
        """Share the width out by weight, so every column shows at any window size."""
        if self.user_sized:
            return
        model = self.model()
        keys = [model.column_key(c) for c in range(model.columnCount())]
        total = sum(COLUMN_WEIGHTS[k] for k in keys) or 1
        width = self.viewport().width()
        self._fitting = True
        for col, key in enumerate(keys):
            self.setColumnWidth(col, max(60, width * COLUMN_WEIGHTS[key] // total))
        self._fitting = False

    def _section_resized(self, *_: object) -> None:
        if not self._fitting:
            self.user_sized = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class DebriefListPage(QWidget):
    """The search box and filters over the table; an invitation when there is nothing yet."""

    new_requested = Signal()
    samples_requested = Signal()
    open_requested = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.model = DebriefTableModel(store, self)
        self.table = DebriefTable(self.model)
        self.table.setObjectName("debriefTable")
        self.table.activated.connect(self._activated)

        self.filter_bar = FilterBar(store)
        self.filter_bar.changed.connect(self._filters_changed)
        self.search = self.filter_bar.search
        self.search.installEventFilter(self)

        self.no_results = QLabel()
        self.no_results.setObjectName("noResults")
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_results.setWordWrap(True)
        self.results = QStackedWidget()
        self.results.addWidget(self.table)
        self.results.addWidget(self.no_results)
        browse_page = QWidget()
        browse_layout = QVBoxLayout(browse_page)
        browse_layout.setContentsMargins(8, 8, 8, 0)
        browse_layout.addWidget(self.filter_bar)
        browse_layout.addWidget(self.results, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._empty_state())
        self.stack.addWidget(browse_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._update_state()

    def _empty_state(self) -> QWidget:
        empty = QWidget()
        empty.setObjectName("emptyState")
        title = QLabel("<h2>No debriefs yet</h2>")
        text = QLabel(
            "Lost a deal? It can still teach you something — and keep the door open.\n"
            "Log the loss, ask for a short conversation,\nand Debrief will guide you from there."
        )
        # Two short lines, not word-wrapped: a wrapped label in an aligned layout slot gets
        # squeezed and clipped.
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton("Log your first debrief  (Ctrl+N)")
        button.setObjectName("emptyNewButton")
        button.clicked.connect(self.new_requested)
        samples_text = QLabel("Or look around first with a few invented examples:")
        samples = QPushButton("Load sample debriefs")
        samples.setObjectName("emptySamplesButton")
        samples.clicked.connect(self.samples_requested)
        layout = QVBoxLayout(empty)
        layout.addStretch(2)
        for widget in (title, text, button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(24)
        for widget in (samples_text, samples):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        return empty

    # -- state ---------------------------------------------------------------------------------

    def refresh_when_shown(self, *_: object) -> None:
        """Data changed: re-read now if the list is in view, else the next time it is shown.
        (A meeting changes its debrief many times while the list is out of sight.)"""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if getattr(self, "_stale", False):
            self.refresh()
        super().showEvent(event)

    def refresh(self, select_id: str | None = None) -> None:
        """Re-read after a change, keeping the selected debrief selected."""
        self._stale = False
        keep = select_id or self.current_debrief_id()
        self.filter_bar.reload_choices()
        self.model.refresh()
        self._update_state()
        if keep:
            self.select(keep, search_all=select_id is not None)

    def select(self, debrief_id: str, search_all: bool = True) -> bool:
        row = self.model.row_of(debrief_id) if search_all else self._visible_row(debrief_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _visible_row(self, debrief_id: str) -> int:
        first = self.table.rowAt(0)
        last = self.table.rowAt(self.table.viewport().height() - 1)
        first = max(first, 0)
        last = self.model.rowCount() - 1 if last < 0 else last
        for row in range(first, min(last, first + 200) + 1):
            if self.model.data(self.model.index(row, 0), DEBRIEF_ID_ROLE) == debrief_id:
                return row
        return -1

    def _update_state(self) -> None:
        has_any = self.model.rowCount() > 0 or count_debriefs(self.store) > 0
        self.stack.setCurrentIndex(1 if has_any else 0)
        shown = self.model.rowCount()
        self.filter_bar.show_count(shown, more=self.model.more)
        if shown == 0 and self.model.filters.is_narrowed():
            self.no_results.setText(
                "<p>Nothing matches that search and these filters.</p>"
                "<p>Try fewer words, or <b>Clear filters</b>.</p>"
            )
            self.results.setCurrentWidget(self.no_results)
        else:
            self.results.setCurrentWidget(self.table)

    def _filters_changed(self, filters: Filters) -> None:
        filters = replace(filters, trashed=False)
        if filters != self.model.filters:
            keep = self.current_debrief_id()
            self.model.set_filters(filters)
            self._update_state()
            self._select_after_change(keep)

    def _select_after_change(self, keep: str | None) -> None:
        """After a search or filter changes the rows, keep the selected debrief selected when
        it is still among the first page of them, else select the first row, so Enter, Ctrl+E
        or Ctrl+H act on a visible row at once."""
        row = self.model.row_in_first_page(keep) if keep else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            return
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.scrollTo(self.model.index(0, 0))

    def is_empty_state(self) -> bool:
        return self.stack.currentIndex() == 0

    def current_debrief_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return cast("str | None", self.model.data(index, DEBRIEF_ID_ROLE))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- keyboard ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """From the search box, Down goes to the results and Enter opens the first/selected."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self._select_first_if_none()
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.filter_bar.apply_now()  # don't wait for the typing pause
                if self.model.rowCount():
                    self._select_first_if_none()
                    self.open_requested.emit(self.current_debrief_id())
                return True
        return super().eventFilter(watched, event)

    def _select_first_if_none(self) -> None:
        if self.current_debrief_id() is None:
            self.table.selectRow(0)

    def _activated(self, index: QModelIndex) -> None:
        debrief_id = self.model.data(index, DEBRIEF_ID_ROLE)
        if debrief_id:
            self.open_requested.emit(debrief_id)
