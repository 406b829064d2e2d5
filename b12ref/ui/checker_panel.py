""""Which deficiencies fit?": pick 1–8 symptoms in lay words, see ranked candidates with reasons.

The ranking runs on a worker thread with its own database connection (like search): the window
never waits for it, and only the newest request is shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QDialog, QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout

from b12ref.core.checker import (
    MAX_SYMPTOM_CHARS, MAX_SYMPTOMS, NOT_A_DIAGNOSIS, FitResult, SymptomChecker, cap_phrases,
)
from b12ref.core.library import Library, reopen_library
from b12ref.report import pdf, summary
from b12ref.report.html_writer import esc, screen_html
from b12ref.ui.page_browser import PageBrowser
from b12ref.ui.dialogs import ExportFileDialog
from b12ref.ui.plaintext import warn
from b12ref.ui.queue_worker import QueueWorker


class CheckerThread(QueueWorker):
    """Ranks symptoms on its worker thread with its own library; `finished(generation, result)`
    is delivered on this object's thread for the newest request only."""

    finished = Signal(int, object)
    _done = Signal(int, object)

    def __init__(self, db_path: Path, parent=None) -> None:
        super().__init__("b12ref-checker", parent)
        self.db_path = db_path
        self.checker: SymptomChecker | None = None  # the worker's own, made on the worker thread
        self._done.connect(self._deliver, Qt.QueuedConnection)

    def request(self, phrases: list[str]) -> int:
        self.generation += 1
        self._put((self.generation, list(phrases)))
        return self.generation

    def _deliver(self, generation: int, result: FitResult) -> None:
        if generation == self.generation:
            self.finished.emit(generation, result)

    def _handle(self, request) -> None:
        generation, phrases = request
        if generation != self.generation:
            return  # a newer request is queued
        if self.checker is None:
            self.checker = SymptomChecker(reopen_library(self.db_path))
        self._done.emit(generation, self.checker.fit(phrases))


class CheckerDialog(QDialog):
    """A non-modal window: symptom field with completion, the chosen list, the ranked result."""

    page_requested = Signal(str)

    def __init__(self, library: Library, checker: SymptomChecker, theme: str = "light", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Which deficiencies fit these symptoms?")
        self.resize(760, 620)
        self.library = library
        self.checker = checker
        self.result: FitResult | None = None
        self.worker = CheckerThread(library.path, self)
        self.worker.finished.connect(self._show_result)
        names = sorted({s.name for s in library.symptoms()} | {syn for s in library.symptoms() for syn in s.synonyms},
                       key=str.lower)
        self.field = QLineEdit()
        self.field.setObjectName("CheckerField")
        self.field.setAccessibleName("Add a symptom")
        self.field.setPlaceholderText("Add a symptom in your own words, e.g. pins and needles, tiredness…")
        self.field.setMaxLength(MAX_SYMPTOM_CHARS)
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        self.field.setCompleter(completer)
        self.field.returnPressed.connect(self.add_current)
        add = QPushButton("Add")
        add.clicked.connect(self.add_current)
        self.chosen = QStringListModel(self)
        self.chosen_view = QListView()
        self.chosen_view.setObjectName("ChosenSymptoms")
        self.chosen_view.setAccessibleName("Chosen symptoms")
        self.chosen_view.setModel(self.chosen)
        self.chosen_view.setMaximumHeight(120)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        clear = QPushButton("Clear")
        clear.clicked.connect(lambda: self.set_symptoms([]))
        handout = QPushButton("Save Handout PDF…")
        handout.setToolTip("A 'to discuss with your doctor' summary of this result")
        handout.clicked.connect(self.export_pdf)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.PlainText)
        self.view = PageBrowser("Checker result")
        self.view.theme = theme
        self.view.page_requested.connect(self.page_requested)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(add)
        buttons = QHBoxLayout()
        buttons.addWidget(remove)
        buttons.addWidget(clear)
        buttons.addWidget(handout)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.chosen_view)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self.refresh()

    def symptoms(self) -> list[str]:
        return self.chosen.stringList()

    def set_symptoms(self, phrases: list[str]) -> None:
        self.chosen.setStringList(list(dict.fromkeys(cap_phrases(phrases))))
        self.refresh()

    def add_current(self) -> None:
        text = self.field.text().strip()
        if not text:
            return
        if len(self.symptoms()) >= MAX_SYMPTOMS:
            self.status.setText(f"At most {MAX_SYMPTOMS} symptoms.")
            return
        self.set_symptoms([*self.symptoms(), text])
        self.field.clear()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.chosen_view.selectedIndexes()}, reverse=True)
        items = self.symptoms()
        for row in rows:
            del items[row]
        self.set_symptoms(items)

    def refresh(self) -> None:
        phrases = self.symptoms()
        if not phrases:
            self.result = None
            self.status.setText("")
            self.view.show_html("<p>Add one to eight symptoms to see which deficiencies are linked to them, "
                                "ranked by the strength of the evidence.</p><p class='muted'>"
                                f"{esc(NOT_A_DIAGNOSIS)}</p>")
            return
        self.result = None
        self.status.setText("Checking…")
        self.worker.request(phrases)

    def _show_result(self, _generation: int, result: FitResult) -> None:
        self.result = result
        self.status.setText(f"{len(result.candidates)} deficiencies linked")
        self.view.show_html(screen_html(summary.which_document(self.library, result)))

    def export_pdf(self) -> Path | None:
        """Save the result as a "to discuss with your doctor" handout."""
        if self.result is None:
            self.status.setText("Add symptoms first." if not self.symptoms() else "Still checking…")
            return None
        chosen = ExportFileDialog.ask_save(self, "pdf", "b12ref-which-deficiencies.pdf")
        if not chosen:
            return None
        target = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
        try:
            pages = pdf.export_pdf(summary.which_summary(self.library, self.result), target)
        except OSError as exc:
            warn(self, "Could not save", str(exc.strerror or exc))
            return None
        self.status.setText(f"Saved {target} ({pages} pages)")
        return target


def show_checker(window, symptoms: list[str] | None = None) -> CheckerDialog | None:
    """Show the window's "which deficiencies fit" dialog, made on first use, with symptoms when given."""
    if window.library is None:
        window.statusBar().showMessage(window.library_wait, 5000)
        return None
    if window.checker_dialog is None:
        window.checker_dialog = CheckerDialog(window.library, SymptomChecker(window.library, window.search.searcher),
                                              window.theme, window)
        window.checker_dialog.page_requested.connect(window.open_page)
    if symptoms is not None:
        window.checker_dialog.set_symptoms(symptoms)
    window.checker_dialog.show()
    window.checker_dialog.raise_()
    window.checker_dialog.field.setFocus()
    return window.checker_dialog
