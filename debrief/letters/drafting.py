"""The letters and emails of the workflow: drafted from templates, edited, kept as versions.

Drafts come from `resources/letters/` (data the rep can adapt) filled with the debrief's
customer-facing view only (`debrief.debriefs.customer_view`). Every letter produced (saved, printed,
copied or handed to the mail program) is kept in `letters`; the text being edited is kept in
`letter_drafts` as the rep types, so nothing typed is lost.
"""

from __future__ import annotations

import configparser
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template
from urllib.parse import quote

from debrief.changes import ChangeSet
from debrief.debriefs.customer_view import CustomerView, load_customer_view
from debrief.debriefs.lifecycle import advance_status
from debrief.debriefs.record import LETTER_COLUMNS, Letter, letter_from_row
from debrief.errors import DebriefError, NotFoundError
from debrief.letters.pdf import LetterDocument, render_pdf
from debrief.letters.sender_profile import SenderProfile
from debrief.model import KeepInTouch, LetterKind, Status, new_id, now_iso
from debrief.search.index import reindex_debrief
from debrief.store.database import Store

# Sending a letter is a step in the workflow; the debrief's status follows it forward.
_REACHED_BY = {
    LetterKind.LOSS_REPLY: Status.LOGGED,
    LetterKind.MEETING_REQUEST: Status.MEETING_REQUESTED,
    LetterKind.SUMMARY: Status.SUMMARY_SENT,
    LetterKind.FOLLOW_UP: Status.FOLLOWING_UP,
}


def suggested_kind(status: Status) -> LetterKind:
    """What a debrief at this stage most likely needs next."""
    return {
        Status.LOGGED: LetterKind.LOSS_REPLY,
        Status.MEETING_REQUESTED: LetterKind.MEETING_REQUEST,
        Status.MEETING_HELD: LetterKind.SUMMARY,
    }.get(Status(status), LetterKind.FOLLOW_UP)


@dataclass(frozen=True)
class Draft:
    kind: LetterKind
    subject: str
    text: str


# -- drafting -----------------------------------------------------------------------------------


