"""A read-only rich-text pane, the one every page, answer and the start page is shown in. Its own module
with few imports: the start page is on the first screen, before the page views are needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser

from b12ref.report.html_text import stylesheet

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl


class PageBrowser(QTextBrowser):
    """A read-only rich-text pane: internal links emit page ids, nothing is fetched from outside."""

    page_requested = Signal(str)
    external_requested = Signal(object)  # a QUrl (declared as object: no QUrl type at start, ~0.6 ms)

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.theme = "light"
        self._shown: tuple[str, str] | None = None  # (theme, body) on show

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt override
        return None  # no images, style sheets or anything else from outside the document

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "b12ref":
            self.page_requested.emit(url.path() + (f"#{url.fragment()}" if url.hasFragment() else ""))
        elif url.scheme() in ("http", "https"):
            self.external_requested.emit(url)
        elif url.hasFragment():
            self.scrollToAnchor(url.fragment())

    def show_html(self, body: str) -> None:
        """Show body in the current theme; the same body again is left as it is (no new layout, and
        the reader keeps their place: an answer card stays the same while a question is typed on)."""
        if self._shown == (self.theme, body):
            return
        self.document().setDefaultStyleSheet(stylesheet(self.theme))
        self.setHtml(body)
        self._shown = (self.theme, body)
