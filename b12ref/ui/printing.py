"""File → Print…, Print Preview…, Export PDF…, Export HTML… for the page on screen, always in the light theme."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from b12ref.report import summary
    from b12ref.ui.print_options import PrintOptions
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QMainWindow

DIALOGS = ("PrintOptions", "PrintOptionsDialog", "PrinterDialog")  # ui/print_options, on first use
NO_PAGE = "Open a page or ask a question first: printing and export work on the page shown."
NO_ANSWER = "Ask a question in the search box first, such as “Can B12 deficiency cause fasciculations?”."

ANSWER_PREFIX = "ask:"  # the id of an answer page: "ask:" and the question


def _summary():
    """The report's summaries, imported on first use: the menus need none of it to be built."""
    from b12ref.report import summary

    return summary


def _export_dialog():
    from b12ref.ui.dialogs import ExportFileDialog  # on first use: dialogs imports the report modules

    return ExportFileDialog


def __getattr__(name: str):
    if name == "ExportFileDialog":  # still reachable here, as before it was imported on first use
        return _export_dialog()
    if name in DIALOGS:
        return getattr(_dialogs(), name)
    raise AttributeError(name)


def _dialogs():
    """The print options and print dialogs, imported on first use: the menus need none of them."""
    from b12ref.ui import print_options

    return print_options


def _pdf():
    """The PDF painter, imported on first use: printing support is not needed to open the window."""
    from b12ref.report import pdf

    return pdf

