""" "Copy for CRM": a short plain-text note of one lost deal, for a CRM's closed-lost field.

A CRM is read by colleagues, not the customer, but it is read widely: the note carries the
outcome, the reasons and the next step, and quotes only what the customer said that isn't marked
internal. Notes about our own people and private remarks never go in.
"""

from __future__ import annotations

from debrief.debriefs.detail import KEEP_IN_TOUCH, DebriefDetail, get_detail
from debrief.model import Outcome
from debrief.money import format_amount
from debrief.store.database import Store

MAX_QUOTES = 3


def _one_line(text: str) -> str:
    return " ".join(text.split())


def crm_note(detail: DebriefDetail) -> str:
    d = detail.debrief
    lines = [f"Closed lost: {_one_line(d.opportunity) or 'deal'} ({_one_line(d.account_name)})"]
    outcome = d.outcome.label
    if d.outcome == Outcome.COMPETITOR and d.competitor.strip():
        outcome = f"{outcome}: {_one_line(d.competitor)}"
    lines.append(f"Outcome: {outcome}")
    facts = []
    if d.date_lost:
        facts.append(f"lost on {d.date_lost}")
    if d.value_minor is not None:
        facts.append(f"value {format_amount(d.value_minor, d.currency)}")
    if d.contact_name:
        facts.append(f"contact {_one_line(d.contact_name)}")
    if facts:
        lines.append(facts[0][0].upper() + "; ".join(facts)[1:])
    primary = detail.primary_reason
    if primary is not None:
        lines.append(f"Primary reason: {primary.category_label}")
    others = [r.category_label for r in detail.reasons if not r.is_primary]
    if others:
        lines.append(f"Other reasons: {'; '.join(others)}")
    quotes = [_one_line(r.quote) for r in detail.reasons if r.quote.strip() and not r.internal][
        :MAX_QUOTES
    ]
    if quotes:
        lines.append("In their words:")
        lines.extend(f'- "{q}"' for q in quotes)
    lines.append(f"Next step: {_next_step(detail)}")
    if detail.renewal_date and detail.keep_in_touch != "no":
        lines.append(f"Contract renewal: {detail.renewal_date}")
    if detail.consolation_order.strip():
        lines.append(f"Smaller business now: {_one_line(detail.consolation_order)}")
    tail = f"Debrief by {_one_line(d.rep_name)}" if d.rep_name.strip() else "Debrief"
    if detail.meeting_date:
        tail += f", meeting held {detail.meeting_date}"
    lines.append(tail + ".")
    return "\n".join(lines)


def _next_step(detail: DebriefDetail) -> str:
    if detail.promised_followup.strip():
        step = _one_line(detail.promised_followup)
        return f"{step} (by {detail.followup_date})" if detail.followup_date else step
    if detail.keep_in_touch == "no":
        return "none; they asked us not to keep in touch for now"
    if detail.keep_in_touch == "yes":
        when = _one_line(detail.keep_in_touch_when)
        return f"keep in touch{', ' + when if when else ''}"
    return f"not agreed yet (keep in touch: {KEEP_IN_TOUCH['unknown'].lower()})"


def copy_for_crm(store: Store, debrief_id: str) -> str:
    """The CRM note of one debrief, read fresh from the database."""
    return crm_note(get_detail(store, debrief_id))
