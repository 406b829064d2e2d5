"""The window as a person uses it, driven with pytest-qt on the real content."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from b12ref.ui.main_window import MainWindow
from b12ref.ui.models import ID_ROLE, BrowseModel, SearchResultsModel, SymptomLinksModel




def _result_names(win):
    model = win.search.results_model
    return [model.hit(i).name for i in range(model.rowCount()) if model.hit(i)]


def test_window_paints_before_the_library_opens_and_keeps_what_was_typed(qtbot, library, settings, tmp_path,
                                                                         monkeypatch):
    from b12ref.core.userdata import UserData
    from b12ref.ui import main_window

    monkeypatch.setattr(main_window, "PAINT_WAIT_MS", 600_000)  # so only a paint can call back

    win = MainWindow(settings=settings, theme_choice="light")  # the frame alone (a first start adds all but search)
    qtbot.addWidget(win)
    assert win.library is None and win.page_stack.count() == 0
    painted = []
    win.when_painted(lambda: painted.append(win.library))
    win.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=2000)
    assert painted == [None]  # the callback came after a paint, before anything was attached
    qtbot.keyClicks(win.search_field, "twitch")  # typed while the library is opening
    with qtbot.waitSignal(win.ready, timeout=5000):
        win.attach(library, UserData(tmp_path / "u.sqlite"))
    qtbot.waitUntil(lambda: "Fasciculations" in _result_names(win), timeout=3000)
    assert win.back_action.isEnabled() is False and win.bookmark_action.isEnabled()


def test_at_ready_the_browse_tree_is_there_and_typing_builds_the_rest_of_search(qtbot, library, settings, tmp_path):
    """The app's start (attach with defer, then announce_ready once painted): `ready` comes with the
    first screen (browse tree, my data, start page), not the page views; what a search shows is built
    by the first text typed, and search works before the rest of the window is built."""
    from b12ref.core.userdata import UserData

    win = MainWindow(settings=settings, theme_choice="light")
    qtbot.addWidget(win)
    win.show()
    seen = []
    win.ready.connect(lambda: seen.append((win._built, win.search._parts_built, win.search.browse_model.rowCount(),
                                           "Vitamin B12" in win.welcome.toPlainText(), win.user_panel.count(),
                                           win._page_views)))
    win.attach(library, UserData(tmp_path / "u.sqlite"), defer=True)
    assert seen == []  # the app announces `ready` once the window has painted
    win.announce_ready()
    assert seen == [(False, False, 4, True, 3, None)]  # Vitamins, Minerals, Other, Symptoms A-Z; 3 tabs
    qtbot.keyClicks(win.search_field, "twitch")
    assert win.search._parts_built
    qtbot.waitUntil(lambda: "Fasciculations" in _result_names(win), timeout=3000)


def test_window_frame_imports_no_content_code():
    import subprocess
    import sys

    probe = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]); "
             "from b12ref.ui.main_window import MainWindow; w = MainWindow(); w.show(); app.processEvents(); "
             "print(' '.join(sorted(m for m in sys.modules if m.startswith(('b12ref', 'sqlite3', 'yaml')))))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    loaded = set(run.stdout.split())
    assert loaded <= {"b12ref", "b12ref.ui", "b12ref.ui.main_window", "b12ref.ui.theme", "b12ref.ui.navigation",
                      "b12ref.ui.settings"}, loaded


def test_search_field_has_focus_at_start(window, qtbot):
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search_field)


def test_typing_twitch_lists_fasciculations(window, qtbot):
    qtbot.keyClicks(window.search_field, "twitch")
    qtbot.waitUntil(lambda: "Fasciculations" in _result_names(window), timeout=2000)
    assert window.search.left_stack.currentWidget() is window.search.results


def test_opening_fasciculations_lists_b12_with_grade(window, qtbot):
    qtbot.keyClicks(window.search_field, "twitch")
    qtbot.waitUntil(lambda: "Fasciculations" in _result_names(window), timeout=2000)
    while window.search.results_model.hit(window.search.results.currentIndex().row()).name != "Fasciculations":
        qtbot.keyClick(window.search_field, Qt.Key_Down)
    qtbot.keyClick(window.search_field, Qt.Key_Return)
    text = window.document_view.browser.toPlainText()
    assert window.page_stack.currentWidget() is window.document_view
    assert "Vitamin B12 deficiency" in text
    cells = text[text.index("Vitamin B12 deficiency"):].split("\n")  # a table row's cells, one per line
    assert any("reported · rare" in cell for cell in cells[:3]), cells[:3]


def test_back_returns_to_previous_page(window, qtbot):
    window.open_page("vitamin-b12")
    window.open_page("fasciculations")
    qtbot.keyClick(window, Qt.Key_Left, Qt.AltModifier)
    assert window.current_page.id == "vitamin-b12"
    qtbot.keyClick(window, Qt.Key_Right, Qt.AltModifier)
    assert window.current_page.id == "fasciculations"


def test_escape_clears_search(window, qtbot):
    qtbot.keyClicks(window.search_field, "iron")
    qtbot.keyClick(window.search_field, Qt.Key_Escape)
    assert window.search_field.text() == ""
    assert window.search.left_stack.currentWidget() is window.search.browse


def test_no_results_shows_suggestions(window, qtbot):
    qtbot.keyClicks(window.search_field, "qqqqzzzzxxxx")
    qtbot.waitUntil(lambda: window.search.left_stack.currentWidget() is window.search.empty, timeout=2000)
    assert "qqqqzzzzxxxx" in window.search.empty_title.text()
    assert "Try" in window.search.empty_hint.text() and "twitching" in window.search.empty_hint.text()


def test_a_typo_shows_what_was_searched_instead_with_a_way_back(window, qtbot):
    window.search_field.setText("fasiculations")
    window.search.run_search()
    assert window.search.correction.isVisible()
    assert "fasciculations" in window.search.correction_text.text()
    assert "Fasciculations" in _result_names(window)
    window.search.correction_link.linkActivated.emit("literal")  # "Search instead for what you typed"
    assert window.search.left_stack.currentWidget() is window.search.empty
    assert "fasiculations" in window.search.empty_title.text()


def test_deficiency_page_shows_three_panes_at_1366x768(window, qtbot):
    window.open_page("vitamin-b12")
    view = window.deficiency_view
    for pane in (view.article, view.table, view.treatment):
        assert pane.isVisible() and pane.width() > 150, pane.objectName()
    assert "Causes" in view.article.toPlainText()
    assert view.proxy.rowCount() >= 15
    assert "Hydroxocobalamin" in view.treatment.toPlainText() or "hydroxocobalamin" in view.treatment.toPlainText()


def test_symptom_filter_and_open_row(window, qtbot):
    window.open_page("vitamin-b12")
    view = window.deficiency_view
    view.filter.setText("twitch")
    assert view.proxy.rowCount() == 1
    with qtbot.waitSignal(window.page_shown) as signal:
        view.table.doubleClicked.emit(view.proxy.index(0, 0))
    assert signal.args == ["fasciculations"]


def test_dark_theme_reaches_article_text(window, qtbot):
    window.open_page("vitamin-b12")
    window.apply_theme("dark")
    html = window.deficiency_view.article.document().defaultStyleSheet()
    assert "#1e2227" in html
    qtbot.waitUntil(lambda: window.palette().color(window.backgroundRole()).lightness() < 100)
    assert window.search_field.palette().color(window.search_field.backgroundRole()).lightness() < 100


def test_answer_page_follows_the_theme_and_is_not_laid_out_again_for_the_same_answer(window, monkeypatch):
    browser = window.document_view.browser
    window.search_field.setText("can b12 deficiency cause fasciculations")
    window.search.run_search()
    assert window.page_stack.currentWidget() is window.document_view
    assert "#1e2227" not in browser.document().defaultStyleSheet()
    laid_out = []
    monkeypatch.setattr(browser, "setHtml", lambda html: laid_out.append(html))
    window.search_field.setText("can b12 deficiency cause fasciculations ")  # typed on: the same question
    window.search.run_search()
    assert laid_out == []
    monkeypatch.undo()
    window.apply_theme("dark")
    assert "#1e2227" in browser.document().defaultStyleSheet() and "B12" in browser.toPlainText()


def test_layout_is_restored_on_restart(qtbot, library, settings):
    first = MainWindow(library, settings=settings, theme_choice="light")
    qtbot.addWidget(first)
    first.resize(760, 560)  # within the offscreen screen (800x600), which clamps restored geometry
    first.show()
    first.splitter.setSizes([330, 420])
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(library, settings=settings, theme_choice="light")
    qtbot.addWidget(second)
    second.show()
    assert (second.size().width(), second.size().height()) == (760, 560)
    assert second.splitter.sizes() == sizes


def test_models_pass_the_model_tester(qtmodeltester, library, searcher):
    results = SearchResultsModel()
    results.set_results(searcher.search("iron").hits)
    qtmodeltester.check(results)
    browse = BrowseModel()
    browse.set_pages(library.deficiencies(), library.symptoms())
    qtmodeltester.check(browse)
    links = SymptomLinksModel()
    links.set_links(library.deficiency("vitamin-b12").symptoms)
    qtmodeltester.check(links)


def test_browse_groups_vitamins_minerals_and_symptoms(library):
    model = BrowseModel()
    model.set_pages(library.deficiencies(), library.symptoms())
    titles = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert titles[0].startswith("Vitamins") and any(t.startswith("Minerals") for t in titles)
    assert titles[-1].startswith("Symptoms A–Z")
    first_vitamin = model.index(0, 0, model.index(0, 0))
    assert first_vitamin.data(ID_ROLE)


def test_question_opens_its_answer_as_a_page_with_a_preview_in_the_sidebar(window, qtbot):
    window.search_field.setText("Can B12 deficiency cause fasciculations?")
    window.search.run_search()
    assert window.search.card.isVisible()
    assert "Vitamin B12 deficiency can cause fasciculations (reported, rare)" in window.search.card.headline()
    assert window.page_stack.currentWidget() is window.document_view
    text = window.document_view.browser.toPlainText()
    assert text.startswith("Can B12 deficiency cause fasciculations?")
    assert "Yes: Vitamin B12 deficiency can cause fasciculations (reported, rare)" in text
    assert "reported: described in case reports" in text and "References" in text and "Turner" in text
    assert "Magnesium deficiency" in text  # the other deficiencies recorded for the symptom
    assert window.windowTitle().startswith("Can B12 deficiency cause fasciculations?")


def test_an_answer_is_in_history_and_back_and_forward_return_to_it(window, qtbot):
    window.open_page("vitamin-b12")
    window.search_field.setText("can too much vitamin d cause kidney stones")
    window.search.run_search()
    assert window.current_page.id == "ask:can too much vitamin d cause kidney stones"
    window.open_page("fasciculations")
    window.go_back()
    assert window.current_page.id.startswith("ask:") and "Too much" not in window.windowTitle()
    assert "too much Vitamin D can cause kidney stones" in window.document_view.browser.toPlainText()
    window.go_back()
    assert window.current_page.id == "vitamin-b12"
    window.go_forward()
    assert window.current_page.id == "ask:can too much vitamin d cause kidney stones"
    visits = [v.page_id for v in window.userdata.history(limit=10)]
    assert "ask:can too much vitamin d cause kidney stones" in visits


def test_a_bookmark_and_a_note_on_an_answer_survive_a_restart(qtbot, library, settings, tmp_path):
    from b12ref.core.userdata import UserData

    path = tmp_path / "userdata.sqlite"
    first = MainWindow(library, settings=settings, theme_choice="light", userdata=UserData(path))
    qtbot.addWidget(first)
    first.open_answer("my ferritin is 12, is that low?")
    first.findChild(QAction, "bookmark").trigger()
    first.user_panel.note.editor.setPlainText("ask the GP about iron tablets")
    first.close()
    second = MainWindow(library, settings=settings, theme_choice="light", userdata=UserData(path))
    qtbot.addWidget(second)
    marks = {b.page_id: b.title for b in second.userdata.bookmarks()}
    assert marks.get("ask:my ferritin is 12, is that low?") == "my ferritin is 12, is that low?"
    assert second.open_page("ask:my ferritin is 12, is that low?")
    assert second.bookmark_action.isChecked()
    assert second.user_panel.note.editor.toPlainText() == "ask the GP about iron tablets"
    assert "Serum ferritin" in second.document_view.browser.toPlainText()


def test_external_links_ask_first(window, qtbot, monkeypatch):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from b12ref.ui import dialogs

    asked, opened = [], []
    monkeypatch.setattr(dialogs.ExternalLinkDialog, "ask", classmethod(lambda cls, p, u: asked.append(u) or False))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda u: opened.append(u))
    window.open_external(QUrl("https://ods.od.nih.gov/"))
    assert asked and not opened


def test_screenshot_option_writes_png(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "shot.png"
    run = subprocess.run([sys.executable, "main.py", "--screenshot", str(out), "--open", "fasciculations",
                          "--size", "800x600"], capture_output=True, text=True, cwd=str(__import__("pathlib").Path(__file__).parent.parent))
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


APP_RUN_PROBE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from b12ref.ui import main_window
attach = main_window.MainWindow.attach
def report(window):
    print("ready", window.library is not None, window.search.browse_model.rowCount() > 0, window.windowTitle())
    window.close()
    app.quit()
def attach_then_report(self, *args, **kwargs):
    attach(self, *args, **kwargs)
    QTimer.singleShot(0, lambda: report(self))
main_window.MainWindow.attach = attach_then_report
from b12ref.ui.app import run
sys.exit(run(["--open", "vitamin-b12", "--size", "1000x700"]))
"""


