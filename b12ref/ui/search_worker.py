"""Search off the UI thread: typing never waits for a query; stale answers are dropped. The
worker also draws the first screenful of result rows, so that the UI thread only shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal

from b12ref.core.library import reopen_library
from b12ref.ui.delegates import RowLook, RowPainter, prerender
from b12ref.ui.models import NAMED
from b12ref.ui.queue_worker import QueueWorker

if TYPE_CHECKING:
    from b12ref.core.answer import Answer, Answerer
    from b12ref.core.search import SearchResult, Searcher

QUESTION_STARTS = ("can ", "could ", "does ", "do ", "is ", "are ", "will ", "might ", "may ", "why ",
                   "what ", "which ", "how ")


def reads_as_question(text: str) -> bool:
    lowered = text.strip().lower()
    return lowered.endswith("?") or lowered.startswith(QUESTION_STARTS) or len(lowered.split()) >= 3


def last_word_finished(searcher: Searcher, text: str) -> bool:
    """Whether the last word of text is finished: followed by a space or punctuation, or a word
    of the index of three letters or more. A half-typed word is not read as a question's
    symptom: "fasc" would be corrected to "fast" and answered about a fast heart rate, and "t"
    read as "taste"."""
    from b12ref.core.normalize import fold_words

    if not text or not text[-1].isalnum():
        return True
    words = fold_words(text)
    return not words or (len(words[-1]) >= 3 and words[-1] in searcher.vocab)


def look_up(searcher: Searcher, answerer: Answerer, text: str, literal: bool = False,
            limit: int = 40, finished: bool = True) -> tuple[SearchResult, Answer | None]:
    """What the window shows for a search text: ranked hits, and an answer when it is a question.
    finished=False (typing): a question is answered only once its last word is finished."""
    from b12ref.core.search import SearchHit

    result = searcher.search(text, limit=limit, prefix=True)
    if literal and result.corrected:
        result.hits, result.corrected = [], None
    answer = answerer.ask(text) if reads_as_question(text) and (
        finished or last_word_finished(searcher, text)) else None
    if answer is not None and answer.verdict == "unknown" and answer.kind == "question":
        answer = None
    if answer is not None:  # the pages a question names come first, wherever else they were found
        named = [(entity.get("page", kind), entity["id"], entity["name"]) for kind, entity in (
            ("deficiency", answer.nutrient), ("symptom", answer.symptom), ("medicine", answer.medicine))
            if entity and entity.get("page", kind) in ("deficiency", "symptom", "nutrient", "medicine")]
        top = max((h.score for h in result.hits), default=0.0) + 1
        result.hits = [SearchHit(kind, id_, name, "", top, NAMED, why="named in your question")
                       for kind, id_, name in named] \
            + [h for h in result.hits if (h.type, h.id) not in {(kind, id_) for kind, id_, _ in named}]
    return result, answer


class SearchThread(QueueWorker):
    """Searches on its worker thread with its own database connection; only the newest request is
    answered. `finished(text, result, answer, pictures)`: pictures are the rows drawn ahead (see
    prerender)."""

    finished = Signal(str, object, object, object)
    _answered = Signal(int, str, object, object, object)  # from the worker, delivered on this object's thread

    def __init__(self, db_path, parent=None) -> None:
        super().__init__("b12ref-search", parent)
        self.db_path = db_path
        self.searcher: Searcher | None = None  # the worker's own, made on the worker thread
        self.answerer: Answerer | None = None
        self.row_painter: RowPainter | None = None  # the worker's: its fonts stay on that thread
        self._answered.connect(self._deliver, Qt.QueuedConnection)

    def request(self, text: str, literal: bool = False, look: RowLook | None = None,
                finished: bool = False) -> None:
        """Search text on the worker; with a look, also draw the rows it will show first. Not
        finished (typing): a question's half-typed last word is not answered (see look_up)."""
        self.generation += 1
        self._put(("search", self.generation, text, literal, look, finished))

    def warm(self, font: str) -> None:
        """Have the worker set up what the first search needs now, not on the first keystroke:
        open the searcher and draw a row in `font` (a QFont.toString())."""
        self._put(("warm", font))

    def cancel(self) -> None:
        self.generation += 1

    def _deliver(self, generation: int, text: str, result, answer, pictures) -> None:
        if generation == self.generation:
            self.finished.emit(text, result, answer, pictures)

    # ---- on the worker thread ---------------------------------------------------------------
    def _handle(self, request) -> None:
        if request[0] == "warm":
            self._open()
            self.row_painter.warm(request[1])
        else:
            self._search(*request[1:])

    def _search(self, generation: int, text: str, literal: bool, look: RowLook | None, finished: bool) -> None:
        if generation != self.generation:
            return  # typed on since: a newer request is queued
        self._open()
        result, answer = look_up(self.searcher, self.answerer, text, literal, finished=finished)
        pictures = {}
        if look is not None and generation == self.generation:
            pictures = prerender(result.hits, result.marked_words, look, self.row_painter)
        self._answered.emit(generation, text, result, answer, pictures)

    def _open(self) -> None:
        if self.searcher is None:
            from b12ref.core.answer import Answerer
            from b12ref.core.search import Searcher

            self.searcher = Searcher(reopen_library(self.db_path))  # rebuilt if the cache was emptied
            self.answerer = Answerer(self.searcher.library, self.searcher)
            self.row_painter = RowPainter()
