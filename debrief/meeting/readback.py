"""Drafting the read-back: the short summary the rep says aloud before leaving.

It is drafted by meaning (each answer's question role, never its position or wording) from
the debrief's customer-facing view only (`debrief.debriefs.customer_view`), each point under a
heading that says what it answers, in words a rep can say to the customer's face ("you told
me…", not notes about "she" or "they"). The rep edits the draft; the edited text is saved and
later written up, without its spoken opening and closing lines, in the summary letter.
"""

from __future__ import annotations

import re

from debrief.debriefs.customer_view import CustomerView
from debrief.meeting.roles import QuestionRole
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

# The read-back's sections in the order they are said, and which roles feed each.
SECTIONS: tuple[tuple[str, tuple[QuestionRole, ...]], ...] = (
    ("What your decision came down to", (QuestionRole.BASIS, QuestionRole.TRIGGER)),
    ("How your priorities have moved", (QuestionRole.CRITERIA,)),
    ("Where we fell short", (QuestionRole.FELL_SHORT,)),
    ("If the price had been the same", (QuestionRole.SAME_PRICE,)),
    ("Where we did well", (QuestionRole.DID_WELL,)),
    # Answers about our people or the other choice start internal; a rep who unticks one
    # chose to say it back.
    ("How our people came across", (QuestionRole.OUR_PEOPLE,)),
    ("What made the difference", (QuestionRole.COMPETITOR,)),
    ("What you'd like to see from us", (QuestionRole.LIKE_NEXT,)),
    (
        "What happens next",
        (QuestionRole.KEEP_IN_TOUCH, QuestionRole.RENEWAL, QuestionRole.SMALLER_BUSINESS),
    ),
    ("Also", (QuestionRole.OTHER,)),
)

# Reasons that were about the customer's own situation, not about us: said back as what the
# decision came down to, never as where we fell short.
_THEIR_SITUATION = frozenset({LossReason.CHANGED_CRITERIA, LossReason.TIMING_BUDGET})

OPENING = "Before I go, let me check I've understood you correctly."
CLOSING = "Have I got that right? Is there anything I've missed?"

# Notes are often written about the customer ("She was open…"); said aloud they speak to them.
_THIRD_PERSON = (
    (re.compile(r"^(?:she|he) (was|is|has|does)\b", re.IGNORECASE), None),
    (re.compile(r"^they\b", re.IGNORECASE), "You"),
    (re.compile(r"^their\b", re.IGNORECASE), "Your"),
    (re.compile(r"^(?:she|he)\b", re.IGNORECASE), "You"),
    (re.compile(r"^(?:her|his)\b", re.IGNORECASE), "Your"),
)
_VERB = {"was": "were", "is": "are", "has": "have", "does": "do"}


def to_their_face(note: str) -> str:
    """'She was open about it' → 'You were open about it'; 'They liked X' → 'You liked X'.
    Only a sentence's first word is changed: a later 'they' may be someone else."""
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(note.split())):
        match = _THIRD_PERSON[0][0].match(sentence)
        if match:
            sentence = f"You {_VERB[match.group(1).lower()]}{sentence[match.end() :]}"
        else:
            for pattern, word in _THIRD_PERSON[1:]:
                if pattern.match(sentence) and word:
                    sentence = pattern.sub(word, sentence, count=1)
                    if word == "You":  # "He wants" → "You want"
                        sentence = re.sub(r"^You (\w+?)s\b", r"You \1", sentence)
                    break
        out.append(sentence)
    return " ".join(out)


def _answers(view: CustomerView, roles: tuple[QuestionRole, ...]) -> list[str]:
    """Customer-facing answers to questions of these roles (the view already left out what is
    internal and what was skipped)."""
    return [to_their_face(q.note) for q in view.notes if q.role in roles]


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def draft_readback(view: CustomerView) -> str:
    """A first draft of the spoken summary, or '' when nothing customer-facing was captured."""
    extra: dict[str, list[str]] = {title: [] for title, _roles in SECTIONS}
    for c in view.criteria:
        line = " ".join(c.criterion.split())
        then, now = " ".join(c.then_text.split()), " ".join(c.now_text.split())
        if then and now:
            line += f": when you first chose us it was {then}; now it is {now}"
        elif now or then:
            line += f": {now or then}"
        extra["How your priorities have moved"].append(line)
    for r in view.reasons:
        line = SPOKEN_REASON[r.category]
        if r.is_primary:
            line = f"above all, {line}"
        quote = " ".join(r.quote.split())
        if quote:
            line += f" (in your words, “{quote}”)"
        if r.category in _THEIR_SITUATION:
            extra["What your decision came down to"].append(line)
        else:
            extra["Where we fell short"].append(line)
    extra["What you'd like to see from us"] += [" ".join(i.split()) for i in view.product_requests]
    sections = []
    for title, roles in SECTIONS:
        lines = _answers(view, roles) + extra[title]
        if lines:
            sections.append(f"{title}:\n{_bullets(lines)}")
    if not sections:
        return ""
    return "\n\n".join([OPENING, *sections, CLOSING])
