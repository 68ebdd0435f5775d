"""The letters read as a senior customer would read them: every sample, every outcome, every kind.

These tests read the text itself: no spoken-only lines, no competitor named, nothing said twice,
the greeting the rep chose, the right wording for the outcome, dates in the letter's language,
and one page for a typical summary letter with its closing and signature together.
"""

from __future__ import annotations

import contextlib
import io
import locale
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from debrief.debriefs.customer_view import load_customer_view
from debrief.debriefs.lifecycle import get_debrief, list_debriefs
from debrief.letters.compose import SummaryNeedsMeeting, is_spoken, phrases, spoken_patterns
from debrief.letters.drafting import (
    Draft,
    LetterKind,
    check_letter,
    draft_letter,
    keep_letter,
    letter_document,
    mark_sent,
)
from debrief.letters.pdf import render_pdf
from debrief.letters.sender_profile import SenderProfile
from debrief.letters.wording import default_salutation, fragment, greeting, long_date
from debrief.model import Outcome, Status
from debrief.samples import load_samples
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.letter_data import Meeting, add_meeting

TEMPLATES = ROOT / "resources" / "letters"
FONTS = ROOT / "resources" / "fonts"
PROFILE = SenderProfile(
    name="Jamie Ortega",
    title="Account Director",
    company="Northwind Systems Ltd",
    address="14 Quay Street\nBristol BS1 4DJ",
    phone="+44 117 496 0000",
    email="jamie.ortega@northwind.example",
)
SPOKEN = spoken_patterns(phrases(TEMPLATES))


@pytest.fixture
def samples(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "samples.sqlite3")
    load_samples(store)
    yield store
    store.close()


def _set_outcome(store: Store, debrief_id: str, outcome: Outcome) -> None:
    with store.atomic() as db:
        db["debriefs"].update(debrief_id, {"outcome": outcome.value})


def get_debrief_summary(store: Store, debrief_id: str) -> str:
    return load_customer_view(store, debrief_id).summary


def _sentences(text: str) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("Dear "))
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.strip()) > 25]


def _read(store: Store, debrief_id: str, kind: LetterKind) -> Draft | None:
    try:
        return draft_letter(store, debrief_id, kind, PROFILE, TEMPLATES)
    except SummaryNeedsMeeting:
        assert kind is LetterKind.SUMMARY
        assert not load_customer_view(store, debrief_id).meeting_held
        return None


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_sample_letter_reads_right_for_every_outcome(
    samples: Store, outcome: Outcome
) -> None:
    drafted = 0
    for debrief in list_debriefs(samples):
        _set_outcome(samples, debrief.id, outcome)
        for kind in LetterKind:
            draft = _read(samples, debrief.id, kind)
            if draft is None:
                continue
            drafted += 1
            text = f"{draft.subject}\n{draft.text}"
            where = f"{debrief.account_name} / {kind.value} / {outcome.value}"
            assert "$" not in text, where
            assert not [line for line in text.splitlines() if is_spoken(line, SPOKEN)], where
            for name in (debrief.competitor, *debrief.competitor.split()[:1]):
                assert not name or name.lower() not in text.lower(), where
            sentences = _sentences(draft.text)
            assert len(sentences) == len(set(sentences)), where
            assert not re.search(r"^\s*[•\-*] ", draft.text, re.MULTILINE), where  # prose
            assert ".." not in text.replace("…", ""), where
            for pushy in ("discount", "price cut", "special offer", "reconsider"):
                assert pushy not in text.lower(), where
            assert draft.text.startswith("Dear "), where
            assert not re.match(r"Dear (Dr|Mr|Ms|Mrs)\. ", draft.text), where
            ours = draft.text  # the template's own words: the rep's read-back taken out
            for line in get_debrief_summary(samples, debrief.id).splitlines():
                ours = ours.replace(line.strip(), "")
            if outcome is Outcome.NO_DECISION:
                for wrong in ("not chosen", "new supplier", "new arrangement", "chosen another"):
                    assert wrong not in ours, where
            if outcome is not Outcome.COMPETITOR:
                assert "chosen another supplier" not in draft.text, where
            if not kind.is_email:
                _check_rendered(samples, debrief.id, draft, debrief.competitor, where)
    assert drafted >= 15


