"""Drafting the read-back: the short summary the rep says aloud before leaving.

It reads only the debrief's customer-facing view (`debrief.debriefs.customer_view`), in three parts:
what their decision rested on, where we fell short, and what they'd like to see from us.
The rep edits the draft; the edited text is what gets saved and later sent in the letter.
"""

from __future__ import annotations

from debrief.debriefs.customer_view import CustomerView
from debrief.model import LossReason

# How each loss reason sounds when said back to the customer, in plain words.
SPOKEN_REASON: dict[LossReason, str] = {
    LossReason.PRICE_VALUE: "the price didn't match the value you expected from us",
    LossReason.PRODUCT_FIT: "our product didn't fit what you needed closely enough",
    LossReason.SERVICE_DELIVERY: "we let you down on service or delivery",
    LossReason.SALES_EXPERIENCE: "the way we handled the sale didn't work for you",
    LossReason.RELATIONSHIP: "the relationship and trust weren't where they needed to be",
    LossReason.IMPLEMENTATION_RISK: "moving to our solution looked riskier",
    LossReason.CHANGED_CRITERIA: "your priorities changed along the way",
    LossReason.TIMING_BUDGET: "the timing or the budget wasn't right",
}

# Which checklist phases feed which part of the read-back.
_BASIS_PHASES = ("decision",)
_SHORTFALL_PHASES = ("performance",)
_WISHES_PHASES = ("future",)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _notes(view: CustomerView, *phases: str) -> list[str]:
    return [_one_line(note) for note in view.notes_in(*phases)]


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def draft_readback(view: CustomerView) -> str:
    """A first draft of the spoken summary, or '' when nothing customer-facing was captured."""
    sections: list[str] = []

    basis = []
    for c in view.criteria:
        line = _one_line(c.criterion)
        then, now = _one_line(c.then_text), _one_line(c.now_text)
        if then and now:
            line += f": when you first chose us it was {then}; now it is {now}"
        elif now or then:
            line += f": {now or then}"
        basis.append(line)
    basis += _notes(view, *_BASIS_PHASES)
    if basis:
        sections.append("What your decision rested on:\n" + _bullets(basis))

    shortfall = []
    for r in view.reasons:
        line = SPOKEN_REASON[r.category]
        if r.is_primary:
            line = f"above all, {line}"
        quote = _one_line(r.quote)
        if quote:
            line += f" (“{quote}”)"
        shortfall.append(line)
    shortfall += _notes(view, *_SHORTFALL_PHASES)
    if shortfall:
        sections.append("Where we fell short:\n" + _bullets(shortfall))

    wishes = [_one_line(text) for text in view.product_requests]
    wishes += _notes(view, *_WISHES_PHASES)
    if wishes:
        sections.append("What you'd like to see from us:\n" + _bullets(wishes))

    if not sections:
        return ""
    opening = "Let me check I've understood you correctly."
    closing = "Have I got that right? Is there anything I've missed?"
    return "\n\n".join([opening, *sections, closing])
