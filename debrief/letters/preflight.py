"""The check that runs before anything customer-facing leaves the app.

It reads the whole page as the customer will see it — subject, body, recipient block and
letterhead — and compares it with what is internal *now*, so a note flagged internal after a
draft was made still stops the letter. Internal text blocks until it is taken out; the
competitor's name, price-cut wording, lines meant only for the room and characters the fonts
can't print are warnings the rep can jump to and override.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from debrief.debriefs.record import DebriefRecord
from debrief.letters.compose import is_spoken, phrases, spoken_patterns


class Severity(Enum):
    BLOCK = "block"  # must be resolved before the letter leaves
    WARN = "warn"  # the rep may override


@dataclass(frozen=True)
class InternalText:
    """A piece of internal text and where the rep typed it (for the message)."""

    source: str  # e.g. 'Internal note on "How did our people come across?"'
    text: str


@dataclass(frozen=True)
class Finding:
    severity: Severity
    message: str  # plain words, names where the problem came from
    part: str  # 'subject', 'body', 'recipient' or 'letterhead'
    start: int  # character offset of the problem in that part (-1 when not located)
    length: int

    @property
    def blocks(self) -> bool:
        return self.severity is Severity.BLOCK


@dataclass(frozen=True)
class Page:
    """Everything printed on the page, by part."""

    subject: str
    body: str
    recipient: str = ""
    letterhead: str = ""

    def parts(self) -> list[tuple[str, str]]:
        return [
            ("subject", self.subject),
            ("body", self.body),
            ("recipient", self.recipient),
            ("letterhead", self.letterhead),
        ]


# Wording that reads as reopening the sale on price (never in a debrief letter).
_PRICE_WORDS = (
    r"discount",
    r"price cut",
    r"cut (?:the|our) price",
    r"reduce (?:the|our) price",
    r"lower (?:the|our) price",
    r"match (?:their|the) price",
    r"special offer",
    r"best price",
    r"\d+\s?% off",
    r"money off",
    r"cheaper",
    r"rebate",
)
_PRICE = re.compile(r"\b(?:" + "|".join(_PRICE_WORDS) + r")", re.IGNORECASE)

# Shorter snippets than this are too common to be told apart from ordinary words.
_MIN_SNIPPET = 12


_FOLD = str.maketrans("’‘“”–", "''\"\"-")


def _fold(text: str) -> str:
    """Lower case, one kind of quote and dash, single spaces: how snippets are compared."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.translate(_FOLD)
    return " ".join(text.split())


def _snippets(text: str) -> list[str]:
    """An internal text cut into the sentences and lines a rep might have pasted."""
    pieces = re.split(r"(?<=[.!?;])\s+|\n+", text)
    folded = [_fold(p).strip(" .;:,\"'") for p in pieces]
    whole = _fold(text).strip(" .;:,\"'")
    found = [p for p in folded if len(p) >= _MIN_SNIPPET]
    if whole not in found and len(whole.split()) >= 2 and len(whole) >= 8:
        found.append(whole)  # a short internal item, e.g. "bundled fuel cards"; never one word
    return found


def _locate(haystack: str, needle_folded: str) -> tuple[int, int]:
    """Where a folded snippet sits in the original text (-1 when only found after folding)."""
    match = re.search(
        r"\s+".join(re.escape(w) for w in needle_folded.split()), haystack, re.IGNORECASE
    )
    return (match.start(), match.end() - match.start()) if match else (-1, 0)


def find_internal(page: Page, internal: Iterable[InternalText]) -> list[Finding]:
    findings: list[Finding] = []
    for part, text in page.parts():
        folded = _fold(text)
        for item in internal:
            for snippet in _snippets(item.text):
                if re.search(r"(?<!\w)" + re.escape(snippet) + r"(?!\w)", folded):
                    start, length = _locate(text, snippet)
                    findings.append(
                        Finding(
                            Severity.BLOCK,
                            f"The {part} contains internal text ({item.source}): "
                            f"“{_short(snippet)}”. Take it out before this leaves Debrief.",
                            part,
                            start,
                            length,
                        )
                    )
                    break
    return findings


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def find_warnings(
    page: Page, competitor: str, templates_dir: Path, fonts_dir: Path | None
) -> list[Finding]:
    findings: list[Finding] = []
    name = " ".join(competitor.split())
    spoken = spoken_patterns(phrases(templates_dir))
    for part, text in page.parts():
        if part == "letterhead":
            continue
        if len(name) >= 2:
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE):
                findings.append(
                    Finding(
                        Severity.WARN,
                        f"The {part} names the competitor ({name}). Letters usually wish the "
                        "customer well in general terms.",
                        part,
                        m.start(),
                        m.end() - m.start(),
                    )
                )
        for m in _PRICE.finditer(text):
            findings.append(
                Finding(
                    Severity.WARN,
                    f"The {part} mentions price (“{m.group(0)}”). A debrief letter listens; it "
                    "doesn't reopen the sale with an offer.",
                    part,
                    m.start(),
                    m.end() - m.start(),
                )
            )
        offset = 0
        for line in text.splitlines(keepends=True):
            if line.strip() and is_spoken(line, spoken):
                findings.append(
                    Finding(
                        Severity.WARN,
                        f"“{_short(line.strip())}” is a line for saying aloud in the meeting, "
                        "not for a letter.",
                        part,
                        offset,
                        len(line.rstrip("\n")),
                    )
                )
            offset += len(line)
    if fonts_dir is not None:
        whole = "\n".join(text for _part, text in page.parts())
        from debrief.letters.pdf import describe_characters, unprintable_characters

        bad = unprintable_characters(whole, fonts_dir)
        if bad:
            findings.append(
                Finding(
                    Severity.WARN,
                    "These characters can't be printed correctly and will show as boxes or in "
                    f"the wrong order: {describe_characters(bad)}.",
                    "body",
                    -1,
                    0,
                )
            )
    return findings


def preflight(
    page: Page,
    internal: Sequence[InternalText],
    competitor: str,
    templates_dir: Path,
    fonts_dir: Path | None = None,
) -> list[Finding]:
    """Every problem on the page, blocking ones first."""
    return find_internal(page, internal) + find_warnings(page, competitor, templates_dir, fonts_dir)


def internal_texts(meeting: DebriefRecord) -> list[InternalText]:
    """Every piece of text in the debrief that is internal now, with where it was typed."""
    found: list[InternalText] = []
    for q in meeting.questions:
        if q.note.strip() and q.note_internal:
            found.append(InternalText(f"internal note on “{_short(q.text, 50)}”", q.note))
    if meeting.notepad.strip() and meeting.notepad_internal:
        found.append(InternalText("the note pad", meeting.notepad))
    for c in meeting.criteria:
        if c.internal:
            for text in (c.criterion, c.then_text, c.now_text):
                if text.strip():
                    found.append(InternalText("an internal criterion", text))
    for r in meeting.reasons:
        if r.internal and r.quote.strip():
            found.append(InternalText(f"an internal reason ({r.category.label})", r.quote))
    for i in meeting.items:
        if i.internal and i.text.strip():
            found.append(InternalText(f"an internal item ({i.kind.label})", i.text))
    return found
