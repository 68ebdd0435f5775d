"""Letters as PDF: a letter layout rendered with reportlab from plain values.

Two rules keep the output honest (DESIGN.md section 5):
- every piece of user text is escaped before reportlab's Paragraph sees it, so markup in a
  letter prints literally and can never load a file or URL;
- fonts are embedded from resources/fonts/ (DejaVu Sans for Latin, Greek and Cyrillic, Droid
  Sans Fallback for CJK, chosen per character); characters neither can draw, and right-to-left
  scripts we can't lay out, are reported by `unprintable_characters` before anything is saved.

Rendering takes plain values only (no store), so it may run on any thread.
"""

from __future__ import annotations

import io
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from debrief.errors import DebriefError
from debrief.files import write_file
from debrief.letters.sender_profile import SenderProfile

SANS = "DebriefSans"
SANS_BOLD = "DebriefSans-Bold"
FALLBACK = "DebriefFallback"
_FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
}
PAGE_SIZES = {"A4": A4, "Letter": LETTER}
_GREY = colors.Color(0.35, 0.35, 0.35)
_register_lock = threading.Lock()


@dataclass(frozen=True)
class LetterDocument:
    """Everything on the page, as plain values."""

    subject: str
    text: str
    recipient: tuple[str, ...]
    date_text: str
    sender: SenderProfile
    page_size: str = "A4"
    pdf_subject: str = ""


class _Coverage:
    """Which embedded font draws which character.

    The CJK fallback font (4 MB, a tenth of a second to read) is read and registered the first
    time a text has a character the main font lacks, not with every first letter of a process.
    """

    def __init__(self, fonts_dir: Path):
        self._fonts_dir = fonts_dir
        self.primary = frozenset(_load(fonts_dir, SANS).face.charToGlyph)
        self._fallback: frozenset[int] | None = None

    @property
    def fallback(self) -> frozenset[int]:
        if self._fallback is None:
            self._fallback = frozenset(_register(self._fonts_dir, FALLBACK).face.charToGlyph)
        return self._fallback

    def font_for(self, ch: str) -> str:
        code = ord(ch)
        if code in self.primary or ch.isspace():
            return SANS
        if code in self.fallback:
            return FALLBACK
        return SANS

    def fallback_runs(self, chars: set[str]) -> re.Pattern[str] | None:
        """A pattern matching the runs the fallback font draws in a text made of `chars` (its
        distinct characters); None if there are none. Deciding per distinct character rather
        than per character keeps a long letter cheap."""
        needed = sorted(ch for ch in chars if self.font_for(ch) == FALLBACK)
        if not needed:
            return None
        return re.compile("[" + "".join(re.escape(ch) for ch in needed) + "]+")


class _LetterFont(TTFont):
    """A TrueType font as reportlab embeds it, with a shortcut in encoding the text it draws.

    reportlab numbers each character a document uses (256 to a subset) and encodes every drawn
    line character by character in Python. A letter's characters all fit in the first subset,
    so once they have their numbers a line is encoded in one pass; a character new to the
    document takes reportlab's own way, which numbers it. The bytes are the same either way.
    """

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        if state is not None and len(state.subsets) == 1 and isinstance(text, str) and text:
            numbers: dict[int, int] = state.assignments  # type: ignore[attr-defined]
            try:
                return [(0, bytes(map(numbers.__getitem__, map(ord, text))))]
            except KeyError:
                pass
        return super().splitString(text, doc, encoding)


@lru_cache(maxsize=8)
def _load(fonts_dir: Path, name: str) -> TTFont:
    path = fonts_dir / _FONT_FILES[name]
    try:
        # Only the characters the letter uses are embedded (reportlab would add all of ASCII to
        # every subset, to keep the raw content stream readable; copying and searching use the
        # ToUnicode map either way).
        return _LetterFont(name, str(path), asciiReadable=False)
    except OSError as exc:
        raise DebriefError(f"The letter font {path} is missing or unreadable.") from exc


def _register(fonts_dir: Path, name: str) -> TTFont:
    font = _load(fonts_dir, name)
    with _register_lock:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(font)
    return font


