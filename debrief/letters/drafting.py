"""The letters and emails of the workflow: drafted from templates, edited, kept as versions.

Drafts come from `resources/letters/` (data the rep can adapt) filled with the debrief's
customer-facing view only (`debrief.debriefs.customer_view`). Every letter produced (saved, printed,
copied or handed to the mail program) is kept in `letters`; the text being edited is kept in
`letter_drafts` as the rep types, so nothing typed is lost.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from debrief.changes import ChangeSet
from debrief.debriefs.customer_view import CustomerView, load_customer_view
from debrief.debriefs.lifecycle import advance_status
from debrief.debriefs.record import LETTER_COLUMNS, Letter, letter_from_row, load_record
from debrief.errors import NotFoundError
from debrief.letters.compose import (
    HeardCriterion,
    HeardReason,
    LetterFacts,
    SummaryNeedsMeeting,
    compose,
    phrases,
    read_template,
)
from debrief.letters.preflight import Finding, Page, Severity, internal_texts, preflight
from debrief.letters.sender_profile import SenderProfile
from debrief.letters.wording import DEFAULT_LANGUAGE, long_date
from debrief.model import KeepInTouch, LetterKind, Status, new_id, now_iso
from debrief.search.index import reindex_debrief
from debrief.store.database import Store

if TYPE_CHECKING:  # reportlab loads when a letter is rendered, not when the app starts
    from debrief.letters.pdf import LetterDocument

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


def working_days_after(day: date, count: int) -> date:
    """`count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


# The meeting request proposes the rep's call a week on: time for the letter to arrive.
CALL_AFTER_WORKING_DAYS = 5


def letter_facts(
    view: CustomerView, profile: SenderProfile, today: date | None = None
) -> LetterFacts:
    """The customer-facing view as the facts a letter is written from."""
    close = view.close
    return LetterFacts(
        contact_name=view.contact_name,
        salutation=view.salutation,
        account_name=view.account_name,
        deal_name=view.deal_name,
        outcome=view.outcome,
        meeting_held=view.meeting_held,
        meeting_date=view.meeting_date,
        meeting_minutes=view.meeting_minutes,
        customer_since=view.customer_since,
        readback=view.summary,
        criteria=tuple(HeardCriterion(c.criterion, c.then_text, c.now_text) for c in view.criteria),
        reasons=tuple(HeardReason(r.category, r.is_primary, r.quote) for r in view.reasons),
        requests=view.product_requests,
        keep_in_touch=KeepInTouch(close.keep_in_touch).value,
        keep_in_touch_when=close.keep_in_touch_when,
        next_contact_date=close.keep_in_touch_on or close.followup_date or None,
        consolation_order=close.consolation_order,
        renewal_date=close.renewal_date or None,
        sender_name=profile.name or view.rep_name,
        sender_role=", ".join(p for p in (profile.title, profile.company) if p),
        today=today or date.today(),
    )


def draft_letter(
    store: Store,
    debrief_id: str,
    kind: LetterKind,
    profile: SenderProfile,
    templates_dir: Path,
    today: date | None = None,
) -> Draft:
    """A fresh draft of `kind` from the debrief's customer-facing material.

    A summary letter needs a held meeting (`SummaryNeedsMeeting` otherwise).
    """
    kind = LetterKind(kind)
    view = load_customer_view(store, debrief_id)
    if kind is LetterKind.SUMMARY and not view.meeting_held:
        raise SummaryNeedsMeeting()
    facts = letter_facts(view, profile, today)
    template = read_template(templates_dir, kind.value)
    words = phrases(templates_dir)
    extra = {
        "call_date": long_date(
            working_days_after(facts.today, CALL_AFTER_WORKING_DAYS), template.language
        )
    }
    subject, body = compose(template, facts, words, extra)
    return Draft(kind, subject, body)


def template_language(templates_dir: Path, kind: LetterKind) -> str:
    """The language a kind's template is written in (dates on the page follow it)."""
    return read_template(templates_dir, LetterKind(kind).value).language


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
    """Record a letter that left the app (saved, printed, copied, handed to the mail program).
    The same text produced again is one version, not two. Keeping a letter doesn't say it was
    sent: the rep says that (`mark_sent`), and only then does the debrief's status move."""
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
        store.note(ChangeSet.of(letters=[debrief_id]))
    return get_letter(store, letter_id)


def mark_sent(store: Store, letter_id: str, when: str | None = None) -> Letter:
    """The rep says this letter went to the customer: the debrief's status follows forward
    (a 3-6-month email sent before the summary doesn't make it "following up")."""
    with store.atomic() as db:
        letter = get_letter(store, letter_id)
        if letter.sent_at is None:
            db["letters"].update(letter_id, {"sent_at": when or now_iso()})
            reached = _REACHED_BY[letter.kind]
            if letter.kind is LetterKind.FOLLOW_UP and not _summary_sent(store, letter.debrief_id):
                reached = Status.LOGGED
            advance_status(store, letter.debrief_id, reached)
            store.note(ChangeSet.of(letters=[letter.debrief_id]))
    return get_letter(store, letter_id)


def _summary_sent(store: Store, debrief_id: str) -> bool:
    """Following up comes after the summary: by status, or a summary marked sent."""
    order = list(Status)
    current = store.db.execute("SELECT status FROM debriefs WHERE id = ?", [debrief_id]).fetchone()
    at = Status.parse(current[0] if current else None, Status.LOGGED)
    return order.index(at) >= order.index(Status.SUMMARY_SENT) or bool(
        store.db.execute(
            "SELECT 1 FROM letters WHERE debrief_id = ? AND kind = 'summary'"
            " AND sent_at IS NOT NULL LIMIT 1",
            [debrief_id],
        ).fetchone()
    )


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


def default_filename(
    kind: LetterKind, account_name: str, day: date | None = None, suffix: str = ".pdf"
) -> str:
    day = day or date.today()
    label = LetterKind(kind).short_label
    return safe_filename(f"{label} - {account_name} - {day.isoformat()}", suffix)


def mailto_url(to: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the rep's mail program with the text filled in."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    address = quote(to.strip(), safe="@")
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


# -- the PDF --------------------------------------------------------------------------------


def letter_document(
    material: CustomerView,
    draft: Draft,
    profile: SenderProfile,
    day: date | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> LetterDocument:
    """What goes on the page: the edited text, addressed from the debrief, dated today in the
    letter's language, and signed by the sender (the debrief's rep when the profile has no
    name, so a letter is never unsigned)."""
    from debrief.letters.pdf import LetterDocument

    kind = LetterKind(draft.kind)
    if not profile.name.strip() and material.rep_name:
        profile = replace(profile, name=material.rep_name)
    return LetterDocument(
        subject=draft.subject,
        text=draft.text,
        recipient=(
            material.contact_name,
            material.contact_title,
            material.account_name,
            *material.address.splitlines(),
        ),
        date_text=long_date(day or date.today(), language),
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
    from debrief.letters.pdf import render_pdf

    material = load_customer_view(store, debrief_id)
    pdf = render_pdf(letter_document(material, draft, profile), fonts_dir)
    return keep_letter(store, debrief_id, draft, pdf, profile.page_size), pdf


# -- before it leaves ---------------------------------------------------------------------------


def check_letter(
    store: Store,
    debrief_id: str,
    draft: Draft,
    profile: SenderProfile,
    templates_dir: Path,
    fonts_dir: Path | None = None,
) -> list[Finding]:
    """The pre-flight check over the whole page, against what is internal now."""
    material = load_customer_view(store, debrief_id)
    record = load_record(store, debrief_id)
    page = Page(
        subject=draft.subject,
        body=draft.text,
        recipient="\n".join(
            p
            for p in (
                material.contact_name,
                material.contact_title,
                material.account_name,
                material.address,
            )
            if p
        ),
        letterhead="\n".join(
            p
            for p in (
                profile.name,
                profile.title,
                profile.company,
                profile.address,
                profile.phone,
                profile.email,
            )
            if p
        ),
    )
    internal = internal_texts(record)
    findings = preflight(page, internal, record.debrief.competitor, templates_dir, fonts_dir)
    kind = LetterKind(draft.kind)
    if kind is LetterKind.FOLLOW_UP and material.close.keep_in_touch == KeepInTouch.NO:
        findings.append(
            Finding(
                Severity.WARN,
                "They asked us not to keep in touch for now; a follow-up email goes against that.",
                "body",
                -1,
                0,
            )
        )
    return findings
