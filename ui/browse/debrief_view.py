"""One debrief, everything about it, read-only; Edit, Delete and the workflow actions on top."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from debrief.debriefs.record import CloseOutcome, DebriefRecord, load_record
from debrief.errors import NotFoundError
from debrief.followups.dates import describe_when
from debrief.labels import CLOSE_FIELDS, PRIMARY_REASON
from debrief.meeting.question_sets import phase_label
from debrief.model import CaptureKind, Contact, KeepInTouch, Outcome, PersonRole, QuestionState
from debrief.money import format_amount
from debrief.store.database import Store

from ..widgets.page_header import back_button, page_body, title_label
from ..widgets.rich_text import Page, esc, local_stamp


def attendee_text(people: tuple[Contact, ...]) -> str:
    """'Jolanta Żak (Decision maker), Piotr Nowak (Evaluator)'."""
    return ", ".join(
        f"{c.name} ({c.role.label})" if c.role != PersonRole.UNKNOWN else c.name for c in people
    )


def _close_value(close: CloseOutcome, field: str) -> str:
    """A close field as the page shows it: the enum's label, a picked month or day in words."""
    if field == "keep_in_touch":
        return close.keep_in_touch.label
    if field == "keep_in_touch_on":
        return describe_when(close.keep_in_touch_on)
    return str(getattr(close, field))


def render_detail(page: Page, d: DebriefRecord) -> str:
    """The debrief as rich text: details, meeting, reasons, captured lists, close, letters."""
    b = d.debrief
    contact = d.contact
    person = reach = ""
    if contact:
        person = contact.name + (f", {contact.title}" if contact.title else "")
        reach = " · ".join(p for p in (contact.email, contact.phone) if p)
    page.fields(
        [
            ("Customer", f'<a href="account:{esc(b.account_id)}">{esc(b.account_name)}</a>'),
            ("Senior contact", esc(person)),
            ("Contact details", esc(reach)),
            ("Deal", esc(b.opportunity)),
            ("Deal, as they know it", esc(d.deal_public_name)),
            ("Products", esc(b.products)),
            ("Value", esc(format_amount(b.value_minor, b.currency))),
            ("Date lost", esc(b.date_lost or "")),
            ("How we heard", esc(b.told_via.label)),
            ("Outcome", esc(b.outcome.label)),
            ("Won by", esc(b.won_by if b.outcome == Outcome.COMPETITOR else "")),
            ("Status", esc(b.status.label)),
            ("Rep", esc(b.rep_name)),
            ("Sample", "Yes — an invented example" if b.is_sample else ""),
        ],
        raw_values=True,
    )

    page.heading("Meeting")
    if not d.has_meeting:
        page.raw(f"<p>{page.muted_text('No meeting notes yet.')}</p>")
    page.fields(
        [
            ("Date", d.meeting_date),
            ("Planned length", f"{d.minutes} minutes" if d.meeting_date else ""),
            ("Who was there", attendee_text(d.attendees)),
        ]
    )
    phase = None
    for q in d.questions:
        if not (q.note.strip() or q.state != QuestionState.OPEN):
            continue
        if q.phase != phase:
            phase = q.phase
            page.raw(
                f'<p style="margin-top:14px; color:{page.muted};">'
                f"{esc(phase_label(phase).upper())}</p>"
            )
        state = "" if q.state == QuestionState.ASKED else q.state.label.lower()
        page.raw(
            f"<p><b>{esc(q.text)}</b>"
            + (f" {page.muted_text('(' + state + ')')}" if state else "")
            + (page.internal_tag() if q.note_internal else "")
            + (f"<br>{esc(q.note)}" if q.note.strip() else "")
            + "</p>"
        )
    if d.criteria:
        page.raw("<h4>Their criteria, then and now</h4>")
        rows = "".join(
            f"<tr><td>{esc(c.criterion)}{page.internal_tag() if c.internal else ''}</td>"
            f"<td>{esc(c.then_text)}</td><td>{esc(c.now_text)}</td></tr>"
            for c in d.criteria
        )
        page.raw(
            '<table cellpadding="3"><tr><th align="left">Criterion</th>'
            '<th align="left">When they chose us</th><th align="left">Now</th></tr>'
            f"{rows}</table>"
        )
    if d.notepad.strip():
        tag = page.internal_tag() if d.notepad_internal else ""
        page.raw(f"<h4>Notes{tag}</h4>")
        page.paragraph(d.notepad)

    page.heading("Why we lost")
    if not d.reasons:
        page.raw(f"<p>{page.muted_text('No reasons recorded yet.')}</p>")
    for r in d.reasons:
        kind = PRIMARY_REASON if r.is_primary else "Also"
        quote = f"<br><i>“{esc(r.quote)}”</i>" if r.quote else ""
        confidence = page.muted_text(f"({r.confidence.label.lower()} confidence)")
        page.raw(
            f"<p>{kind}: <b>{esc(r.category.label)}</b> {confidence}"
            f"{page.internal_tag() if r.internal else ''}{quote}</p>"
        )
    for captured in CaptureKind:
        items = d.items_of(captured)
        if not items:
            continue
        page.raw(f"<h4>{esc(captured.label)}</h4><ul>")
        for item in items:
            page.raw(f"<li>{esc(item.text)}{page.internal_tag() if item.internal else ''}</li>")
        page.raw("</ul>")

    if d.summary.strip():
        page.heading("Summary, as read back to them")
        page.paragraph(d.summary)

    c = d.close
    close = [(label, _close_value(c, field)) for field, label in CLOSE_FIELDS.items()]
    if any(value for _, value in close[1:]) or c.keep_in_touch != KeepInTouch.UNKNOWN:
        page.heading("How it closed")
        page.fields(close)

    page.heading("Letters")
    if not d.letters:
        page.raw(f"<p>{page.muted_text('No letters yet.')}</p>")
    for letter in d.letters:
        when = local_stamp(letter.created_at)
        pdf = " · PDF kept" if letter.has_pdf else ""
        # The first paragraph is usually the salutation; show the start of the body.
        paragraphs = [p for p in letter.text.split("\n\n") if p.strip()]
        body = paragraphs[1] if len(paragraphs) > 1 else "".join(paragraphs)
        text = " ".join(body.split())
        text = text if len(text) <= 240 else text[:239] + "…"
        page.raw(
            f"<p><b>{esc(letter.kind.label)}</b> {page.muted_text(when + pdf)}"
            + (f"<br>{esc(text)}" if text else "")
            + "</p>"
        )
    return page.html()


