"""Draws a search hit as its name with the matched words in bold, and a grey line saying why.

Painted with plain text runs (no rich-text layout), so a screenful of results costs well under
a frame to draw.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from b12ref.ui.models import DETAIL_ROLE, TYPE_ROLE


def _pattern(words: list[str]) -> re.Pattern | None:
    words = [w for w in words if len(w) >= 2]
    if not words:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")",
                      re.IGNORECASE)


def runs(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """text cut into (piece, matched) runs: every word starting with one of `words` is matched."""
    pattern = _pattern(words)
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
    """Two lines per hit; header rows are left to the default look."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self._face_cache: dict[str, tuple[tuple, tuple]] = {}

    def paint(self, painter, option, index) -> None:
        if index.data(TYPE_ROLE) == "header":
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)  # state and rect only: the text is drawn below
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.State_Selected)
        palette = option.palette
        text_colour = palette.color(QPalette.HighlightedText if selected else QPalette.Text)
        detail_colour = palette.color(QPalette.HighlightedText if selected else QPalette.PlaceholderText)
        area = option.rect.adjusted(4, 2, -4, -2)
        base, small = self._faces(option.font)
        painter.save()
        painter.setClipRect(option.rect)
        self._draw_line(painter, area.left(), area.top(), area.width(), index.data(Qt.DisplayRole) or "",
                        base, text_colour)
        self._draw_line(painter, area.left(), area.top() + base[2].height(), area.width(),
                        index.data(DETAIL_ROLE) or "", small, detail_colour)
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
        text = metrics.elidedText(text, Qt.ElideRight, width)
        painter.setPen(colour)
        baseline = y + metrics.ascent()
        for piece, matched in runs(text, self.words):
            painter.setFont(bold if matched else font)
            painter.drawText(x, baseline, piece)
            x += (bold_metrics if matched else metrics).horizontalAdvance(piece)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        """Two lines per hit from the font alone: laying out text for every row (Qt asks for all
        of them) would cost more than the search itself."""
        if index.data(TYPE_ROLE) == "header":
            return super().sizeHint(option, index)
        line = option.fontMetrics.height()
        return QSize(option.rect.width() or 200, line * 2 + line // 2 + 4)
