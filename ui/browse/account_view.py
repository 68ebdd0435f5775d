"""One customer's history: contract dates and notes, people, every debrief and every letter."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from debrief.debriefs.history import AccountHistory, account_history
from debrief.errors import NotFoundError
from debrief.followups.agenda import followups_of_account
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
            ("Contract start", a.contract_start or ""),
            ("Contract end", a.contract_end or ""),
            ("Budget", a.budget),
            ("How they buy", a.buying_notes),
            ("Notes", a.notes),
            ("Sample", "Yes — an invented example" if a.is_sample else ""),
        ]
    )
    page.heading("People")
    if not h.contacts:
        page.raw(f"<p>{page.muted_text('No contacts recorded.')}</p>")
    for c in h.contacts:
        bits = [c.title, c.email, c.phone]
        role = " · decision-maker" if c.is_decision_maker else ""
        page.raw(
            f"<p><b>{esc(c.name)}</b>{page.muted_text(role)}<br>"
            f"{esc(' · '.join(b for b in bits if b))}</p>"
        )
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


class AccountPage(QWidget):
    back_requested = Signal()
    open_requested = Signal(str)  # a debrief id
    edit_requested = Signal(str)  # an account id

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
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.edit_button)
        self.browser = page_body(self, top, "accountHistory", self._link)

    def show_account(self, account_id: str) -> bool:
        try:
            history = account_history(self.store, account_id)
        except NotFoundError:
            return False
        self.account_id = account_id
        self.title.setText(f"{history.account.name} — history")
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
