"""Search off the UI thread: typing never waits for a query; stale answers are dropped. The
worker also draws the first screenful of result rows, so that the UI thread only shows them."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from b12ref.core.library import Library
from b12ref.ui.delegates import RowLook, RowPainter, prerender
from b12ref.ui.models import NAMED

if TYPE_CHECKING:
    from b12ref.core.answer import Answer, Answerer
    from b12ref.core.search import SearchResult, Searcher

QUESTION_STARTS = ("can ", "could ", "does ", "do ", "is ", "are ", "will ", "might ", "may ", "why ",
                   "what ", "which ", "how ")


def reads_as_question(text: str) -> bool:
    lowered = text.strip().lower()
    return lowered.endswith("?") or lowered.startswith(QUESTION_STARTS) or len(lowered.split()) >= 3


def look_up(searcher: Searcher, answerer: Answerer, text: str, literal: bool = False,
            limit: int = 40) -> tuple[SearchResult, Answer | None]:
    """What the window shows for a search text: ranked hits, and an answer when it is a question."""
    from b12ref.core.search import SearchHit

    result = searcher.search(text, limit=limit, prefix=True)
    if literal and result.corrected:
        result.hits, result.corrected = [], None
    answer = answerer.ask(text) if reads_as_question(text) else None
    if answer is not None and (answer.deficiency is None or answer.symptom is None):
        answer = None
    if answer is not None:  # the two pages a question names come first, wherever else they were found
        named = [("deficiency", answer.deficiency["id"], answer.deficiency["name"]),
                 ("symptom", answer.symptom["id"], answer.symptom["name"])]
        top = max((h.score for h in result.hits), default=0.0) + 1
        result.hits = [SearchHit(kind, id_, name, "", top, NAMED, why="named in your question")
                       for kind, id_, name in named] \
            + [h for h in result.hits if (h.type, h.id) not in {(kind, id_) for kind, id_, _ in named}]
    return result, answer


class _Worker(QObject):
    done = Signal(int, str, object, object, object)

    def __init__(self, db_path) -> None:
        super().__init__()
        self.db_path = db_path
        self.latest = 0
        self.searcher: Searcher | None = None
        self.answerer: Answerer | None = None
        self.row_painter: RowPainter | None = None  # made on this thread: its fonts stay here

    @Slot(int, str, bool, object)
    def run(self, generation: int, text: str, literal: bool, look: RowLook | None) -> None:
        if generation != self.latest:
            return  # a newer keystroke is already queued
        self._open()
        result, answer = look_up(self.searcher, self.answerer, text, literal)
        pictures = {}
        if look is not None and generation == self.latest:
            pictures = prerender(result.hits, result.marked_words, look, self.row_painter)
        self.done.emit(generation, text, result, answer, pictures)

    @Slot(str)
    def warm(self, font: str) -> None:
        """The first search's set-up, done ahead of the first keystroke: open the searcher and
        draw a row in `font` (a QFont.toString())."""
        self._open()
        self.row_painter.warm(font)

    def _open(self) -> None:
        if self.searcher is None:
            from b12ref.core.answer import Answerer
            from b12ref.core.search import Searcher

            self.searcher = Searcher(Library(self.db_path))
            self.answerer = Answerer(self.searcher.library, self.searcher)
            self.row_painter = RowPainter()


class SearchThread(QObject):
    """Owns a worker thread with its own database connection.
    `finished(text, result, answer, pictures)`: pictures are the rows drawn ahead (see prerender)."""

    finished = Signal(str, object, object, object)
    _request = Signal(int, str, bool, object)
    _warm = Signal(str)

    def __init__(self, db_path, parent=None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.thread = QThread(self)
        self.worker = _Worker(db_path)
        self.worker.moveToThread(self.thread)
        self._request.connect(self.worker.run)
        self._warm.connect(self.worker.warm)
        self.worker.done.connect(self._done)
        # While the worker runs Python, the UI thread waits for the GIL up to the switch interval
        # (5 ms by default) each time it needs it; 1 ms keeps a keystroke's paint within a frame.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        self.thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def request(self, text: str, literal: bool = False, look: RowLook | None = None) -> None:
        """Search text on the worker; with a look, also draw the rows it will show first."""
        self.generation += 1
        self.worker.latest = self.generation
        self._request.emit(self.generation, text, literal, look)

    def warm(self, font: str) -> None:
        """Have the worker set up what the first search needs now, not on the first keystroke."""
        self._warm.emit(font)

    def cancel(self) -> None:
        self.generation += 1
        self.worker.latest = self.generation

    def _done(self, generation: int, text: str, result, answer, pictures) -> None:
        if generation == self.generation:
            self.finished.emit(text, result, answer, pictures)

    def stop(self) -> None:
        self.cancel()
        self.thread.quit()
        self.thread.wait(5000)
