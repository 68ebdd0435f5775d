"""Printing a letter PDF: each page rendered onto white at print resolution, page by page.

QtPdf renders with a transparent background, and a HighResolution printer is 1200 dpi: a
full-page image at that size is over half a gigabyte. So pages are rendered at 300 dpi (about
35 MB for A4, one page at a time) and scaled into the printer's page rectangle.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from debrief.errors import DebriefError

PRINT_DPI = 300
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


def load_pdf(data: bytes) -> QPdfDocument:
    """A QPdfDocument over PDF bytes (loading from a buffer completes before returning)."""
    document = QPdfDocument()
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise DebriefError("This letter's PDF can't be read; try producing it again.")
    return document


def page_image(document: QPdfDocument, page: int, dpi: int = PRINT_DPI) -> QImage:
    """One page at `dpi`, on opaque white."""
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, document.render(page, size))
    painter.end()
    return image


def new_printer(page_size: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAGE_SIZES.get(page_size, QPageSize.PageSizeId.A4)))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


def print_pdf(printer: QPrinter, data: bytes) -> int:
    """Print every page of the PDF `data` on `printer`; returns the number of pages."""
    document = load_pdf(data)
    painter = QPainter()
    if not painter.begin(printer):
        raise DebriefError("The printer couldn't be started. Check that it is available.")
    try:
        target = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            image = page_image(document, page)
            # Keep the page's proportions inside the printable rectangle.
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(
                QRectF(target.x() + (target.width() - width) / 2, target.y(), width, height),
                image,
            )
    finally:
        painter.end()
    return document.pageCount()