@lru_cache(maxsize=4)
def _fonts(fonts_dir: Path) -> _Coverage:
    """The main fonts, registered once per process; the fallback waits until it is needed."""
    _register(fonts_dir, SANS)
    _register(fonts_dir, SANS_BOLD)
    with _register_lock:
        pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD)
    return _Coverage(fonts_dir)


def register_fonts(fonts_dir: Path) -> None:
    """Every embedded font registered with reportlab, the CJK fallback too: for drawings that
    choose a font by name (the insights report's chart labels) rather than through `markup`."""
    _ = _fonts(Path(fonts_dir)).fallback


# Unicode's control characters (category Cc: U+0000-U+001F and U+007F-U+009F), but the newline.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]+")


def clean_text(text: str) -> str:
    """Line breaks normalised; control characters (which no font draws) removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if text.replace("\n", " ").isprintable():  # the usual case, checked faster than a search
        return text
    return _CONTROLS.sub("", text)


def unprintable_characters(text: str, fonts_dir: Path) -> list[str]:
    """Characters this letter can't print correctly, each once, in order of appearance.

    That is: characters no embedded font can draw (they would show as empty boxes),
    right-to-left letters, which would come out in the wrong order, and characters beyond
    U+FFFF (most emoji): reportlab writes their text mapping in a form PDF readers reject, so
    they would vanish when the customer copies or searches the letter.
    """
    coverage = _fonts(Path(fonts_dir))
    found: dict[str, None] = {}
    for ch in clean_text(text):
        if ch.isspace() or ch in found:
            continue
        code = ord(ch)
        rtl = unicodedata.bidirectional(ch) in ("R", "AL")
        drawn = code in coverage.primary or code in coverage.fallback
        if rtl or code > 0xFFFF or not drawn:
            found[ch] = None
    return list(found)


def describe_characters(chars: list[str], limit: int = 4) -> str:
    """Name the characters too: the screen's font may not be able to show them either."""
    named = [f"{ch} ({unicodedata.name(ch, f'U+{ord(ch):04X}').lower()})" for ch in chars[:limit]]
    more = len(chars) - limit
    return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def markup(text: str, fonts_dir: Path) -> str:
    """User text as safe Paragraph markup: escaped, newlines kept, fallback font per run."""
    text = clean_text(text)
    return _markup(text, set(text), _fonts(Path(fonts_dir)))


def _markup(text: str, chars: set[str], coverage: _Coverage) -> str:
    """`markup` of a cleaned text whose distinct characters are `chars`."""
    runs = coverage.fallback_runs(chars)
    if runs is None:
        return _escaped(text)
    parts = []
    done = 0
    for match in runs.finditer(text):
        if match.start() > done:
            parts.append(_escaped(text[done : match.start()]))
        parts.append(f'<font name="{FALLBACK}">{_escaped(match.group())}</font>')
        done = match.end()
    if done < len(text):
        parts.append(_escaped(text[done:]))
    return "".join(parts)


def _escaped(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _has_cjk(chars: set[str]) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in chars)


class _Styles:
    """The letter's paragraph styles. Made once (see `_styles`) and only read by reportlab."""

    def __init__(self) -> None:
        # No widows or orphans: a paragraph never leaves a single line behind or ahead.
        self.body = ParagraphStyle(
            "body",
            fontName=SANS,
            fontSize=10.5,
            leading=14,
            spaceAfter=7,
            allowWidows=0,
            allowOrphans=0,
        )
        self.lead_in = ParagraphStyle("lead_in", parent=self.body, keepWithNext=1)
        self.bullet = ParagraphStyle(
            "bullet",
            parent=self.body,
            leftIndent=14,
            bulletIndent=2,
            bulletFontName=SANS,
            spaceAfter=3,
        )
        self.subject = ParagraphStyle("subject", parent=self.body, fontName=SANS_BOLD)
        self.company = ParagraphStyle(
            "company", fontName=SANS_BOLD, fontSize=15, leading=19, spaceAfter=2
        )
        self.small = ParagraphStyle("small", fontName=SANS, fontSize=8.5, leading=11.5)
        self.small.textColor = _GREY
        self.block = ParagraphStyle("block", fontName=SANS, fontSize=10.5, leading=14)
        self.date = ParagraphStyle("date", parent=self.block, alignment=TA_RIGHT)
        self.name = ParagraphStyle("name", parent=self.block, fontName=SANS_BOLD)
        self._cjk: dict[str, ParagraphStyle] = {}
        self._cjk_lock = threading.Lock()

    def cjk(self, style: ParagraphStyle) -> ParagraphStyle:
        """`style` wrapping anywhere, as Chinese and Japanese lines may."""
        with self._cjk_lock:
            if style.name not in self._cjk:
                self._cjk[style.name] = ParagraphStyle(
                    f"{style.name}-cjk", parent=style, wordWrap="CJK"
                )
            return self._cjk[style.name]


