"""Drafting letters from a debrief, keeping versions, and the ways text leaves the app."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest

from debrief.debriefs.lifecycle import get_debrief, set_status
from debrief.errors import NotFoundError
from debrief.letters.drafting import (
    Draft,
    default_filename,
    draft_letter,
    keep_letter,
    latest_text,
    letter_pdf,
    list_letters,
    mailto_url,
    mark_sent,
    open_draft,
    safe_filename,
    save_working_draft,
    suggested_kind,
    working_draft,
)
from debrief.letters.sender_profile import SenderProfile
from debrief.model import LetterKind, Status
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.letter_data import Meeting, add_meeting

TEMPLATES = ROOT / "resources" / "letters"
PROFILE = SenderProfile(name="Tom Reed", title="Account Director", company="Northwind Ltd")


def test_summary_letter_restates_the_meeting_in_their_terms(store: Store) -> None:
    debrief_id = add_meeting(
        store, Meeting(consolation_order="twelve spare batteries", promised_followup="Call you")
    )
    with store.atomic() as db:
        db["debriefs"].update(debrief_id, {"deal_public_name": "your warehouse scanners"})
    draft = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES)
    assert draft.subject == "Thank you for our conversation about your warehouse scanners"
    assert draft.text.startswith("Dear Ana Müller,")
    for heard in (
        "your peak season begins in March",
        "on 12 November 2026",
        "your order of twelve spare batteries",
        "in particular your wish for a single named project lead",
        "As we agreed, I will stay in touch.",
        "renewal in January 2029",
    ):
        assert heard in draft.text
    assert draft.text.rstrip().endswith("With kind regards,")
    assert "Warehouse scanners 2027" not in f"{draft.subject} {draft.text}"  # the rep's label


def test_paragraphs_without_material_are_left_out(store: Store) -> None:
    bare = Meeting(
        summary="", criteria=[], reasons=[], requests=[], keep_in_touch="no", renewal_date=None
    )
    draft = draft_letter(store, add_meeting(store, bare), LetterKind.SUMMARY, PROFILE, TEMPLATES)
    for missing in ("mattered most", "in particular", "renewal", "your order", "$"):
        assert missing not in draft.text
    assert "I respect the decision you have made" in draft.text
    assert "\n\n\n" not in draft.text


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_kind_drafts_plain_respectful_text(store: Store, kind: LetterKind) -> None:
    draft = draft_letter(store, add_meeting(store), kind, PROFILE, TEMPLATES)
    assert draft.subject and "$" not in draft.subject
    assert "Dear Ana Müller," in draft.text and "$" not in draft.text
    lowered = draft.text.lower()
    for pushy in ("discount", "price", "globex", "special offer", "reconsider"):
        assert pushy not in lowered
    if kind.is_email:
        assert draft.text.rstrip().endswith("Tom Reed\nAccount Director, Northwind Ltd")


def test_a_template_the_user_adapted_is_used(store: Store, tmp_path: Path) -> None:
    templates = tmp_path / "letters"
    templates.mkdir()
    (templates / "phrases.ini").write_text((TEMPLATES / "phrases.ini").read_text("utf-8"), "utf-8")
    (templates / "summary.txt").write_text(
        "# my own\nSubject: Hello $account_name\n\n$greeting\n\nCost: 5 $$\n\n"
        "Renewal $renewal_month.\n\n[if outcome=no_decision]\nOn hold.\n\n"
        "Met $meeting_date.\n+ [if keep_in_touch] We stay in touch.\n\nUnknown $nonsense stays.",
        "utf-8",
    )
    meeting = Meeting(renewal_date=None)
    draft = draft_letter(store, add_meeting(store, meeting), "summary", PROFILE, templates)
    assert draft.subject == "Hello Żywiec Logistics"
    assert draft.text == (
        "Dear Ana Müller,\n\nCost: 5 $\n\nMet 12 November 2026. We stay in touch.\n\n"
        "Unknown $nonsense stays."
    )


def test_unknown_debrief_is_a_plain_error(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no debrief"):
        draft_letter(store, "nope", LetterKind.SUMMARY, PROFILE, TEMPLATES)


def test_versions_are_kept_and_the_same_text_is_one_version(store: Store) -> None:
    debrief_id = add_meeting(store)
    first = Draft(LetterKind.SUMMARY, "Subject", "Dear Ana Müller,\n\nThanks.")
    kept = keep_letter(store, debrief_id, first, b"%PDF-1 fake", "A4")
    again = keep_letter(store, debrief_id, first, b"%PDF-1 fake", "A4")
    assert again.id == kept.id
    edited = keep_letter(store, debrief_id, Draft(LetterKind.SUMMARY, "Subject", "Edited"))
    email = keep_letter(store, debrief_id, Draft(LetterKind.LOSS_REPLY, "Thanks", "Hi"))
    letters = list_letters(store, debrief_id)
    assert [v.id for v in letters] == [email.id, edited.id, kept.id]
    assert letter_pdf(store, kept.id) == b"%PDF-1 fake"
    assert letter_pdf(store, email.id) is None and not email.has_pdf
    assert kept.has_pdf and kept.page_size == "A4" and kept.subject == "Subject"


def test_kept_letters_are_searchable(store: Store) -> None:
    debrief_id = add_meeting(store)
    keep_letter(store, debrief_id, Draft(LetterKind.SUMMARY, "S", "Quokka roadmap promised"))
    hits = store.db.execute(
        "SELECT debrief_id FROM debrief_search WHERE debrief_search MATCH 'quokka'"
    ).fetchall()
    assert hits == [(debrief_id,)]


def test_keeping_a_letter_for_a_missing_debrief_writes_nothing(store: Store) -> None:
    with pytest.raises(NotFoundError):
        keep_letter(store, "missing", Draft(LetterKind.SUMMARY, "S", "T"))
    assert store.db["letters"].count == 0


def test_the_text_being_edited_survives_and_wins(store: Store) -> None:
    debrief_id = add_meeting(store)
    kind = LetterKind.MEETING_REQUEST
    assert working_draft(store, debrief_id, kind) is None
    fresh = open_draft(store, debrief_id, kind, PROFILE, TEMPLATES)
    assert "30 minutes" in fresh.text
    save_working_draft(store, debrief_id, Draft(kind, "Mine", "My words"))
    save_working_draft(store, debrief_id, Draft(kind, "Mine", "My better words"))
    assert open_draft(store, debrief_id, kind, PROFILE, TEMPLATES).text == "My better words"
    assert latest_text(store, debrief_id, kind, PROFILE, TEMPLATES).text == "My better words"
    keep_letter(store, debrief_id, Draft(kind, "Kept", "Kept words"))
    assert latest_text(store, debrief_id, kind, PROFILE, TEMPLATES).text == "Kept words"


def test_latest_text_falls_back_to_a_fresh_draft(store: Store) -> None:
    debrief_id = add_meeting(store)
    text = latest_text(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES)
    assert text == draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ('Summary - A/B: "C" <D> | E? * F\\G', "Summary - A-B- -C- -D- - E- - F-G.pdf"),
        ("CON", "CON-letter.pdf"),
        ("nul.txt", "nul.txt-letter.pdf"),
        ("...", "letter.pdf"),
        ("Łódź\x00\tΖεύς  中文 . ", "Łódź-Ζεύς 中文.pdf"),
        ("x" * 300, "x" * 100 + ".pdf"),
    ],
)
def test_file_names_are_safe_everywhere(stem: str, expected: str) -> None:
    assert safe_filename(stem) == expected


def test_default_file_name_names_the_letter_customer_and_day() -> None:
    name = default_filename(LetterKind.SUMMARY, "Acme / Sons", date(2026, 11, 22))
    assert name == "Summary letter - Acme - Sons - 2026-11-22.pdf"


def test_mailto_carries_subject_and_body_intact() -> None:
    body = "Dear Ana Müller,\n\nA & B = 100% ?#\nŁódź 中文"
    url = mailto_url("ana@example.com", "Thanks & more", body)
    assert url.startswith("mailto:ana@example.com?subject=")
    query = url.split("?", 1)[1]
    parts = dict(p.split("=", 1) for p in query.split("&"))
    assert unquote(parts["subject"]) == "Thanks & more"
    assert unquote(parts["body"]) == body.replace("\n", "\r\n")
    assert " " not in url and "\n" not in url


def test_emails_keep_their_sign_off_without_a_profile(store: Store) -> None:
    debrief_id = add_meeting(store)
    draft = draft_letter(store, debrief_id, LetterKind.LOSS_REPLY, SenderProfile(), TEMPLATES)
    assert draft.text.endswith("Kind regards,\nTom Reed")


def test_the_summary_keeps_its_own_paragraphs(store: Store) -> None:
    debrief_id = add_meeting(store, Meeting(summary="First point.\n\nSecond point."))
    draft = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES)
    assert "\n\nFirst point.\n\nSecond point.\n\n" in draft.text


def test_letter_migration_keeps_letters_written_before_it(tmp_path: Path) -> None:
    import sqlite3

    from sqlite_utils import Database

    from debrief.store.migrations import migrations

    path = tmp_path / "old.sqlite3"
    old = Database(sqlite3.connect(str(path)))
    migrations.apply(old, stop_before="m201_letter_subjects_and_drafts")
    old["accounts"].insert({"id": "a", "name": "Acme", "created_at": "x", "updated_at": "x"})
    old["debriefs"].insert(
        {"id": "d", "account_id": "a", "status": "logged", "outcome": "competitor"}
        | {"created_at": "x", "updated_at": "x"}
    )
    old["letters"].insert(
        {"id": "l", "debrief_id": "d", "kind": "summary", "text": "Old words", "pdf": b"%PDF"}
        | {"page_size": "A4", "created_at": "2026-01-01T00:00:00"}
    )
    old.close()
    store = Store.open(path, backup_dir=tmp_path / "backups")
    try:
        (letter,) = list_letters(store, "d")
        assert (letter.text, letter.subject, letter_pdf(store, "l")) == ("Old words", "", b"%PDF")
    finally:
        store.close()


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (Status.LOGGED, LetterKind.LOSS_REPLY),
        (Status.MEETING_REQUESTED, LetterKind.MEETING_REQUEST),
        (Status.MEETING_HELD, LetterKind.SUMMARY),
        (Status.SUMMARY_SENT, LetterKind.FOLLOW_UP),
        (Status.CLOSED, LetterKind.FOLLOW_UP),
    ],
)
def test_the_next_letter_follows_the_stage(status: Status, kind: LetterKind) -> None:
    assert suggested_kind(status) == kind


def test_sending_a_letter_moves_the_workflow_forward_never_back(store: Store) -> None:
    debrief_id = add_meeting(store, Meeting())
    set_status(store, debrief_id, Status.LOGGED)
    request = keep_letter(store, debrief_id, Draft(LetterKind.MEETING_REQUEST, "S", "Talk?"))
    assert get_debrief(store, debrief_id).status == Status.LOGGED  # kept, not yet sent
    mark_sent(store, request.id)
    assert get_debrief(store, debrief_id).status == Status.MEETING_REQUESTED
    summary = keep_letter(store, debrief_id, Draft(LetterKind.SUMMARY, "S", "What we heard"))
    mark_sent(store, summary.id)
    assert get_debrief(store, debrief_id).status == Status.SUMMARY_SENT
    again = keep_letter(store, debrief_id, Draft(LetterKind.MEETING_REQUEST, "S", "Another"))
    mark_sent(store, again.id)
    assert get_debrief(store, debrief_id).status == Status.SUMMARY_SENT
