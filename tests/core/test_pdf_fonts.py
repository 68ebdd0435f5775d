"""What the faster letter rendering must keep: the right fonts embedded (and no others), every
line of text where it belongs, and nothing carried from one letter to the next.

Fonts are loaded once per process and shared by every letter; styles are made once; paragraphs
keep their line breaks between measuring and drawing; drawn lines are encoded by a shortcut.
Each of these could leak state or lose text, so the PDFs are read back here.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from debrief.letters.pdf import render_pdf
from debrief.letters.sender_profile import SenderProfile
from tests.conftest import ROOT
from tests.core.test_pdf import FONTS, PROFILE, document, text_of

JAPANESE = "導入期間は長すぎると購買部の佐藤さんは言った。"


def fonts_of(pdf: bytes) -> dict[str, DictionaryObject]:
    """Every font the pages use, by base name without the subset tag."""
    found: dict[str, DictionaryObject] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            found[str(font["/BaseFont"]).split("+", 1)[-1]] = font
    return found


def streams_of(pdf: bytes) -> list[bytes]:
    """What a letter is made of: each page's drawing and every embedded font's data and text
    map (the file's date and ID differ from run to run and are left out)."""
    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        out.append(page.get_contents().get_data())  # type: ignore[union-attr]
        for name, ref in sorted(page["/Resources"]["/Font"].items()):
            font = ref.get_object()
            out.append(name.encode() + str(font["/BaseFont"]).encode())
            out.append(str(list(font["/Widths"])).encode())
            out.append(font["/ToUnicode"].get_object().get_data())
            out.append(font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data())
    return out


def test_a_letter_with_japanese_embeds_the_fallback_font_and_reads_back() -> None:
    pdf = render_pdf(document(f"Dear Ana,\n\n{JAPANESE} Thank you, Łukasz."), FONTS)
    fonts = fonts_of(pdf)
    assert set(fonts) == {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"}
    for font in fonts.values():
        assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded, not referenced
    text = text_of(pdf).replace("\n", "")
    assert JAPANESE in text and "Łukasz" in text


def test_a_letter_without_cjk_does_not_embed_the_fallback_font() -> None:
    pdf = render_pdf(document("Dear Ana,\n\nŁódź, Ζεύς, Москва: thank you."), FONTS)
    assert set(fonts_of(pdf)) == {"DejaVuSans", "DejaVuSans-Bold"}
    assert "Łódź, Ζεύς, Москва: thank you." in text_of(pdf)


def test_only_the_characters_a_letter_uses_are_embedded() -> None:
    """reportlab would put all of ASCII into every subset (at least 128 glyphs)."""
    pdf = render_pdf(document("Dear Ana,\n\nThanks."), FONTS)
    fonts = fonts_of(pdf)
    bold_text = PROFILE.company + "Thank you for our conversation" + PROFILE.name
    # A subset starts with 33 places (the missing glyph, then the space kept at 32).
    assert len(fonts["DejaVuSans-Bold"]["/Widths"]) <= max(33, len(set(bold_text)) + 2)
    assert len(fonts["DejaVuSans"]["/Widths"]) < 96
    assert "Dear Ana," in text_of(pdf)


def test_every_line_comes_back_once_and_in_order_wherever_the_pages_break() -> None:
    """Paragraphs split across pages, closing lines kept with the signature, bullets, a
    no-break space and characters first met mid-line: all of it extracts in order."""
    for count in range(6, 30, 5):
        paragraphs = []
        for i in range(count):
            words = " ".join(f"w{i:02d}x{j:02d}" for j in range(8 + (i * 7) % 40))
            extra = " Zażółć\u00a0gęślą," if i % 3 == 0 else ""
            paragraphs.append(words + extra + (f"\n• b{i:02d}" if i % 5 == 0 else ""))
        pdf = render_pdf(document("\n\n".join(paragraphs) + "\n\nWith kind regards,"), FONTS)
        tokens = [t for t in text_of(pdf).split() if t[:1] in "wb" and t[1:3].isdigit()]
        expected = []
        for i in range(count):
            expected += [f"w{i:02d}x{j:02d}" for j in range(8 + (i * 7) % 40)]
            expected += [f"b{i:02d}"] if i % 5 == 0 else []
        assert [t.rstrip(",") for t in tokens] == expected, count
        assert text_of(pdf).count("Zażółć gęślą,") == len(range(0, count, 3))


def test_letters_rendered_one_after_another_match_one_rendered_alone(tmp_path: Path) -> None:
    """Fonts, subsets and styles are shared in a process: a letter must come out the same
    after others (with other scripts, sizes and senders) as in a process of its own."""
    letter = document("Dear Ana,\n\nŁódź and Ελλάδα: thank you.\n\n• first\n• second")
    others = [
        document(f"{JAPANESE}\n\n" + "Москва. " * 400, page_size="Letter"),
        document("Short.", sender=SenderProfile(name="Zoë Ørsted", company="Ålesund AS")),
    ]
    for other in others:
        render_pdf(other, FONTS)
    in_this_process = render_pdf(letter, FONTS)
    for other in others:
        render_pdf(other, FONTS)
    again = render_pdf(letter, FONTS)

    alone = tmp_path / "alone.pdf"
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from debrief.letters.pdf import render_pdf
        from tests.core.test_pdf import FONTS, document
        letter = document("Dear Ana,\\n\\nŁódź and Ελλάδα: thank you.\\n\\n• first\\n• second")
        Path({str(alone)!r}).write_bytes(render_pdf(letter, FONTS))
        """
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=120)
    fresh = alone.read_bytes()
    assert streams_of(in_this_process) == streams_of(fresh)
    assert streams_of(again) == streams_of(fresh)
    assert text_of(again) == text_of(fresh)


def test_the_fallback_font_is_read_only_when_a_letter_needs_it() -> None:
    """Reading the 4 MB CJK font takes a tenth of a second; a European letter never pays it."""
    script = textwrap.dedent(
        f"""
        from reportlab.pdfbase import pdfmetrics
        from debrief.letters.pdf import FALLBACK, render_pdf, unprintable_characters
        from tests.core.test_pdf import FONTS, document
        letter = document("Dear Ana,\\n\\nŁódź, Ελλάδα, Москва.")
        assert unprintable_characters(letter.text, FONTS) == []
        render_pdf(letter, FONTS)
        print(FALLBACK in pdfmetrics.getRegisteredFontNames())
        render_pdf(document("{JAPANESE}"), FONTS)
        print(FALLBACK in pdfmetrics.getRegisteredFontNames())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_register_fonts_registers_the_fallback_too() -> None:
    """For drawings that name the fallback font directly (the insights report's chart labels)."""
    script = textwrap.dedent(
        """
        from reportlab.pdfbase import pdfmetrics
        from debrief.letters.pdf import FALLBACK, SANS, SANS_BOLD, register_fonts
        from tests.core.test_pdf import FONTS
        register_fonts(FONTS)
        print(all(f in pdfmetrics.getRegisteredFontNames() for f in (SANS, SANS_BOLD, FALLBACK)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]