class _Paragraph(Paragraph):
    """A Paragraph that keeps its line breaks while asked again at the same width.

    A table sizes its cells and then draws them, and KeepTogether measures the closing lines
    and the signature before the frame places them: each asks again, and reportlab would break
    the lines anew each time. Once split (reportlab then drops `blPara`) it breaks them again.
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self._wrapped_width and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size


@lru_cache(maxsize=1)
def _styles() -> _Styles:
    return _Styles()


def _paragraph(
    text: str, style: ParagraphStyle, fonts_dir: Path, bullet_text: str | None = None
) -> Paragraph:
    text = clean_text(text)
    chars = set(text)
    if _has_cjk(chars):
        style = _styles().cjk(style)
    return _Paragraph(_markup(text, chars, _fonts(fonts_dir)), style, bulletText=bullet_text)


def _body(text: str, styles: _Styles, fonts_dir: Path) -> list[Flowable]:
    """Paragraphs split at blank lines; lines starting with a bullet become hanging bullets."""
    flowables: list[Flowable] = []
    for block in clean_text(text).split("\n\n"):
        if not block.strip():
            continue
        plain: list[str] = []
        for line in block.split("\n"):
            if line.lstrip().startswith(("• ", "- ", "* ")):
                if plain:
                    flowables.append(_paragraph("\n".join(plain), styles.body, fonts_dir))
                    plain = []
                item = line.lstrip()[2:]
                flowables.append(_paragraph(item, styles.bullet, fonts_dir, bullet_text="•"))
            else:
                plain.append(line)
        if plain:
            joined = "\n".join(plain)
            # A line that introduces what follows ("What we heard:") stays with it.
            style = styles.lead_in if joined.rstrip().endswith(":") else styles.body
            flowables.append(_paragraph(joined, style, fonts_dir))
        elif flowables:
            flowables.append(Spacer(1, 6))
    return flowables


def _image(data: bytes, max_w: float, max_h: float) -> Image:
    width, height = ImageReader(io.BytesIO(data)).getSize()
    scale = min(max_w / width, max_h / height)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _letterhead(s: SenderProfile, styles: _Styles, fonts_dir: Path, width: float) -> list[Flowable]:
    left: list[Flowable] = []
    if s.company or s.name:
        left.append(_paragraph(s.company or s.name, styles.company, fonts_dir))
    contact = " · ".join(p for p in (s.phone, s.email) if p)
    details = "\n".join(p for p in (s.address, contact) if p)
    if details:
        left.append(_paragraph(details, styles.small, fonts_dir))
    logo: Flowable | str = ""
    if s.logo:
        logo = _image(s.logo, 50 * mm, 22 * mm)
        logo.hAlign = "RIGHT"
    if not left and not logo:
        return []
    table = Table([[left, logo]], colWidths=[width - 55 * mm, 55 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 3 * mm), HRFlowable(width="100%", thickness=0.6, color=_GREY)]


def _signature(s: SenderProfile, styles: _Styles, fonts_dir: Path) -> list[Flowable]:
    parts: list[Flowable] = []
    if s.signature:
        signature = _image(s.signature, 55 * mm, 18 * mm)
        signature.hAlign = "LEFT"
        parts.append(signature)
    else:
        parts.append(Spacer(1, 12 * mm))
    if s.name:
        parts.append(_paragraph(s.name, styles.name, fonts_dir))
    for line in (s.title, s.company):
        if line:
            parts.append(_paragraph(line, styles.block, fonts_dir))
    return parts


class TotalPagesCanvas(Canvas):
    """Defers each page until the end, so `decorate(page, total)` can say 'Page 2 of 3'.

    Subclasses (letters, the internal report) draw their page furniture in `decorate`.
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own reset, untyped

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.decorate(self.getPageNumber(), total)
            super().showPage()
        super().save()

    def decorate(self, page: int, total: int) -> None:
        """Draw on the page now in hand; nothing by default."""


