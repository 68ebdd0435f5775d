"""One customer's history: the account, its people, its live debriefs and their letters."""

from __future__ import annotations

from dataclasses import dataclass

from debrief.debriefs.accounts import get_account, list_contacts
from debrief.debriefs.lifecycle import list_debriefs_for_account
from debrief.debriefs.record import LETTER_COLUMNS, Letter, letter_from_row
from debrief.model import Account, Contact, Debrief, LetterKind
from debrief.store.database import Store


@dataclass(frozen=True)
class AccountHistory:
    account: Account
    contacts: tuple[Contact, ...]
    debriefs: tuple[Debrief, ...]  # live ones, newest loss first
    letters: tuple[Letter, ...]  # of those debriefs, newest first

    def opportunity_of(self, letter: Letter) -> str:
        """The deal a letter was about."""
        return next((d.opportunity for d in self.debriefs if d.id == letter.debrief_id), "")


def account_history(store: Store, account_id: str) -> AccountHistory:
    """One customer: details, people, every live debrief and every letter."""
    account = get_account(store, account_id)
    columns = ", ".join(f"l.{c.strip()}" for c in LETTER_COLUMNS.split(","))
    letters = tuple(
        letter_from_row(r)
        for r in store.db.execute(
            f"SELECT {columns} FROM letters l JOIN debriefs d ON d.id = l.debrief_id"
            " WHERE d.account_id = ? AND d.deleted_at IS NULL"
            " ORDER BY l.created_at DESC, l.rowid DESC",
            [account_id],
        ).fetchall()
        if r[2] in LetterKind._value2member_map_
    )
    return AccountHistory(
        account=account,
        contacts=tuple(list_contacts(store, account_id)),
        debriefs=tuple(list_debriefs_for_account(store, account_id)),
        letters=letters,
    )
