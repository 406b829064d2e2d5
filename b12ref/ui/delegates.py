"""Draws a search hit as its name with the matched words in bold, and a grey line saying why;
a group header as a bold grey title over a rule.

Each row is drawn once into an image and reused, with plain text runs (no rich-text layout).
The search worker draws the first screenful of a new result's rows ahead, on its own thread
(`prerender`, from the `RowLook` of the last row painted), so that showing a result only copies
images on the UI thread: drawing a row's text costs ~0.3 ms, copying its image a few µs.
"""

from __future__ import annotations

import re
import time
from functools import partial
from typing import TYPE_CHECKING, Callable, NamedTuple

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from b12ref.ui.models import DETAIL_ROLE, DISPLAY, TYPE_ROLE, detail_of, group_rows

if TYPE_CHECKING:
    from b12ref.core.search import SearchHit

# looked up once: each `Qt.X`/`QStyle.X` lookup costs ~5 µs in PySide6, and paint() runs per row
ELIDE_RIGHT = Qt.ElideRight
SELECTED = int(QStyle.State_Selected.value)
# a row in one of these states has a panel (selection, focus, hover) that the style draws
STYLED_STATES = int((QStyle.State_Selected | QStyle.State_HasFocus | QStyle.State_MouseOver).value)
ITEM_VIEW_ITEM = QStyle.CE_ItemViewItem
HIGHLIGHTED_TEXT = QPalette.HighlightedText
TEXT = QPalette.Text
PLACEHOLDER_TEXT = QPalette.PlaceholderText
MID = QPalette.Mid
BASE = QPalette.Base
IMAGE_FORMAT = QImage.Format_ARGB32_Premultiplied
ROW_PICTURES = 120  # about ten screenfuls of rows kept drawn (~4 MB)


class RowLook(NamedTuple):
    """How a plain (unselected) hit row of the results list was last painted: what the search
    worker needs to draw the rows of the next result ahead. Only values, no shared Qt objects,
    so that another thread can use it."""

    width: int
    height: int
    state: int
    palette_key: int
    colours: tuple[QColor, QColor, QColor]  # background, name, detail line
    font: str  # QFont.toString(): the worker makes its own QFont from it
    font_key: str
    ratio: float
    rows: int  # rows that fit in the view: the ones worth drawing ahead


def picture_key(name: str, detail: str, pattern: re.Pattern | None, width: int, height: int, state: int,
                palette_key: int, font_key: str, ratio: float) -> tuple:
    """What a row's picture depends on; the same on every thread."""
    bold = (tuple(m.span() for m in pattern.finditer(name)), tuple(m.span() for m in pattern.finditer(detail))) \
        if pattern else None
    return name, detail, bold, width, height, state, palette_key, font_key, ratio


def _pattern(words: list[str]) -> re.Pattern | None:
    words = [w for w in words if len(w) >= 2]
    if not words:
        return None
    # the whole word that starts with a typed word is bold ("anae" -> "Anaemia"), so a row looks
    # the same, and its picture can be reused, while the word is being typed on
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\w*",
                      re.IGNORECASE)


def runs(text: str, words: list[str], pattern: re.Pattern | None = None) -> list[tuple[str, bool]]:
    """text cut into (piece, matched) runs: every word starting with one of `words` is matched,
    whole (pass `pattern`, made by _pattern(words), to skip making it again)."""
    pattern = pattern or _pattern(words)
    if pattern is None:
        return [(text, False)] if text else []
    out, at = [], 0
    for match in pattern.finditer(text):
        if match.start() > at:
            out.append((text[at:match.start()], False))
        out.append((match.group(0), True))
        at = match.end()
    if at < len(text):
        out.append((text[at:], False))
    return out