class DebriefPage(QWidget):
    """Read-only by default; Edit opens the details form. `actions` add workflow buttons."""

    back_requested = Signal()
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    account_requested = Signal(str)
    edit_person_requested = Signal(str, str)  # account id, contact id
    attendees_requested = Signal(str)  # debrief id
    shown = Signal(str)  # a debrief was (re)loaded into the page

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.debrief_id: str | None = None
        self.detail: DebriefRecord | None = None

        self.back_button = back_button(self.back_requested.emit)
        self.title = title_label("debriefTitle")
        self.subtitle = QLabel()
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_button = QPushButton("&Edit details…")
        self.edit_button.setObjectName("editButton")
        self.edit_button.setToolTip("Change the deal, value, dates, outcome or status (Ctrl+E)")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.debrief_id))
        self.account_button = QPushButton("&Account history")
        self.account_button.setObjectName("accountButton")
        self.account_button.clicked.connect(self._account_clicked)
        self.people_menu = QMenu(self)
        self.people_button = QPushButton("&People")
        self.people_button.setObjectName("peopleButton")
        self.people_button.setToolTip("Who was in the meeting; correct a person's details")
        self.people_button.setMenu(self.people_menu)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setObjectName("deleteButton")
        self.delete_button.setToolTip("Move this debrief to the trash (Del); Ctrl+Z brings it back")
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.debrief_id))

        self.action_row = QHBoxLayout()
        self.action_row.setContentsMargins(0, 0, 0, 0)
        self._action_buttons: list[QToolButton] = []
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        top.addLayout(heading, 1)
        top.addLayout(self.action_row)
        buttons = (self.account_button, self.people_button, self.edit_button, self.delete_button)
        for button in buttons:
            top.addWidget(button)

        self.browser = page_body(self, top, "debriefDetail", self._link)

    def add_panel(self, panel: QWidget) -> None:
        """A feature's panel between the header and the body (e.g. follow-ups' next steps)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, panel)

    def set_actions(self, actions: list[QAction]) -> None:
        """Buttons for workflow actions other features provide (e.g. Start meeting, Letters)."""
        for button in self._action_buttons:
            self.action_row.removeWidget(button)
            button.deleteLater()
        self._action_buttons = []
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.action_row.addWidget(button)
            self._action_buttons.append(button)

    def show_debrief(self, debrief_id: str) -> bool:
        """Load and show the debrief; False when it no longer exists."""
        try:
            detail = load_record(self.store, debrief_id)
        except NotFoundError:
            return False
        self.debrief_id = debrief_id
        self.detail = detail
        b = detail.debrief
        self.title.setText(f"{b.account_name} — {b.opportunity}")
        bits = [f"Lost {b.date_lost}" if b.date_lost else "", b.won_by, b.status.label]
        if b.is_sample:
            bits.append("Sample")
        if b.deleted_at:
            bits.append("In the trash")
        self.subtitle.setText(" · ".join(x for x in bits if x))
        self.edit_button.setEnabled(not b.deleted_at)
        self.people_button.setEnabled(not b.deleted_at)
        self._fill_people_menu(detail)
        self.delete_button.setEnabled(not b.deleted_at)
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(render_detail(Page(self.browser), detail))
        self.browser.verticalScrollBar().setValue(scroll)
        self.shown.emit(debrief_id)
        return True

    def _fill_people_menu(self, detail: DebriefRecord) -> None:
        """Who was in the meeting…, then Edit… for each person this debrief shows."""
        self.people_menu.clear()
        attendees = self.people_menu.addAction("&Who was in the meeting…")
        attendees.setObjectName("attendeesAction")
        attendees.triggered.connect(lambda: self.attendees_requested.emit(detail.id))
        shown = [detail.contact] if detail.contact else []
        shown += [c for c in detail.attendees if not detail.contact or c.id != detail.contact.id]
        if shown:
            self.people_menu.addSeparator()
        for person in shown:
            action = self.people_menu.addAction(f"Edit {person.name}…")
            action.triggered.connect(
                lambda _=False, c=person: self.edit_person_requested.emit(c.account_id, c.id)
            )

    def reload(self) -> bool:
        return self.show_debrief(self.debrief_id) if self.debrief_id else False

    def current_debrief_id(self) -> str | None:
        return self.debrief_id

    def current_account_id(self) -> str | None:
        return self.detail.debrief.account_id if self.detail else None

    def _account_clicked(self) -> None:
        if self.detail:
            self.account_requested.emit(self.detail.debrief.account_id)

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "account":
            self.account_requested.emit(url.path())
