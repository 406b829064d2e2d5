"""A first start (no content database in the cache): the window is usable at once, the database is
built in a process of its own, then search works; a build that fails still gives a window or a message."""

import shutil
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction

from b12ref.core.userdata import UserData
from b12ref.ui.app import Start
from b12ref.ui.main_window import MainWindow
from b12ref.ui.settings import Settings

REPO = Path(__file__).resolve().parent.parent
ARGS = SimpleNamespace(open=None, search=None, screenshot=None, theme=None, size=None)


def _start(qtbot, tmp_path, monkeypatch, content: Path):
    monkeypatch.setenv("B12REF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("B12REF_CONTENT_DIR", str(content))
    win = MainWindow(settings=Settings(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)), theme_choice="light")
    qtbot.addWidget(win)
    start = Start(None, win, ARGS)
    win.prepare(UserData(tmp_path / "u.sqlite"))  # the user data of this test (after_paint would open the default)
    win.show()
    return win, start


def test_a_first_start_is_usable_at_once_and_searches_once_built(qtbot, tmp_path, monkeypatch):
    win, start = _start(qtbot, tmp_path, monkeypatch, REPO / "db" / "content")
    usable, ready = [], []
    win.usable.connect(lambda: usable.append(win.library))
    win.ready.connect(lambda: ready.append(win.library))
    win.search_field.setText("twitch")  # typed while the library is being prepared
    start.after_paint()
    assert start.reason == "missing" and win.library is None
    assert usable == [None] and ready == []  # usable at once, without the library
    assert "being prepared" in win.welcome.toPlainText()
    assert "Preparing the library for its first use" in win.statusBar().currentMessage()
    assert not win.open_page("iron") and "being prepared" in win.statusBar().currentMessage()
    qtbot.waitUntil(lambda: win._built, timeout=5000)  # menus and keyboard access, without the library
    assert win.library is None  # (no event is handled from here to the end of the loop: it stays so)
    for name in ("checker", "supplements", "about", "find", "bookmark"):  # none needs it to say "wait"
        action = win.findChild(QAction, name)
        assert action is not None, name
        action.trigger()
    assert win.library is None
    qtbot.waitUntil(lambda: bool(ready), timeout=60000)
    assert ready[0] is not None and (tmp_path / "cache" / "content.sqlite").is_file()
    assert usable == [None]  # once, when the window was usable without search
    assert "Vitamin B12" in win.welcome.toPlainText() and "being prepared" not in win.welcome.toPlainText()
    assert "not medical advice" in win.statusBar().currentMessage()  # the first run's notice, after the build
    model = win.search.results_model  # what was typed meanwhile is searched
    qtbot.waitUntil(lambda: "Fasciculations" in [model.hit(i).name for i in range(model.rowCount()) if model.hit(i)],
                    timeout=5000)
    assert win.open_page("iron")
    start.stop()
    win.close()


def test_a_first_start_whose_content_cannot_build_says_why(qtbot, tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(REPO / "db" / "content", content)
    (content / "symptoms" / "fatigue.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    win, start = _start(qtbot, tmp_path, monkeypatch, content)
    told = []
    monkeypatch.setattr("b12ref.ui.app._cannot_open", lambda app, window, args, notice: told.append(notice) or 1)
    start.after_paint()
    qtbot.waitUntil(lambda: bool(told), timeout=60000)
    assert "problem" in told[0] and start.status == 1 and win.library is None
    win.close()


def test_closing_during_the_build_stops_it_and_leaves_no_file(qtbot, tmp_path, monkeypatch):
    win, start = _start(qtbot, tmp_path, monkeypatch, REPO / "db" / "content")
    start.after_paint()
    # stopped in the middle of writing: its temporary file is there (it is renamed when whole)
    qtbot.waitUntil(lambda: bool(list((tmp_path / "cache").glob(".b12ref-build-*"))), timeout=60000)
    start.stop()
    win.close()
    leftovers = [p.name for p in (tmp_path / "cache").glob("*")] if (tmp_path / "cache").exists() else []
    assert "content.sqlite" not in leftovers and not [n for n in leftovers if n.startswith(".b12ref-build-")]


def test_a_cache_folder_that_cannot_take_the_database_gets_a_temporary_one(qtbot, tmp_path, monkeypatch):
    win, start = _start(qtbot, tmp_path, monkeypatch, REPO / "db" / "content")
    (tmp_path / "cache").write_text("a file where the cache folder should be", encoding="utf-8")
    ready = []
    win.ready.connect(lambda: ready.append(win.library))
    start.after_paint()
    qtbot.waitUntil(lambda: bool(ready), timeout=60000)
    assert "temporary copy" in win.statusBar().currentMessage() and start.status == 0
    assert win.open_page("iron")
    win.close()
