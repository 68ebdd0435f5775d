"""One customer's history: contract dates and notes, people, every debrief and every letter."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QWidget

from debrief.debriefs.history import AccountHistory, account_history
from debrief.errors import NotFoundError
from debrief.followups.agenda import followups_of_account
from debrief.letters.wording import greeting
from debrief.model import Contact, PersonRole
from debrief.money import format_amount
from debrief.store.database import Store

from ..followups.trail import render_followup_trail
from ..widgets.page_header import back_button, page_body, title_label
from ..widgets.rich_text import Page, esc, local_stamp


def render_account(page: Page, h: AccountHistory) -> str:
    a = h.account
    page.fields(
        [
            ("Industry", a.industry),
            ("Postal address", a.address.replace("\n", ", ")),
            ("Contract start", a.contract_start or ""),
            ("Contract end", a.contract_end or ""),
            ("Budget", a.budget),
            ("How they buy", a.buying_notes),
            ("Notes", a.notes),
            ("Sample", "Yes — an invented example" if a.is_sample else ""),
        ]
    )
    page.heading(f"People ({len(h.contacts)})")
    if not h.contacts:
        page.raw(f"<p>{page.muted_text('No one recorded yet: Add person… (Alt+P).')}</p>")
    for c in h.contacts:
        page.raw(render_person(page, c))
    page.heading(f"Debriefs ({len(h.debriefs)})")
    if h.debriefs:
        rows = []
        for d in h.debriefs:
            rows.append(
                f"<tr><td>{esc(d.date_lost or d.created_at[:10])}</td>"
                f'<td><a href="debrief:{esc(d.id)}">{esc(d.opportunity)}</a></td>'
                f"<td>{esc(d.won_by)}</td><td>{esc(format_amount(d.value_minor, d.currency))}</td>"
                f"<td>{esc(d.status.label)}</td></tr>"
            )
        page.raw(
            '<table cellpadding="4"><tr><th align="left">Date lost</th><th align="left">Deal'
            '</th><th align="left">Won by</th><th align="left">Value</th>'
            '<th align="left">Status</th></tr>' + "".join(rows) + "</table>"
        )
    else:
        page.raw(f"<p>{page.muted_text('No debriefs for this customer.')}</p>")
    page.heading(f"Letters ({len(h.letters)})")
    if not h.letters:
        page.raw(f"<p>{page.muted_text('No letters yet.')}</p>")
    for letter in h.letters:
        when = local_stamp(letter.created_at, with_time=False)
        page.raw(
            f"<p><b>{esc(letter.kind.label)}</b> — "
            f'<a href="debrief:{esc(letter.debrief_id)}">{esc(h.opportunity_of(letter))}</a> '
            f"{page.muted_text(when)}</p>"
        )
    return page.html()


def render_person(page: Page, c: Contact) -> str:
    """One person: name and role, how to reach them, how letters greet them and where to."""
    role = f" · {c.role.label}" if c.role != PersonRole.UNKNOWN else ""
    reach = " · ".join(b for b in (c.title, c.email, c.phone) if b)
    letters = greeting(c.salutation, c.name)
    if c.address:
        letters += " — to " + c.address.replace("\n", ", ")
    return (
        f"<p><b>{esc(c.name)}</b>{page.muted_text(role)} "
        f'<a href="person:{esc(c.id)}">Edit</a>'
        + (f"<br>{esc(reach)}" if reach else "")
        + f"<br>{page.muted_text('Letters: ' + letters)}</p>"
    )


class AccountPage(QWidget):
    back_requested = Signal()
    open_requested = Signal(str)  # a debrief id
    edit_requested = Signal(str)  # an account id
    add_person_requested = Signal(str)  # an account id
    edit_person_requested = Signal(str)  # a contact id

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.account_id: str | None = None
        self.back_button = back_button(self.back_requested.emit)
        self.title = title_label("accountTitle")
        self.edit_button = QPushButton("&Edit customer…")
        self.edit_button.setObjectName("editAccountButton")
        self.edit_button.setToolTip("Contract dates, budget, how they buy, notes")
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.account_id))
        self.add_person_button = QPushButton("Add &person…")
        self.add_person_button.setObjectName("addPersonButton")
        self.add_person_button.setToolTip("Someone else from the customer's side, and their role")
        self.add_person_button.clicked.connect(
            lambda: self.add_person_requested.emit(self.account_id)
        )
        self.people_menu = QMenu(self)
        self.edit_person_button = QPushButton("Edit pe&rson")
        self.edit_person_button.setObjectName("editPersonButton")
        self.edit_person_button.setToolTip("Correct a name, email or title; how letters greet them")
        self.edit_person_button.setMenu(self.people_menu)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.add_person_button)
        top.addWidget(self.edit_person_button)
        top.addWidget(self.edit_button)
        self.browser = page_body(self, top, "accountHistory", self._link)

    def show_account(self, account_id: str) -> bool:
        try:
            history = account_history(self.store, account_id)
        except NotFoundError:
            return False
        self.account_id = account_id
        self.title.setText(f"{history.account.name} — history")
        self.people_menu.clear()
        for person in history.contacts:
            action = self.people_menu.addAction(f"{person.name}…")
            action.triggered.connect(
                lambda _=False, cid=person.id: self.edit_person_requested.emit(cid)
            )
        self.edit_person_button.setEnabled(bool(history.contacts))
        page = Page(self.browser)
        render_account(page, history)
        render_followup_trail(page, followups_of_account(self.store, account_id))  # issue 11
        self.browser.setHtml(page.html())
        return True

    def reload(self) -> bool:
        return self.show_account(self.account_id) if self.account_id else False

    def current_debrief_id(self) -> str | None:
        """No single debrief is in view here."""
        return None

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "debrief":
            self.open_requested.emit(url.path())
        elif url.scheme() == "person":
            self.edit_person_requested.emit(url.path())
