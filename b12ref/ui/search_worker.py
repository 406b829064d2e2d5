"""Search off the UI thread: typing never waits for a query; stale answers are dropped."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from b12ref.core.library import Library

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
    if answer is not None:  # the two pages a question names come first
        named = [("deficiency", answer.deficiency), ("symptom", answer.symptom)]
        known = {(h.type, h.id) for h in result.hits}
        top = max((h.score for h in result.hits), default=0.0) + 1
        result.hits[:0] = [SearchHit(kind, entity["id"], entity["name"], "", top, "exact",
                                     why="named in your question")
                           for kind, entity in named if (kind, entity["id"]) not in known]
    return result, answer


class _Worker(QObject):
    done = Signal(int, str, object, object)

    def __init__(self, db_path) -> None:
        super().__init__()
        self.db_path = db_path
        self.latest = 0
        self.searcher: Searcher | None = None
        self.answerer: Answerer | None = None

    @Slot(int, str, bool)
    def run(self, generation: int, text: str, literal: bool) -> None:
        if generation != self.latest:
            return  # a newer keystroke is already queued
        if self.searcher is None:
            from b12ref.core.answer import Answerer
            from b12ref.core.search import Searcher

            self.searcher = Searcher(Library(self.db_path))
            self.answerer = Answerer(self.searcher.library, self.searcher)
        result, answer = look_up(self.searcher, self.answerer, text, literal)
        self.done.emit(generation, text, result, answer)


class SearchThread(QObject):
    """Owns a worker thread with its own database connection. `finished(text, result, answer)`."""

    finished = Signal(str, object, object)
    _request = Signal(int, str, bool)

    def __init__(self, db_path, parent=None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.thread = QThread(self)
        self.worker = _Worker(db_path)
        self.worker.moveToThread(self.thread)
        self._request.connect(self.worker.run)
        self.worker.done.connect(self._done)
        # While the worker runs Python, the UI thread waits for the GIL up to the switch interval
        # (5 ms by default) each time it needs it; 1 ms keeps a keystroke's paint within a frame.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        self.thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def request(self, text: str, literal: bool = False) -> None:
        self.generation += 1
        self.worker.latest = self.generation
        self._request.emit(self.generation, text, literal)

    def cancel(self) -> None:
        self.generation += 1
        self.worker.latest = self.generation

    def _done(self, generation: int, text: str, result, answer) -> None:
        if generation == self.generation:
            self.finished.emit(text, result, answer)

    def stop(self) -> None:
        self.cancel()
        self.thread.quit()
        self.thread.wait(5000)
