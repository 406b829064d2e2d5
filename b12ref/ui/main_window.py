"""The main window: search and browse on the left, the selected page on the right.

Built in steps so that it is ready about as fast as an empty window: the constructor makes the
frame (no b12ref module beyond the settings, no `Qt` enum namespace: ~40 ms of enum creation);
attach(library) the rest of the first screen (search pane, my note, bookmarks and history, start
page), then, in the next turn of the event loop, the menus' actions and keyboard access (build_rest);
the page views when the first page is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, NamedTuple

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from b12ref.ui import theme as themes
from b12ref.ui.navigation import History
from b12ref.ui.settings import Settings

if TYPE_CHECKING:
    from b12ref.core.library import Library
    from PySide6.QtCore import QUrl

    from b12ref.core.userdata import UserData
    from b12ref.ui.page_browser import PageBrowser
    from b12ref.ui.page_views import PageViews
    from b12ref.ui.pages import DeficiencyView, DocumentView, FindBar

MENUS = (("file", "&File"), ("edit", "&Edit"), ("go", "&Go"), ("bookmarks", "&Bookmarks"), ("tools", "&Tools"),
         ("view", "&View"), ("help", "&Help"))
VERTICAL = 2  # Qt.Vertical, set through the `orientation` property: no `Qt` namespace at start (~12 ms)
PAINT_WAIT_MS = 500  # attach anyway if no paint comes (a window started minimised)
OPEN_DATA_AFTER_MS = 300  # the databases, opened in the first pause after `ready` (first_screen.open_data)


class CurrentPage(NamedTuple):
    """The page on show: its id (an answer's is "ask:" and the question) and its title."""

    id: str
    title: str


class MainWindow(QMainWindow):
    page_shown = Signal(str)
    usable = Signal()  # the first screen is on screen; search too, unless the content database is being built
    ready = Signal()  # the first screen is built (search, my data, start page) and search works

    def __init__(self, library: Library | None = None, settings: Settings | None = None,
                 theme_choice: str | None = None, userdata: UserData | None = None) -> None:
        super().__init__()
        self.library: Library | None = None
        self.settings = settings or Settings()
        self.history = History()
        self.theme_choice = theme_choice or self.settings.get("view/theme")
        self.theme = themes.resolve(self.theme_choice)
        themes.apply(QApplication.instance(), self.theme)  # before any widget is made: each is styled once
        self.zoom = 0
        self.current_page = None
        self.checker_dialog = None
        self._page_views: PageViews | None = None
        self._userdata: UserData | None = None  # opened on first use (the userdata property)
        self.welcome: PageBrowser | None = None
        self.search = None  # the search pane, once the library is open
        self.library_wait = "The library is being prepared for its first use; it opens in a moment."
        self._built = False
        self._after_paint: Callable[[], None] | None = None
        self.setWindowTitle("b12ref — nutrient deficiencies and their symptoms")
        self.search_field = QLineEdit()
        self.search_field.setObjectName("SearchField")
        self.search_field.setAccessibleName("Search")
        self.search_field.setPlaceholderText("Search: twitching, vit D, symptom: tingl… (Ctrl+K)")
        self.search_field.setToolTip("Type a symptom, nutrient, medicine or question.\n"
                                     "Scopes: symptom:, nutrient:, treatment:\n"
                                     "Up/Down move, Enter opens, Esc clears.")
        self.search_field.setClearButtonEnabled(True)
        top = QWidget()
        self.left_layout = QVBoxLayout(top)
        self.left_layout.setContentsMargins(6, 6, 0, 0)
        self.left_layout.addWidget(self.search_field)
        self.left_layout.addStretch(1)  # the search pane takes its place
        self.left = QSplitter()  # search over my note, bookmarks and history (attach adds them)
        self.left.setObjectName("LeftSplitter")
        self.left.setProperty("orientation", VERTICAL)
        self.left.addWidget(top)
        self.page_stack = QStackedWidget()
        self.right = QWidget()
        self.right_layout = QVBoxLayout(self.right)
        self.right_layout.setContentsMargins(0, 6, 6, 0)
        self.right_layout.addWidget(self.page_stack, 1)
        self.splitter = QSplitter()
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1100])
        self.setCentralWidget(self.splitter)
        self.menus = {key: self.menuBar().addMenu(title) for key, title in MENUS}
        self.file_menu = self.menus["file"]
        # the tool bar is there from the start, so nothing moves when attach() fills in the rest
        self.back_action = QAction("&Back", self)
        self.forward_action = QAction("&Forward", self)
        self.bookmark_action = QAction("&Bookmark This Page", self)
        self.toolbar = toolbar = self.addToolBar("Navigation")
        toolbar.setObjectName("NavigationToolbar")
        for action in (self.back_action, self.forward_action, self.bookmark_action):
            action.setEnabled(False)
            toolbar.addAction(action)
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/main_splitter", self.splitter.restoreState)):
            value = self.settings.get(key)
            if value is not None:
                restore(value)
        self.statusBar()  # made now, so that the frame does not change when a message first comes
        self.search_field.setFocus()
        if library is not None:
            self.attach(library, userdata)

    def when_painted(self, callback: Callable[[], None]) -> None:
        """Call back once the window has been painted (or after PAINT_WAIT_MS if it never is)."""
        self._after_paint = callback
        QTimer.singleShot(PAINT_WAIT_MS, self._run_after_paint)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self._after_paint is not None:
            QTimer.singleShot(0, self._run_after_paint)  # after this paint pass is on screen

    def _run_after_paint(self) -> None:
        callback, self._after_paint = self._after_paint, None
        if callback is not None:
            callback()

    def show_progress(self, message: str) -> None:
        self.statusBar().showMessage(message)
        QApplication.processEvents()

    def prepare(self, userdata: UserData | None = None) -> None:
        """The first screen but search (my note, bookmarks and history, the start page): what a first
        start shows while the content database is built; attach() adds search when it is there."""
        from b12ref.ui import first_screen

        if self.welcome is None:
            if userdata is not None:
                self._userdata = userdata
            first_screen.add_my_data(self)
            first_screen.add_welcome(self)
            if self.library is None:
                self.show_welcome()  # attach() shows it with the list of pages

    def attach(self, library: Library, userdata: UserData | None = None, defer: bool = False) -> None:
        """The first screen: the search pane (search works), my note, bookmarks and history, and the
        start page; then `ready`, and the menus' actions and keyboard access (build_rest). With defer
        (the app's start, after the frame has painted) both wait for announce_ready(). The page views
        are built when the first page is opened."""
        from b12ref.ui.search_pane import SearchPane

        self.library = library
        self.prepare(userdata)
        self.search = SearchPane(self.search_field, library, lambda: self.userdata)
        self.search.page_requested.connect(self.open_page)
        self.search.external_requested.connect(self.open_external)
        self.search.answer_requested.connect(self.open_answer)
        self.left_layout.takeAt(1)  # the placeholder stretch, dropped
        self.left_layout.addWidget(self.search, 1)
        if self.current_page is None:
            self.show_welcome()  # now with the list of pages
        if self._built:  # built while the library was being prepared
            from b12ref.ui import first_screen, keyboard_access

            keyboard_access.install_search(self)
            first_screen.first_notices(self)
        if not defer:
            self.build_rest()
            self.ready.emit()

    def announce_ready(self) -> None:
        """The first screen is built and search works: `usable` and `ready` (its paint follows in this
        turn of the event loop). The rest of the window (build_rest) is queued first, so that it is
        built before what those waiting for `ready` queue; the databases are opened in the first pause
        after (first_screen.open_data)."""
        from b12ref.ui import first_screen

        QTimer.singleShot(0, self.build_rest)
        QTimer.singleShot(OPEN_DATA_AFTER_MS, self, lambda: first_screen.open_data(self))
        if not self._built:  # (a first start said `usable` when it showed the window without search)
            self.usable.emit()
        self.ready.emit()

    def build_rest(self) -> None:
        """What attach() leaves for after `ready`, once: the menus' actions with their shortcuts, the
        saved tool bars and zoom, keyboard access, and the first-run notice (the theme was applied
        before the window was built)."""
        if self._built or self.welcome is None:
            return
        self._built = True
        from b12ref.ui import first_screen, keyboard_access, window_geometry
        from b12ref.ui.window_menus import build_menus, update_nav

        build_menus(self)
        update_nav(self)
        window_geometry.restore_layout(self)
        keyboard_access.install(self)  # Tab reaches every control, focus ring, names, Help > Keyboard Shortcuts
        if self.library is not None:  # else attach() says them, once the library is built
            first_screen.first_notices(self)

    @property
    def userdata(self) -> UserData:
        """The user's notes, bookmarks and history, opened on first use (first_screen.open_userdata)."""
        if self._userdata is None:
            from b12ref.ui import first_screen

            self._userdata = first_screen.open_userdata(self)
        return self._userdata

    userdata_if_open = property(lambda self: self._userdata)

    def page_views(self) -> PageViews:
        """The views pages are shown in, built on first use."""
        if self._page_views is None:
            from b12ref.ui.page_views import PageViews

            self._page_views = PageViews(self)
            self._apply_zoom()
            if self._built:
                from b12ref.ui import keyboard_access

                keyboard_access.install_views(self, self._page_views)
        return self._page_views

    def page_views_if_built(self) -> PageViews | None:
        return self._page_views

    @property
    def deficiency_view(self) -> DeficiencyView:
        return self.page_views().deficiency

    @property
    def document_view(self) -> DocumentView:
        return self.page_views().document

    @property
    def find_bar(self) -> FindBar:
        return self.page_views().find_bar

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    # ---- pages -------------------------------------------------------------------------
    def open_page(self, target: str, record: bool = True) -> bool:
        """Open a page by id ("vitamin-d", "vitamin-d#too_much") or an answer ("ask:QUESTION")."""
        from b12ref.ui.page_host import show_target
        from b12ref.ui.window_menus import update_nav

        if self.library is None:
            self.statusBar().showMessage(self.library_wait, 5000)
            return False
        self.build_rest()
        shown = show_target(self, target)
        if shown is None:
            self.statusBar().showMessage(f"No page called \u201c{target}\u201d in this reference.", 5000)
            return False
        page_id, title = shown
        self.current_page = CurrentPage(page_id, title)
        self.setWindowTitle(f"{title} — b12ref")
        self.user_panel.note.set_page(page_id)
        self.bookmark_action.setChecked(self.userdata.is_bookmarked(page_id))
        if record:
            self.history.visit(page_id)
            self.userdata.add_visit(page_id, title)
            self.user_panel.refresh()
        update_nav(self)
        self._apply_zoom()
        self.search.collect_when_idle()  # reading pages, not only typing, makes garbage
        self.page_shown.emit(page_id)
        return True

    def open_answer(self, question: str) -> bool:
        """The whole answer to a question, as a page in the main view (in history, bookmarkable)."""
        from b12ref.ui.page_host import answer_target

        target = answer_target(self, question)
        return bool(target) and (self.current_page is None or self.current_page.id != target) \
            and self.open_page(target)

    def show_welcome(self) -> None:
        from b12ref.ui.start_page import start_page_html

        self.current_page = None
        self.welcome.show_html(start_page_html(self.library))
        self.page_stack.setCurrentWidget(self.welcome)

    def show_home(self) -> None:
        self.search_field.clear()
        self.show_welcome()

    def go_back(self) -> None:
        page_id = self.history.back()
        if page_id:
            self.open_page(page_id, record=False)

    def go_forward(self) -> None:
        page_id = self.history.forward()
        if page_id:
            self.open_page(page_id, record=False)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        from PySide6.QtCore import Qt

        go = {Qt.BackButton: self.go_back, Qt.ForwardButton: self.go_forward}.get(event.button())
        if go is None:
            return super().mousePressEvent(event)
        go()

    def visible_browsers(self) -> list[PageBrowser]:
        current = self.page_stack.currentWidget()
        return current.browsers() if hasattr(current, "browsers") else [current]

    def all_browsers(self) -> list[PageBrowser]:
        """Every text pane built so far (the page views are built on first use)."""
        built = self._page_views.browsers() if self._page_views is not None else []
        return [self.welcome, *built] if self.welcome is not None else built

    # ---- view --------------------------------------------------------------------------
    def set_zoom(self, steps: int) -> None:
        self.zoom = max(-5, min(10, steps))
        self.settings.set("view/zoom", self.zoom)
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        base = QApplication.font().pointSizeF()
        for browser in self.all_browsers():
            font = browser.font()
            font.setPointSizeF(max(6.0, base + self.zoom))
            browser.setFont(font)

    def apply_theme(self, choice: str, remember: bool = False) -> None:
        shown = self.theme
        self.theme_choice = choice
        self.theme = themes.resolve(choice)
        app = QApplication.instance()
        if app is not None:
            themes.apply(app, self.theme)
        for browser in self.all_browsers():
            browser.theme = self.theme
        if remember:
            self.settings.set("view/theme", choice)
        if self.theme == shown:  # the pages on show are in this theme already
            return
        if self.current_page is not None:
            self.open_page(self.current_page.id, record=False)
        elif self.welcome is not None:
            self.show_welcome()

    def show_checker(self, symptoms: list[str] | None = None):
        """The "which deficiencies fit" window (Tools menu), created on first use."""
        from b12ref.ui.checker_panel import show_checker

        return show_checker(self, symptoms)

    def show_about(self) -> None:
        from b12ref.ui.dialogs import AboutDialog

        if self.library is None:
            self.statusBar().showMessage(self.library_wait, 5000)
            return
        AboutDialog(self.library.meta(), self.library.reviewed_dates(), list(self.library.sources().values()),
                    self).exec()

    def open_external(self, url: QUrl) -> None:
        from PySide6.QtGui import QDesktopServices

        from b12ref.ui.dialogs import ExternalLinkDialog

        if ExternalLinkDialog.ask(self, url):
            QDesktopServices.openUrl(url)

    def shutdown(self) -> None:
        """Stop the search worker; the app calls it when its event loop has ended, however it ended."""
        self._after_paint = None
        if self.library is not None:
            self.search.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        from b12ref.ui import window_geometry

        self.shutdown()
        if self.welcome is not None:  # closed before the first screen was built: nothing to save
            self.user_panel.note.save()
            window_geometry.save_layout(self)
        super().closeEvent(event)
