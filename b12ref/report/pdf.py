"""Lay a printable HTML document out in pages and paint it to a PDF or a printer, with a footer on every page."""

from __future__ import annotations

from pathlib import Path

from b12ref.core.notices import NOT_MEDICAL_ADVICE_SHORT
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout, QColor, QFont, QGuiApplication, QPageLayout, QPageSize, QPagedPaintDevice,
    QPainter, QPalette, QPdfWriter, QPen, QTextCharFormat, QTextCursor, QTextDocument,
)

from b12ref.report.summary import Printout, write_atomic

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
LETTER_TERRITORIES = {QLocale.Country.UnitedStates, QLocale.Country.Canada}
MARGINS_MM = QMarginsF(15, 12, 15, 10)  # left, top, right, bottom
FOOTER_NOTE = NOT_MEDICAL_ADVICE_SHORT
BODY_POINTS = 10.0
BAND_POINTS = 8.0
INK = QColor("#1d2430")
MUTED = QColor("#5b6673")
RULE = QColor("#c9d6e0")

_app: QGuiApplication | None = None


class PrintError(OSError):
    """The document could not be painted (the device refused to start or to add a page)."""


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new headless one (text layout needs one; no window is shown)."""
    global _app
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    _app = QGuiApplication(["b12ref"])
    return _app


def default_paper(locale: QLocale | None = None) -> str:
    """'letter' in the United States and Canada, 'a4' everywhere else."""
    territory = (locale or QLocale.system()).territory()
    return "letter" if territory in LETTER_TERRITORIES else "a4"


def setup_device(device: QPagedPaintDevice, paper: str) -> None:
    """Paper size and margins; call before showing a print dialog so the user sees them."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r}; choose from {', '.join(PAPERS)}")
    device.setPageSize(QPageSize(PAPERS[paper]))
    device.setPageOrientation(QPageLayout.Orientation.Portrait)
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)


def _light_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Text, INK), (QPalette.ColorRole.WindowText, INK),
                         (QPalette.ColorRole.Base, QColor("white")), (QPalette.ColorRole.Window, QColor("white")),
                         (QPalette.ColorRole.Link, QColor("#1559a0"))):
        palette.setColor(role, colour)
    return palette


def _band_font() -> QFont:
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setFamilies(["DejaVu Sans", "Noto Sans", "Arial", "Helvetica", "sans-serif"])
    font.setPointSizeF(BAND_POINTS)
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def layout_document(html: str, device: QPagedPaintDevice, page_size: QSizeF) -> QTextDocument:
    """The document laid out for the device: fonts and pixel lengths at its resolution, cut into pages."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(BODY_POINTS)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    _no_ligatures(doc)
    doc.setPageSize(page_size)
    return doc


def _no_ligatures(doc: QTextDocument) -> None:
    """Print "fi" as two letters, so that text copied or searched in the PDF reads "deficiency"."""
    fmt = QTextCharFormat()
    fmt.setFontFeatures({QFont.Tag("liga"): 0, QFont.Tag("clig"): 0})
    cursor = QTextCursor(doc)
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.mergeCharFormat(fmt)


def paint_document(html: str, device: QPagedPaintDevice, running_header: str = "") -> int:
    """Paint html on device page by page; every page gets "Page X of Y" and the not-medical-advice line.

    The running header (title, date printed, content version) goes at the top of every page after
    the first, whose own heading already says it. Returns the number of pages.
    """
    ensure_gui_application()
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError("could not start printing on this device")
    try:
        width, height = float(device.width()), float(device.height())
        band_font = _band_font()
        painter.setFont(band_font)
        line = painter.fontMetrics().height()
        header_band = line * 2.2
        footer_band = line * 2.6
        body = QSizeF(width, height - header_band - footer_band)
        doc = layout_document(html, device, body)
        pages = max(1, doc.pageCount())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = _light_palette()
        for index in range(pages):
            if index and not device.newPage():
                raise PrintError("the printer refused a new page")
            clip = QRectF(0, index * body.height(), width, body.height())
            painter.save()
            painter.translate(0, header_band - clip.top())
            painter.setClipRect(clip)
            context.clip = clip
            doc.documentLayout().draw(painter, context)
            painter.restore()
            _paint_bands(painter, width, height, line, index, pages, running_header if index else "")
    finally:
        painter.end()
    return pages


def _paint_bands(painter: QPainter, width: float, height: float, line: float, index: int, pages: int,
                 header: str) -> None:
    painter.save()
    pen = QPen(RULE)
    pen.setWidthF(max(1.0, line / 14))
    if header:
        painter.setPen(pen)
        painter.drawLine(0, int(line * 1.4), int(width), int(line * 1.4))
        painter.setPen(MUTED)
        text = painter.fontMetrics().elidedText(header, Qt.TextElideMode.ElideMiddle, int(width))
        painter.drawText(QRectF(0, 0, width, line * 1.2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                         text)
    top = height - line * 1.5
    painter.setPen(pen)
    painter.drawLine(0, int(top - line * 0.4), int(width), int(top - line * 0.4))
    painter.setPen(MUTED)
    number = f"Page {index + 1} of {pages}"
    number_width = painter.fontMetrics().horizontalAdvance(number) + line
    note = painter.fontMetrics().elidedText(FOOTER_NOTE, Qt.TextElideMode.ElideRight, int(width - number_width))
    band = QRectF(0, top, width, line * 1.5)
    painter.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)
    painter.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number)
    painter.restore()


def pdf_bytes(printout: Printout, paper: str = "a4") -> tuple[bytes, int]:
    """The printout as PDF bytes, and its page count."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(600)
    writer.setTitle(printout.title)
    writer.setCreator("b12ref")
    setup_device(writer, paper)
    pages = paint_document(printout.html, writer, printout.running_header)
    del writer  # flushes the PDF trailer into the buffer
    data = QByteArray(buffer.data()).data()
    buffer.close()
    if not data.startswith(b"%PDF"):
        raise PrintError("the PDF could not be produced")
    return data, pages


def export_pdf(printout: Printout, path: Path, paper: str | None = None) -> int:
    """Write the printout to path as PDF (through a temporary file, renamed at the end); returns pages."""
    data, pages = pdf_bytes(printout, paper or default_paper())
    write_atomic(Path(path), data)
    return pages
