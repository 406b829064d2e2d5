"""The views a page is shown in (a deficiency in its panes and tabs, any other page or answer in one
pane) and the find bar over them: built when the first page is opened, not at start, where the start
page is all the main view shows (~4 ms and ~1.5 MB saved from every start)."""

from __future__ import annotations

from b12ref.ui.pages import DeficiencyView, DocumentView, FindBar


class PageViews:
    """deficiency, document and find_bar, added to the window in its current theme, zoom and layout."""

    def __init__(self, window) -> None:
        self.deficiency = DeficiencyView()
        self.document = DocumentView("Page")
        for view in (self.deficiency, self.document):
            view.page_requested.connect(window.open_page)
            window.page_stack.addWidget(view)
        for browser in self.browsers():
            browser.external_requested.connect(window.open_external)
            browser.theme = window.theme
        self.find_bar = FindBar(window.visible_browsers)
        window.right_layout.addWidget(self.find_bar)
        split = window.settings.get("window/page_splitter")
        if split is not None:
            self.deficiency.splitter.restoreState(split)

    def browsers(self) -> list:
        return [*self.deficiency.browsers(), *self.document.browsers()]

    def widgets(self) -> list:
        return [self.deficiency, self.document, self.find_bar]
