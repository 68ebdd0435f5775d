"""Writing a letter from what the debrief means, not from where things were typed.

A template (resources/letters/<kind>.txt) is a list of paragraphs. A paragraph may start with a
condition line such as `[if meeting_held]`, `[if not keep_in_touch]` or `[if outcome=competitor]`
and is left out when the condition is false, or when one of its `$placeholders` has nothing to
say. The placeholders that carry the customer's own words (`$heard`, `$requests`…) are composed
here as whole sentences, so a note typed in the meeting never breaks the grammar around it.

Only customer-facing material reaches this module (see `LetterFacts`); the competitor is never
named and no price is offered, whatever the outcome.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Template

from debrief.errors import DebriefError
from debrief.letters import wording
from debrief.model import LossReason, Outcome

# Reasons that mean we let the customer down: the summary letter apologises for them.
APOLOGY_REASONS = frozenset({LossReason.SERVICE_DELIVERY, LossReason.RELATIONSHIP})


@dataclass(frozen=True)
class HeardReason:
    category: LossReason
    is_primary: bool
    quote: str  # the customer's words, customer-facing only ('' when none)


@dataclass(frozen=True)
class HeardCriterion:
    criterion: str
    then_text: str
    now_text: str


@dataclass(frozen=True)
class LetterFacts:
    """Everything a letter may draw on: customer-facing, already stripped of internal text."""

    contact_name: str
    salutation: str
    account_name: str
    deal_name: str  # the customer-facing name of what they were buying ('' when none)
    outcome: Outcome
    meeting_held: bool
    meeting_date: str | None
    meeting_minutes: int
    customer_since: str | None  # contract start of the account (ISO), for "years with us"
    readback: str  # the rep's edited read-back ('' when none)
    criteria: Sequence[HeardCriterion] = ()
    reasons: Sequence[HeardReason] = ()
    requests: Sequence[str] = ()
    keep_in_touch: str = "unknown"  # yes / no / unknown
    keep_in_touch_when: str = ""  # free text the rep typed, if no date
    next_contact_date: str | None = None  # when the rep will be in touch: 'YYYY-MM' or ISO day
    consolation_order: str = ""
    renewal_date: str | None = None
    sender_name: str = ""
    sender_role: str = ""
    today: date = field(default_factory=date.today)


class SummaryNeedsMeeting(DebriefError):
    """A summary letter confirms what was heard in a meeting; without one there is nothing to
    confirm."""

    def __init__(self) -> None:
        super().__init__(
            "A summary letter confirms what you heard in the debrief meeting, and no meeting "
            "has been held for this debrief yet. Draft the meeting request letter instead, or "
            "record the meeting first."
        )


@dataclass(frozen=True)
class Template_:
    language: str
    subject: str
    paragraphs: tuple[str, ...]


_CONDITION = re.compile(r"^\[if ([a-z_= ]+)\]\s*(.*)$")
_TEST = re.compile(r"^(not )?([a-z_]+)(?:=([a-z_]+))?$")


def parse_template(raw: str) -> Template_:
    """Notes (# lines) dropped; `Subject:` and `Language:` headers read; paragraphs split."""
    lines = [line for line in raw.splitlines() if not line.startswith("#")]
    subject, language = "", wording.DEFAULT_LANGUAGE
    while lines and (not lines[0].strip() or ":" in lines[0]):
        head = lines[0]
        key, _, value = head.partition(":")
        if not head.strip():
            lines.pop(0)
        elif key.strip().lower() == "subject":
            subject = value.strip()
            lines.pop(0)
        elif key.strip().lower() == "language":
            language = value.strip() or language
            lines.pop(0)
        else:
            break
    body = "\n".join(lines).strip()
    paragraphs = tuple(p.strip() for p in re.split(r"\n[ \t]*\n", body) if p.strip())
    return Template_(language, subject, paragraphs)


def read_template(templates_dir: Path, kind_value: str) -> Template_:
    path = templates_dir / f"{kind_value}.txt"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DebriefError(f"The letter template {path} can't be read ({exc.strerror}).") from exc
    return parse_template(raw)


def phrases(templates_dir: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(templates_dir / "phrases.ini", encoding="utf-8")
    return parser


# -- what the letter says, composed ---------------------------------------------------------


def _reason_phrase(words: configparser.ConfigParser, reason: LossReason) -> str:
    return words.get("heard", reason.value, fallback=reason.label.lower())


def heard_from_material(facts: LetterFacts, words: configparser.ConfigParser) -> str:
    """What we heard, in prose, from the captured criteria and reasons (in their words)."""
    sentences: list[str] = []
    plain = [c for c in facts.criteria if c.criterion and not (c.then_text and c.now_text)]
    moved = [c for c in facts.criteria if c.criterion and c.then_text and c.now_text]
    if plain:
        mattered = wording.join_words([wording.noun_phrase(c.criterion) for c in plain])
        sentences.append(f"You explained that what mattered most in your decision was {mattered}.")
    for c in moved:
        sentences.append(
            "Your needs had moved on since you first chose us: on "
            f"{wording.noun_phrase(c.criterion)}, what was {wording.quoted(c.then_text)} then "
            f"is {wording.quoted(c.now_text)} now."
        )
    primary = [r for r in facts.reasons if r.is_primary]
    others = [r for r in facts.reasons if not r.is_primary]
    if primary:
        r = primary[0]
        lead = "Above all, you told me that" if others else "You told me that"
        text = f"{lead} {_reason_phrase(words, r.category)}"
        if r.quote:
            text += f"; as you put it, {wording.quoted(r.quote)}"
        sentences.append(text + ".")
    if others:
        parts = [_reason_phrase(words, r.category) for r in others]
        lead = "You also mentioned that" if primary else "You told me that"
        sentences.append(f"{lead} {wording.join_words(parts)}.")
        quotes = [wording.quoted(r.quote) for r in others if r.quote]
        if quotes:
            sentences.append(f"In your words: {wording.join_words(quotes)}.")
    return " ".join(sentences)


def heard_from_readback(readback: str, words: configparser.ConfigParser) -> str:
    """The edited read-back as written prose: the lines only said aloud in the room (the
    opening check, "have I got that right?") are left out, and bullets become sentences."""
    spoken = spoken_patterns(words)
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", readback.strip()):
        lead = ""
        items: list[str] = []
        prose: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if not line or is_spoken(line, spoken):
                continue
            bullet = re.match(r"^(?:[-•*–]|\d+[.)])\s+(.*)$", line)
            if bullet:
                items.append(wording.fragment(bullet.group(1)))
            elif line.endswith(":") and not items:
                lead = line[:-1].strip()
            else:
                prose.append(wording.sentence(line))
        if items:
            joined = "; ".join(i for i in items if i)
            prose.append(wording.sentence(f"{lead}: {joined}" if lead else joined))
        elif lead:
            prose.append(wording.sentence(lead))
        if prose:
            paragraphs.append(" ".join(prose))
    return "\n\n".join(paragraphs)


def spoken_patterns(words: configparser.ConfigParser) -> list[str]:
    if not words.has_section("spoken"):
        return []
    return [v.strip().lower() for _k, v in words.items("spoken") if v.strip()]


def is_spoken(line: str, patterns: Sequence[str]) -> bool:
    """A line meant for the room, not the page ("Have I got that right?")."""
    low = line.lower().replace("’", "'")
    return any(p in low for p in patterns)


def _requests(facts: LetterFacts) -> str:
    return wording.join_words([wording.noun_phrase(r) for r in facts.requests if r.strip()])


def _apology(facts: LetterFacts, words: configparser.ConfigParser) -> str:
    topics = [
        words.get("apology", r.category.value, fallback="")
        for r in facts.reasons
        if r.category in APOLOGY_REASONS
    ]
    topics = list(dict.fromkeys(t for t in topics if t))
    return wording.join_words(topics)


def _years(facts: LetterFacts) -> str:
    years = wording.years_between(facts.customer_since, facts.today)
    if years < 1:
        return ""
    return "the past year" if years == 1 else f"the past {wording.count_words(years)} years"


def _next_contact(facts: LetterFacts, language: str) -> str:
    if facts.keep_in_touch != "yes":
        return ""
    when = facts.next_contact_date or ""
    if len(when) == 7:  # a month the customer named: 'YYYY-MM'
        return f"in {wording.month_year(when + '-01', language)}"
    if when:
        return f"around {wording.long_date(when, language)}"
    return ""  # no date agreed: the template says so without one


def values(facts: LetterFacts, language: str, words: configparser.ConfigParser) -> dict[str, str]:
    """Every `$placeholder` a template may use; '' means "nothing to say" (paragraph dropped)."""
    heard = (
        heard_from_readback(facts.readback, words)
        if facts.readback.strip()
        else heard_from_material(facts, words)
    )
    renewal_ok = facts.keep_in_touch == "yes" and bool(facts.renewal_date)
    return {
        "greeting": wording.greeting(facts.salutation, facts.contact_name),
        "account_name": facts.account_name,
        "deal": facts.deal_name,
        "meeting_date": wording.long_date(facts.meeting_date, language),
        "meeting_minutes": str(facts.meeting_minutes or 30),
        "years": _years(facts),
        "heard": heard,
        "apology": _apology(facts, words),
        "requests": _requests(facts),
        "consolation_order": wording.noun_phrase(facts.consolation_order),
        "them": "it" if len([r for r in facts.requests if r.strip()]) == 1 else "them",
        "next_contact": _next_contact(facts, language),
        "renewal_month": wording.month_year(facts.renewal_date, language) if renewal_ok else "",
        "sender_name": facts.sender_name,
        "sender_role": facts.sender_role,
    }


def flags(facts: LetterFacts, v: Mapping[str, str]) -> dict[str, bool | str]:
    return {
        "meeting_held": facts.meeting_held,
        "keep_in_touch": facts.keep_in_touch == "yes",
        "no_contact": facts.keep_in_touch == "no",
        "switching": facts.outcome in (Outcome.COMPETITOR, Outcome.IN_HOUSE),
        "outcome": facts.outcome.value,
        "heard": bool(v.get("heard")),
        "requests": bool(v.get("requests")),
        "next_contact": bool(v.get("next_contact")),
    }


# The sign-off stays even when the profile is blank: an empty name or role just drops its line.
_NEVER_DROPS = {"sender_name", "sender_role"}


def _condition(line: str, state: Mapping[str, bool | str]) -> tuple[bool | None, str]:
    """(holds, rest of the line) for `[if a and not b] rest`; (None, line) without a condition.
    An unknown test is false, so a typo leaves a paragraph out rather than in."""
    match = _CONDITION.match(line.strip())
    if not match:
        return None, line
    holds = True
    for test in match.group(1).split(" and "):
        parts = _TEST.match(test.strip())
        if not parts:
            return False, match.group(2)
        negate, name, wanted = parts.groups()
        current = state.get(name, False)
        result = (current == wanted) if wanted is not None else bool(current)
        holds = holds and (not result if negate else result)
    return holds, match.group(2)


def _says_something(text: str, v: Mapping[str, str]) -> bool:
    return not any(n in v and not v[n] and n not in _NEVER_DROPS for n in _placeholders(text))


def fill(template: Template_, v: Mapping[str, str], state: Mapping[str, bool | str]) -> str:
    """Paragraphs whose condition holds and whose placeholders all have something to say.
    A line starting with `+ ` is an optional sentence added to its paragraph on the same
    terms (it may carry its own `[if ...]`)."""
    kept: list[str] = []
    for paragraph in template.paragraphs:
        lines = paragraph.splitlines()
        holds, first = _condition(lines[0], state)
        if holds is False:
            continue
        if holds:
            lines = ([first] if first.strip() else []) + lines[1:]
        out: list[str] = []
        for line in lines:
            if line.startswith("+ "):
                ok, rest = _condition(line[2:], state)
                if ok is not False and _says_something(rest, v) and out:
                    out[-1] = f"{out[-1]} {Template(rest.strip()).safe_substitute(v)}"
                continue
            if not _says_something(line, v):
                out = []
                break
            out.append(Template(line).safe_substitute(v))
        block = "\n".join(wording.tidy(line) for line in out if line.strip())
        if block.strip():
            kept.append(block.strip())
    return "\n\n".join(kept)


def _placeholders(text: str) -> list[str]:
    return [
        m.group("named") or m.group("braced")
        for m in Template.pattern.finditer(text)
        if m.group("named") or m.group("braced")
    ]


def subject_line(template: Template_, v: Mapping[str, str]) -> str:
    """The first `|`-separated alternative whose placeholders all have something to say."""
    options = [o.strip() for o in template.subject.split("|") if o.strip()]
    for option in options:
        if all(v.get(n) for n in _placeholders(option) if n in v):
            return " ".join(Template(option).safe_substitute(v).split())
    return " ".join(Template(options[-1]).safe_substitute(v).split()) if options else ""


def compose(
    template: Template_,
    facts: LetterFacts,
    words: configparser.ConfigParser,
    extra: Mapping[str, str] | None = None,
) -> tuple[str, str]:
    """(subject, body) of one letter; `extra` adds placeholders a kind needs (a call date)."""
    v = {**values(facts, template.language, words), **(extra or {})}
    return subject_line(template, v), fill(template, v, flags(facts, v))
