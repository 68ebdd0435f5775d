"""Whatever the rep or customer typed prints literally: draft → PDF → text read back by pypdf.

Markup must not take effect (no bold, no giant font, no link, no file or URL loaded), unbalanced
tags must not crash, and accented Latin, Greek, Cyrillic and CJK must come back as typed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from debrief.letters.drafting import Draft, draft_letter, produce_letter_pdf
from debrief.letters.pdf import render_pdf, unprintable_characters
from debrief.letters.sender_profile import SenderProfile
from debrief.model import LetterKind
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.core.test_pdf import FONTS, document, png
from tests.letter_data import Meeting, add_meeting

TEMPLATES = ROOT / "resources" / "letters"
PROFILE = SenderProfile(name="Tom <b>Reed</b>", company="Northwind & Sons <i>", title="A&B")

HOSTILE = [
    "<b>not bold</b>",
    "<font size=80>huge</font>",
    '<img src="/etc/passwd"/>',
    '<a href="javascript:alert(1)">click</a>',
    "<para>unbalanced <i>tags</u> </b>",
    "Fish & Chips &amp; &lt;x&gt; &nbsp; &#65;",
    "\"double\" 'single' “curly” ‘quotes’ `back`",
    "Łukasz Żółć, gęślą jaźń",
    "Ελληνικά: Ζεύς καὶ Ἀθηνᾶ",
    "Кириллица: Съешь же ещё этих мягких булок",
    "中文测试：我们尊重您的决定。日本語のテキスト",
    "$summary ${contact_name} $$",
]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squash(text: str) -> str:
    """Compare without whitespace: wrapping puts line breaks wherever it likes."""
    return re.sub(r"\s+", "", text)


def test_hostile_material_round_trips_through_draft_and_pdf(store: Store) -> None:
    meeting = Meeting(
        account="Acme <b>&</b> Söhne",
        contact="Zoë <i>O'Brien</i>",
        summary="\n".join(HOSTILE),
        criteria=[(HOSTILE[1], HOSTILE[7], HOSTILE[10])],
        reasons=[("price_value", HOSTILE[2]), ("product_fit", HOSTILE[9])],
        requests=[HOSTILE[3], HOSTILE[8]],
    )
    debrief_id = add_meeting(store, meeting)
    draft = draft_letter(store, debrief_id, LetterKind.SUMMARY, PROFILE, TEMPLATES)
    # The read-back's lines become sentences (capitalised, a full stop added), literally.
    for piece in [*HOSTILE, "Dear Zoë <i>O'Brien</i>,"]:
        assert squash(piece).lower() in squash(draft.text).lower(), piece
    _letter, pdf = produce_letter_pdf(store, debrief_id, draft, PROFILE, FONTS)
    text = squash(pdf_text(pdf))
    for piece in [*HOSTILE, "Acme <b>&</b> Söhne", "Tom <b>Reed</b>", "Northwind & Sons <i>"]:
        assert squash(piece).lower() in text.lower(), piece
    assert unprintable_characters(draft.text, FONTS) == []


def test_markup_never_loads_a_file(tmp_path: Path) -> None:
    picture = tmp_path / "picture.png"
    picture.write_bytes(png())
    text = f'Look: <img src="{picture}" width="100" height="50"/> and <img src="http://x.invalid/a.png"/>'
    pdf = render_pdf(document(text), FONTS)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "/XObject" not in page["/Resources"]
    assert squash(f'<img src="{picture}"') in squash(pdf_text(pdf))
    assert "/URI" not in pdf.decode("latin-1")


def test_newlines_are_kept_and_control_characters_dropped() -> None:
    pdf = render_pdf(document("line one\nline two\r\nline three\x00\x07\x0c end\tx"), FONTS)
    lines = pdf_text(pdf).splitlines()
    assert "line one" in lines and "line two" in lines
    assert any(line.startswith("line three") and line.endswith("end x") for line in lines)


def test_very_long_paragraphs_and_words_flow_over_pages() -> None:
    words = " ".join(f"word{i} Żółć Ζεύς" for i in range(1500))
    unbroken = "x" * 700 + "中" * 400
    pdf = render_pdf(document(f"{unbroken}\n\n{words}\n\nWith kind regards,"), FONTS)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= 3
    text = squash(pdf_text(pdf))
    assert "word0Żółć" in text and "word1499ŻółćΖεύς" in text
    assert "x" * 700 in text and "中" * 400 in text
    assert f"Page{pages}of{pages}" in text


printable = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="\u00ad",
).filter(lambda ch: ch.isprintable())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(printable, min_size=1, max_size=80))
def test_any_printable_text_comes_back_or_is_reported(body: str) -> None:
    """Whatever the fonts can draw is in the PDF text; the rest is reported, never lost silently."""
    reported = set(unprintable_characters(body, FONTS))
    pdf = render_pdf(document(f"Dear Ana Müller,\n\n[{body}]"), FONTS)
    assert pdf.startswith(b"%PDF")
    if not reported:
        assert squash(f"[{body}]") in squash(pdf_text(pdf))


def test_email_drafts_keep_hostile_text_as_text(store: Store) -> None:
    debrief_id = add_meeting(store, Meeting(requests=["<b>& more</b>"]))
    draft = draft_letter(store, debrief_id, LetterKind.FOLLOW_UP, PROFILE, TEMPLATES)
    assert "your wish for <b>& more</b>." in draft.text
    assert draft.text.rstrip().endswith("Tom <b>Reed</b>\nA&B, Northwind & Sons <i>")
    kept_draft = Draft(LetterKind.SUMMARY, "<b>Subject</b> & co", "Body")
    _letter, pdf = produce_letter_pdf(store, debrief_id, kept_draft, PROFILE, FONTS)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "<b>Subject</b> & co"


def test_emoji_are_reported_rather_than_lost_from_the_text_layer() -> None:
    # DejaVu draws 😀, but reportlab maps it to text with an odd-length code PDF readers reject.
    assert unprintable_characters("Thanks 😀 — ok", FONTS) == ["😀"]