class SummaryPrinter(QObject):
    """Prints and exports `window.current_page` through b12ref.report (the one rendering path)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions: list[QAction] = []  # the page's: print, preview, export PDF and HTML
        self.answer_action = QAction(window)  # export the answer card (set up by install_print_actions)

    def _page(self):
        page = self.window.current_page
        if page is None:
            self.window.statusBar().showMessage(NO_PAGE, 6000)
        return page

    def _options(self, title: str, page, show_paper: bool = True) -> PrintOptions | None:
        parts = self.window.library.kind_of(page.id) == "deficiency"
        return _dialogs().PrintOptionsDialog.ask(self.window, title, page, _pdf().default_paper(), show_paper, parts)

    def _printout(self, page, options: PrintOptions) -> summary.Printout:
        """The page on show through the one print path: an answer page prints its answer."""
        if page.id.startswith(ANSWER_PREFIX):
            answer = self.window.search.answerer.ask(page.id[len(ANSWER_PREFIX):])
            return _summary().answer_summary(self.window.library, answer)
        return _summary().page_summary(self.window.library, page.id, options.sections, full=options.full)

    def _printer(self, paper: str) -> QPrinter:
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.HighResolution)
        printer.setDocName(self.window.current_page.title if self.window.current_page else "b12ref")
        _pdf().setup_device(printer, paper)
        return printer

    def print_(self) -> bool:
        page = self._page()
        options = page and self._options("Print", page)
        if not options:
            return False
        printout = self._printout(page, options)
        printer = self._printer(options.paper)
        if not _dialogs().PrinterDialog.ask(self.window, printer):
            return False
        return self._guard(lambda: _pdf().paint_document(printout.html, printer, printout.running_header),
                           "Printed") is not None

    def preview(self) -> bool:
        page = self._page()
        options = page and self._options("Print Preview", page)
        if not options:
            return False
        printout = self._printout(page, options)
        _dialogs().PrinterDialog.preview(self.window, self._printer(options.paper),
                              lambda printer: _pdf().paint_document(printout.html, printer, printout.running_header))
        return True

    def export_pdf(self) -> Path | None:
        page = self._page()
        options = page and self._options("Export PDF", page)
        if not options:
            return None
        target = self._ask_target("pdf", _file_stem(page.id))
        if target is None:
            return None
        return self._save_pdf(self._printout(page, options), target, options.paper)

    def export_html(self) -> Path | None:
        page = self._page()
        options = page and self._options("Export HTML", page, show_paper=False)
        if not options:
            return None
        target = self._ask_target("html", _file_stem(page.id))
        if target is None:
            return None
        printout = self._printout(page, options)
        done = self._guard(lambda: _summary().export_html(printout, target) or True, f"Saved {target}")
        return target if done is not None else None

    def export_answer_pdf(self) -> Path | None:
        """The answer card on show, with its question as the title, as a PDF to take to a doctor."""
        answer = self.window.search.answer
        if answer is None:
            self.window.statusBar().showMessage(NO_ANSWER, 6000)
            return None
        target = self._ask_target("pdf", "answer")
        if target is None:
            return None
        return self._save_pdf(_summary().answer_summary(self.window.library, answer), target, _pdf().default_paper())

    def _save_pdf(self, printout: summary.Printout, target: Path, paper: str) -> Path | None:
        pages = self._guard(lambda: _pdf().export_pdf(printout, target, paper), f"Saved {target}")
        return target if pages is not None else None

    def _ask_target(self, kind: str, page_id: str) -> Path | None:
        chosen = _export_dialog().ask_save(self.window, kind, f"{page_id}.{kind}")
        if not chosen:
            return None
        target = Path(chosen)
        allowed = (".html", ".htm") if kind == "html" else (".pdf",)
        return target if target.suffix.lower() in allowed else target.with_name(f"{target.name}.{kind}")

    def _guard(self, work: Callable[[], object], done: str):
        """Run work(); a failure is a message box, never a traceback or a partial file."""
        try:
            result = work()
        except OSError as exc:
            from b12ref.ui.plaintext import warn

            warn(self.window, "Could not finish",
                 f"{exc.strerror or exc}" + (f"\n\n{exc.filename}" if exc.filename else ""))
            return None
        pages = f" ({result} pages)" if isinstance(result, int) and not isinstance(result, bool) else ""
        self.window.statusBar().showMessage(f"{done}{pages}.", 6000)
        return result

    def enable_actions(self) -> None:
        for action in (*self.actions, self.answer_action):
            action.setEnabled(True)

    def update_actions(self) -> None:
        has_page = self.window.current_page is not None
        for action in self.actions:
            action.setEnabled(has_page)
            action.setStatusTip("" if has_page else NO_PAGE)
        has_answer = self.window.search.answer is not None
        self.answer_action.setEnabled(has_answer)
        self.answer_action.setStatusTip("" if has_answer else NO_ANSWER)


def _file_stem(page_id: str) -> str:
    """A file name for a page: its id, or for an answer "answer"."""
    return "answer" if page_id.startswith(ANSWER_PREFIX) else page_id


def install_print_actions(window: QMainWindow) -> SummaryPrinter:
    """Add Print…, Print Preview…, Export PDF… and Export HTML… to window.file_menu, before Quit."""
    printer = SummaryPrinter(window)
    menu = window.file_menu
    quit_action = next((a for a in menu.actions() if a.objectName() == "quit"), None)
    for text, slot, keys, name in (("&Print…", printer.print_, [QKeySequence.Print], "print"),
                                   ("Print Pre&view…", printer.preview, [], "print_preview"),
                                   ("Export P&DF…", printer.export_pdf, [], "export_pdf"),
                                   ("Export &HTML…", printer.export_html, [], "export_html")):
        action = QAction(text, window)
        action.setObjectName(name)
        if keys:
            action.setShortcuts(keys)
        action.triggered.connect(lambda _=False, run=slot: run())
        menu.insertAction(quit_action, action)
        window.addAction(action)
        printer.actions.append(action)
    answer_action = printer.answer_action
    answer_action.setText("Export &Answer as PDF…")
    answer_action.setObjectName("export_answer_pdf")
    answer_action.triggered.connect(lambda _=False: printer.export_answer_pdf())
    menu.insertAction(quit_action, answer_action)
    window.addAction(answer_action)
    if quit_action is not None:
        menu.insertSeparator(quit_action)
    menu.aboutToShow.connect(printer.update_actions)  # greyed out in the menu when there is no page...
    menu.aboutToHide.connect(printer.enable_actions)  # ...but Ctrl+P still answers, with the reason
    window.summary_printer = printer
    return printer
