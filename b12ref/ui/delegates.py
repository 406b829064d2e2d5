"""Draws a search hit as its name with the matched words in bold, and a grey line saying why."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from b12ref.ui.models import DETAIL_ROLE, TYPE_ROLE


def highlight(text: str, words: list[str]) -> str:
    """HTML of text (escaped) with every word that starts with one of `words` in bold."""
    escaped = html.escape(text)
    words = [w for w in words if len(w) >= 2]
    if not words:
        return escaped
    pattern = re.compile(r"\b(" + "|".join(re.escape(html.escape(w)) for w in sorted(words, key=len, reverse=True))
                         + r")", re.IGNORECASE)
    return pattern.sub(r"<b>\1</b>", escaped)


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit; header rows are left to the default look."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self._documents: dict[tuple, QTextDocument] = {}

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        selected = bool(option.state & QStyle.State_Selected)
        key = (index.data(Qt.DisplayRole), index.data(DETAIL_ROLE), tuple(self.words), selected, option.rect.width())
        if key in self._documents:
            return self._documents[key]
        if len(self._documents) > 500:
            self._documents.clear()
        palette = option.palette
        text_colour = palette.color(QPalette.HighlightedText if selected else QPalette.Text).name()
        detail_colour = palette.color(QPalette.HighlightedText if selected else QPalette.PlaceholderText).name()
        name = highlight(index.data(Qt.DisplayRole) or "", self.words)
        # one line of detail, cut to the row's width (the row height is fixed at two lines)
        plain = option.fontMetrics.elidedText(index.data(DETAIL_ROLE) or "", Qt.ElideRight,
                                              max(option.rect.width() - 8, 40))
        detail = highlight(plain, self.words)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setTextWidth(max(option.rect.width(), 50))
        doc.setHtml(f'<div style="color:{text_colour}">{name}</div>'
                    + (f'<div style="color:{detail_colour}; font-size:small">{detail}</div>' if detail else ""))
        self._documents[key] = doc
        return doc

    def paint(self, painter, option, index) -> None:
        if index.data(TYPE_ROLE) == "header":
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        clip = QRectF(0, 0, option.rect.width(), option.rect.height())
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        """Two lines per hit from the font alone: laying out rich text for every row (Qt asks for
        all of them) would cost more than the search itself."""
        if index.data(TYPE_ROLE) == "header":
            return super().sizeHint(option, index)
        line = option.fontMetrics.height()
        return QSize(option.rect.width() or 200, line * 2 + line // 2 + 4)
