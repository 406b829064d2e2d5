"""The main window: search and browse on the left, the selected page on the right."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QLabel, QLineEdit, QListView, QMainWindow, QMessageBox, QSplitter,
    QStackedWidget,
    QTreeView, QVBoxLayout, QWidget,
)

from b12ref import paths
from b12ref.core.library import Library, NotFound
from b12ref.core.records import DeficiencyPage
from b12ref.core.userdata import UserData, UserDataError
from b12ref.core.userdata_files import read_import, write_export
from b12ref.report import html as render
from b12ref.ui import theme as themes
from b12ref.ui.delegates import HitDelegate
from b12ref.ui.dialogs import DISCLAIMER, AboutDialog, ExternalLinkDialog, UserDataFileDialog
from b12ref.ui.models import ID_ROLE, TYPE_ROLE, BrowseModel, SearchResultsModel
from b12ref.ui.navigation import History
from b12ref.ui.printing import install_print_actions
from b12ref.ui.pages import DeficiencyView, FindBar, PageBrowser, SymptomView
from b12ref.ui.search_worker import SearchThread, look_up
from b12ref.ui.settings import Settings
from b12ref.ui.userpanels import UserPanel

if TYPE_CHECKING:
    from b12ref.core.answer import Answer, Answerer
    from b12ref.core.search import SearchHit, SearchResult, Searcher

DEBOUNCE_MS = 100
SUGGESTIONS = ("twitching", "pins and needles", "tiredness", "hair loss", "vit D", "iron",
               "Can B12 deficiency cause fasciculations?")


class MainWindow(QMainWindow):
    page_shown = Signal(str)

    def __init__(self, library: Library, settings: Settings | None = None, theme_choice: str | None = None,
                 userdata: UserData | None = None) -> None:
        super().__init__()
        self.library = library
        self.userdata = userdata if userdata is not None else UserData(paths.user_db_path())
        self.settings = settings or Settings()
        self._searcher: Searcher | None = None  # made on first use: the window paints before search loads
        self._answerer: Answerer | None = None
        self.history = History()
        self.sources = library.sources()
        self.theme_choice = theme_choice or self.settings.get("view/theme")
        self.theme = themes.resolve(self.theme_choice)
        self.zoom = 0
        self.literal_search = False
        self.current_page = None
        self.checker_dialog = None
        self.setWindowTitle("b12ref — nutrient deficiencies and their symptoms")
        self._build_left()
        self._build_right()
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1100])
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._search_in_background)
        self.search_thread = SearchThread(library.path, self)
        self.search_thread.finished.connect(self.show_results)
        self.browse_model.set_pages(library.deficiencies(), library.symptoms())
        self.browse.expandAll()
        self.restore_layout()
        self.apply_theme(self.theme_choice)
        if self.userdata.message:
            self.statusBar().showMessage(self.userdata.message)
        elif not self.settings.get("app/disclaimer_seen"):
            self.statusBar().showMessage(DISCLAIMER)
            self.settings.set("app/disclaimer_seen", True)
        self.search_field.setFocus()

    # ---- construction ------------------------------------------------------------------
    def _build_left(self) -> None:
        self.search_field = QLineEdit()
        self.search_field.setObjectName("SearchField")
        self.search_field.setAccessibleName("Search")
        self.search_field.setPlaceholderText("Search: twitching, vit D, symptom: tingl… (Ctrl+K)")
        self.search_field.setToolTip("Type a symptom, nutrient, medicine or question.\n"
                                     "Scopes: symptom:, nutrient:, treatment:\n"
                                     "Up/Down move, Enter opens, Esc clears.")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(self._on_text_changed)
        self.search_field.installEventFilter(self)
        self.correction = QLabel()
        self.correction.setObjectName("Correction")
        self.correction.setWordWrap(True)
        self.correction.linkActivated.connect(self._search_literal)
        self.correction.hide()
        self.card = PageBrowser("Answer card")
        self.card.setMaximumHeight(260)
        self.card.page_requested.connect(self.open_page)
        self.card.external_requested.connect(self.open_external)
        self.card.hide()
        self.results_model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("Results")
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.results_model)
        self.results.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.hit_delegate = HitDelegate(self.results)
        self.results.setItemDelegate(self.hit_delegate)
        self.results.activated.connect(self._open_index)
        self.results.clicked.connect(self._open_index)
        self.browse_model = BrowseModel(self)
        self.browse = QTreeView()
        self.browse.setObjectName("Browse")
        self.browse.setAccessibleName("Browse deficiencies and symptoms")
        self.browse.setHeaderHidden(True)
        self.browse.setModel(self.browse_model)
        self.browse.activated.connect(self._open_index)
        self.browse.clicked.connect(self._open_index)
        self.empty = QLabel()
        self.empty.setObjectName("NoResults")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.empty.linkActivated.connect(lambda text: self.search_field.setText(text))
        self.left_stack = QStackedWidget()
        for widget in (self.browse, self.results, self.empty):
            self.left_stack.addWidget(widget)
        top = QWidget()
        layout = QVBoxLayout(top)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.addWidget(self.search_field)
        layout.addWidget(self.correction)
        layout.addWidget(self.card)
        layout.addWidget(self.left_stack, 1)
        self.user_panel = UserPanel(self.userdata)
        self.user_panel.page_requested.connect(self.open_page)
        self.user_panel.note.saved.connect(lambda _id: self.statusBar().showMessage("Note saved", 2000))
        self.user_panel.note.failed.connect(lambda msg: self.statusBar().showMessage(f"Note not saved: {msg}"))
        self.left = QSplitter(Qt.Vertical)
        self.left.setObjectName("LeftSplitter")
        self.left.addWidget(top)
        self.left.addWidget(self.user_panel)
        self.left.setStretchFactor(0, 3)
        self.left.setStretchFactor(1, 1)
        self.left.setSizes([520, 160])

    def _build_right(self) -> None:
        self.welcome = PageBrowser("Welcome")
        self.deficiency_view = DeficiencyView()
        self.symptom_view = SymptomView()
        for view in (self.welcome, self.deficiency_view, self.symptom_view):
            view.page_requested.connect(self.open_page)
        for browser in (self.welcome, *self.deficiency_view.browsers(), *self.symptom_view.browsers()):
            browser.external_requested.connect(self.open_external)
        self.page_stack = QStackedWidget()
        for view in (self.welcome, self.deficiency_view, self.symptom_view):
            self.page_stack.addWidget(view)
        self.find_bar = FindBar(self.visible_browsers)
        self.right = QWidget()
        layout = QVBoxLayout(self.right)
        layout.setContentsMargins(0, 6, 6, 0)
        layout.addWidget(self.page_stack, 1)
        layout.addWidget(self.find_bar)

    def _action(self, menu, text: str, slot, shortcuts=(), name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcuts:
            sequences = []
            for shortcut in shortcuts:
                sequences += QKeySequence.keyBindings(shortcut) if isinstance(shortcut, QKeySequence.StandardKey) \
                    else [QKeySequence(shortcut)]
            unique = list(dict.fromkeys(seq.toString() for seq in sequences if not seq.isEmpty()))
            action.setShortcuts([QKeySequence(seq) for seq in unique])
        action.triggered.connect(slot)
        if name:
            action.setObjectName(name)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self._action(self.file_menu, "Export My Data…", self.export_userdata, [], "export_userdata")
        self._action(self.file_menu, "Import My Data…", self.import_userdata, [], "import_userdata")
        self.file_menu.addSeparator()
        self._action(self.file_menu, "&Quit", self.close, [QKeySequence.Quit, "Ctrl+Q"], "quit")
        install_print_actions(self)
        edit = bar.addMenu("&Edit")
        self._action(edit, "&Find in Page…", self.find_bar.open, [QKeySequence.Find], "find")
        self._action(edit, "Find &Next", lambda: self.find_bar.find_next(), [QKeySequence.FindNext], "find_next")
        self._action(edit, "Find &Previous", lambda: self.find_bar.find_next(backward=True),
                     [QKeySequence.FindPrevious], "find_previous")
        go = bar.addMenu("&Go")
        self.back_action = self._action(go, "&Back", self.go_back, [QKeySequence.Back, "Alt+Left"], "back")
        self.forward_action = self._action(go, "&Forward", self.go_forward, [QKeySequence.Forward, "Alt+Right"],
                                           "forward")
        self._action(go, "&Search", self.focus_search, ["Ctrl+K", "Ctrl+L"], "focus_search")
        self._action(go, "&Home", self.show_home, ["Alt+Home"], "home")
        self.history_menu = go.addMenu("&Recent Pages")
        marks = bar.addMenu("&Bookmarks")
        self.bookmark_action = self._action(marks, "&Bookmark This Page", self.toggle_bookmark, ["Ctrl+D"], "bookmark")
        self.bookmark_action.setCheckable(True)
        self._action(marks, "Show &Bookmarks", lambda: self.user_panel.setCurrentIndex(1), ["Ctrl+Shift+B"],
                     "show_bookmarks")
        self._action(marks, "Show &History", lambda: self.user_panel.setCurrentIndex(2), ["Ctrl+H"], "show_history")
        tools = bar.addMenu("&Tools")
        self._action(tools, "&Which Deficiencies Fit These Symptoms?…", self.show_checker, ["Ctrl+J"], "checker")
        view = bar.addMenu("&View")
        self._action(view, "Zoom &In", lambda: self.set_zoom(self.zoom + 1), [QKeySequence.ZoomIn, "Ctrl+="], "zoom_in")
        self._action(view, "Zoom &Out", lambda: self.set_zoom(self.zoom - 1), [QKeySequence.ZoomOut], "zoom_out")
        self._action(view, "&Actual Size", lambda: self.set_zoom(0), ["Ctrl+0"], "zoom_reset")
        theme_menu = view.addMenu("&Theme")
        group = QActionGroup(self)
        for choice in ("system", "light", "dark"):
            action = QAction(choice.capitalize() if choice != "system" else "Follow the System", self, checkable=True)
            action.setChecked(choice == self.theme_choice)
            action.triggered.connect(lambda _=False, c=choice: self.apply_theme(c, remember=True))
            group.addAction(action)
            theme_menu.addAction(action)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About b12ref", self.show_about, [], "about")
        toolbar = self.addToolBar("Navigation")
        toolbar.setObjectName("NavigationToolbar")
        toolbar.addAction(self.back_action)
        toolbar.addAction(self.forward_action)
        toolbar.addAction(self.bookmark_action)
        self._update_nav()

    # ---- search ------------------------------------------------------------------------
    def _on_text_changed(self, text: str) -> None:
        self.literal_search = False
        if not text.strip():
            self.timer.stop()
            self.search_thread.cancel()
            self.show_browse()
            return
        self.timer.start()

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def show_browse(self) -> None:
        self.card.hide()
        self.correction.hide()
        self.left_stack.setCurrentWidget(self.browse)

    def run_search(self) -> None:
        """Search now, on this thread (Enter, tests, --search); typing goes through the worker."""
        text = self.search_field.text()
        if not text.strip():
            self.show_browse()
            return
        self.search_thread.cancel()
        self.show_results(text, *look_up(self.searcher, self.answerer, text, self.literal_search))

    def _search_in_background(self) -> None:
        text = self.search_field.text()
        if text.strip():
            self.search_thread.request(text, self.literal_search)

    def show_results(self, text: str, result: SearchResult, answer: Answer | None) -> None:
        if text != self.search_field.text():
            return  # typed on since this search started
        if answer is not None:
            self.card.show_html(render.answer_html(answer))
            self.card.show()
        else:
            self.card.hide()
        result.hits += self._note_hits(text)
        self.hit_delegate.words = result.words
        self.results_model.set_results(result.hits)
        if result.corrected:
            self.correction.setText(f"Showing results for <b>{render.esc(result.corrected)}</b>. "
                                    f'<a href="literal">Search instead for {render.esc(text)}</a>')
            self.correction.show()
        else:
            self.correction.hide()
        if result.hits:
            self.left_stack.setCurrentWidget(self.results)
            first = next(i for i in range(self.results_model.rowCount()) if self.results_model.hit(i))
            self.results.setCurrentIndex(self.results_model.index(first))
        else:
            links = " · ".join(f'<a href="{render.esc(s)}">{render.esc(s)}</a>' for s in SUGGESTIONS)
            self.empty.setText(f"<p>Nothing in this reference matches <b>{render.esc(text)}</b>.</p>"
                               f"<p>Try fewer words, a lay word or a nutrient name:</p><p>{links}</p>")
            self.left_stack.setCurrentWidget(self.empty)

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            from b12ref.core.search import Searcher

            self._searcher = Searcher(self.library)
        return self._searcher

    @property
    def answerer(self) -> Answerer:
        if self._answerer is None:
            from b12ref.core.answer import Answerer

            self._answerer = Answerer(self.library, self.searcher)
        return self._answerer

    def _note_hits(self, text: str) -> list[SearchHit]:
        from b12ref.core.search import SearchHit

        hits = []
        for note in self.userdata.search_notes(text, limit=10):
            name = self._title_of(note.page_id)
            hits.append(SearchHit("note", note.page_id, name, note.body[:160], 0.0, "note", why=note.body[:160]))
        return hits

    def _title_of(self, page_id: str) -> str:
        kind = self.library.kind_of(page_id)
        name = self.searcher.name_of(kind, page_id) if kind else None
        if name is None:
            return page_id
        return f"{name[0]} deficiency" if kind == "deficiency" else name[0]

    def _search_literal(self, _link: str = "") -> None:
        self.literal_search = True
        self.run_search()

    def _open_index(self, index: QModelIndex) -> None:
        page_id = index.data(ID_ROLE)
        if page_id and index.data(TYPE_ROLE) != "header":
            self.open_page(page_id)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.search_field and event.type() == QEvent.KeyPress:
            key = event.key()
            if key == Qt.Key_Escape:
                self.search_field.clear()
                return True
            if key in (Qt.Key_Down, Qt.Key_Up):
                self._move_selection(1 if key == Qt.Key_Down else -1)
                return True
            if key in (Qt.Key_Return, Qt.Key_Enter):
                if self.timer.isActive():
                    self.timer.stop()
                    self.run_search()
                view = self.results if self.left_stack.currentWidget() is self.results else self.browse
                if view.currentIndex().isValid():
                    self._open_index(view.currentIndex())
                return True
        return super().eventFilter(obj, event)

    def _move_selection(self, step: int) -> None:
        if self.left_stack.currentWidget() is self.results:
            model, row = self.results_model, self.results.currentIndex().row()
            for _ in range(model.rowCount()):
                row += step
                if not 0 <= row < model.rowCount():
                    return
                if model.hit(row):
                    self.results.setCurrentIndex(model.index(row))
                    return
        else:
            key = Qt.Key_Down if step > 0 else Qt.Key_Up
            self.browse.setFocus()
            QApplication.sendEvent(self.browse, _key_event(key))
            self.search_field.setFocus()

    # ---- pages -------------------------------------------------------------------------
    def open_page(self, page_id: str, record: bool = True) -> bool:
        try:
            page = self.library.page(page_id)
        except NotFound:
            self.statusBar().showMessage(f"No page called “{page_id}” in this reference.", 5000)
            return False
        if isinstance(page, DeficiencyPage):
            self.deficiency_view.show_page(page, self.sources)
            self.page_stack.setCurrentWidget(self.deficiency_view)
        else:
            self.symptom_view.show_page(page, self.sources)
            self.page_stack.setCurrentWidget(self.symptom_view)
        self.current_page = page
        self.setWindowTitle(f"{page.title} — b12ref")
        self.user_panel.note.set_page(page.id)
        self.bookmark_action.setChecked(self.userdata.is_bookmarked(page.id))
        if record:
            self.history.visit(page_id)
            self.userdata.add_visit(page.id, page.title)
            self.user_panel.refresh()
        self._update_nav()
        self._apply_zoom()
        self.page_shown.emit(page_id)
        return True

    def show_welcome(self) -> None:
        self.current_page = None
        self.welcome.show_html(render.welcome_html(self.library.deficiencies(), SUGGESTIONS))
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
        return [self.welcome, self.card, *self.deficiency_view.browsers(), *self.symptom_view.browsers()]

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
        from b12ref.core.checker import SymptomChecker
        from b12ref.ui.checker_panel import CheckerDialog

        if self.checker_dialog is None:
            self.checker_dialog = CheckerDialog(self.library, SymptomChecker(self.library, self.searcher),
                                                self.theme, self)
            self.checker_dialog.page_requested.connect(self.open_page)
        if symptoms is not None:
            self.checker_dialog.set_symptoms(symptoms)
        self.checker_dialog.show()
        self.checker_dialog.raise_()
        self.checker_dialog.field.setFocus()
        return self.checker_dialog

    def show_about(self) -> None:
        AboutDialog(self.library.meta(), self.library.reviewed_dates(), list(self.sources.values()), self).exec()

    def open_external(self, url: QUrl) -> None:
        if ExternalLinkDialog.ask(self, url):
            QDesktopServices.openUrl(url)

    # ---- layout memory -----------------------------------------------------------------
    def restore_layout(self) -> None:
        for key, restore in (("window/geometry", self.restoreGeometry), ("window/state", self.restoreState),
                             ("window/main_splitter", self.splitter.restoreState),
                             ("window/page_splitter", self.deficiency_view.splitter.restoreState)):
            value = self.settings.get(key)
            if value is not None:
                restore(value)
        self.zoom = self.settings.get("view/zoom")

    def save_layout(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.set("window/main_splitter", self.splitter.saveState())
        self.settings.set("window/page_splitter", self.deficiency_view.splitter.saveState())
        self.settings.sync()

    # ---- the user's data ----------------------------------------------------------------
    def toggle_bookmark(self) -> None:
        page = self.current_page
        if page is None:
            self.bookmark_action.setChecked(False)
            self.statusBar().showMessage("Open a page to bookmark it.", 4000)
            return
        on = not self.userdata.is_bookmarked(page.id)
        try:
            self.userdata.set_bookmark(page.id, page.title, on)
        except UserDataError as exc:
            self.statusBar().showMessage(f"Bookmark not saved: {exc}")
            on = not on
        self.bookmark_action.setChecked(on)
        self.user_panel.refresh()

    def export_userdata(self) -> None:
        path = UserDataFileDialog.ask_save(self)
        if not path:
            return
        try:
            write_export(self.userdata, Path(path))
        except (OSError, UserDataError) as exc:
            QMessageBox.warning(self, "Export My Data", f"Could not export: {exc}")
            return
        self.statusBar().showMessage(f"Exported your notes, bookmarks and history to {path}", 6000)

    def import_userdata(self) -> None:
        path = UserDataFileDialog.ask_open(self)
        if not path:
            return
        try:
            counts = read_import(self.userdata, Path(path))
        except (OSError, UserDataError) as exc:
            QMessageBox.warning(self, "Import My Data", f"Nothing was imported: {exc}")
            return
        self.user_panel.refresh()
        if self.current_page is not None:
            self.user_panel.note.set_page(self.current_page.id)
        self.statusBar().showMessage(
            f"Imported {counts['bookmarks']} bookmarks, {counts['notes']} notes, {counts['history']} visits", 6000)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.search_thread.stop()
        self.user_panel.note.save()
        self.save_layout()
        super().closeEvent(event)


def _key_event(key) -> QKeyEvent:
    return QKeyEvent(QEvent.KeyPress, key, Qt.NoModifier)
