"""Widgets that show text on one line, cut short with "…" to their width, so that changing the text never
changes their size: the "Showing results for" line and the answer preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy

from b12ref.report.html_writer import esc  # (the start page imports it already: no html module)
from b12ref.ui.plaintext import tooltip


class _Elided:
    """Plain text on one line, cut short with "…" to the widget's width; the whole text is kept."""

    PREFIX = ""
    MARGIN = 0

    def _init_elided(self) -> None:
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self._full = ""

    def _set_full(self, text: str, tip: str) -> None:
        self._full = text
        self.setToolTip(tip)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        elided = self.fontMetrics().elidedText(self.PREFIX + self._full, Qt.ElideRight,
                                               max(0, self.width() - self.MARGIN))
        self._show(elided)


class OneLineLabel(_Elided, QLabel):
    """A label whose text never changes its size (the whole text is its tooltip)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.PlainText)
        self._init_elided()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._set_full(text, tooltip(text))

    def text(self) -> str:
        return self._full

    def _show(self, elided: str) -> None:
        QLabel.setText(self, elided)


class AnswerPreview(_Elided, QPushButton):
    """A one-line preview of the answer while a question is typed; Enter in the search field or a
    click opens the whole answer in the main view."""

    PREFIX = "\u25b8 "
    MARGIN = 12

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("AnswerPreview")
        self.setAccessibleName("Answer preview: open the whole answer")
        self.setFlat(True)
        self.setStyleSheet("text-align: left; font-weight: bold; padding: 3px;")
        self._init_elided()

    def set_headline(self, text: str) -> None:
        self._set_full(text, esc(text) + "<br>Enter or click: the whole answer")

    def headline(self) -> str:
        return self._full

    def _show(self, elided: str) -> None:
        self.setText(elided)
