"""No network, ever; user text is escaped wherever it is shown; external links ask first."""

import socket
import sys

import pytest
from PySide6.QtGui import QAction, QColor
from click.testing import CliRunner
from PySide6.QtCore import QSize, QSettings, Qt, QUrl

from b12ref.cli import cli
from b12ref.core.userdata import UserData
from b12ref.ui.main_window import MainWindow
from b12ref.ui.settings import Settings

HOSTILE = '<img src="http://example.invalid/x.png"><script>alert(1)</script>'


@pytest.fixture
def no_network(monkeypatch):
    """Make every way of opening a connection fail, and record each attempt."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_cli_commands_open_no_connection(no_network, library, tmp_path):
    runner = CliRunner()
    for args in (["list", "--json"], ["show", "vitamin-b12"], ["show", "fasciculations", "--json"],
                 ["search", "twitching"], ["ask", "Can B12 deficiency cause fasciculations?"],
                 ["which", "tingling", "fatigue"], ["check-db"],
                 ["userdata", "export", str(tmp_path / "u.json")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    assert no_network == []


def test_window_session_opens_no_connection(no_network, qtbot, library, tmp_path, monkeypatch):
    """A whole session, printing included: File → Print to a PDF file, Export PDF, Export HTML and the
    answer card as PDF go through QPrinter and the report layer, and open no connection."""
    from PySide6.QtPrintSupport import QPrinter

    from b12ref.ui import printing

    printed = tmp_path / "printed.pdf"

    def print_to_file(cls, parent, printer):
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(printing.PrinterDialog, "ask", classmethod(print_to_file))
    monkeypatch.setattr(printing.PrintOptionsDialog, "ask",
                        classmethod(lambda cls, *a, **k: printing.PrintOptions(("symptoms", "sources"), "a4")))
    targets = iter(str(tmp_path / name) for name in ("page.pdf", "page.html", "answer.pdf"))
    monkeypatch.setattr(printing.ExportFileDialog, "ask_save", classmethod(lambda cls, *a: next(targets)))
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    win = MainWindow(library, settings=settings, theme_choice="light", userdata=UserData(tmp_path / "u.sqlite"))
    qtbot.addWidget(win)
    win.show()
    for text in ("twitch", "Can B12 deficiency cause fasciculations?", "fasiculations", "vit d"):
        win.search_field.setText(text)
        win.search.run_search()
    for page in ("vitamin-b12", "fasciculations", "iron"):
        win.open_page(page)
    win.findChild(QAction, "bookmark").trigger()
    win.user_panel.note.editor.setPlainText("note")
    win.user_panel.note.save()
    win.go_back()
    win.apply_theme("dark")
    win.open_page("vitamin-b12")
    assert win.summary_printer.print_() and printed.read_bytes().startswith(b"%PDF")
    assert win.summary_printer.export_pdf() == tmp_path / "page.pdf"
    assert win.summary_printer.export_html() == tmp_path / "page.html"
    win.search_field.setText("Can B12 deficiency cause fasciculations?")
    win.search.run_search()
    assert win.summary_printer.export_answer_pdf() == tmp_path / "answer.pdf"
    win.close()
    assert no_network == []
    assert "PySide6.QtNetwork" not in sys.modules


def test_page_views_load_no_resources(qtbot, library, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    win = MainWindow(library, settings=settings, theme_choice="light", userdata=UserData(tmp_path / "u.sqlite"))
    qtbot.addWidget(win)
    browser = win.welcome
    browser.setHtml(f"<p>x</p>{HOSTILE}<link rel='stylesheet' href='https://example.invalid/a.css'>")
    assert browser.loadResource(2, QUrl("http://example.invalid/x.png")) is None
    assert browser.loadResource(3, QUrl("https://example.invalid/a.css")) is None


def test_search_text_and_notes_are_escaped_when_shown(qtbot, library, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    store = UserData(tmp_path / "u.sqlite")
    store.save_note("iron", "remember " + HOSTILE)
    win = MainWindow(library, settings=settings, theme_choice="light", userdata=store)
    qtbot.addWidget(win)
    win.search_field.setText(HOSTILE)
    win.search.run_search()
    if win.search.left_stack.currentWidget() is win.search.empty:  # shown as plain text: never markup
        assert win.search.empty_title.textFormat() == Qt.PlainText and HOSTILE.strip() in win.search.empty_title.text()
    else:
        assert win.search.correction_text.textFormat() == Qt.PlainText
    win.search_field.setText("remember")
    win.search.run_search()
    notes = [win.search.results_model.hit(i) for i in range(win.search.results_model.rowCount()) if win.search.results_model.hit(i)]
    note = next(h for h in notes if h.type == "note")
    # the path that renders a row: RowPainter draws runs() pieces with drawText, so the pieces
    # must be the note's own characters (never markup), and a row with them draws
    from b12ref.ui.delegates import RowPainter, runs

    pieces = runs(note.snippet, ["remember"])
    assert "".join(piece for piece, _ in pieces) == note.snippet and "<script" in note.snippet
    painter = RowPainter()
    image = painter.picture(QSize(400, 40), 1.0, (QColor("white"), QColor("black"), QColor("gray")),
                            win.search.results.font(), note.name, note.snippet, None)
    assert not image.isNull()
    # a hostile question is the title of its answer page: escaped by the one HTML writer
    assert win.open_answer("can b12 cause " + HOSTILE)
    assert "<script>alert(1)</script>" in win.document_view.browser.toPlainText()  # the characters typed
    assert "<script>" not in win.document_view.browser.toHtml()


def test_external_link_opens_only_after_yes(qtbot, library, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from b12ref.ui import dialogs

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    win = MainWindow(library, settings=settings, theme_choice="light", userdata=UserData(tmp_path / "u.sqlite"))
    qtbot.addWidget(win)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    monkeypatch.setattr(dialogs.ExternalLinkDialog, "ask", classmethod(lambda cls, parent, url: False))
    win.deficiency_view.article.external_requested.emit(QUrl("https://ods.od.nih.gov/"))
    assert opened == []
    monkeypatch.setattr(dialogs.ExternalLinkDialog, "ask", classmethod(lambda cls, parent, url: True))
    win.deficiency_view.article.external_requested.emit(QUrl("https://ods.od.nih.gov/"))
    assert [u.toString() for u in opened] == ["https://ods.od.nih.gov/"]


def test_sql_is_parameterised():
    """No SQL built from values with f-strings or % in the core, except fixed table names."""
    import re
    from pathlib import Path

    core = Path(__file__).resolve().parent.parent / "b12ref" / "core"
    risky = []
    for path in core.glob("*.py"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if not re.search(r"execute\(f[\"']", line):
                continue
            fields = re.findall(r"\{([^}]*)\}", line)
            # allowed: fixed table/column names, constants, "?, ?, ?" placeholder lists, escaped literals
            if any(not (f in ("table", "column", "marks") or f.isupper() or f.startswith("_sql_str("))
                   for f in fields):
                risky.append(f"{path.name}:{n}: {line.strip()}")
    assert risky == []
