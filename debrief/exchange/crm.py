""" "Copy for CRM": a short plain-text note of one lost deal, for a CRM's closed-lost field.

A CRM is read by colleagues, not the customer, but it is read widely: the note carries the
outcome, the reasons and the next step, and quotes only what the customer said that isn't marked
internal. Notes about our own people and private remarks never go in. Read from the one record
of a debrief (`load_record`), with the app's own labels.
"""

from __future__ import annotations

from debrief.debriefs.record import DebriefRecord, load_record
from debrief.labels import CLOSE_FIELDS, PRIMARY_REASON
from debrief.model import KeepInTouch, Outcome
from debrief.money import format_amount
from debrief.store.database import Store

MAX_QUOTES = 3


def _one_line(text: str) -> str:
    return " ".join(text.split())


def crm_note(record: DebriefRecord) -> str:
    d = record.debrief
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
    if record.contact is not None and record.contact.name.strip():
        facts.append(f"contact {_one_line(record.contact.name)}")
    if facts:
        text = "; ".join(facts)
        lines.append(text[0].upper() + text[1:])
    primary = record.primary_reason
    if primary is not None:
        lines.append(f"{PRIMARY_REASON}: {primary.category.label}")
    others = [r.category.label for r in record.reasons if not r.is_primary]
    if others:
        lines.append(f"Other reasons: {'; '.join(others)}")
    quotes = [_one_line(r.quote) for r in record.reasons if r.quote.strip() and not r.internal]
    if quotes:
        lines.append("In their words:")
        lines.extend(f'- "{q}"' for q in quotes[:MAX_QUOTES])
    lines.append(f"Next step: {_next_step(record)}")
    close = record.close
    if close.renewal_date and close.keep_in_touch != KeepInTouch.NO:
        lines.append(f"{CLOSE_FIELDS['renewal_date']}: {close.renewal_date}")
    if close.consolation_order.strip():
        lines.append(f"{CLOSE_FIELDS['consolation_order']}: {_one_line(close.consolation_order)}")
    tail = f"Debrief by {_one_line(d.rep_name)}" if d.rep_name.strip() else "Debrief"
    if record.meeting_date:
        tail += f", meeting held {record.meeting_date}"
    lines.append(tail + ".")
    return "\n".join(lines)


def _next_step(record: DebriefRecord) -> str:
    close = record.close
    if close.promised_followup.strip():
        step = _one_line(close.promised_followup)
        return f"{step} (by {close.followup_date})" if close.followup_date else step
    if close.keep_in_touch == KeepInTouch.NO:
        return "none; they asked us not to keep in touch for now"
    if close.keep_in_touch == KeepInTouch.YES:
        when = _one_line(close.keep_in_touch_when)
        return f"keep in touch{', ' + when if when else ''}"
    return "not agreed yet (keep in touch: not asked yet)"


def copy_for_crm(store: Store, debrief_id: str) -> str:
    """The CRM note of one debrief, read fresh from the database."""
    return crm_note(load_record(store, debrief_id))