@lru_cache(maxsize=4)
def _numbered_canvas(page_size: tuple[float, float]) -> type[Canvas]:
    class NumberedCanvas(TotalPagesCanvas):
        """A page number at the foot, only past one page."""

        def decorate(self, page: int, total: int) -> None:
            if total > 1:
                self.setFont(SANS, 8.5)
                self.setFillColor(_GREY)
                self.drawCentredString(page_size[0] / 2, 12 * mm, f"Page {page} of {total}")

    return NumberedCanvas


def render_pdf(doc: LetterDocument, fonts_dir: Path) -> bytes:
    """The letter as PDF bytes."""
    fonts_dir = Path(fonts_dir)
    _fonts(fonts_dir)
    page_size = PAGE_SIZES.get(doc.page_size, A4)
    styles = _styles()
    buffer = io.BytesIO()
    sender = doc.sender
    template = SimpleDocTemplate(
        buffer,
        pagesize=page_size,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=clean_text(doc.subject),
        author=clean_text(sender.name or sender.company),
        subject=clean_text(doc.pdf_subject),
        creator="Debrief",
        initialFontName=SANS,
    )
    width = template.width - 12  # the frame keeps 6 pt of padding on each side
    story: list[Flowable] = _letterhead(sender, styles, fonts_dir, width)
    story.append(Spacer(1, 6 * mm))
    recipient = [
        _paragraph(_bounded(line), styles.block, fonts_dir) for line in doc.recipient if line
    ]
    date = _paragraph(doc.date_text, styles.date, fonts_dir)
    head = Table([[recipient or "", date]], colWidths=[width * 0.62, width * 0.38])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story += [head, Spacer(1, 6 * mm)]
    if doc.subject.strip():
        story.append(_paragraph(doc.subject.strip(), styles.subject, fonts_dir))
        story.append(Spacer(1, 2 * mm))
    body = _body(doc.text, styles, fonts_dir)
    signature = _signature(sender, styles, fonts_dir)
    # The closing line stays on the same page as the signature under it, and never goes to a
    # page alone: the paragraph before it comes along.
    tail = body[-2:] if len(body) > 2 else body[-1:]
    story += [*body[: len(body) - len(tail)], KeepTogether(tail + signature)]
    try:
        template.build(story, canvasmaker=_numbered_canvas(page_size))
    except LayoutError as exc:
        raise DebriefError(
            "The letter can't be laid out: a line in it, such as a name or a title, is too "
            "long to fit on a page. Shorten it and try again."
        ) from exc
    return buffer.getvalue()


RECIPIENT_LINE_LIMIT = 200


def _bounded(line: str) -> str:
    """A name or title line from older data can be any length; on paper it stops at a limit."""
    line = " ".join(line.split())
    if len(line) <= RECIPIENT_LINE_LIMIT:
        return line
    return line[: RECIPIENT_LINE_LIMIT - 1].rstrip() + "…"


def write_pdf(path: Path, data: bytes, pending: Path | None = None) -> Path:
    """Write the file whole or not at all: a half-written PDF never replaces a good one.

    Through symbolic links, never over a device or folder, keeping the file's permissions;
    `pending` (the data folder's notes, see debrief.files) lets the next start clean up after a
    crash mid-write. Returns the file written.
    """
    return write_file(path, data, pending)