def format_date(value: str | None) -> str:
    """12 November 2026: unambiguous on both sides of the Atlantic."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


# Words a rep may start a note with that read wrongly capitalised in the middle of a sentence.
_LEADING_SMALL_WORDS = {
    "about",
    "after",
    "around",
    "at",
    "before",
    "by",
    "during",
    "early",
    "every",
    "from",
    "in",
    "late",
    "mid",
    "monthly",
    "next",
    "on",
    "once",
    "quarterly",
    "soon",
    "the",
    "when",
    "within",
    "yearly",
}


def mid_sentence(text: str) -> str:
    """'Before the 2028 renewal' → 'before the 2028 renewal'; names like 'March' stay."""
    first, _, rest = text.strip().partition(" ")
    if first.lower() in _LEADING_SMALL_WORDS and first[:1].isupper() and first[1:].islower():
        return f"{first.lower()} {rest}".strip()
    return text.strip()


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"• {line}" for line in lines if line)


def _phrases(templates_dir: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",))
    parser.read(templates_dir / "phrases.ini", encoding="utf-8")
    return parser


def _values(m: CustomerView, profile: SenderProfile, templates_dir: Path) -> dict[str, str]:
    phrases = _phrases(templates_dir)
    criteria = []
    for c in m.criteria:
        detail = "; ".join(
            part
            for part in (
                f"at first: {c.then_text}" if c.then_text else "",
                f"now: {c.now_text}" if c.now_text else "",
            )
            if part
        )
        criteria.append(f"{c.criterion} ({detail})" if detail else c.criterion)
    reasons = []
    for r in m.reasons:
        phrase = phrases.get("reasons", r.category.value, fallback=r.category.label)
        reasons.append(f"{phrase}: “{r.quote}”" if r.quote else phrase)
    close = m.close
    next_step = close.promised_followup
    if next_step and close.followup_date:
        next_step = f"{next_step.rstrip('.')}, by {format_date(close.followup_date)}."
    sender_name = profile.name or m.rep_name
    return {
        "contact_name": m.contact_name,
        "account_name": m.account_name,
        "opportunity": m.opportunity,
        "decision": phrases.get("decision", m.outcome.value, fallback="made a different choice"),
        "meeting_when": f"on {format_date(m.meeting_date)}" if m.meeting_date else "recently",
        "meeting_minutes": str(m.meeting_minutes),
        "summary": m.summary,
        "criteria": _bullets(criteria),
        "reasons": _bullets(reasons),
        "changes": _bullets(list(m.product_requests)),
        "keep_in_touch_when": (mid_sentence(close.keep_in_touch_when) or "from time to time")
        if close.keep_in_touch == KeepInTouch.YES
        else "",
        "next_step": next_step,
        "consolation_order": close.consolation_order,
        "renewal_date": format_date(close.renewal_date),
        "sender_name": sender_name,
        "sender_role": ", ".join(p for p in (profile.title, profile.company) if p),
    }


# The sign-off stays even when the profile is blank: an empty name or role is just left out.
_NEVER_DROPS = {"sender_name", "sender_role"}


def _fill(template: str, values: dict[str, str]) -> str:
    """Fill each paragraph; leave out a paragraph whose placeholders have nothing to say."""
    kept = []
    for paragraph in re.split(r"\n[ \t]*\n", template.strip()):
        names = [
            m.group("named") or m.group("braced")
            for m in Template.pattern.finditer(paragraph)
            if m.group("named") or m.group("braced")
        ]
        if any(name in values and not values[name] and name not in _NEVER_DROPS for name in names):
            continue
        lines = (Template(line).safe_substitute(values) for line in paragraph.splitlines())
        kept.append("\n".join(line for line in lines if line.strip()).strip())
    return "\n\n".join(p for p in kept if p)


def read_template(templates_dir: Path, kind: LetterKind) -> tuple[str, str]:
    """(subject template, body template) of one kind; notes (# lines) dropped."""
    path = templates_dir / f"{kind.value}.txt"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DebriefError(f"The letter template {path} can't be read ({exc.strerror}).") from exc
    lines = [line for line in raw.splitlines() if not line.startswith("#")]
    while lines and not lines[0].strip():
        lines.pop(0)
    subject = ""
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines.pop(0).split(":", 1)[1].strip()
    return subject, "\n".join(lines)


def draft_letter(
    store: Store,
    debrief_id: str,
    kind: LetterKind,
    profile: SenderProfile,
    templates_dir: Path,
) -> Draft:
    """A fresh draft of `kind` from the debrief's customer-facing material."""
    kind = LetterKind(kind)
    material = load_customer_view(store, debrief_id)
    values = _values(material, profile, templates_dir)
    subject_template, body_template = read_template(templates_dir, kind)
    subject = Template(subject_template).safe_substitute(values)
    return Draft(kind, " ".join(subject.split()), _fill(body_template, values))


# -- the text being edited ----------------------------------------------------------------------


def save_working_draft(store: Store, debrief_id: str, draft: Draft) -> None:
    """Keep what the rep is typing; called (debounced) as they type. Private to the letters
    window, like a form draft, so no change is declared."""
    with store.atomic() as db:
        db["letter_drafts"].upsert(
            {
                "debrief_id": debrief_id,
                "kind": LetterKind(draft.kind).value,
                "subject": draft.subject,
                "text": draft.text,
                "updated_at": now_iso(),
            },
            pk=("debrief_id", "kind"),
        )
        # Declares nothing: only the letters window itself shows the text being typed, and a
        # broadcast twice a second would make the debrief's page re-read while the rep types.


def working_draft(store: Store, debrief_id: str, kind: LetterKind) -> Draft | None:
    found = _working_draft_row(store, debrief_id, kind)
    return found[0] if found else None


def _working_draft_row(store: Store, debrief_id: str, kind: LetterKind) -> tuple[Draft, str] | None:
    rows = list(
        store.db["letter_drafts"].rows_where(
            "debrief_id = ? AND kind = ?", [debrief_id, LetterKind(kind).value]
        )
    )
    if not rows:
        return None
    row = rows[0]
    return Draft(LetterKind(kind), row["subject"] or "", row["text"] or ""), row["updated_at"]


def open_draft(
    store: Store,
    debrief_id: str,
    kind: LetterKind,
    profile: SenderProfile,
    templates_dir: Path,
) -> Draft:
    """What the editor starts from: the text left last time, else a fresh draft."""
    return working_draft(store, debrief_id, kind) or draft_letter(
        store, debrief_id, kind, profile, templates_dir
    )


# -- kept versions ------------------------------------------------------------------------------


def keep_letter(
    store: Store,
    debrief_id: str,
    draft: Draft,
    pdf: bytes | None = None,
    page_size: str | None = None,
) -> Letter:
    """Record a letter that left the app. The same text produced again is one version, not two."""
    kind = LetterKind(draft.kind)
    with store.atomic() as db:
        load_customer_view(store, debrief_id)  # NotFoundError for a missing or trashed debrief
        latest = latest_letter(store, debrief_id, kind)
        if (
            latest is not None
            and latest.subject == draft.subject
            and latest.text == draft.text
            and latest.page_size == page_size
            and (latest.has_pdf or pdf is None)
        ):
            return latest
        letter_id = new_id()
        db["letters"].insert(
            {
                "id": letter_id,
                "debrief_id": debrief_id,
                "kind": kind.value,
                "subject": draft.subject,
                "text": draft.text,
                "pdf": pdf,
                "page_size": page_size,
                "created_at": now_iso(),
            }
        )
        reindex_debrief(db, debrief_id)
        advance_status(store, debrief_id, _REACHED_BY[kind])
        store.note(ChangeSet.of(letters=[debrief_id]))
    return get_letter(store, letter_id)


def list_letters(store: Store, debrief_id: str) -> list[Letter]:
    """A debrief's kept letters, newest first."""
    rows = store.db.execute(
        f"SELECT {LETTER_COLUMNS} FROM letters WHERE debrief_id = ?"
        " ORDER BY created_at DESC, rowid DESC",
        [debrief_id],
    ).fetchall()
    return [letter_from_row(r) for r in rows]


def latest_letter(store: Store, debrief_id: str, kind: LetterKind) -> Letter | None:
    row = store.db.execute(
        f"SELECT {LETTER_COLUMNS} FROM letters WHERE debrief_id = ? AND kind = ?"
        " ORDER BY created_at DESC, rowid DESC LIMIT 1",
        [debrief_id, LetterKind(kind).value],
    ).fetchone()
    return letter_from_row(row) if row else None


def get_letter(store: Store, letter_id: str) -> Letter:
    row = store.db.execute(
        f"SELECT {LETTER_COLUMNS} FROM letters WHERE id = ?", [letter_id]
    ).fetchone()
    if row is None:
        raise NotFoundError("That letter is no longer in the database.")
    return letter_from_row(row)


def letter_pdf(store: Store, letter_id: str) -> bytes | None:
    """The PDF exactly as it was produced, for re-saving or re-printing."""
    row = store.db.execute("SELECT pdf FROM letters WHERE id = ?", [letter_id]).fetchone()
    if row is None:
        raise NotFoundError("That letter is no longer in the database.")
    pdf: bytes | None = row[0]
    return pdf


# -- leaving the app ----------------------------------------------------------------------------

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)
}


