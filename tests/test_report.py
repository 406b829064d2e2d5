"""Printing and export: PDF and HTML summaries, `b12ref export`, and the window's print actions."""

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QLocale
from pypdf import PdfReader

from b12ref.cli import cli
from b12ref.core.answer import Answerer
from b12ref.core.checker import SymptomChecker
from b12ref.report.document import Document, Heading, Para, rich
from b12ref.report.html_writer import print_html
from b12ref.report import pdf, summary

A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)


@pytest.fixture(autouse=True)
def _widgets_app(qapp):
    """A QApplication first, so the PDF code never starts a bare QGuiApplication the window tests can't use."""
    return qapp


def _pages(path: Path) -> list[str]:
    """Each page's text with whitespace collapsed (Qt writes words apart; pypdf may join them with tabs)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def _size(path: Path, index: int = 0) -> tuple[int, int]:
    box = PdfReader(path).pages[index].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.fixture(scope="module")
def b12_pdf(tmp_path_factory, library, qapp) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "vitamin-b12.pdf"
    printout = summary.page_summary(library, "vitamin-b12")
    pdf.export_pdf(printout, target, "a4")
    return target


@pytest.fixture(scope="module")
def b12_pages(b12_pdf) -> list[str]:
    """The text of each page (extracted once: pypdf takes seconds over a long document)."""
    return _pages(b12_pdf)


# ---- the PDF -------------------------------------------------------------------------------
def test_b12_pdf_is_a_pdf_with_title_fasciculations_and_sources(b12_pdf, b12_pages):
    assert b12_pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(b12_pages)
    assert "Vitamin B12 deficiency" in text
    assert "Fasciculations" in text
    assert "References" in text


def test_fasciculations_row_carries_its_grade(b12_pages):
    text = " ".join(b12_pages)
    after = text[text.index("Fasciculations"):]
    assert re.search(r"reported · (rare|occasional|unknown|common)", after[:2500])


def test_b12_summary_has_a_sensible_number_of_pages(b12_pages):
    # the brief summary of the longest page (36 graded symptoms, 25 sources)
    assert 1 <= len(b12_pages) <= 6


def test_full_detail_adds_mechanisms_and_article(tmp_path, library, b12_pages):
    printout = summary.page_summary(library, "vitamin-b12", summary.ALL_SECTIONS, full=True)
    target = tmp_path / "full.pdf"
    pdf.export_pdf(printout, target, "a4")
    text = " ".join(_pages(target))
    assert "intrinsic factor" in text  # article text (headings in large type extract letter-spaced)
    assert "Food sources" in text and "Monitoring" in text
    assert len(PdfReader(target).pages) > len(b12_pages)


def test_every_page_has_page_x_of_y_and_not_medical_advice(b12_pages):
    pages = b12_pages
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Not medical advice" in text


def test_pages_carry_date_and_content_version(b12_pages, library):
    pages = b12_pages
    version = library.meta()["content_hash"][:12]
    assert "printed" in pages[0] and version in pages[0]
    if len(pages) > 1:
        assert version in pages[1] and "Vitamin B12 deficiency" in pages[1]


def test_doses_keep_their_micro_sign(b12_pages):
    assert "µg" in " ".join(b12_pages)


def test_non_ascii_survives_in_pdf(tmp_path, library):
    doc = Document("Anaemia test", "test").add(
        Heading("Anaemia test", 1), Para(rich("anaemia, 2.4 µg a day, ferritin ≥ 30 µg/L, café, naïve")))
    printout = summary.Printout("Anaemia test", print_html(doc), "2026-01-01", "x")
    target = tmp_path / "unicode.pdf"
    pdf.export_pdf(printout, target, "a4")
    text = " ".join(_pages(target))
    for word in ("anaemia", "µg", "≥", "café", "naïve"):
        assert word in text


def test_a4_and_letter_paper(tmp_path, library):
    printout = summary.page_summary(library, "fasciculations")
    pdf.export_pdf(printout, tmp_path / "a4.pdf", "a4")
    pdf.export_pdf(printout, tmp_path / "letter.pdf", "letter")
    assert _size(tmp_path / "a4.pdf") == A4_POINTS
    assert _size(tmp_path / "letter.pdf") == LETTER_POINTS


@pytest.mark.parametrize("name, paper", [("en_US", "letter"), ("fr_CA", "letter"), ("en_GB", "a4"),
                                          ("de_DE", "a4"), ("en_AU", "a4")])
def test_paper_defaults_by_locale(name, paper):
    assert pdf.default_paper(QLocale(name)) == paper


def test_chosen_sections_only(tmp_path, library, b12_pages):
    printout = summary.page_summary(library, "vitamin-b12", ("symptoms",))
    target = tmp_path / "symptoms.pdf"
    pdf.export_pdf(printout, target, "a4")
    text = " ".join(_pages(target))
    assert "Fasciculations" in text and "Key facts" in text
    assert "Overview" not in text and "Food sources" not in text
    assert len(PdfReader(target).pages) < len(b12_pages)


def test_unknown_section_is_named():
    with pytest.raises(ValueError, match="'recipes'"):
        summary.parse_sections("symptoms,recipes")
    assert summary.parse_sections("sources, article") == ("article", "sources")


# ---- the HTML ------------------------------------------------------------------------------
def test_html_export_is_self_contained(tmp_path, library):
    target = tmp_path / "b12.html"
    summary.export_html(summary.page_summary(library, "vitamin-b12"), target)
    html = target.read_text(encoding="utf-8")
    assert "<style>" in html and "<link" not in html.lower()
    assert not re.search(r"src\s*=\s*[\"']?\s*(https?:)?//", html, re.I)
    assert "b12ref:" not in html  # in-app links become plain text
    assert "Fasciculations" in html and "µg" in html
    assert "#ffffff" in html  # the light theme, whatever the screen uses


def test_symptom_page_printout_lists_b12(library):
    printout = summary.page_summary(library, "fasciculations")
    assert "Vitamin B12 deficiency" in printout.html
    assert "content version" in printout.html


def test_answer_card_printout(library):
    answer = Answerer(library).ask("Can B12 deficiency cause fasciculations?")
    printout = summary.answer_summary(library, answer)
    assert answer.headline in printout.html.replace("&mdash;", "—")
    assert "not medical advice" in printout.html


def test_which_handout_is_for_the_doctor(library):
    result = SymptomChecker(library).fit(["tingling", "tiredness", "sore tongue"])
    html = summary.which_summary(library, result).html
    assert "Vitamin B12 deficiency" in html
    assert "Questions to ask your doctor" in html and "Tests to ask about" in html
    assert "not a diagnosis" in html.lower()


# ---- the command line ----------------------------------------------------------------------
def test_cli_export_pdf(tmp_path):
    target = tmp_path / "out.pdf"
    result = CliRunner().invoke(cli, ["export", "vitamin-b12", "--pdf", str(target), "--paper", "letter",
                                      "--sections", "symptoms"])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    assert _size(target) == LETTER_POINTS
    assert "Fasciculations" in " ".join(_pages(target))


def test_cli_export_html_with_sections(tmp_path):
    target = tmp_path / "out.html"
    result = CliRunner().invoke(cli, ["export", "vitamin-b12", "--html", str(target), "--sections", "treatments"])
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "Treatment" in html and "Symptoms and signs" not in html


def test_cli_export_which_handout(tmp_path):
    target = tmp_path / "for-my-doctor.pdf"
    result = CliRunner().invoke(cli, ["export", "--which", "tingling", "pins and needles", "tiredness",
                                      "--pdf", str(target)])
    assert result.exit_code == 0, result.output
    text = " ".join(_pages(target))
    assert "Which deficiencies fit" in text and "Questions to ask your doctor" in text


def test_cli_export_answer_card(tmp_path):
    target = tmp_path / "answer.pdf"
    result = CliRunner().invoke(cli, ["export", "--ask", "Can B12 deficiency cause fasciculations?",
                                      "--pdf", str(target)])
    assert result.exit_code == 0, result.output
    text = " ".join(_pages(target))
    assert "Can B12 deficiency cause fasciculations?" in text and "Rison" in text
    nothing = CliRunner().invoke(cli, ["export", "--ask", "what is the weather", "--pdf", str(tmp_path / "x.pdf")])
    assert nothing.exit_code != 0 and "names no nutrient or symptom" in nothing.output
    assert not (tmp_path / "x.pdf").exists()


def test_cli_export_to_missing_folder_is_one_line_and_writes_nothing(tmp_path):
    target = tmp_path / "no-such-folder" / "out.pdf"
    result = CliRunner().invoke(cli, ["export", "vitamin-b12", "--pdf", str(target)])
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not target.parent.exists()


def test_cli_export_failing_write_leaves_no_partial_file(tmp_path, monkeypatch):
    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    from b12ref.core import atomic

    monkeypatch.setattr(atomic.os, "replace", refuse)
    result = CliRunner().invoke(cli, ["export", "vitamin-b12", "--pdf", str(tmp_path / "out.pdf")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: cannot write {tmp_path / 'out.pdf'}: Permission denied"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("args, message", [
    (["vitamin-b12"], "--pdf FILE or --html FILE"),
    (["vitamin-b12", "--sections", "recipes", "--html", "x.html"], "unknown section 'recipes'"),
    (["no-such-page", "--html", "x.html"], "no page has the id"),
    (["vitamin-b12", "iron", "--html", "x.html"], "give one page id"),
])
def test_cli_export_user_errors(tmp_path, args, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exit_code == 1 and message in result.output
    assert os.listdir(tmp_path) == []


# ---- the window ----------------------------------------------------------------------------
@pytest.fixture
def window(qtbot, library, tmp_path):
    from PySide6.QtCore import QSettings

    from b12ref.ui.main_window import MainWindow
    from b12ref.ui.printing import install_print_actions
    from b12ref.ui.settings import Settings

    win = MainWindow(library, settings=Settings(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)),
                     theme_choice="light")
    qtbot.addWidget(win)
    if not hasattr(win, "summary_printer"):
        install_print_actions(win)
    yield win
    win.apply_theme("light")


@pytest.fixture
def answers(monkeypatch, tmp_path):
    """Replace the modal dialogs: the options dialog and the save dialog answer as told."""
    from b12ref.ui import printing

    chosen = {"options": printing.PrintOptions(("symptoms", "sources"), "letter"), "file": str(tmp_path / "b12")}
    monkeypatch.setattr(printing.PrintOptionsDialog, "ask", classmethod(lambda cls, *a, **k: chosen["options"]))
    monkeypatch.setattr(printing.ExportFileDialog, "ask_save", classmethod(lambda cls, *a: chosen["file"]))
    return chosen


def test_file_menu_has_print_actions_before_quit(window):
    names = [a.objectName() for a in window.file_menu.actions()]
    for name in ("print", "print_preview", "export_pdf", "export_html"):
        assert names.index(name) < names.index("quit")
    action = next(a for a in window.file_menu.actions() if a.objectName() == "print")
    assert action.shortcut().toString() == "Ctrl+P"


def test_print_actions_explain_when_no_page(window, answers, tmp_path):
    window.show_welcome()
    assert window.summary_printer.export_pdf() is None
    assert "Open a page" in window.statusBar().currentMessage()
    window.summary_printer.update_actions()
    assert not any(a.isEnabled() for a in window.summary_printer.actions)
    assert not (tmp_path / "b12.pdf").exists()


def test_export_pdf_from_window_uses_chosen_sections_and_paper(window, answers, tmp_path):
    window.open_page("vitamin-b12")
    target = window.summary_printer.export_pdf()
    assert target == tmp_path / "b12.pdf"
    text = " ".join(_pages(target))
    assert "Fasciculations" in text and "Sources" in text and "Overview" not in text
    assert _size(target) == LETTER_POINTS


def test_export_html_from_window_is_light_in_dark_theme(window, answers, tmp_path):
    window.apply_theme("dark")
    window.open_page("fasciculations")
    answers["file"] = str(tmp_path / "fasc.html")
    target = window.summary_printer.export_html()
    html = target.read_text(encoding="utf-8")
    assert "Vitamin B12 deficiency" in html and "#ffffff" in html


def test_cancelled_options_write_nothing(window, answers, tmp_path):
    window.open_page("vitamin-b12")
    answers["options"] = None
    assert window.summary_printer.export_pdf() is None
    assert not (tmp_path / "b12.pdf").exists()


def test_print_and_preview_paint_pages(window, answers, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    from b12ref.ui import printing

    printed = tmp_path / "printed.pdf"

    def to_file(cls, parent, printer):
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    previewed = []
    monkeypatch.setattr(printing.PrinterDialog, "ask", classmethod(to_file))
    monkeypatch.setattr(printing.PrinterDialog, "preview",
                        classmethod(lambda cls, parent, printer, paint: previewed.append(to_file(cls, parent, printer)
                                                                                      and paint(printer))))
    window.open_page("vitamin-b12")
    assert window.summary_printer.print_()
    pages = _pages(printed)
    assert "Vitamin B12 deficiency" in pages[0] and f"Page 1 of {len(pages)}" in pages[0]
    printed.unlink()
    assert window.summary_printer.preview()
    assert previewed and printed.read_bytes().startswith(b"%PDF")


def test_options_dialog_needs_a_section(qtbot, library):
    from PySide6.QtWidgets import QDialogButtonBox

    from b12ref.ui.printing import PrintOptionsDialog

    dialog = PrintOptionsDialog("Print", library.deficiency("vitamin-b12"), "letter", parts=True)
    qtbot.addWidget(dialog)
    assert dialog.options().paper == "letter" and dialog.options().sections == summary.SUMMARY_SECTIONS
    assert not dialog.options().full
    for box in dialog.boxes.values():
        box.setChecked(False)
    assert not dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
    dialog.boxes["sources"].setChecked(True)
    assert dialog.options().sections == ("sources",)
    symptom_dialog = PrintOptionsDialog("Print", library.symptom("fasciculations"), "a4")
    qtbot.addWidget(symptom_dialog)
    assert symptom_dialog.boxes == {}


def test_a_typical_summary_fits_two_pages(tmp_path, library):
    target = tmp_path / "iron.pdf"
    pdf.export_pdf(summary.page_summary(library, "iron"), target, "a4")
    assert len(PdfReader(target).pages) <= 2


def test_answer_card_exports_as_pdf(window, answers, tmp_path):
    assert window.summary_printer.export_answer_pdf() is None  # no question asked yet
    assert "Ask a question" in window.statusBar().currentMessage()
    window.search_field.setText("Can B12 deficiency cause fasciculations?")
    window.search.timer.stop()
    window.search.run_search()
    answers["file"] = str(tmp_path / "answer")
    target = window.summary_printer.export_answer_pdf()
    assert target == tmp_path / "answer.pdf"
    text = " ".join(_pages(target))
    assert "Can B12 deficiency cause fasciculations?" in text and "Yes" in text and "Turner" in text
    window.search_field.clear()  # back to browsing: no answer on show
    window.summary_printer.update_actions()
    assert not window.summary_printer.answer_action.isEnabled()


@pytest.mark.parametrize("question", [
    "can I take vitamin E with warfarin?", "is 5000 IU of vitamin D a day too much?", "my ferritin is 12",
    "can too much vitamin d cause kidney stones", "does magnesium help night cramps?",
    "Can B12 deficiency cause fasciculations?",
])
def test_every_kind_of_answer_page_lists_the_works_it_rests_on(library, question):
    from b12ref.report.library_docs import answer_document

    answer = Answerer(library).ask(question)
    assert answer.sources
    html = summary.answer_summary(library, answer).html
    assert "References" in html and all(s["title"] in html for s in answer.sources)
    cited = {w.id for w in answer_document(library, answer).cited()}  # also the red flags' and causes' works
    assert {s["id"] for s in answer.sources} <= cited
