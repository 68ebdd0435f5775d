"""The read-back as the customer sees it, when the rep turns the screen towards them.

It is the saved read-back (or, before one is written, a draft from the customer-facing view),
split into headings and points, with every line that holds text marked internal *now* held
back: a note flagged internal after the read-back was drafted never reaches the customer's eyes.
The rep is told how many lines were held back; the customer sees no trace of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from debrief.debriefs.customer_view import customer_view
from debrief.debriefs.record import DebriefRecord
from debrief.letters.preflight import Page, find_internal, internal_texts
from debrief.meeting.readback import OPENING, draft_readback

TITLE = "What I heard from you"


@dataclass(frozen=True)
class Block:
    """One piece of the read-back: a heading, a point of a list, or a plain paragraph."""

    kind: str  # 'title', 'heading', 'point' or 'text'
    text: str


@dataclass(frozen=True)
class FacingReadback:
    blocks: tuple[Block, ...]
    held_back: int  # lines left out because they hold internal text
    drafted: bool  # no read-back was saved yet: this is a fresh draft

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def _block(line: str) -> Block:
    stripped = line.strip()
    if stripped.startswith(("- ", "• ", "* ")):
        return Block("point", stripped[2:].strip())
    if stripped.endswith(":") and len(stripped) < 80:
        return Block("heading", stripped[:-1].strip())
    return Block("text", stripped)


def facing_readback(record: DebriefRecord) -> FacingReadback:
    """What the customer may read of this meeting's read-back (see the module docstring)."""
    view = customer_view(record)
    text = view.summary
    drafted = not text
    if drafted:
        text = draft_readback(view)
    internal = internal_texts(record)
    blocks: list[Block] = []
    held_back = 0
    for line in text.splitlines():
        if not line.strip() or line.strip() == OPENING:
            continue  # the spoken opening is said, not shown: the screen has its own title
        if internal and find_internal(Page("", line), internal):
            held_back += 1
            continue
        blocks.append(_block(line))
    # a heading whose points were all held back says nothing
    kept = [
        b
        for i, b in enumerate(blocks)
        if b.kind != "heading" or (i + 1 < len(blocks) and blocks[i + 1].kind != "heading")
    ]
    if not kept:
        return FacingReadback((), held_back, drafted)
    return FacingReadback((Block("title", TITLE), *kept), held_back, drafted)
