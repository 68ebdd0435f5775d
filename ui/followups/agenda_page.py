"""The agenda page: overdue, this week, later. Keyboard-first: D done, S snooze, R reschedule,
F2 edit, P edits the person to contact, X cancel, Enter opens the debrief, L opens the matching
draft, E exports one to the calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from debrief.followups.agenda import (
    Agenda,
    agenda,
    cancel_followup,
    edit_followup,
    get_followup,
    mark_done,
    reschedule,
    snooze,
)
from debrief.followups.model import Channel, Followup
from debrief.model import LetterKind
from debrief.store.database import Store

from ..forms.person_dialog import PersonDialog, edit_person
from ..operations import Operations
from ..widgets.page_header import back_button, title_label
from .dialogs import CancelDialog, DoneDialog, EditDialog, RescheduleDialog
from .wording import draft_for, draft_label, short_day, what, when_words, who

FOLLOWUP_ROLE = Qt.ItemDataRole.UserRole + 1
SNOOZES = [("Until &tomorrow", 1), ("For a &week", 7), ("For a &month", 30)]


class AgendaPage(QWidget):
    back_requested = Signal()
    open_debrief_requested = Signal(str)
    draft_requested = Signal(str, object)  # debrief id, LetterKind
    export_requested = Signal(object)  # a Followup, or None for all
    settings_requested = Signal()
    message = Signal(str, int)  # a status-bar line: what was just done (the window shows it)

    def __init__(
        self,
        store: Store,
        ops: Operations,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.ops = ops
        self.today = today
        self.current: Agenda | None = None
        self._stale = True

        self.back_button = back_button(self.back_requested.emit)
        self.title = title_label("agendaTitle")
        self.title.setText("Follow-ups")
        self.counts = QLabel()
        self.counts.setObjectName("agendaCounts")
        self.export_button = QPushButton("E&xport to calendar…")
        self.export_button.setObjectName("exportAllButton")
        self.export_button.setToolTip("All follow-ups as an .ics file your calendar imports")
        self.export_button.clicked.connect(lambda: self.export_requested.emit(None))
        self.settings_button = QPushButton("Se&ttings…")
        self.settings_button.setToolTip("Default timing of proposed follow-ups")
        self.settings_button.clicked.connect(self.settings_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.counts)
        top.addLayout(heading, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.settings_button)

        self.tree = QTreeWidget()
        self.tree.setObjectName("agendaTree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Due", "What", "Who", "Deal"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 260)
        header.resizeSection(3, 200)
        self.tree.itemActivated.connect(lambda *_: self.open_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.empty = QLabel(
            "Nothing on the agenda. Open a debrief and choose Follow-up plan… "
            "(Ctrl+Shift+P) to plan the calls and letters that keep the door open."
        )
        self.empty.setObjectName("agendaEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.detail = QLabel()
        self.detail.setObjectName("agendaDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.actions_row = QHBoxLayout()
        self.done_action = self._action("&Done…", "D", self.done_selected, "doneButton")
        self.snooze_menu = QMenu(self)
        for text, days in SNOOZES:
            choice = self.snooze_menu.addAction(text)
            choice.setData(days)
        self.snooze_menu.triggered.connect(lambda action: self.snooze_selected(int(action.data())))
        self.snooze_action = self._action(
            "&Snooze", "S", lambda: self.snooze_selected(7), "snoozeButton", menu=True
        )
        self.reschedule_action = self._action(
            "&Reschedule…", "R", self.reschedule_selected, "rescheduleButton"
        )
        self.edit_action = self._action("&Edit…", "F2", self.edit_selected, "editButton")
        self.person_action = self._action(
            "Edit &person…", "P", self.edit_person_selected, "editPersonButton"
        )
        self.cancel_action = self._action("Ca&ncel…", "X", self.cancel_selected, "cancelButton")
        self.open_action = self._action(
            "&Open debrief", QKeySequence(Qt.Key.Key_Return), self.open_selected, "openButton"
        )
        self.draft_action = self._action("Draft", "L", self.draft_selected, "draftButton")
        self.export_one_action = self._action(
            "Add to &calendar…", "E", self.export_selected, "exportOneButton"
        )
        self.actions_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.detail)
        layout.addLayout(self.actions_row)
        self.ops.changed.connect(self._changed)
        back = QAction("Back to the list", self)
        back.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.triggered.connect(self.back_requested.emit)
        self.addAction(back)
        self._update_buttons()

    def _action(
        self,
        text: str,
        key: str | QKeySequence,
        slot: Callable[[], object],
        name: str,
        menu: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.tree.addAction(action)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
        action.setIconText(f"{text.replace('&', '')}  {shortcut}")
        button = QToolButton()
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if menu:
            button.setMenu(self.snooze_menu)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.actions_row.addWidget(button)
        return action

    # -- content --------------------------------------------------------------------------------

    def _changed(self, changes: object) -> None:
        if getattr(changes, "listing", True) or getattr(changes, "settings", False):
            self.refresh_when_shown()

    def refresh_when_shown(self, *_: object) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: object) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self, select_id: str | None = None) -> None:
        current = self.selected()
        selected = select_id or (current.id if current else None)
        today = self.today()
        self.current = found = agenda(self.store, today)
        self._stale = False
        self.tree.clear()
        due_now = len(found.due_now)
        self.counts.setText(
            f"{due_now} due now · {len(found.this_week)} this week · {len(found.later)} later"
            if len(found)
            else "Nothing planned"
        )
        first = chosen = None
        for title, items in (
            ("Overdue", found.overdue),
            ("This week", found.this_week),
            ("Later", found.later),
        ):
            if not items:
                continue
            group = QTreeWidgetItem(self.tree, [f"{title} ({len(items)})"])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for item in items:
                row = QTreeWidgetItem(
                    group,
                    [
                        f"{short_day(item.due)} · {when_words(item.due, today)}",
                        what(item),
                        who(item),
                        item.opportunity,
                    ],
                )
                row.setData(0, FOLLOWUP_ROLE, item)
                row.setToolTip(1, item.purpose)
                first = first or row
                if item.id == selected:
                    chosen = row
            group.setExpanded(True)
        target = chosen or first
        has_rows = target is not None
        self.tree.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if target is not None:
            self.tree.setCurrentItem(target)
        self._update_buttons()

    def selected(self) -> Followup | None:
        item = self.tree.currentItem()
        value = item.data(0, FOLLOWUP_ROLE) if item is not None else None
        return value if isinstance(value, Followup) else None

    def select(self, followup_id: str) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount() if group else 0):
                row = group.child(j) if group else None
                value = row.data(0, FOLLOWUP_ROLE) if row else None
                if row is not None and isinstance(value, Followup) and value.id == followup_id:
                    self.tree.setCurrentItem(row)
                    return True
        return False

    def _update_buttons(self) -> None:
        item = self.selected()
        for action in (
            self.done_action,
            self.snooze_action,
            self.reschedule_action,
            self.edit_action,
            self.cancel_action,
            self.open_action,
            self.export_one_action,
        ):
            action.setEnabled(item is not None)
        self.person_action.setEnabled(item is not None and item.contact_id is not None)
        kind = draft_for(item) if item else None
        self.draft_action.setEnabled(kind is not None)
        self.draft_action.setText(draft_label(kind) if kind else "Draft")
        self.draft_action.setIconText(f"{draft_label(kind) if kind else 'Draft'}  L")
        if item is None:
            self.detail.clear()
            return
        lines = [f"{item.channel.label} {who(item)} — {item.purpose}"]
        reach = " · ".join(
            p for p in (item.contact_title, item.contact_phone, item.contact_email) if p
        )
        if reach and item.kind.contacts_customer:
            lines.append(reach)
        lines.append(
            f"Due {short_day(item.due)} ({when_words(item.due, self.today())}) · {item.kind.label}"
        )
        self.detail.setText("\n".join(lines))

    # -- what the rep does ----------------------------------------------------------------------

    def _after(self, outcome_ok: bool, followup_id: str, message: str) -> None:
        if outcome_ok:
            self.refresh(select_id=followup_id)
            self.message.emit(message, 6000)

    def done_selected(self) -> DoneDialog | None:
        item = self.selected()
        if item is None:
            return None
        dialog = DoneDialog(self.store, item, self.today(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(note: str, on: date) -> None:
            result = self.ops.run(self, lambda: mark_done(self.store, item.id, note, on))
            if result.ok:
                dialog.saved()
            self._after(result.ok, item.id, f"Done: {item.purpose}.")

        dialog.chosen.connect(chosen)
        dialog.open()
        return dialog

    def snooze_selected(self, days: int) -> None:
        item = self.selected()
        if item is None:
            return
        result = self.ops.run(self, lambda: snooze(self.store, item.id, days, self.today()))
        if result.ok:
            moved = result.unwrap()
            self._after(True, item.id, f"Snoozed to {short_day(moved.due)}: {item.purpose}.")

    def reschedule_selected(self) -> RescheduleDialog | None:
        item = self.selected()
        if item is None:
            return None
        dialog = RescheduleDialog(self.store, item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(due: str) -> None:
            result = self.ops.run(self, lambda: reschedule(self.store, item.id, due))
            if result.ok:
                dialog.saved()
            self._after(result.ok, item.id, f"Moved to {short_day(due)}: {item.purpose}.")

        dialog.chosen.connect(chosen)
        dialog.open()
        return dialog

    def edit_selected(self) -> EditDialog | None:
        item = self.selected()
        if item is None:
            return None
        dialog = EditDialog(self.store, item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(purpose: str, channel: Channel, due: str) -> None:
            result = self.ops.run(
                self,
                lambda: edit_followup(
                    self.store, item.id, purpose=purpose, channel=channel, due=due
                ),
            )
            if result.ok:
                dialog.saved()
            self._after(result.ok, item.id, "Follow-up changed.")

        dialog.chosen.connect(chosen)
        dialog.open()
        return dialog

    def cancel_selected(self) -> CancelDialog | None:
        item = self.selected()
        if item is None:
            return None
        dialog = CancelDialog(self.store, item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(note: str) -> None:
            result = self.ops.run(self, lambda: cancel_followup(self.store, item.id, note))
            if result.ok:
                dialog.saved()
            self._after(result.ok, item.id, f"Cancelled: {item.purpose}.")

        dialog.chosen.connect(chosen)
        dialog.open()
        return dialog

    def edit_person_selected(self) -> PersonDialog | None:
        """The person form on who this follow-up contacts; the agenda follows the broadcast."""
        item = self.selected()
        if item is None or item.contact_id is None:
            return None
        return edit_person(self.ops, item.contact_id, self)

    def open_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.open_debrief_requested.emit(item.debrief_id)

    def draft_selected(self) -> None:
        item = self.selected()
        kind: LetterKind | None = draft_for(item) if item else None
        if item is not None and kind is not None:
            self.draft_requested.emit(item.debrief_id, kind)

    def export_selected(self) -> None:
        item = self.selected()
        if item is not None:
            fresh = self.ops.run(self, lambda: get_followup(self.store, item.id))
            if fresh.ok:
                self.export_requested.emit(fresh.unwrap())
