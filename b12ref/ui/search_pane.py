"""The left pane under the search field: the answer card, "Showing results for", the results list,
the browse tree and the "nothing matches" page. Typing is searched on a worker thread.

The first screen shows the browse tree; what a search shows, and the worker, are built on first use
(SEARCH_PARTS: the first text typed, or the warm-up): they need PySide6's `Qt` enums."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QStackedWidget, QTreeView, QVBoxLayout, QWidget

from b12ref.report.html_text import esc
from b12ref.ui.models import ID_ROLE, TYPE_ROLE, BrowseModel

if TYPE_CHECKING:
    from b12ref.core.answer import Answer, Answerer
    from b12ref.core.library import Library
    from b12ref.core.search import SearchHit, SearchResult, Searcher
    from b12ref.core.userdata import UserData

DEBOUNCE_MS = 100
WARM_AFTER_MS = 300  # the first search's set-up (_warm): after the window has painted, before a first key
ANSWER_PAUSE_MS = 700  # a question whose last word looks half-typed is answered after this pause
IDLE_COLLECT_MS = 4000  # a full garbage collection waits until typing has paused this long
SEARCH_PARTS = frozenset({"correction", "correction_text", "correction_link", "card", "results", "results_model",
                          "hit_delegate", "empty", "empty_title", "empty_hint", "search_thread"})


class SearchPane(QWidget):
    """Everything the search field drives. The field itself belongs to the window, which shows it
    before the library is open."""

    page_requested = Signal(str)
    external_requested = Signal(object)  # a QUrl (as PageBrowser's)
    answer_requested = Signal(str)  # a whole question to show as a page (Enter, the pause, a click)
    parts_built = Signal()  # build_search_parts() is done

    def __init__(self, field: QLineEdit, library: Library, userdata: Callable[[], UserData], parent=None) -> None:
        super().__init__(parent)
        self.field = field
        self.library = library
        self._userdata = userdata  # the user's data, opened on first use (its notes are searched)
        self._searcher: Searcher | None = None  # made on first use: the window paints before search loads
        self._answerer: Answerer | None = None
        self.literal_search = False
        self.answer: Answer | None = None  # the answer card on show, if any
        self.answer_text = ""  # the text it answers
        self._open_when_answered = ""  # the text whose answer goes to the main view when it comes
        self._parts_built = False
        self._build_browse()
        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(self.browse)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.left_stack, 1)
        self._build_timers()
        QTimer.singleShot(WARM_AFTER_MS, self, self._warm)
        self.browse_model.set_pages(library.deficiencies(), library.symptoms())
        self.browse.expandAll()
        field.textChanged.connect(self._on_text_changed)
        field.installEventFilter(self)
        if field.text().strip():  # typed while the library was opening
            self._on_text_changed(field.text())

    def __getattr__(self, name: str):
        """The parts a search shows, built on first use (only called for a name not found)."""
        if name in SEARCH_PARTS and not self.__dict__.get("_parts_built", True):
            self.build_search_parts()
            return getattr(self, name)
        raise AttributeError(name)

    def build_search_parts(self) -> None:
        """The correction line, answer card, results list, "nothing matches" page and worker; once."""
        if self._parts_built:
            return
        self._parts_built = True
        from b12ref.ui.one_line import AnswerPreview
        from b12ref.ui.search_worker import SearchThread

        self._build_correction()
        self.card = AnswerPreview()
        self.card.clicked.connect(lambda: self.answer_requested.emit(self.answer_text))
        self.card.hide()
        self._build_results()
        self._build_empty()
        for widget in (self.results, self.empty):
            self.left_stack.addWidget(widget)
        self.column.insertWidget(0, self.correction)
        self.column.insertWidget(1, self.card)
        self.search_thread = SearchThread(self.library.path, self)
        self.search_thread.finished.connect(self.show_results)
        self.parts_built.emit()

    parts_built_yet = property(lambda self: self._parts_built)

    def stop(self) -> None:
        """Stop the search worker, if it was ever started."""
        if self._parts_built:
            self.search_thread.stop()

    def _build_correction(self) -> None:
        from b12ref.ui.one_line import OneLineLabel

        # "Showing results for ...": the corrected words as plain text on one line (they change as a
        # typo is typed on: no rich-text layout, and no new height that would move and redraw the
        # list under it), and a link written once
        self.correction_text = OneLineLabel()
        self.correction_link = QLabel('<a href="literal">Search instead for what you typed</a>')
        self.correction_link.linkActivated.connect(self._search_literal)
        self.correction = QWidget()
        self.correction.setObjectName("Correction")
        row = QVBoxLayout(self.correction)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.correction_text)
        row.addWidget(self.correction_link)
        self.correction.hide()

    def _build_results(self) -> None:
        """The results list, its rows drawn by HitDelegate."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QAbstractItemView, QListView

        from b12ref.ui.delegates import HitDelegate
        from b12ref.ui.models import SearchResultsModel

        self.results_model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setObjectName("Results")
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.results_model)
        self.results.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(True)  # every row is two lines (HitDelegate.sizeHint)
        # rows keep one width whether or not a result fills the list, so the rows drawn ahead fit
        self.results.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        self.hit_delegate = HitDelegate(self.results)
        self.results.setItemDelegate(self.hit_delegate)
        self.results.activated.connect(self._open_index)
        self.results.clicked.connect(self._open_index)

    def _build_browse(self) -> None:  # every deficiency by group and every symptom, A to Z
        self.browse_model = BrowseModel(self)
        self.browse = QTreeView()
        self.browse.setObjectName("Browse")
        self.browse.setAccessibleName("Browse deficiencies and symptoms")
        self.browse.setHeaderHidden(True)
        self.browse.setUniformRowHeights(True)  # every row is one line: one size asked for, not one per row
        self.browse.setModel(self.browse_model)
        self.browse.activated.connect(self._open_index)
        self.browse.clicked.connect(self._open_index)

    def _build_empty(self) -> None:
        # "Nothing matches": the text typed, as plain text (never markup, and no rich-text layout on
        # every keystroke), over suggestions written once
        from b12ref.ui.plaintext import plain_label

        self.empty_title = QLabel()
        plain_label(self.empty_title)
        self.empty_title.setWordWrap(True)
        from b12ref.report.welcome import SUGGESTIONS

        links = " · ".join(f'<a href="{esc(s)}">{esc(s)}</a>' for s in SUGGESTIONS)
        self.empty_hint = QLabel(f"<p>Try fewer words, a lay word or a nutrient name:</p><p>{links}</p>")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.linkActivated.connect(lambda text: self.field.setText(text))
        self.empty = QWidget()
        self.empty.setObjectName("NoResults")
        column = QVBoxLayout(self.empty)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.empty_title)
        column.addWidget(self.empty_hint)
        column.addStretch(1)

    def _build_timers(self) -> None:
        """Typing is searched after a short pause (debounce); a question is answered once its last
        word is finished or typing pauses; full garbage collections wait for a longer pause."""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._search_in_background)
        # While typing, a question is answered once its last word is finished; a pause counts as
        # finishing it (a misspelt last word is then corrected and answered)
        self.answer_timer = QTimer(self)
        self.answer_timer.setSingleShot(True)
        self.answer_timer.setInterval(ANSWER_PAUSE_MS)
        self.answer_timer.timeout.connect(self._answer_after_pause)
        # Full garbage collections run when typing pauses (app.tune_process() makes them rare otherwise).
        self.idle_collect = QTimer(self)
        self.idle_collect.setSingleShot(True)
        self.idle_collect.setInterval(IDLE_COLLECT_MS)
        self.idle_collect.timeout.connect(gc.collect)

    def _warm(self) -> None:
        """Before the first keystroke, what the first results would pay for: the parts a search shows;
        next turn (a key pressed meanwhile waits less), the worker's searcher, built on the worker,
        and the list drawn once, unseen, with a sample hit (faces, styles, the row's look)."""
        self.build_search_parts()
        QTimer.singleShot(0, self, self._warm_rows)

    def _warm_rows(self) -> None:
        from b12ref.core.search_query import SearchHit  # not core.search: its imports are the worker's

        font = self.results.font().toString()
        self.hit_delegate.row_painter.warm(font)
        if self.left_stack.currentWidget() is not self.results:  # not searched yet
            self.hit_delegate.words = ["fasc"]
            self.results_model.set_results([SearchHit("symptom", "-", "Fasciculations", "Twitching", 1.0, "text")])
            self.results.setGeometry(self.left_stack.currentWidget().geometry())  # a hidden page keeps an old size
            self.results.grab()
            self.results_model.set_results([])
        self.search_thread.warm(font)  # last: the worker's imports then run while this thread is idle

    def collect_when_idle(self) -> None:
        """(Re)start the wait for a pause, after which the full garbage collection runs."""
        self.idle_collect.start()

    def _on_text_changed(self, text: str) -> None:
        self.literal_search = False
        self.collect_when_idle()
        if not text.strip():
            self.timer.stop()
            self.answer_timer.stop()
            if self._parts_built:
                self.search_thread.cancel()
            self.show_browse()
            return
        self.build_search_parts()
        self.timer.start()
        self.answer_timer.start()

    def show_browse(self) -> None:
        self.answer, self.answer_text = None, ""
        if self._parts_built:
            self.card.hide()
            self.correction.hide()
        self.left_stack.setCurrentWidget(self.browse)

    def run_search(self) -> None:
        """Search now, on this thread (Enter, tests, --search); typing goes through the worker."""
        text = self.field.text()
        if not text.strip():
            self.show_browse()
            return
        self.search_thread.cancel()
        self.answer_timer.stop()
        self._open_when_answered = text
        from b12ref.ui.search_worker import look_up

        self.show_results(text, *look_up(self.searcher, self.answerer, text, self.literal_search))

    def _search_in_background(self) -> None:
        text = self.field.text()
        if text.strip():
            self.search_thread.request(text, self.literal_search, self.hit_delegate.look)

    def _answer_after_pause(self) -> None:
        from b12ref.ui.search_worker import reads_as_question

        text = self.field.text()
        if text.strip() and reads_as_question(text):
            self._open_when_answered = text
            if self.answer is not None and self.answer_text == text:
                self.answer_requested.emit(text)
                return
            self.search_thread.request(text, self.literal_search, self.hit_delegate.look, finished=True)

    def show_results(self, text: str, result: SearchResult, answer: Answer | None,
                     pictures: dict | None = None) -> None:
        """Show a search's hits and answer card; `pictures` are rows the worker drew ahead."""
        if text != self.field.text():
            return  # typed on since this search started
        if pictures:
            self.hit_delegate.adopt(pictures)
        # the card stays while its last word is typed on ("twitch", "twitchi", "twitching")
        if answer is None and self.answer is not None and self._same_word_typed_on(text):
            self.show_answer(self.answer, self.answer_text)
        else:
            self.show_answer(answer, text)
        if answer is not None and text == self._open_when_answered:
            self._open_when_answered = ""
            self.answer_requested.emit(text)
        result.hits += self._note_hits(text)
        self.hit_delegate.words = result.marked_words
        self.results_model.set_results(result.hits)
        if result.corrected:
            self.correction_text.setText(f"Showing results for “{result.corrected}”.")
            self.correction.show()
        else:
            self.correction.hide()
        if result.hits:
            self.left_stack.setCurrentWidget(self.results)
            first = next(i for i in range(self.results_model.rowCount()) if self.results_model.hit(i))
            self.results.setCurrentIndex(self.results_model.index(first))
        else:
            self.empty_title.setText(f"Nothing in this reference matches “{text.strip()}”.")
            self.left_stack.setCurrentWidget(self.empty)

    def _same_word_typed_on(self, text: str) -> bool:
        added = text[len(self.answer_text):]
        return text.startswith(self.answer_text) and bool(added) and all(c.isalnum() for c in added)

    def show_answer(self, answer: Answer | None, text: str = "") -> None:
        """The answer card for a question (in the current theme), or none; text is what it answers."""
        self.answer = answer
        self.answer_text = text if answer is not None else ""
        if answer is not None:
            self.card.set_headline(answer.headline)
            self.card.show()
        else:
            self.card.hide()

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
        for note in self._userdata().search_notes(text, limit=10):
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
        page_id, kind = index.data(ID_ROLE), index.data(TYPE_ROLE)
        if page_id and kind != "header":
            self.page_requested.emit(f"{page_id}#too_much" if kind == "excess" else page_id)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.field and event.type() == QEvent.KeyPress:
            from PySide6.QtCore import Qt

            key = event.key()
            if key == Qt.Key_Escape:
                self.field.clear()
                return True
            if key in (Qt.Key_Down, Qt.Key_Up):
                self._move_selection(1 if key == Qt.Key_Down else -1)
                return True
            if key in (Qt.Key_Return, Qt.Key_Enter):
                from b12ref.ui.search_worker import reads_as_question

                if self.timer.isActive() or (reads_as_question(self.field.text()) and self.answer is None):
                    self.timer.stop()
                    self.run_search()
                if self.answer is not None:
                    self.answer_requested.emit(self.answer_text)
                    return True
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
            from PySide6.QtCore import Qt
            from PySide6.QtGui import QKeyEvent

            key = Qt.Key_Down if step > 0 else Qt.Key_Up
            self.browse.setFocus()
            QApplication.sendEvent(self.browse, QKeyEvent(QEvent.KeyPress, key, Qt.NoModifier))
            self.field.setFocus()
