"""The main window: search and browse on the left, the selected page on the right.

Built in steps so that it is ready about as fast as an empty window: the constructor makes the
frame (no b12ref module beyond the settings, no `Qt` enum namespace: ~40 ms of enum creation);
attach(library) the search pane, then, in the next turn of the event loop, the rest (build_rest).
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


class CurrentPage(NamedTuple):
    """The page on show: its id (an answer's is "ask:" and the question) and its title."""

    id: str
    title: str


class MainWindow(QMainWindow):
    page_shown = Signal(str)
    ready = Signal()  # attach() is done: the first screen is built (search, my data, start page), search works

    def __init__(self, library: Library | None = None, settings: Settings | None = None,
                 theme_choice: str | None = None, userdata: UserData | None = None) -> None:
        super().__init__()
        self.library: Library | None = None
        self.settings = settings or Settings()
        self.history = History()
        self.theme_choice = theme_choice or self.settings.get("view/theme")
        self.theme = self.theme_choice if self.theme_choice in ("light", "dark") else "light"
        self.zoom = 0
        self.current_page = None
        self.checker_dialog = None
        self._page_views: PageViews | None = None
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
        toolbar = self.addToolBar("Navigation")
        toolbar.setObjectName("NavigationToolbar")
        for action in (self.back_action, self.forward_action, self.bookmark_action):
            action.setEnabled(False)
            toolbar.addAction(action)
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/main_splitter", self.splitter.restoreState)):
            value = self.settings.get(key)
            if value is not None:
                restore(value)
        if self.theme_choice in ("light", "dark"):  # "system" is the platform's own look until attach()
            themes.apply(QApplication.instance(), self.theme)
        self.statusBar().showMessage("Opening the library…")
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

    def attach(self, library: Library, userdata: UserData | None = None, defer: bool = False) -> None:
        """The first screen: the search pane (search works), my note, bookmarks and history, and the
        start page; then `ready`. The menus' actions and keyboard access follow (build_rest): with
        defer (the app's start) in the next turn of the event loop. The page views are built when
        the first page is opened."""
        from b12ref import paths
        from b12ref.core.userdata import UserData
        from b12ref.ui.page_browser import PageBrowser
        from b12ref.ui.search_pane import SearchPane
        from b12ref.ui.userpanels import UserPanel

        self.library = library
        self.userdata = userdata if userdata is not None else UserData(paths.user_db_path())
        self.search = SearchPane(self.search_field, library, self.userdata)
        self.search.page_requested.connect(self.open_page)
        self.search.external_requested.connect(self.open_external)
        self.search.answer_requested.connect(self.open_answer)
        self.left_layout.takeAt(1)  # the placeholder stretch, dropped
        self.left_layout.addWidget(self.search, 1)
        self.user_panel = UserPanel(self.userdata)
        self.user_panel.page_requested.connect(self.open_page)
        self.user_panel.note.saved.connect(lambda _id: self.statusBar().showMessage("Note saved", 2000))
        self.user_panel.note.failed.connect(lambda msg: self.statusBar().showMessage(f"Note not saved: {msg}"))
        self.left.addWidget(self.user_panel)
        for index, stretch in enumerate((3, 1)):
            self.left.setStretchFactor(index, stretch)
        self.left.setSizes([520, 160])
        self.welcome = PageBrowser("Welcome")
        self.welcome.page_requested.connect(self.open_page)
        self.welcome.external_requested.connect(self.open_external)
        self.welcome.theme = self.theme
        self.page_stack.addWidget(self.welcome)
        self.show_welcome()
        self._built = False
        if defer:
            self.statusBar().clearMessage()
            self.ready.emit()
            QTimer.singleShot(0, self.build_rest)
        else:
            self.build_rest()
            self.ready.emit()

    def build_rest(self) -> None:
        """What attach() leaves for after `ready`, once: the menus' actions with their shortcuts,
        keyboard access, the theme when it follows the system, and the first-run notice."""
        if self._built or self.library is None:
            return
        self._built = True
        from b12ref.core.notices import NOT_MEDICAL_ADVICE as DISCLAIMER  # not ui.dialogs: its reports are for later
        from b12ref.ui import keyboard_access
        from b12ref.ui.window_menus import build_menus

        build_menus(self)
        self._update_nav()
        self.restore_layout()
        keyboard_access.install(self)  # Tab reaches every control, focus ring, names, Help > Keyboard Shortcuts
        self.apply_theme(self.theme_choice)
        notices = " ".join(m for m in (self.userdata.message, self.settings.check()) if m)
        first_time = not notices and not self.settings.get("app/disclaimer_seen")
        if notices or first_time:
            self.statusBar().showMessage(notices or DISCLAIMER)
        if first_time:
            self.settings.set("app/disclaimer_seen", True)

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
        self._update_nav()
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
        from b12ref.report.html_writer import screen_html
        from b12ref.report.welcome import SUGGESTIONS, welcome_doc

        self.current_page = None
        self.welcome.show_html(screen_html(welcome_doc(self.library.deficiencies(), SUGGESTIONS)))
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

    def _update_nav(self) -> None:
        self.back_action.setEnabled(self.history.can_back)
        self.forward_action.setEnabled(self.history.can_forward)
        self.history_menu.clear()
        recent = list(dict.fromkeys(reversed([*self.history.back_stack, *(
            [self.history.current] if self.history.current else [])])))[:15]
        for page_id in recent:
            action = self.history_menu.addAction(page_id)
            action.triggered.connect(lambda _=False, p=page_id: self.open_page(p))
        self.history_menu.setEnabled(bool(recent))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        from PySide6.QtCore import Qt

        if event.button() == Qt.BackButton:
            self.go_back()
        elif event.button() == Qt.ForwardButton:
            self.go_forward()
        else:
            super().mousePressEvent(event)

    def visible_browsers(self) -> list[PageBrowser]:
        current = self.page_stack.currentWidget()
        return current.browsers() if hasattr(current, "browsers") else [current]

    def all_browsers(self) -> list[PageBrowser]:
        """Every text pane built so far (the page views are built on first use)."""
        built = self._page_views.browsers() if self._page_views is not None else []
        return [self.welcome, *built] if self.library is not None else built

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
        self.theme_choice = choice
        self.theme = themes.resolve(choice)
        app = QApplication.instance()
        if app is not None:
            themes.apply(app, self.theme)
        for browser in self.all_browsers():
            browser.theme = self.theme
        if remember:
            self.settings.set("view/theme", choice)
        if self.current_page is not None:
            self.open_page(self.current_page.id, record=False)
        else:
            self.show_welcome()

    def show_checker(self, symptoms: list[str] | None = None):
        """The "which deficiencies fit" window (Tools menu), created on first use."""
        from b12ref.ui.checker_panel import show_checker

        return show_checker(self, symptoms)

    def show_about(self) -> None:
        from b12ref.ui.dialogs import AboutDialog

        AboutDialog(self.library.meta(), self.library.reviewed_dates(), list(self.library.sources().values()),
                    self).exec()

    def open_external(self, url: QUrl) -> None:
        from PySide6.QtGui import QDesktopServices

        from b12ref.ui.dialogs import ExternalLinkDialog

        if ExternalLinkDialog.ask(self, url):
            QDesktopServices.openUrl(url)

    def restore_layout(self) -> None:
        """What the frame has not restored already (the size and the main split)."""
        state = self.settings.get("window/state")  # the page split is restored with the page views
        if state is not None:
            self.restoreState(state)
        self.zoom = self.settings.get("view/zoom")

    def save_layout(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.set("window/main_splitter", self.splitter.saveState())
        if self._page_views is not None:  # else the page split stays as it was saved
            self.settings.set("window/page_splitter", self._page_views.deficiency.splitter.saveState())
        self.settings.sync()

    def toggle_bookmark(self) -> None:
        from b12ref.ui.userdata_actions import toggle_bookmark

        toggle_bookmark(self)

    def shutdown(self) -> None:
        """Stop the search worker; the app calls it when its event loop has ended, however it ended."""
        self._after_paint = None
        if self.library is not None:
            self.search.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.library is not None:  # closed before attach(): nothing was built, nothing to save
            self.shutdown()
            self.user_panel.note.save()
            self.save_layout()
        super().closeEvent(event)