def _check_rendered(
    store: Store, debrief_id: str, draft: Draft, competitor: str, where: str
) -> None:
    """The PDF as the customer reads it: one page for a summary, closing and signature
    together, nothing spoken-only, no competitor, and the right greeting."""
    view = load_customer_view(store, debrief_id)
    pdf = render_pdf(letter_document(view, draft, PROFILE), FONTS)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    if draft.kind is LetterKind.SUMMARY:
        assert len(pages) == 1, f"{where}: {len(pages)} pages"
    last = pages[-1]
    assert "With kind regards," in last and "Jamie Ortega" in last.split("With kind regards,")[-1]
    whole = " ".join(pages)
    assert greeting(view.salutation, view.contact_name) in whole, where
    assert not competitor or competitor.lower() not in whole.lower(), where
    assert not [s for s in SPOKEN if s in whole.lower().replace("’", "'")], where
    assert re.search(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b", whole), where  # dated, in English


def test_salutation_comes_from_the_contact_and_defaults_sensibly(store: Store) -> None:
    debrief_id = add_meeting(store, Meeting(contact="Dr. Jolanta Żak"))
    draft = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES)
    assert draft.text.startswith("Dear Dr Żak,\n")
    contact_id = get_debrief(store, debrief_id).contact_id
    with store.atomic() as db:
        db["contacts"].update(contact_id, {"salutation": "Jolanta"})
    draft = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES)
    assert draft.text.startswith("Dear Jolanta,\n")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dr. Owen Prichard", "Dr Prichard"),
        ("Haruka Sato 佐藤 遥", "Haruka Sato"),
        ("Prof Anna Lind", "Professor Lind"),
        ("Miriam Achterberg", "Miriam Achterberg"),
        ("", ""),
    ],
)
def test_default_salutation_is_never_a_mail_merge(name: str, expected: str) -> None:
    assert default_salutation(name) == expected
    assert greeting("", "Dr. Owen Prichard") == "Dear Dr Prichard,"
    assert greeting("Dear Jolanta,", "x") == "Dear Jolanta,"


@pytest.mark.parametrize(
    ("typed", "in_a_sentence"),
    [
        ("Two extra licences.", "two extra licences"),
        ("Before the 2028 renewal", "before the 2028 renewal"),
        ("March, after the roll-out", "March, after the roll-out"),
        ("ASAP", "ASAP"),
        ("  spaced\n  out. ", "spaced out"),
    ],
)
def test_free_text_fits_mid_sentence(typed: str, in_a_sentence: str) -> None:
    assert fragment(typed) == in_a_sentence


def test_consolation_order_and_next_step_keep_the_grammar(store: Store) -> None:
    debrief_id = add_meeting(
        store,
        Meeting(
            consolation_order="Two extra licences.",
            keep_in_touch_when="quarterly newsletter",
            promised_followup="Call in January",
            followup_date="2026-12-23",
        ),
    )
    text = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES).text
    assert "your order of two extra licences. I will see to it" in text
    assert "I will be in touch around 23 December 2026 to hear" in text
    assert "Call in January" not in text and "..)" not in text and ".." not in text


def test_a_summary_without_a_meeting_is_refused_with_the_way_forward(store: Store) -> None:
    debrief_id = add_meeting(store)
    with store.atomic() as db:
        db["debriefs"].update(debrief_id, {"meeting_date": None, "status": "logged"})
    with pytest.raises(SummaryNeedsMeeting, match="meeting request"):
        draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES)
    request = draft_letter(store, debrief_id, LetterKind.MEETING_REQUEST, PROFILE, TEMPLATES)
    assert "I will call your office on" in request.text


@pytest.mark.parametrize(
    ("reason", "apologises"),
    [
        ("service_delivery", True),
        ("relationship", True),
        ("price_value", False),
        ("implementation_risk", False),
    ],
)
def test_an_apology_only_where_we_let_them_down(
    store: Store, reason: str, apologises: bool
) -> None:
    debrief_id = add_meeting(store, Meeting(summary="", reasons=[(reason, "")]))
    text = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES).text
    assert ("I am sorry" in text) is apologises


def test_keep_in_touch_no_retires_gracefully(store: Store) -> None:
    debrief_id = add_meeting(store, Meeting(keep_in_touch="no", followup_date="2027-03-01"))
    text = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES).text
    assert "renewal" not in text and "be in touch" not in text
    assert "you know where to find me" in text
    yes = add_meeting(store, Meeting(keep_in_touch="yes"))
    text = draft_letter(store, yes, LetterKind.SUMMARY, PROFILE, TEMPLATES).text
    assert "renewal in January 2029" in text


def test_what_we_heard_comes_from_one_source_once(store: Store) -> None:
    readback = (
        "Let me check I've understood you correctly.\n\n"
        "What your decision rested on:\n- speed of rollout\n- a named project lead\n\n"
        "Have I got that right? Is there anything I've missed?"
    )
    debrief_id = add_meeting(store, Meeting(summary=readback))
    text = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES).text
    assert "understood you correctly" not in text and "got that right" not in text
    assert "What your decision rested on: speed of rollout; a named project lead." in text
    assert text.lower().count("speed of rollout") == 1  # not repeated from the criteria
    assert "Twelve weeks" not in text  # captured reasons are the other source: not used


def test_with_no_readback_the_captured_material_is_written_as_prose(store: Store) -> None:
    debrief_id = add_meeting(store, Meeting(summary=""))
    text = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES).text
    assert "what was “a nice-to-have” then is “the deciding factor” now" in text
    assert "as you put it, “Twelve weeks was too long for us”" in text