class RowPainter:
    """Draws hit rows into images. Keep one per thread: the fonts and metrics it makes belong to
    the thread that made them."""

    def __init__(self) -> None:
        self._faces: dict[str, tuple[tuple, tuple]] = {}
        self._fonts: dict[str, QFont] = {}

    def warm(self, description: str) -> None:
        """Draw a row of every common letter, unseen, in each face: a thread's first text drawing
        loads its fonts and draws each letter's glyph once (~10-30 ms in all), better done before
        the first keystroke than on it."""
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 .,;:()-–'’“”…·"
        colours = (QColor(255, 255, 255), QColor(0, 0, 0), QColor(128, 128, 128))
        for bold in (None, re.compile(r"\S+")):
            self.picture(QSize(2000, 40), 1.0, colours, self.font(description), letters, letters, bold)

    def font(self, description: str) -> QFont:
        """A font of this thread's own from a QFont.toString() description."""
        if description not in self._fonts:
            font = QFont()
            font.fromString(description)
            self._fonts[description] = font
        return self._fonts[description]

    def faces(self, font: QFont) -> tuple[tuple, tuple]:
        """(font, bold font, metrics, bold metrics) for the name line and the smaller detail line."""
        key = font.key()
        if key not in self._faces:
            small = QFont(font)
            small.setPointSizeF(max(6.0, font.pointSizeF() * 0.88))
            faces = []
            for face in (QFont(font), small):
                bold = QFont(face)
                bold.setBold(True)
                faces.append((face, bold, QFontMetrics(face), QFontMetrics(bold)))
            self._faces[key] = (faces[0], faces[1])
        return self._faces[key]

    def picture(self, size: QSize, ratio: float, colours: tuple[QColor, QColor, QColor], font: QFont,
                name: str, detail: str, pattern: re.Pattern | None,
                panel: Callable[[QPainter], None] | None = None) -> QImage:
        """A row as an opaque image: `panel` draws a styled background (selection, focus) first."""
        background, text_colour, detail_colour = colours
        image = QImage(size * ratio, IMAGE_FORMAT)
        image.setDevicePixelRatio(ratio)
        image.fill(background)
        painter = QPainter(image)
        if panel is not None:
            panel(painter)
        area = QRect(QPoint(0, 0), size).adjusted(4, 2, -4, -2)
        base, small = self.faces(font)
        self._line(painter, area.left(), area.top(), area.width(), name, base, text_colour, pattern)
        self._line(painter, area.left(), area.top() + base[2].height(), area.width(), detail, small, detail_colour,
                   pattern)
        painter.end()
        return image

    @staticmethod
    def _line(painter: QPainter, x: int, y: int, width: int, text: str, faces: tuple, colour: QColor,
              pattern: re.Pattern | None) -> None:
        """One line of text, elided to width, with the matched words in bold."""
        font, bold, metrics, bold_metrics = faces
        text = metrics.elidedText(text, ELIDE_RIGHT, width)
        painter.setPen(colour)
        baseline = y + metrics.ascent()
        for piece, matched in runs(text, [], pattern):
            painter.setFont(bold if matched else font)
            painter.drawText(x, baseline, piece)
            x += (bold_metrics if matched else metrics).horizontalAdvance(piece)