def safe_filename(stem: str, suffix: str = ".pdf", limit: int = 100) -> str:
    """A file name that every common file system accepts, keeping the readable parts."""
    text = unicodedata.normalize("NFC", stem)
    text = "".join(
        "-" if ch in '<>:"/\\|?*' or unicodedata.category(ch)[0] == "C" else ch for ch in text
    )
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"-{2,}", "-", text).strip(" .-")[:limit].strip(" .-")
    if not text:
        text = "letter"
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = f"{text}-letter"
    return text + suffix


def default_filename(kind: LetterKind, account_name: str, day: date | None = None) -> str:
    day = day or date.today()
    label = LetterKind(kind).short_label
    return safe_filename(f"{label} - {account_name} - {day.isoformat()}")


def mailto_url(to: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the rep's mail program with the text filled in."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    address = quote(to.strip(), safe="@")
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


# -- the PDF --------------------------------------------------------------------------------


def letter_document(
    material: CustomerView, draft: Draft, profile: SenderProfile, day: date | None = None
) -> LetterDocument:
    """What goes on the page: the edited text, addressed from the debrief, dated today."""
    kind = LetterKind(draft.kind)
    return LetterDocument(
        subject=draft.subject,
        text=draft.text,
        recipient=(material.contact_name, material.contact_title, material.account_name),
        date_text=format_date((day or date.today()).isoformat()),
        sender=profile,
        page_size=profile.page_size,
        pdf_subject=f"{kind.short_label} to {material.account_name}",
    )


def latest_text(
    store: Store,
    debrief_id: str,
    kind: LetterKind,
    profile: SenderProfile,
    templates_dir: Path,
) -> Draft:
    """The newest words for `kind`: the text being edited or the last kept letter, whichever
    is newer; a fresh draft when there is neither."""
    kind = LetterKind(kind)
    kept = latest_letter(store, debrief_id, kind)
    editing = _working_draft_row(store, debrief_id, kind)
    if editing and (kept is None or editing[1] > kept.created_at):
        return editing[0]
    if kept is not None:
        return Draft(kind, kept.subject, kept.text)
    return draft_letter(store, debrief_id, kind, profile, templates_dir)


def produce_letter_pdf(
    store: Store,
    debrief_id: str,
    draft: Draft,
    profile: SenderProfile,
    fonts_dir: Path,
) -> tuple[Letter, bytes]:
    """Render a letter and keep it as a version (for scripts; the app renders off-thread)."""
    material = load_customer_view(store, debrief_id)
    pdf = render_pdf(letter_document(material, draft, profile), fonts_dir)
    return keep_letter(store, debrief_id, draft, pdf, profile.page_size), pdf
