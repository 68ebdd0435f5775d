"""What a letter may say: the customer-facing part of a debrief, and nothing else.

This is the one door between the debrief and anything the customer will read. Rows and fields
marked internal are never selected, sensitive questions (feedback about our people) are left
out, and what the competitor does well is internal intelligence that no letter needs. The
competitor is not named at all: letters congratulate the decision in general terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from debrief.errors import NotFoundError
from debrief.model import LossReason, Outcome
from debrief.store.database import Store

_CATEGORIES = {reason.value for reason in LossReason}


@dataclass(frozen=True)
class Criterion:
    criterion: str
    then_text: str
    now_text: str


@dataclass(frozen=True)
class Reason:
    category: LossReason
    is_primary: bool
    quote: str


@dataclass(frozen=True)
class LetterMaterial:
    debrief_id: str
    account_name: str
    contact_name: str
    contact_title: str
    contact_email: str
    salutation: str
    contact_address: str
    deal_name: str  # the customer-facing name of the deal ('' when the rep gave none)
    customer_since: str | None  # the account's contract start
    opportunity: str
    products: str
    outcome: Outcome
    rep_name: str
    date_lost: str | None
    meeting_date: str | None
    meeting_minutes: int
    summary: str
    criteria: tuple[Criterion, ...]
    reasons: tuple[Reason, ...]
    product_requests: tuple[str, ...]
    keep_in_touch: str
    keep_in_touch_when: str
    consolation_order: str
    renewal_date: str | None
    promised_followup: str
    followup_date: str | None


def _text(value: object) -> str:
    return str(value).strip() if value else ""


def letter_material(store: Store, debrief_id: str) -> LetterMaterial:
    """Read the customer-facing material of one live debrief."""
    db = store.db
    rows = list(
        db.query(
            """SELECT d.*, a.name AS account_name, COALESCE(c.name, '') AS contact_name,
                      COALESCE(c.title, '') AS contact_title,
                      COALESCE(c.email, '') AS contact_email,
                      COALESCE(c.salutation, '') AS salutation,
                      COALESCE(NULLIF(c.address, ''), a.address, '') AS contact_address,
                      a.contract_start AS customer_since
               FROM debriefs d JOIN accounts a ON a.id = d.account_id
               LEFT JOIN contacts c ON c.id = d.contact_id
               WHERE d.id = ? AND d.deleted_at IS NULL""",
            [debrief_id],
        )
    )
    if not rows:
        raise NotFoundError(f"There is no debrief with the id {debrief_id!r}.")
    d = rows[0]
    criteria = tuple(
        Criterion(_text(r["criterion"]), _text(r["then_text"]), _text(r["now_text"]))
        for r in db.query(
            "SELECT criterion, then_text, now_text FROM criteria"
            " WHERE debrief_id = ? AND COALESCE(internal, 0) = 0 ORDER BY position",
            [debrief_id],
        )
        if _text(r["criterion"])
    )
    reasons = tuple(
        Reason(LossReason(r["category"]), bool(r["is_primary"]), _text(r["quote"]))
        for r in db.query(
            "SELECT category, is_primary, quote FROM loss_reasons"
            " WHERE debrief_id = ? AND COALESCE(internal, 0) = 0 ORDER BY is_primary DESC, rowid",
            [debrief_id],
        )
        if r["category"] in _CATEGORIES
    )
    requests = tuple(
        _text(r["text"])
        for r in db.query(
            "SELECT text FROM captured_items WHERE debrief_id = ? AND kind = 'product_request'"
            " AND COALESCE(internal, 0) = 0 ORDER BY position",
            [debrief_id],
        )
        if _text(r["text"])
    )
    return LetterMaterial(
        debrief_id=debrief_id,
        account_name=_text(d["account_name"]),
        contact_name=_text(d["contact_name"]),
        contact_title=_text(d["contact_title"]),
        contact_email=_text(d["contact_email"]),
        salutation=_text(d["salutation"]),
        contact_address=_text(d["contact_address"]),
        deal_name=_text(d["deal_public_name"]),
        customer_since=d["customer_since"] or None,
        opportunity=_text(d["opportunity"]),
        products=_text(d["products"]),
        outcome=Outcome.parse(d["outcome"], Outcome.UNKNOWN),
        rep_name=_text(d["rep_name"]),
        date_lost=d["date_lost"] or None,
        meeting_date=d["meeting_date"] or None,
        meeting_minutes=int(d["meeting_minutes"] or 30),
        summary=_text(d["summary"]),
        criteria=criteria,
        reasons=reasons,
        product_requests=requests,
        keep_in_touch=_text(d["keep_in_touch"]) or "unknown",
        keep_in_touch_when=_text(d["keep_in_touch_when"]),
        consolation_order=_text(d["consolation_order"]),
        renewal_date=d["renewal_date"] or None,
        promised_followup=_text(d["promised_followup"]),
        followup_date=d["followup_date"] or None,
    )
