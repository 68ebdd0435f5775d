"""The meeting screen: checklist, the note on the current question, a free note pad, capture
panels and the read-back, all on one 1366×768 screen and all reachable from the keyboard.

Keys (also listed at the bottom of the screen):
  Esc                    leave the meeting (everything is saved), back to where you came from
  Alt+Down / Alt+Up      next / previous question (the note you were typing is kept); on a
                         drop-down, Alt+Down opens its list as everywhere else
  Ctrl+Enter             mark the question asked and go to the next
  Ctrl+Shift+Enter       mark it skipped and go to the next
  Ctrl+I                 mark the note in focus internal / customer-facing
  Alt+N, Alt+P, Alt+L    go to the question's note, the note pad, the checklist
  Alt+1 … Alt+6          Criteria, Reasons, Competitor, Requests, Close, Read-back
  Alt+K                  show / hide the coaching cues
  Alt+D                  draft the read-back from the notes
  F5                     show the read-back to the customer (Esc closes it)
  Ctrl+Shift+C / Q / W / R   the note's line (or selection) becomes a criterion, a quote of
                         the main reason, a strength of what they chose instead, a request
  Ctrl+.                 the same as a small menu
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QElapsedTimer, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from debrief.changes import ChangeSet
from debrief.dates import parse_optional_date
from debrief.debriefs.record import DEFAULT_MINUTES, DebriefRecord, MeetingQuestion, load_record
from debrief.errors import DebriefError, NotFoundError
from debrief.meeting import session as core
from debrief.meeting.facing import facing_readback
from debrief.meeting.question_sets import phase_label
from debrief.meeting.session import CaptureTarget
from debrief.model import CaptureKind, Debrief, LossReason, QuestionState

from ..autosave import Autosaver
from ..forms.person_dialog import PersonDialog, edit_contact_of
from ..operations import Operations
from .capture import ClosePanel, CriteriaPanel, ItemsPanel, ReasonsPanel
from .checklist import QUESTION_ID_ROLE, ChecklistModel
from .coaching_panel import CoachingPanel
from .readback_panel import ReadbackPanel
from .readback_view import ReadbackView

ELAPSED_SAVE_EVERY_S = 15
KEYS_HELP = (
    "Esc leave (all saved) · Alt+↓/↑ next/previous question · Ctrl+Enter asked, next · "
    "Ctrl+Shift+Enter skip, next · Ctrl+I internal · Alt+N note · Alt+P note pad · "
    "Alt+L checklist · Alt+1–6 panels · Ctrl+. line to… · Alt+D draft read-back · "
    "F5 show read-back · Alt+K cues · F11 full screen"
)
# The note's line goes to a capture panel: (target, shortcut, menu text).
CAPTURE_KEYS = (
    (CaptureTarget.CRITERION, "Ctrl+Shift+C", "→ &Criterion"),
    (CaptureTarget.REASON_QUOTE, "Ctrl+Shift+Q", "→ Reason &quote"),
    (CaptureTarget.COMPETITOR_STRENGTH, "Ctrl+Shift+W", "→ &What they chose instead does well"),
    (CaptureTarget.PRODUCT_REQUEST, "Ctrl+Shift+R", "→ &Request"),
)


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def format_clock(seconds: int, minutes: int) -> str:
    """Time in the meeting against the agreed length, read at a glance: '28 s of 30 min',
    '12 min of 30', '5 min over'."""
    agreed = minutes * 60
    if seconds > agreed:
        return f"{max(1, (seconds - agreed) // 60)} min over"
    if seconds < 60:
        return f"{seconds} s of {minutes} min"
    return f"{seconds // 60} min of {minutes}"


def _held_on(meeting_date: str) -> str:
    try:
        day = parse_optional_date(meeting_date)
    except DebriefError:
        day = None
    return f"Held {day.day} {day:%b %Y}" if day else ""


class MeetingScreen(QWidget):
    note_edit: QPlainTextEdit  # built after the tree whose activation focuses it
    leave_requested = Signal()  # Esc: the rep is done here for now
    held_requested = Signal()  # the rep wants to say the meeting took place

    def __init__(self, ops: Operations, saver: Autosaver, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.store = store = ops.store
        self.saver = saver
        self.debrief_id = ""
        self.current_id: str | None = None
        self.minutes = DEFAULT_MINUTES
        self.base_elapsed = 0
        self.clock = QElapsedTimer()
        self.cursor_positions: dict[str, int] = {}
        self._loading = False

        # header: who, what, time, coverage
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setMinimumWidth(200)  # a long title is cut, never the time or the buttons
        self.elapsed_label = QLabel()
        self.elapsed_label.setObjectName("elapsed")
        self.coverage_label = QLabel()
        self.coverage_label.setObjectName("coverage")
        self.held_button = QToolButton()
        self.held_button.setObjectName("heldButton")
        self.held_button.setText("Mark meeting held…")
        self.held_button.setToolTip(
            "Ctrl+Shift+H. Say the meeting took place (and when): the summary letter needs it."
        )
        self.held_button.clicked.connect(self.held_requested)
        self.person_button = QToolButton()
        self.person_button.setObjectName("editPersonButton")
        self.person_button.setText("Edit person…")
        self.person_button.setToolTip(
            "Correct the title, email, phone or greeting of the person you are meeting"
        )
        self.person_button.clicked.connect(self.edit_person)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.person_button)
        header.addWidget(self.held_button)
        header.addSpacing(16)
        header.addWidget(self.coverage_label)
        header.addSpacing(16)
        header.addWidget(self.elapsed_label)

        # left: checklist and coaching
        self.model = ChecklistModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("checklist")
        self.tree.setAccessibleName("Question checklist")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setIndentation(14)
        self.tree.selectionModel().currentChanged.connect(self._tree_moved)
        self.tree.activated.connect(lambda _i: self.note_edit.setFocus())
        self.coaching = CoachingPanel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.coaching)

        # middle: the current question and its note, and the note pad
        self.phase_label = _muted(QLabel())
        self.question_label = QLabel()
        self.question_label.setObjectName("questionText")
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)
        self.question_label.setWordWrap(True)
        qfont = self.question_label.font()
        qfont.setPointSizeF(qfont.pointSizeF() * 1.3)
        self.question_label.setFont(qfont)
        self.hint_label = _muted(QLabel())
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setWordWrap(True)
        self.asked_button = QPushButton("✓ Asked, next")
        self.asked_button.setToolTip("Ctrl+Enter")
        self.skip_button = QPushButton("Skip, next")
        self.skip_button.setToolTip("Ctrl+Shift+Enter")
        self.reopen_button = QPushButton(QuestionState.OPEN.label)
        self.asked_button.clicked.connect(lambda: self.mark(QuestionState.ASKED, advance=True))
        self.skip_button.clicked.connect(lambda: self.mark(QuestionState.SKIPPED, advance=True))
        self.reopen_button.clicked.connect(lambda: self.mark(QuestionState.OPEN, advance=False))
        self.note_internal = QCheckBox("Internal")
        self.note_internal.setToolTip("Ctrl+I. Internal notes never reach the customer.")
        self.note_internal.toggled.connect(self._note_internal_toggled)
        self.capture_menu = QMenu(self)
        self.capture_button = QToolButton()
        self.capture_button.setText("Line to…")
        self.capture_button.setToolTip(
            "Ctrl+. The line you are on (or what you selected) becomes a criterion, a quote, a "
            "strength or a request, without retyping."
        )
        self.capture_button.setMenu(self.capture_menu)
        self.capture_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.capture_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        for b in (self.asked_button, self.skip_button, self.reopen_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.capture_button)
        buttons.addWidget(self.note_internal)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("questionNote")
        self.note_edit.setAccessibleName("Note on this question")
        self.note_edit.setPlaceholderText("What they said: use their words.")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.textChanged.connect(self._note_typed)
        self.note_edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.note_edit.customContextMenuRequested.connect(self._note_context_menu)
        self.capture_status = _muted(QLabel())
        self.capture_status.setObjectName("captureStatus")
        self.capture_status.setTextFormat(Qt.TextFormat.PlainText)
        self.capture_status.setWordWrap(True)
        question_box = QWidget()
        qlayout = QVBoxLayout(question_box)
        qlayout.setContentsMargins(0, 0, 0, 0)
        for w in (self.phase_label, self.question_label, self.hint_label):
            qlayout.addWidget(w)
        qlayout.addLayout(buttons)
        qlayout.addWidget(self.note_edit, 1)
        qlayout.addWidget(self.capture_status)

        self.notepad = QPlainTextEdit()
        self.notepad.setObjectName("notepad")
        self.notepad.setAccessibleName("Note pad")
        self.notepad.setPlaceholderText("Anything else: asides, names, numbers, to-dos.")
        self.notepad.setTabChangesFocus(True)
        self.notepad.textChanged.connect(self._notepad_typed)
        self.notepad_internal = QCheckBox("Internal")
        self.notepad_internal.setToolTip("Ctrl+I while in the note pad.")
        self.notepad_internal.toggled.connect(self._notepad_internal_toggled)
        pad_head = QHBoxLayout()
        pad_head.addWidget(QLabel("<b>Note pad</b>"))
        pad_head.addStretch(1)
        pad_head.addWidget(self.notepad_internal)
        pad_box = QWidget()
        pad_layout = QVBoxLayout(pad_box)
        pad_layout.setContentsMargins(0, 0, 0, 0)
        pad_layout.addLayout(pad_head)
        pad_layout.addWidget(self.notepad, 1)
        middle = self.notes_splitter = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(question_box)
        middle.addWidget(pad_box)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        middle.setChildrenCollapsible(False)

        # right: structured capture and the read-back
        self.criteria = CriteriaPanel(ops, saver)
        self.reasons = ReasonsPanel(ops, saver)
        self.strengths = ItemsPanel(
            ops,
            saver,
            CaptureKind.COMPETITOR_STRENGTH,
            f"{CaptureKind.COMPETITOR_STRENGTH.label}. Listen; never run them down. "
            "Internal by default.",
            "strength",
        )
        self.requests = ItemsPanel(
            ops,
            saver,
            CaptureKind.PRODUCT_REQUEST,
            f"{CaptureKind.PRODUCT_REQUEST.label}: products, services, ways of working.",
            "request",
        )
        self.close_panel = ClosePanel(ops, saver)
        self.readback = ReadbackPanel(store, saver)
        self.readback.show_requested.connect(self.show_readback)
        self.readback_view: ReadbackView | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("capture")
        self.panels = [
            (self.criteria, "Criteria"),
            (self.reasons, "Reasons"),
            (self.strengths, "Competitor"),
            (self.requests, "Requests"),
            (self.close_panel, "Close"),
            (self.readback, "Read-back"),
        ]
        for number, (panel, label) in enumerate(self.panels, start=1):
            self.tabs.addTab(panel, label)
            self.tabs.setTabToolTip(number - 1, f"Alt+{number}")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 560, 500])
        self.splitter.setChildrenCollapsible(False)

        keys = _muted(QLabel(KEYS_HELP))
        keys.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(keys)

        self._build_actions()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        ops.changed.connect(self._data_changed)

    # -- keyboard ----------------------------------------------------------------------------

    def _add(self, text: str, keys: list[str], slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.leave_action = self._add("Leave the meeting", ["Esc"], self.leave_requested.emit)
        self.next_action = self._add("Next question", ["Alt+Down"], self._next_or_open)
        self.previous_action = self._add("Previous question", ["Alt+Up"], lambda: self.go(-1))
        self.asked_action = self._add(
            "Asked, next",
            ["Ctrl+Return", "Ctrl+Enter"],
            lambda: self.mark(QuestionState.ASKED, advance=True),
        )
        self.skip_action = self._add(
            "Skip, next",
            ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
            lambda: self.mark(QuestionState.SKIPPED, advance=True),
        )
        self.internal_action = self._add("Toggle internal", ["Ctrl+I"], self.toggle_internal)
        self._add("Note on the question", ["Alt+N"], self.note_edit.setFocus)
        self._add("Note pad", ["Alt+P"], self.notepad.setFocus)
        self._add("Checklist", ["Alt+L"], self.tree.setFocus)
        self._add("Coaching cues", ["Alt+K"], self._toggle_cues)
        self._add("Draft read-back", ["Alt+D"], self._draft)
        self.show_readback_action = self._add("Show the read-back", ["F5"], self.show_readback)
        self.capture_actions: dict[CaptureTarget, QAction] = {}
        for target, key, text in CAPTURE_KEYS:
            action = self._add(text, [key], lambda _=False, t=target: self.capture(t))
            action.setToolTip(f"{key}: {target.label}")
            self.capture_menu.addAction(action)
            self.capture_actions[target] = action
        self._add("Line to…", ["Ctrl+."], self._capture_menu_here)
        self._add("Save summary", ["Ctrl+S"], self.readback.save_now)
        for number, (panel, _label) in enumerate(self.panels, start=1):
            self._add(f"Panel {number}", [f"Alt+{number}"], self._show_panel(panel))

    def _show_panel(self, panel: QWidget) -> object:
        def show() -> None:
            self.tabs.setCurrentWidget(panel)
            panel.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)  # type: ignore[attr-defined]  # every panel has an entry

        return show

    def _toggle_cues(self) -> None:
        self.coaching.set_expanded(not self.coaching.is_expanded())

    def _draft(self) -> None:
        self.tabs.setCurrentWidget(self.readback)
        self.readback.draft()

    def _next_or_open(self) -> None:
        """Alt+Down: on a drop-down (or a date with a calendar) it opens the list, as it does
        everywhere else; anywhere else it moves to the next question."""
        widget = QApplication.focusWidget()
        if isinstance(widget, QComboBox) and self.isAncestorOf(widget):
            widget.showPopup()
            return
        if isinstance(widget, QAbstractSpinBox) and self.isAncestorOf(widget):
            return  # a date edit opens its own calendar on Alt+Down
        self.go(1)

    # -- capture once: a line of the note becomes an item ------------------------------------

    def _note_line(self) -> str:
        cursor = self.note_edit.textCursor()
        if cursor.hasSelection():
            return cursor.selectedText()
        return cursor.block().text()

    def _note_context_menu(self, pos: QPoint) -> None:
        menu = self.note_edit.createStandardContextMenu()
        menu.addSeparator()
        for action in self.capture_actions.values():
            menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.note_edit.mapToGlobal(pos))

    def _capture_menu_here(self) -> None:
        rect = self.note_edit.cursorRect()
        self.capture_menu.popup(self.note_edit.mapToGlobal(rect.bottomLeft()))

    def capture(self, target: CaptureTarget) -> None:
        """Send the note's current line (or selection) to a capture panel, keeping the note's
        Internal flag; a quote with no reason to go to asks which reason first."""
        if self.current_id is None:
            return
        text = self._note_line()
        if not text.strip():
            self.capture_status.setText(
                "Put the cursor on a line with words in it (or select some), then try again."
            )
            return
        if target is CaptureTarget.REASON_QUOTE:
            record = load_record(self.store, self.debrief_id)
            if len(record.reasons) != 1:
                self._choose_reason(text, record)
                return
        self._capture(target, text)

    def _capture(
        self,
        target: CaptureTarget,
        text: str,
        reason_id: str | None = None,
        category: LossReason | None = None,
    ) -> None:
        self.saver.flush()
        debrief_id, internal = self.debrief_id, self.note_internal.isChecked()
        done = self.ops.run(
            self,
            lambda: core.capture_from_note(
                self.store,
                debrief_id,
                target,
                text,
                internal,
                reason_id=reason_id,
                category=category,
            ),
        )
        if not done.ok:
            return
        made = done.unwrap()
        words = "; ".join(f"“{t}”" for t in made.texts)
        panel = {
            CaptureTarget.CRITERION: "Criteria",
            CaptureTarget.REASON_QUOTE: "Reasons",
            CaptureTarget.COMPETITOR_STRENGTH: "Competitor",
            CaptureTarget.PRODUCT_REQUEST: "Requests",
        }[made.target]
        flag = " (internal)" if made.internal else ""
        self.capture_status.setText(f"Added to {panel}{flag}: {words}")

    def _choose_reason(self, text: str, record: DebriefRecord) -> None:
        """Several reasons (or none yet): a small menu says which one the words belong to."""
        menu = QMenu(self)
        menu.setObjectName("reasonChoice")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        first: QAction | None = None
        for reason in record.reasons:
            label = reason.category.label + (" (main reason)" if reason.is_primary else "")
            action = menu.addAction(f"Quote for {label}")
            action.triggered.connect(
                lambda _=False, r=reason.id: self._capture(CaptureTarget.REASON_QUOTE, text, r)
            )
            first = first or action
        if record.reasons:
            menu.addSeparator()
        taken = {r.category for r in record.reasons}
        for category in LossReason:
            if category in taken:
                continue
            action = menu.addAction(f"New reason: {category.label}")
            action.triggered.connect(
                lambda _=False, c=category: self._capture(
                    CaptureTarget.REASON_QUOTE, text, category=c
                )
            )
            first = first or action
        rect = self.note_edit.cursorRect()
        menu.popup(self.note_edit.mapToGlobal(rect.bottomLeft()))
        if first is not None:
            menu.setActiveAction(first)
        self.reason_menu = menu

    # -- the read-back, turned towards the customer ------------------------------------------

    def show_readback(self) -> None:
        self.saver.flush()
        readback = facing_readback(load_record(self.store, self.debrief_id))
        if not readback.blocks:
            self.capture_status.setText(
                "Nothing customer-facing to show yet: draft the read-back (Alt+D) first."
            )
            return
        if readback.held_back:
            lines = "line holds" if readback.held_back == 1 else "lines hold"
            self.capture_status.setText(
                f"Not shown: {readback.held_back} {lines} text now marked internal."
            )
        view = ReadbackView(readback, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.finished.connect(lambda _r: self._readback_closed())
        self.readback_view = view
        view.showFullScreen()
        view.activateWindow()
        view.browser.setFocus()

    def _readback_closed(self) -> None:
        self.readback_view = None
        self.activateWindow()

    # -- what changed elsewhere --------------------------------------------------------------

    def _data_changed(self, changes: ChangeSet) -> None:
        """Capture panels follow the record (a line sent from a note appears in its tab). Typing
        not yet written is written first, so the comparison never undoes it."""
        if not self.debrief_id or not changes.touches(self.debrief_id):
            return
        if self.debrief_id in changes.removed:
            return  # the page decides what happens to pending typing (see MeetingPage)
        if self.saver.broadcasting:
            return  # only what was typed here, now on disk: nothing to reload (a 1 MB note pad)
        if self.saver.has_pending() and not self.saver.flush():
            return  # typing not written yet (and kept): reloading now could undo it
        try:
            record = load_record(self.store, self.debrief_id)
        except NotFoundError:
            return
        for panel in (self.criteria, self.reasons, self.strengths, self.requests):
            panel.refresh(record)
        self._follow_texts(record)
        self._show_held(record)
        self._show_title(record.debrief)

    def _follow_texts(self, record: DebriefRecord) -> None:
        """Show notes that changed elsewhere (an import took a newer copy, another program
        wrote): typing here was written first, so a difference is someone else's newer text,
        and typing on over the old text would save it back over theirs."""
        for q in record.questions:
            shown = self.model.question(self.model.index_of(q.id))
            if shown is not None and shown.note != q.note:
                self.model.update_question(q.id, note=q.note)
        current = next((q for q in record.questions if q.id == self.current_id), None)
        if current is not None:
            self._replace_text(self.note_edit, current.note)
        self._replace_text(self.notepad, record.notepad)
        self.readback.follow(record.summary)

    def _replace_text(self, editor: QPlainTextEdit, text: str) -> None:
        """Put `text` in `editor` if it differs, keeping the cursor where it was (at the end if it
        was at the end), without it counting as typing."""
        old = editor.toPlainText()
        if old == text:
            return
        position = editor.textCursor().position()
        if position >= len(old):
            position = len(text)  # typing at the end goes on at the end
        self._loading = True
        try:
            editor.setPlainText(text)
        finally:
            self._loading = False
        cursor = editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        editor.setTextCursor(cursor)

    def edit_person(self) -> PersonDialog | None:
        """The person form on who the meeting is with; the header follows the broadcast."""
        return edit_contact_of(self.ops, self.debrief_id, self) if self.debrief_id else None

    def _show_title(self, d: Debrief) -> None:
        parts = [d.account_name, d.opportunity]
        if d.contact_name:
            parts.append(
                "with " + d.contact_name + (f", {d.contact_title}" if d.contact_title else "")
            )
        parts.append(d.won_by_phrase)
        self.title.setText(" · ".join(parts))
        self.title.setToolTip(self.title.text())
        self.person_button.setVisible(d.contact_id is not None)

    def _show_held(self, record: DebriefRecord) -> None:
        held = _held_on(record.meeting_date)
        self.held_button.setText(f"{held}…" if held else "Mark meeting held…")
        self.held_button.setToolTip(
            "Ctrl+Shift+H. "
            + (
                "Change the date the meeting took place."
                if held
                else "Say the meeting took place (and when): the summary letter needs it."
            )
        )

    # -- loading -----------------------------------------------------------------------------

    def load(self, meeting: DebriefRecord) -> None:
        self.debrief_id = meeting.debrief.id
        self.minutes = meeting.minutes
        self.base_elapsed = meeting.elapsed_s
        self._show_title(meeting.debrief)
        self._loading = True
        self.notepad.setPlainText(meeting.notepad)
        self._loading = False
        self.notepad_internal.blockSignals(True)
        self.notepad_internal.setChecked(meeting.notepad_internal)
        self.notepad_internal.blockSignals(False)
        self.criteria.load(meeting)
        self.reasons.load(meeting)
        self.strengths.load(meeting)
        self.requests.load(meeting)
        self.close_panel.load(meeting)
        self.readback.load(meeting.debrief.id, meeting.summary)
        self._show_held(meeting)
        self.capture_status.clear()
        self.current_id = None
        self.cursor_positions = {}
        self.model.set_questions(meeting.questions)
        self.tree.expandAll()
        first_open = next(
            (q for q in self.model.ordered() if q.state == QuestionState.OPEN),
            self.model.ordered()[0] if meeting.questions else None,
        )
        if first_open is not None:
            self.show_question(first_open.id)
        self._update_coverage()
        self._tick()

    # -- moving between questions ------------------------------------------------------------

    def current(self) -> MeetingQuestion | None:
        if self.current_id is None:
            return None
        return self.model.question(self.model.index_of(self.current_id))

    def _tree_moved(self, index: QModelIndex, _previous: QModelIndex) -> None:
        question_id = cast("str | None", self.model.data(index, QUESTION_ID_ROLE))
        if question_id and question_id != self.current_id:
            self.show_question(question_id)

    def _leave_question(self) -> None:
        """Write the note being typed before the editor shows another question's note."""
        if self.current_id is None:
            return
        self.saver.flush()
        self.cursor_positions[self.current_id] = self.note_edit.textCursor().position()
        self.model.update_question(self.current_id, note=self.note_edit.toPlainText())

    def show_question(self, question_id: str) -> None:
        if question_id == self.current_id:
            return
        self._leave_question()
        index = self.model.index_of(question_id)
        q = self.model.question(index)
        if q is None:
            return
        self.current_id = q.id
        self.phase_label.setText(phase_label(q.phase).upper())
        self.question_label.setText(q.text)
        self.hint_label.setText(q.hint)
        self.hint_label.setVisible(bool(q.hint))
        self._loading = True
        self.note_edit.setPlainText(q.note)
        self._loading = False
        cursor = self.note_edit.textCursor()
        cursor.setPosition(min(self.cursor_positions.get(q.id, len(q.note)), len(q.note)))
        self.note_edit.setTextCursor(cursor)
        self.note_internal.blockSignals(True)
        self.note_internal.setChecked(q.note_internal)
        self.note_internal.blockSignals(False)
        self.coaching.show_phase(q.phase)
        if self.tree.currentIndex() != index:
            self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def go(self, offset: int) -> None:
        ordered = self.model.ordered()
        ids = [q.id for q in ordered]
        if not ids:
            return
        here = ids.index(self.current_id) if self.current_id in ids else -1
        target = min(max(here + offset, 0), len(ids) - 1)
        self.show_question(ids[target])
        self.note_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def mark(self, state: QuestionState, advance: bool) -> None:
        q = self.current()
        if q is None:
            return
        self.saver.flush()
        if not self.ops.run(self, lambda: core.save_question(self.store, q.id, state=state)).ok:
            return
        self.model.update_question(q.id, state=state)
        self._update_coverage()
        if advance:
            self.go(1)

    def _update_coverage(self) -> None:
        questions = self.model.ordered()
        asked = sum(q.state == QuestionState.ASKED for q in questions)
        skipped = sum(q.state == QuestionState.SKIPPED for q in questions)
        text = f"{asked} of {len(questions)} asked"
        if skipped:
            text += f" · {skipped} skipped"
        self.coverage_label.setText(text)

    # -- notes -------------------------------------------------------------------------------

    def _note_typed(self) -> None:
        if self._loading or self.current_id is None:
            return
        question_id, editor = self.current_id, self.note_edit
        question = self.question_label.text()
        # the text is read when the save runs, not on every keystroke (it may be long)
        self.saver.schedule_save(
            f"note:{question_id}",
            editor.toPlainText,
            lambda store, text: core.save_question(store, question_id, note=text),
            f"Note on “{question}” — {self._customer()}",
            store=self.store,
        )

    def _note_internal_toggled(self, checked: bool) -> None:
        question_id = self.current_id
        if question_id is None:
            return
        self.saver.flush()
        saved = self.ops.run(
            self, lambda: core.save_question(self.store, question_id, note_internal=checked)
        )
        if saved.ok:
            self.model.update_question(question_id, note_internal=checked)

    def _notepad_typed(self) -> None:
        if self._loading:
            return
        debrief_id = self.debrief_id
        self.saver.schedule_save(
            f"notepad:{debrief_id}",
            self.notepad.toPlainText,
            lambda store, text: core.save_notepad(store, debrief_id, text=text),
            f"Note pad — {self._customer()}",
            store=self.store,
        )

    def _customer(self) -> str:
        return self.title.text().split(" · ")[0]

    def _notepad_internal_toggled(self, checked: bool) -> None:
        self.saver.flush()
        debrief_id = self.debrief_id
        self.ops.run(self, lambda: core.save_notepad(self.store, debrief_id, internal=checked))

    def toggle_internal(self) -> None:
        box = self.notepad_internal if self.notepad.hasFocus() else self.note_internal
        box.toggle()

    # -- time --------------------------------------------------------------------------------

    def elapsed(self) -> int:
        running = self.clock.elapsed() // 1000 if self.clock.isValid() else 0
        return self.base_elapsed + running

    def _tick(self) -> None:
        seconds = self.elapsed()
        agreed = self.minutes * 60
        self.elapsed_label.setText(format_clock(seconds, self.minutes))
        if seconds <= agreed:
            self.elapsed_label.setToolTip("Time in the meeting so far, against the agreed length.")
        else:
            self.elapsed_label.setToolTip("You agreed a length; ask before running on.")
        font = self.elapsed_label.font()
        font.setBold(seconds > agreed)
        self.elapsed_label.setFont(font)
        if self.clock.isValid() and seconds % ELAPSED_SAVE_EVERY_S == 0:
            self._schedule_elapsed()

    def _schedule_elapsed(self) -> None:
        debrief_id, seconds = self.debrief_id, self.elapsed()
        self.saver.schedule_save(
            f"elapsed:{debrief_id}",
            lambda: seconds,
            lambda store, value: core.save_elapsed(store, debrief_id, value),
            f"Meeting time in seconds — {self._customer()}",
            store=self.store,
        )

    def resume_clock(self) -> None:
        if not self.clock.isValid():
            self.clock.start()
        self.ticker.start()
        self._tick()

    def pause_clock(self) -> None:
        if self.clock.isValid():
            self._schedule_elapsed()
            self.base_elapsed = self.elapsed()
            self.clock.invalidate()
        self.ticker.stop()

    def leave(self) -> None:
        """The screen goes away (other page, window closing): stop the clock, write everything."""
        if self.current_id is not None:
            self.cursor_positions[self.current_id] = self.note_edit.textCursor().position()
            self.model.update_question(self.current_id, note=self.note_edit.toPlainText())
        self.pause_clock()
        self.saver.flush()