@pytest.mark.parametrize("desktop", ["fr_FR.UTF-8", "pl_PL.UTF-8", "de_DE.UTF-8"])
def test_english_letters_are_dated_in_english_whatever_the_desktop(
    store: Store, monkeypatch: pytest.MonkeyPatch, desktop: str
) -> None:
    for var in ("LANG", "LC_ALL", "LC_TIME", "LANGUAGE"):
        monkeypatch.setenv(var, desktop)
    with contextlib.suppress(locale.Error):  # the machine may lack it; the environment says it
        locale.setlocale(locale.LC_TIME, desktop)
    try:
        debrief_id = add_meeting(store)
        text = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES).text
        assert "on 12 November 2026" in text
        doc = letter_document(
            load_customer_view(store, debrief_id), Draft(LetterKind.SUMMARY, "S", text), PROFILE
        )
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", doc.date_text), doc.date_text
        assert long_date("2026-11-23") == "23 November 2026"
        assert long_date("2026-11-23", "fr_FR") == "23 novembre 2026"
    finally:
        locale.setlocale(locale.LC_TIME, "C")


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_sample_summary_letters_fit_one_page(samples: Store, page_size: str) -> None:
    profile = SenderProfile(**{**PROFILE.__dict__, "page_size": page_size})
    rendered = 0
    for debrief in list_debriefs(samples):
        material = load_customer_view(samples, debrief.id)
        if not material.meeting_held:
            continue
        draft = draft_letter(samples, debrief.id, LetterKind.SUMMARY, profile, TEMPLATES)
        pdf = render_pdf(letter_document(material, draft, profile), FONTS)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1, f"{debrief.account_name} runs to {len(reader.pages)} pages"
        text = reader.pages[0].extract_text()
        assert "With kind regards," in text and "Jamie Ortega" in text
        rendered += 1
    assert rendered >= 3


def test_a_long_letter_keeps_its_closing_with_the_signature(store: Store) -> None:
    long = "\n\n".join(f"Paragraph {i}. " + "We heard you clearly. " * 12 for i in range(14))
    debrief_id = add_meeting(store)
    draft = Draft(LetterKind.SUMMARY, "S", long + "\n\nWith kind regards,")
    pdf = render_pdf(letter_document(load_customer_view(store, debrief_id), draft, PROFILE), FONTS)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2
    last = pages[-1]
    assert "With kind regards," in last and "Jamie Ortega" in last
    assert "Paragraph" in last  # never the closing alone on a page


def test_sending_is_what_the_rep_says_not_saving_a_file(store: Store) -> None:
    debrief_id = add_meeting(store)
    kept = keep_letter(
        store, debrief_id, Draft(LetterKind.SUMMARY, "S", "Dear Ana Müller,"), b"%PDF"
    )
    assert kept.sent_at is None
    assert get_debrief(store, debrief_id).status == Status.MEETING_HELD
    sent = mark_sent(store, kept.id)
    assert sent.sent_at is not None
    assert get_debrief(store, debrief_id).status == Status.SUMMARY_SENT


def test_preflight_blocks_text_flagged_internal_after_the_draft(store: Store) -> None:
    debrief_id = add_meeting(store, Meeting(summary=""))
    draft = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES)
    assert "Twelve weeks was too long for us" in draft.text
    assert not [f for f in check_letter(store, debrief_id, draft, PROFILE, TEMPLATES) if f.blocks]
    with store.atomic() as db:
        db.execute("UPDATE loss_reasons SET internal = 1 WHERE debrief_id = ?", [debrief_id])
    blocking = [f for f in check_letter(store, debrief_id, draft, PROFILE, TEMPLATES) if f.blocks]
    assert len(blocking) == 1
    assert "internal reason" in blocking[0].message and blocking[0].part == "body"
    located = draft.text[blocking[0].start : blocking[0].start + blocking[0].length]
    assert located.lower() == "twelve weeks was too long for us"


def test_preflight_warns_about_competitor_price_and_spoken_lines(store: Store) -> None:
    debrief_id = add_meeting(store)
    text = (
        "Dear Ana Müller,\n\nI know Globex won. We could offer a 10% discount.\n\n"
        "Have I got that right?\n\nWith kind regards,"
    )
    findings = check_letter(
        store, debrief_id, Draft(LetterKind.SUMMARY, "Globex", text), PROFILE, TEMPLATES, FONTS
    )
    messages = " ".join(f.message for f in findings)
    assert not [f for f in findings if f.blocks]
    assert "names the competitor (Globex)" in messages
    assert [f.part for f in findings if "competitor" in f.message] == ["subject", "body"]
    assert "discount" in messages and "saying aloud" in messages


def test_an_empty_profile_signs_with_the_debriefs_rep(store: Store) -> None:
    debrief_id = add_meeting(store)
    view = load_customer_view(store, debrief_id)
    draft = draft_letter(store, debrief_id, LetterKind.SUMMARY, SenderProfile(), TEMPLATES)
    pdf = render_pdf(letter_document(view, draft, SenderProfile()), FONTS)
    text = PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()
    assert text.rstrip().endswith("Tom Reed")  # the rep, under the closing line