def prerender(hits: list[SearchHit], words: list[str], look: RowLook, painter: RowPainter) -> dict[tuple, QImage]:
    """Pictures of the plain rows a new result shows first, drawn as `look` says, keyed as
    HitDelegate.paint looks them up. Safe on any thread that owns `painter`. The first hit is
    skipped: it is shown selected, which the style draws."""
    pattern = _pattern(words)
    font = painter.font(look.font)
    size = QSize(look.width, look.height)
    pictures = {}
    hits_seen = 0
    for kind, hit in group_rows(hits)[:look.rows]:
        if kind != "hit":
            continue
        hits_seen += 1
        if hits_seen == 1:
            continue
        name, detail = hit.name, detail_of(hit)  # type: ignore[attr-defined]
        key = picture_key(name, detail, pattern, look.width, look.height, look.state, look.palette_key,
                          look.font_key, look.ratio)
        pictures[key] = painter.picture(size, look.ratio, look.colours, font, name, detail, pattern)
        # Let the UI thread have the interpreter between rows: PySide's text drawing keeps it, so a
        # UI thread waiting for it could otherwise wait for all the rows (~4 ms), not one (~0.3 ms).
        time.sleep(0)
    return pictures


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit, drawn once into a picture per look; a header as a bold grey title.

    Attributes: look, the RowLook of the last plain row drawn (None before the first)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._pattern: re.Pattern | None = None
        self.row_painter = RowPainter()
        self._rows: dict[tuple, QImage] = {}  # row pictures, oldest first
        self.look: RowLook | None = None

    @property
    def words(self) -> list[str]:
        return self._words

    @words.setter
    def words(self, words: list[str]) -> None:
        self._words = list(words)
        self._pattern = _pattern(self._words)

    def adopt(self, pictures: dict[tuple, QImage]) -> None:
        """Keep pictures drawn ahead (by prerender) for the rows about to be shown."""
        for key, picture in pictures.items():
            self._remember(key, picture)

    def _remember(self, key: tuple, picture: QImage) -> None:
        if len(self._rows) >= ROW_PICTURES:
            self._rows.pop(next(iter(self._rows)))
        self._rows[key] = picture

    def paint(self, painter, option, index) -> None:
        if index.data(TYPE_ROLE) == "header":
            self._paint_header(painter, option, index)
            return
        name, detail = index.data(DISPLAY) or "", index.data(DETAIL_ROLE) or ""
        rect = option.rect
        ratio = painter.device().devicePixelRatioF()
        state = int(option.state.value)
        palette = option.palette
        key = picture_key(name, detail, self._pattern, rect.width(), rect.height(), state, palette.cacheKey(),
                          option.font.key(), ratio)
        picture = self._rows.get(key)
        if picture is None:
            picture = self._draw(option, name, detail, state, ratio)
            self._remember(key, picture)
        painter.drawImage(rect.topLeft(), picture)

    def _draw(self, option, name: str, detail: str, state: int, ratio: float) -> QImage:
        """A row's picture, drawn here on the UI thread; a plain row also records the look."""
        palette, size = option.palette, option.rect.size()
        selected = bool(state & SELECTED)
        colours = (palette.color(BASE), palette.color(HIGHLIGHTED_TEXT if selected else TEXT),
                   palette.color(HIGHLIGHTED_TEXT if selected else PLACEHOLDER_TEXT))
        panel = partial(self._panel, option, size) if state & STYLED_STATES else None
        if panel is None:
            view = option.widget
            rows = view.viewport().height() // max(1, size.height()) + 1 if view is not None else 0
            self.look = RowLook(size.width(), size.height(), state, palette.cacheKey(), colours,
                                option.font.toString(), option.font.key(), ratio, rows)
        return self.row_painter.picture(size, ratio, colours, option.font, name, detail, self._pattern, panel)

    @staticmethod
    def _panel(option, size: QSize, target: QPainter) -> None:
        """The style's background of a selected, focused or hovered row (the text is drawn over it)."""
        opt = QStyleOptionViewItem(option)
        opt.rect = QRect(QPoint(0, 0), size)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(ITEM_VIEW_ITEM, opt, target, opt.widget)

    def _paint_header(self, painter, option, index) -> None:
        """A group title ("Symptoms (12)") in bold on the lower of the row's two lines, over a rule."""
        base, _ = self.row_painter.faces(option.font)
        font, bold, metrics, bold_metrics = base
        area = option.rect.adjusted(4, 2, -4, -3)
        text = bold_metrics.elidedText(index.data(DISPLAY) or "", ELIDE_RIGHT, area.width())
        painter.save()
        painter.setPen(option.palette.color(PLACEHOLDER_TEXT))
        painter.setFont(bold)
        painter.drawText(area.left(), area.bottom() - bold_metrics.descent(), text)
        painter.setPen(option.palette.color(MID))
        painter.drawLine(area.left(), option.rect.bottom(), option.rect.right() - 4, option.rect.bottom())
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        """Two lines for every row, headers too, from the font alone: the list uses uniform item
        sizes, so Qt asks once per update instead of once per row."""
        line = option.fontMetrics.height()
        return QSize(option.rect.width() or 200, line * 2 + line // 2 + 4)
