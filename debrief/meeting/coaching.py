"""Quiet reminders shown beside the checklist during the meeting, in our own words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    title: str
    detail: str
    phases: tuple[str, ...] = ()  # empty = useful throughout


CUES: tuple[Cue, ...] = (
    Cue(
        "Accept the decision",
        "It's made. You are here to learn, not to win it back today.",
        ("opening", "decision"),
    ),
    Cue("Listen, don't defend", "If it stings, ask for an example and write it down."),
    Cue("Use their words", "Note the phrases they use; read them back the same way."),
    Cue(
        "Don't criticise their choice",
        "Not the decision, not the supplier they picked. Ask what they do well.",
        ("competitor", "decision"),
    ),
    Cue(
        "No price offers",
        "A discount now says the first price was padded. Leave price out of it.",
        ("performance", "future"),
    ),
    Cue(
        "Note their criteria",
        "What mattered then, and what matters now? Capture both.",
        ("decision",),
    ),
    Cue(
        "Ask about our people gently",
        "Thank them for frankness. Those notes stay internal.",
        ("performance",),
    ),
    Cue(
        "Summarise before you leave",
        "Read back what you heard and let them correct you.",
        ("future", "close"),
    ),
    Cue("Ask to keep in touch", "And when would suit them. Note the renewal date.", ("future",)),
)


def cues_for(phase: str) -> tuple[Cue, ...]:
    """The cues for this phase first, then the ones that always apply."""
    specific = tuple(c for c in CUES if c.phases and phase in c.phases)
    general = tuple(c for c in CUES if not c.phases)
    return specific + general
