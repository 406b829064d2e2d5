"""Draws a search hit as its name with the matched words in bold, and a grey line saying why;
a group header as a bold grey title over a rule.

Painted with plain text runs (no rich-text layout), so a screenful of results costs well under
a frame to draw.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from b12ref.ui.models import DETAIL_ROLE, DISPLAY, TYPE_ROLE

# looked up once: each `Qt.X`/`QStyle.X` lookup costs ~5 µs in PySide6, and paint() runs per row
ELIDE_RIGHT = Qt.ElideRight
SELECTED = QStyle.State_Selected
ITEM_VIEW_ITEM = QStyle.CE_ItemViewItem
HIGHLIGHTED_TEXT = QPalette.HighlightedText
TEXT = QPalette.Text
PLACEHOLDER_TEXT = QPalette.PlaceholderText
MID = QPalette.Mid
BASE = QPalette.Base
ROW_PICTURES = 120  # about ten screenfuls of rows kept drawn (~4 MB)


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


def highlight(text: str, words: list[str]) -> str:
    """HTML of text (escaped) with the matched words in bold (for rich-text views and tests)."""
    return "".join(f"<b>{html.escape(piece)}</b>" if hit else html.escape(piece) for piece, hit in runs(text, words))


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit, drawn once into a picture per look; a header as a bold grey title."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._pattern: re.Pattern | None = None
        self._face_cache: dict[str, tuple[tuple, tuple]] = {}
        self._rows: dict[tuple, QPixmap] = {}  # row pictures, oldest first

    @property
    def words(self) -> list[str]:
        return self._words

    @words.setter
    def words(self, words: list[str]) -> None:
        self._words = list(words)
        self._pattern = _pattern(self._words)

    def paint(self, painter, option, index) -> None:
        if index.data(TYPE_ROLE) == "header":
            self._paint_header(painter, option, index)
            return
        name, detail = index.data(DISPLAY) or "", index.data(DETAIL_ROLE) or ""
        rect = option.rect
        ratio = painter.device().devicePixelRatioF()
        pattern = self._pattern
        bold = (tuple(m.span() for m in pattern.finditer(name)), tuple(m.span() for m in pattern.finditer(detail))) \
            if pattern else None
        key = (name, detail, bold, rect.width(), rect.height(), int(option.state.value),
               option.palette.cacheKey(), option.font.key(), ratio)
        picture = self._rows.get(key)
        if picture is None:
            # Drawn once into an opaque picture, then reused: typing on mostly shows rows seen a
            # keystroke ago, and one drawPixmap costs a few µs where drawing the text costs ~0.3 ms.
            picture = QPixmap(rect.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(option.palette.color(BASE))
            target = QPainter(picture)
            opt = QStyleOptionViewItem(option)
            opt.rect = QRect(QPoint(0, 0), rect.size())
            self._draw_row(target, opt, name, detail)
            target.end()
            if len(self._rows) >= ROW_PICTURES:
                self._rows.pop(next(iter(self._rows)))
            self._rows[key] = picture
        painter.drawPixmap(rect.topLeft(), picture)

    def _draw_row(self, painter, option, name: str, detail: str) -> None:
        opt = QStyleOptionViewItem(option)  # state and rect only: the text is drawn below
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(ITEM_VIEW_ITEM, opt, painter, opt.widget)
        selected = bool(option.state & SELECTED)
        palette = option.palette
        text_colour = palette.color(HIGHLIGHTED_TEXT if selected else TEXT)
        detail_colour = palette.color(HIGHLIGHTED_TEXT if selected else PLACEHOLDER_TEXT)
        area = option.rect.adjusted(4, 2, -4, -2)
        base, small = self._faces(option.font)
        self._draw_line(painter, area.left(), area.top(), area.width(), name, base, text_colour)
        self._draw_line(painter, area.left(), area.top() + base[2].height(), area.width(), detail, small,
                        detail_colour)

    def _paint_header(self, painter, option, index) -> None:
        """A group title ("Symptoms (12)") in bold on the lower of the row's two lines, over a rule."""
        base, _ = self._faces(option.font)
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

    def _faces(self, font: QFont) -> tuple[tuple, tuple]:
        """(font, bold font, metrics, bold metrics) for the name line and the smaller detail line."""
        key = font.key()
        if key not in self._face_cache:
            small = QFont(font)
            small.setPointSizeF(max(6.0, font.pointSizeF() * 0.88))
            faces = []
            for face in (QFont(font), small):
                bold = QFont(face)
                bold.setBold(True)
                faces.append((face, bold, QFontMetrics(face), QFontMetrics(bold)))
            self._face_cache[key] = (faces[0], faces[1])
        return self._face_cache[key]

    def _draw_line(self, painter, x: int, y: int, width: int, text: str, faces: tuple, colour) -> None:
        """One line of text, elided to width, with the matched words in bold."""
        font, bold, metrics, bold_metrics = faces
        text = metrics.elidedText(text, ELIDE_RIGHT, width)
        painter.setPen(colour)
        baseline = y + metrics.ascent()
        for piece, matched in runs(text, self._words, self._pattern):
            painter.setFont(bold if matched else font)
            painter.drawText(x, baseline, piece)
            x += (bold_metrics if matched else metrics).horizontalAdvance(piece)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        """Two lines for every row, headers too, from the font alone: the list uses uniform item
        sizes, so Qt asks once per update instead of once per row."""
        line = option.fontMetrics.height()
        return QSize(option.rect.width() or 200, line * 2 + line // 2 + 4)