def test_app_shows_the_window_then_opens_the_library(tmp_path):
    """What `python main.py` does: frame first, library after the first paint, then --open."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, B12REF_CACHE_DIR=str(tmp_path / "cache"), B12REF_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", APP_RUN_PROBE], capture_output=True, text=True, env=env,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert "ready True True Vitamin B12 deficiency — b12ref" in run.stdout, run.stdout + run.stderr
    assert list((tmp_path / "cache").glob("*.sqlite"))  # a first start built the content database


def test_which_panel_ranks_b12_first_with_lay_words(window, qtbot, tmp_path, monkeypatch):
    from b12ref.ui.printing import ExportFileDialog

    dialog = window.show_checker()
    for phrase in ("pins and needles", "tiredness", "sore tongue"):
        dialog.field.setText(phrase)
        dialog.add_current()
    assert dialog.symptoms() == ["pins and needles", "tiredness", "sore tongue"]
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)  # ranked on the checker's worker thread
    assert dialog.result.asked == ["pins and needles", "tiredness", "sore tongue"]
    assert dialog.result.candidates[0].id == "vitamin-b12"
    text = dialog.view.toPlainText()
    assert "Vitamin B12 deficiency" in text and "not a diagnosis" in text.lower()
    target = tmp_path / "handout.pdf"
    monkeypatch.setattr(ExportFileDialog, "ask_save", classmethod(lambda cls, parent, kind, name: str(target)))
    assert dialog.export_pdf() == target and target.read_bytes()[:4] == b"%PDF"


def test_question_lists_both_named_pages_first(window):
    window.search_field.setText("can low b12 make my muscles twitch")
    window.search.run_search()
    names = _result_names(window)
    assert set(names[:2]) == {"Vitamin B12", "Fasciculations"}


def test_typing_searches_in_the_background(window, qtbot):
    """Keystrokes only restart the debounce timer; the query runs on the worker thread."""
    with qtbot.waitSignal(window.search.search_thread.finished, timeout=5000):
        qtbot.keyClicks(window.search_field, "pins and need")
    qtbot.waitUntil(lambda: "Tingling (pins and needles)" in _result_names(window), timeout=3000)
    assert window.search.search_thread.thread.is_alive()


def test_an_error_on_the_search_worker_is_reported_on_the_ui_thread_and_the_worker_goes_on(window, qtbot,
                                                                                            monkeypatch):
    import sys
    import threading

    from b12ref.ui import search_worker

    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: reported.append(
        (kind, str(value), threading.current_thread() is threading.main_thread())))
    real = search_worker.look_up

    def failing(searcher, answerer, text, *args, **kwargs):
        if text == "boom":
            raise RuntimeError("worker failed")
        return real(searcher, answerer, text, *args, **kwargs)

    monkeypatch.setattr(search_worker, "look_up", failing)
    window.search.search_thread.request("boom")
    qtbot.waitUntil(lambda: bool(reported), timeout=5000)
    assert reported == [(RuntimeError, "worker failed", True)]
    with qtbot.waitSignal(window.search.search_thread.finished, timeout=5000):
        window.search_field.setText("iron")
    assert "Iron" in _result_names(window)


def test_a_half_typed_last_word_is_not_answered_until_it_is_finished_or_typing_pauses(window, qtbot):
    from b12ref.core.answer import Answerer
    from b12ref.ui.search_worker import look_up

    searcher = window.search.searcher
    answerer = Answerer(window.library, searcher)
    # "fasc" would be corrected to "fast" and answered about a fast heart rate
    assert look_up(searcher, answerer, "can b12 deficiency cause fasc", finished=False)[1] is None
    assert look_up(searcher, answerer, "can b12 deficiency cause fasciculations", finished=False)[1].verdict == "yes"
    assert look_up(searcher, answerer, "can b12 deficiency cause fasc ", finished=False)[1] is not None  # a space ends it

    # the card stays while its last word is typed on, instead of going and coming back
    window.search_field.setText("can low magnesium cause muscle twitch")
    window.search.run_search()
    assert window.search.answer.verdict == "yes"
    result, answer = look_up(searcher, answerer, "can low magnesium cause muscle twitchi", finished=False)
    assert answer is None
    window.search_field.setText("can low magnesium cause muscle twitchi")
    window.search.show_results("can low magnesium cause muscle twitchi", result, answer)
    assert window.search.answer.verdict == "yes" and window.search.card.isVisibleTo(window)
    window.search_field.setText("can low magnesium cause muscle twitchi ")  # a new word: read afresh
    window.search.show_results("can low magnesium cause muscle twitchi ", result, None)
    assert window.search.answer is None and not window.search.card.isVisibleTo(window)

    window.search_field.clear()
    qtbot.keyClicks(window.search_field, "can b12 deficiency cause fasiculations")  # misspelt, no "?"
    qtbot.waitUntil(lambda: window.search.answer is not None, timeout=5000)  # answered after the pause
    assert window.search.answer.verdict == "yes" and window.search.answer.symptom["id"] == "fasciculations"


def test_stale_background_results_are_dropped(window, qtbot):
    from b12ref.core.answer import Answerer
    from b12ref.ui.search_worker import look_up

    window.search_field.setText("iron")
    result, answer = look_up(window.search.searcher, Answerer(window.library), "zinc")
    window.search.show_results("zinc", result, answer)  # arrives after the text changed: ignored
    assert "Zinc" not in _result_names(window)


def test_result_rows_drawn_from_cache_look_the_same_and_follow_state(window, qtbot):
    """Rows are drawn once into a picture and reused: the reused one must be the same image,
    and a selected row or another theme must get its own."""
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    window.search_field.setText("twitching")
    window.search.timer.stop()
    window.search.run_search()
    view, model, delegate = window.search.results, window.search.results_model, window.search.hit_delegate
    row = next(i for i in range(model.rowCount()) if model.hit(i))
    index = model.index(row)

    def drawn(selected: bool, palette=None) -> QImage:
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index).translated(-view.visualRect(index).topLeft())
        option.widget = view
        option.font = view.font()
        if palette is not None:
            option.palette = palette
        option.state = option.state | QStyle.State_Selected if selected else option.state & ~QStyle.State_Selected
        image = QImage(option.rect.size(), QImage.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        delegate.paint(painter, option, index)
        painter.end()
        return image

    delegate._rows.clear()
    first = drawn(False)
    assert len(delegate._rows) == 1
    direct = QImage(first.size(), QImage.Format_ARGB32)  # the same row drawn straight, no picture
    direct.fill(view.palette().color(view.palette().ColorRole.Base))
    painter = QPainter(direct)
    painter.setFont(view.font())
    painter.drawText(first.rect().adjusted(4, 2, -4, -2), 0, model.hit(row).name)
    painter.end()
    # not the same pixels (the matched word is bold, the detail line is missing), but the same
    # background and text where the name starts: the picture is the row, not a blank or a shift
    assert direct != first
    assert direct.pixelColor(1, 1) == first.pixelColor(1, 1)
    assert drawn(False) == first and len(delegate._rows) == 1  # reused, pixel for pixel
    selected = drawn(True)
    assert selected != first and len(delegate._rows) == 2
    dark = view.palette()
    dark.setColor(dark.ColorRole.Base, QColor("#1e2227"))
    assert drawn(False, dark) != first and len(delegate._rows) == 3


def test_rows_drawn_ahead_on_the_worker_thread_are_the_rows_the_window_draws(window, qtbot):
    """The search worker draws a result's first rows ahead from the look of the last row painted;
    they must be pixel for pixel what the delegate draws itself, and then nothing is drawn twice."""
    import threading

    from b12ref.ui.delegates import RowPainter, prerender
    from b12ref.ui.models import group_rows

    search = window.search
    window.search_field.setText("tingling")
    search.timer.stop()
    search.run_search()
    qtbot.waitUntil(lambda: search.hit_delegate.look is not None, timeout=3000)  # a row was painted
    look = search.hit_delegate.look
    assert look.rows >= 5 and look.width > 150
    result, _ = search.searcher.search("numb", limit=40, prefix=True), None
    ahead = {}
    worker = threading.Thread(target=lambda: ahead.update(prerender(result.hits, result.marked_words, look, RowPainter())))
    worker.start()
    worker.join()
    plain = [hit for kind, hit in group_rows(result.hits)[:look.rows] if kind == "hit"][1:]
    assert len(ahead) == len(plain) >= 3  # every plain row in view but the first hit, which is selected

    delegate = search.hit_delegate
    drawn_here = []
    original = delegate._draw
    delegate._draw = lambda *args: drawn_here.append(args[1]) or original(*args)
    delegate._rows.clear()
    window.search_field.setText("numb")
    search.timer.stop()
    search.show_results("numb", result, None)  # nothing adopted: the window draws every row itself
    window.search.results.viewport().repaint()
    drawn_by_window = {key: image for key, image in delegate._rows.items() if key[0] in {h.name for h in plain}}
    assert drawn_by_window.keys() == ahead.keys()
    assert all(drawn_by_window[key] == ahead[key] for key in ahead)  # pixel for pixel

    drawn_here.clear()
    delegate._rows.clear()
    search.show_results("numb", result, None, ahead)
    window.search.results.viewport().repaint()
    assert drawn_here == [result.hits[0].name]  # only the selected first hit is drawn on this thread


def test_small_words_of_a_search_are_not_bold_in_the_hits(window):
    from b12ref.ui.delegates import runs

    window.search_field.setText("tingling in the feet")
    window.search.run_search()
    delegate = window.search.hit_delegate
    bold = {piece.lower() for piece, matched in runs("Involuntary tingling in the feet", delegate.words) if matched}
    assert bold == {"tingling", "feet"}


def test_first_search_shows_rows_drawn_ahead(window, qtbot):
    """Soon after the window opens, the results list is drawn once unseen (first-use costs paid,
    and a row's look known), so even the first search's rows come drawn from the worker."""
    search = window.search
    qtbot.waitUntil(lambda: search.hit_delegate.look is not None, timeout=5000)  # the warm-up, no typing
    assert search.results_model.rowCount() == 0 and search.left_stack.currentWidget() is search.browse
    drawn_here = []
    original = search.hit_delegate._draw
    search.hit_delegate._draw = lambda *args: drawn_here.append(args[1]) or original(*args)
    with qtbot.waitSignal(search.search_thread.finished, timeout=5000) as shown:
        qtbot.keyClicks(window.search_field, "tingling in the feet")
    assert shown.args[3]  # the worker sent pictures with the result
    search.results.viewport().repaint()
    assert len(drawn_here) <= 1 and "Tingling (pins and needles)" in _result_names(window)


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_in_the_window_is_a_message_and_a_log_line(qtbot, tmp_path, monkeypatch):
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from b12ref.ui import errors

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    log = tmp_path / "data" / "errors.log"
    errors.install(lambda: None, log)

    def broken_slot():
        raise KeyError("no such page")

    for _ in range(2):  # the second, straight after, is logged without another box
        QTimer.singleShot(0, broken_slot)
        qtbot.wait(50)
    assert len(shown) == 1 and "KeyError" in shown[0] and str(log) in shown[0]
    assert log.read_text(encoding="utf-8").count("Traceback") == 2


def test_full_garbage_collections_wait_for_a_pause(window, qtbot, monkeypatch):
    import gc

    from b12ref.ui import search_pane
    from b12ref.ui.app import tune_process

    tune_process()  # what the app does once at start-up
    assert gc.get_threshold()[2] >= 1_000_000  # never in the middle of typing...
    collected = []
    monkeypatch.setattr(search_pane.gc, "collect", lambda *a: collected.append(True))
    window.search.idle_collect.timeout.disconnect()
    window.search.idle_collect.timeout.connect(lambda: search_pane.gc.collect())
    window.search.idle_collect.setInterval(50)
    window.open_page("iron")  # ...but after a pause in reading or typing
    qtbot.waitUntil(lambda: bool(collected), timeout=2000)


def test_pyside_asks_whether_a_module_uses_it_without_keeping_its_source():
    import json
    import linecache
    import sys

    import b12ref.core.quantity as plain
    import b12ref.ui.main_window as uses
    from b12ref.ui.app import read_modules_as_bytes

    read_modules_as_bytes()
    feature = sys.modules.get("shibokensupport.feature")
    if getattr(feature, "_mod_uses_pyside", None) is None:
        pytest.skip("this PySide6 does not read the modules imported after it")
    check = feature._mod_uses_pyside
    assert check.reads_bytes
    for module in (uses, plain, json, sys):  # the same answers as PySide6's own check
        assert check(module) == check.original(module)
    assert check(uses) and not check(plain)
    linecache.clearcache()
    check(uses), check(plain)
    assert not linecache.cache  # PySide6's own check keeps every line it read


def test_building_a_window_changes_no_process_wide_setting(qtbot, library, settings):
    import gc
    import sys

    gc.set_threshold(700, 10, 10)
    sys.setswitchinterval(0.005)
    try:
        win = MainWindow(library, settings=settings, theme_choice="light")
        qtbot.addWidget(win)
        win.search_field.setText("iron")
        win.search.run_search()
        assert gc.get_threshold() == (700, 10, 10) and sys.getswitchinterval() == 0.005
    finally:
        gc.set_threshold(700, 10, 10)


def test_following_the_system_reads_the_desktops_palette_and_light_and_dark_switch_back(qtbot, monkeypatch):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from b12ref.ui import theme

    dark_desktop = QPalette()
    dark_desktop.setColor(QPalette.Window, QColor("#202020"))
    app = QApplication.instance()
    before = list(theme._APPLIED)
    monkeypatch.setattr(theme, "_PLATFORM", [dark_desktop])
    assert theme.system_prefers_dark() and theme.resolve("system") == "dark" and theme.resolve("light") == "light"
    try:
        theme._APPLIED[:] = []
        theme.apply(app, "dark")
        assert app.palette().color(QPalette.Base).name() == theme.DARK[QPalette.Base]
        theme.apply(app, "light")  # a light theme on a dark desktop: Fusion's own light palette
        assert app.palette().color(QPalette.Window).lightness() >= 128
        assert theme._APPLIED == [app, "light"]
    finally:  # the app as the other tests left it
        theme._APPLIED[:] = []
        theme.apply(app, before[1] if before else "light")
