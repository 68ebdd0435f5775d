"""The letter PDF, read back with pypdf: layout facts, metadata, pages, fonts, images."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.utils import ImageReader

from debrief.debriefs.customer_view import load_customer_view
from debrief.errors import DebriefError, ValidationError
from debrief.letters.drafting import Draft, letter_document, produce_letter_pdf
from debrief.letters.pdf import (
    LetterDocument,
    describe_characters,
    render_pdf,
    unprintable_characters,
    write_pdf,
)
from debrief.letters.sender_profile import (
    SenderProfile,
    get_sender_profile,
    read_image,
    save_sender_profile,
)
from debrief.model import LetterKind
from debrief.store.database import Store
from tests.conftest import ROOT
from tests.letter_data import add_meeting

FONTS = ROOT / "resources" / "fonts"
PROFILE = SenderProfile(
    name="Tom Reed",
    title="Account Director",
    company="Northwind Scanning Ltd",
    address="14 Harbour Street\nBristol",
    phone="+44 117 496 0123",
    email="tom@northwind.example",
)


def png(width: int = 40, height: int = 20) -> bytes:
    """A real PNG (Pillow comes with reportlab): a small red rectangle."""
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def document(
    text: str = "Dear Ana Müller,\n\nThank you.\n\nWith kind regards,", **kw
) -> LetterDocument:
    values = {
        "subject": "Thank you for our conversation",
        "text": text,
        "recipient": ("Ana Müller", "COO", "Żywiec Logistics"),
        "date_text": "22 November 2026",
        "sender": PROFILE,
        "page_size": "A4",
        "pdf_subject": "Summary letter to Żywiec Logistics",
    }
    return LetterDocument(**{**values, **kw})


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf).pages)


def test_a_one_page_letter_has_every_part_and_no_page_number() -> None:
    pdf = render_pdf(document(), FONTS)
    reader = read(pdf)
    assert len(reader.pages) == 1
    text = text_of(pdf)
    for part in (
        "Northwind Scanning Ltd",
        "14 Harbour Street",
        "+44 117 496 0123 · tom@northwind.example",
        "Ana Müller",
        "Żywiec Logistics",
        "22 November 2026",
        "Thank you for our conversation",
        "Dear Ana Müller,",
        "With kind regards,",
        "Tom Reed",
        "Account Director",
    ):
        assert part in text
    assert "Page 1" not in text
    assert (
        text.index("Dear Ana Müller,") < text.index("With kind regards,") < text.index("Tom Reed")
    )


def test_metadata_names_the_letter_sender_and_customer() -> None:
    meta = read(render_pdf(document(), FONTS)).metadata
    assert meta.title == "Thank you for our conversation"
    assert meta.author == "Tom Reed"
    assert meta.subject == "Summary letter to Żywiec Logistics"


def test_long_letters_get_page_numbers_on_every_page() -> None:
    long_text = "\n\n".join(f"Paragraph {i}. " + "Plain words here. " * 40 for i in range(25))
    pdf = render_pdf(document(long_text), FONTS)
    reader = read(pdf)
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text()
    assert "Tom Reed" in reader.pages[-1].extract_text()


@pytest.mark.parametrize(("size", "points"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_page_size(size: str, points: tuple[int, int]) -> None:
    box = read(render_pdf(document(page_size=size), FONTS)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points


def test_fonts_are_embedded_and_cjk_falls_back_per_character() -> None:
    pdf = render_pdf(document("Łódź Ζεύς Москва 中文 mixed"), FONTS)
    fonts = set()
    for page in read(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None:
                assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    assert any("DejaVu" in f for f in fonts) and any("Droid" in f for f in fonts)
    assert not any("Helvetica" in f for f in fonts)


def test_characters_no_font_draws_are_reported_once() -> None:
    text = "Łódź Ζεύς Москва 中文 日本語 € ✓ — क्ष 한 بيت 🧪 क"
    assert unprintable_characters(text, FONTS) == ["क", "्", "ष", "한", "ب", "ي", "ت", "🧪"]
    assert unprintable_characters("Zażółć gęślą jaźń — Ελλάδα, Россия, 中国", FONTS) == []
    assert describe_characters(["क", "ب"]) == "क (devanagari letter ka), ب (arabic letter beh)"
    assert describe_characters(list("abcdef")).endswith("d (latin small letter d) and 2 more")


def test_logo_and_signature_images_are_drawn() -> None:
    profile = SenderProfile(name="Tom", company="Northwind", logo=png(400, 100), signature=png())
    pdf = render_pdf(document(sender=profile), FONTS)
    page = read(pdf).pages[0]
    images = [n for n, x in page["/Resources"]["/XObject"].items() if x["/Subtype"] == "/Image"]
    assert len(images) == 2


def test_an_empty_profile_still_makes_a_letter() -> None:
    pdf = render_pdf(document(sender=SenderProfile()), FONTS)
    assert "Dear Ana Müller," in text_of(pdf)


def test_sender_profile_round_trip_and_page_size_default(store: Store, tmp_path: Path) -> None:
    assert get_sender_profile(store, default_page_size="Letter").page_size == "Letter"
    logo_file = tmp_path / "logo.png"
    logo_file.write_bytes(png())
    saved = save_sender_profile(
        store, SenderProfile(name=" Tom ", email="t@x.example", logo=read_image(logo_file))
    )
    assert saved.name == "Tom"
    loaded = get_sender_profile(store, default_page_size="Letter")
    assert loaded == saved and loaded.page_size == "A4"
    assert ImageReader(io.BytesIO(loaded.logo)).getSize() == (40, 20)
    save_sender_profile(store, SenderProfile(name="Tom", page_size="Letter"))
    loaded = get_sender_profile(store)
    assert loaded.logo is None and loaded.page_size == "Letter"


def test_bad_profile_input_is_refused_whole(store: Store, tmp_path: Path) -> None:
    not_image = tmp_path / "notes.png"
    not_image.write_text("hello")
    with pytest.raises(ValidationError, match="isn't an image"):
        read_image(not_image)
    with pytest.raises(ValidationError, match="can't read"):
        read_image(tmp_path / "missing.png")
    with pytest.raises(ValidationError) as caught:
        save_sender_profile(store, SenderProfile(name="Tom", email="nope", signature=b"junk"))
    assert set(caught.value.fields) == {"email", "signature"}
    assert get_sender_profile(store) == SenderProfile()


def test_produced_letter_is_kept_with_its_pdf(store: Store) -> None:
    debrief_id = add_meeting(store)
    draft = Draft(LetterKind.SUMMARY, "Thanks", "Dear Ana Müller,\n\nThank you.")
    letter, pdf = produce_letter_pdf(store, debrief_id, draft, PROFILE, FONTS)
    assert letter.has_pdf and letter.page_size == "A4"
    text = text_of(pdf)
    assert "Chief Operating Officer" in text and "Dear Ana Müller," in text
    doc = letter_document(load_customer_view(store, debrief_id), draft, PROFILE)
    assert doc.pdf_subject == "Summary letter to Żywiec Logistics"


def test_write_pdf_replaces_whole_and_reports_plainly(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    write_pdf(target, b"%PDF first")
    write_pdf(target, b"%PDF second")
    assert target.read_bytes() == b"%PDF second"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]
    with pytest.raises(DebriefError, match="couldn't save"):
        write_pdf(tmp_path / "no such folder" / "x.pdf", b"%PDF")
