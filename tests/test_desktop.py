"""The app as a desktop application: where the window opens, icon and launcher, keyboard reach,
accessible names, licences and what the packages hold."""

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLabel, QLineEdit, QTextBrowser, QToolBar, QToolButton, QWidget

from b12ref import desktop_install, platform_check
from b12ref.attribution import hpo_acknowledgement, hpo_release
from b12ref.ui import window_geometry
from b12ref.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parent.parent




# ---- where the window opens ----------------------------------------------------------------
@pytest.mark.parametrize("screen", [(1920, 1080), (1366, 768), (2560, 1440), (1280, 800)])
def test_first_run_takes_about_80_percent_centred_and_at_least_1024x640(screen):
    available = QRect(0, 0, *screen)
    rect = window_geometry.first_run_rect(available)
    assert available.contains(rect)
    assert rect.width() >= min(1024, screen[0]) and rect.height() >= min(640, screen[1])
    assert 0.75 * screen[0] * screen[1] <= rect.width() * rect.height() <= 0.85 * screen[0] * screen[1]
    assert abs(rect.center().x() - available.center().x()) <= 1
    assert abs(rect.center().y() - available.center().y()) <= 1


def test_first_run_on_a_small_screen_fills_it_and_no_more():
    available = QRect(0, 24, 1000, 576)  # a panel at the top
    rect = window_geometry.first_run_rect(available)
    assert rect == available


def test_a_window_on_a_screen_keeps_its_place():
    screens = [QRect(0, 0, 1920, 1080)]
    assert window_geometry.corrected_rect(QRect(100, 100, 1200, 800), screens) is None
    assert window_geometry.corrected_rect(QRect(1700, 900, 1200, 800), screens) is None  # partly off: still usable


def test_a_window_left_on_an_unplugged_screen_comes_back():
    screens = [QRect(0, 0, 1920, 1080)]  # the second monitor, at x >= 1920, is gone
    fixed = window_geometry.corrected_rect(QRect(2200, 100, 1200, 800), screens)
    assert fixed is not None and screens[0].contains(fixed) and fixed.size().width() == 1200


def test_a_window_bigger_than_the_new_screen_is_fitted_to_it():
    screens = [QRect(0, 0, 1366, 768)]
    fixed = window_geometry.corrected_rect(QRect(0, 0, 2400, 1300), screens)
    assert fixed is not None and screens[0].contains(fixed)


def test_a_title_bar_above_the_screen_is_brought_down():
    screens = [QRect(0, 0, 1920, 1080)]
    fixed = window_geometry.corrected_rect(QRect(200, -300, 1000, 700), screens)
    assert fixed is not None and fixed.top() >= 0


def test_first_run_window_is_placed_for_the_screen_and_split_sensibly(qtbot, library, settings):
    win = MainWindow(library, settings=settings, theme_choice="light")
    qtbot.addWidget(win)
    assert window_geometry.place_and_split(win) == "first-run"
    available = win.screen().availableGeometry()
    assert win.width() >= 0.75 * available.width() - 40 and win.height() >= 0.75 * available.height() - 40
    assert available.contains(QRect(win.pos(), win.size()))
    left, right = win.splitter.sizes()
    assert window_geometry.LEFT_MIN <= left <= window_geometry.LEFT_MAX and right > left


def test_a_saved_geometry_off_every_screen_is_corrected_on_restore(qtbot, library, settings):
    first = MainWindow(library, settings=settings, theme_choice="light")
    qtbot.addWidget(first)
    first.resize(600, 400)
    first.move(5000, 4000)  # where no screen is
    saved = first.saveGeometry()
    win = MainWindow(library, settings=settings, theme_choice="light")
    qtbot.addWidget(win)
    assert window_geometry.place_window(win, QByteArray(saved)) in ("corrected", "restored")
    screens = [s.availableGeometry() for s in QApplication.screens()]
    assert any(s.intersects(QRect(win.pos(), win.size())) for s in screens)
    assert window_geometry.corrected_rect(QRect(win.pos(), win.size()), screens) is None


# ---- the xcb platform's libraries ------------------------------------------------------------
def test_missing_xcb_libraries_give_the_apt_get_command():
    everything_but_three = set(platform_check.XCB_LIBRARIES) - {
        "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    message = platform_check.xcb_problem({"DISPLAY": ":0"}, known=lambda: everything_but_three)
    assert message is not None
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in message


def test_no_message_when_the_libraries_are_there_or_xcb_is_not_used():
    everything = set(platform_check.XCB_LIBRARIES)
    assert platform_check.xcb_problem({"DISPLAY": ":0"}, known=lambda: everything) is None
    assert platform_check.xcb_problem({"QT_QPA_PLATFORM": "offscreen"}, known=set) is None
    assert platform_check.xcb_problem({"WAYLAND_DISPLAY": "wayland-0"}, known=set) is None
    assert platform_check.xcb_problem({"DISPLAY": ":0"}, known=set) is not None or not sys.platform.startswith("linux")
    assert platform_check.uses_xcb({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}) is (
        sys.platform.startswith("linux"))


def test_the_app_prints_the_install_command_instead_of_aborting(tmp_path):
    probe = ("import sys; from b12ref import platform_check; "
             "platform_check._ldconfig_names = lambda: set(); "
             "from b12ref.ui.app import run; sys.exit(run([]))")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DISPLAY": ":0", "LD_LIBRARY_PATH": ""}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60,
                         cwd=REPO)
    if not sys.platform.startswith("linux"):
        pytest.skip("the xcb platform is Linux only")
    assert out.returncode == 1
    assert "sudo apt-get install libxcb-cursor0" in out.stderr and "Traceback" not in out.stderr


# ---- icon, launcher, metainfo -------------------------------------------------------------
def test_every_window_gets_the_icon_and_the_desktop_file_name(qtbot):
    from b12ref.ui import app_identity

    app = QApplication.instance()
    app_identity.apply(app)
    assert app.desktopFileName() == desktop_install.APP_ID
    assert not app.windowIcon().isNull()
    assert {s.width() for s in app.windowIcon().availableSizes()} >= {16, 32, 48, 256}
    widget = QWidget()
    qtbot.addWidget(widget)
    assert not widget.windowIcon().isNull()


def test_icon_files_exist_in_every_size():
    files = desktop_install.icon_files()
    assert all(path.is_file() for path in files.values()), [p for p in files.values() if not p.is_file()]
    for folder, path in files.items():
        if path.suffix == ".png":
            size = int(folder.split("x")[0])
            assert path.read_bytes()[16:24] == size.to_bytes(4, "big") * 2, path  # PNG IHDR width, height


def test_desktop_file_names_the_icon_the_command_and_the_window_class():
    text = desktop_install.desktop_file().read_text(encoding="utf-8")
    assert f"Icon={desktop_install.APP_ID}\n" in text
    assert "StartupWMClass=b12ref\n" in text and "Exec=b12ref gui\n" in text
    meta = desktop_install.metainfo_file().read_text(encoding="utf-8")
    assert f"<id>{desktop_install.APP_ID}</id>" in meta
    assert f'<launchable type="desktop-id">{desktop_install.APP_ID}.desktop</launchable>' in meta


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-validate not installed "
                    "(apt-get install desktop-file-utils)")
def test_desktop_file_validates(tmp_path):
    run = subprocess.run(["desktop-file-validate", str(desktop_install.desktop_file())], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0 and "error" not in run.stdout, run.stdout
    installed = desktop_install.install(tmp_path, command="/opt/b12ref/bin/b12ref gui")
    launcher = next(p for p in installed.files if p.suffix == ".desktop")
    run = subprocess.run(["desktop-file-validate", str(launcher)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "error" not in run.stdout, run.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstreamcli not installed (apt-get install appstream)")
def test_metainfo_validates():
    run = subprocess.run(["appstreamcli", "validate", "--no-net", str(desktop_install.metainfo_file())],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr


def test_install_desktop_writes_launcher_metainfo_and_icons_and_uninstall_removes_them(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from b12ref.cli import cli

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    result = CliRunner().invoke(cli, ["install-desktop"])
    assert result.exit_code == 0, result.output
    launcher = tmp_path / "applications" / f"{desktop_install.APP_ID}.desktop"
    exec_line = next(line for line in launcher.read_text().splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" gui") and exec_line != "Exec=b12ref gui"  # a full path, no PATH needed
    assert (tmp_path / "metainfo" / f"{desktop_install.APP_ID}.metainfo.xml").is_file()
    assert (tmp_path / "icons/hicolor/48x48/apps" / f"{desktop_install.APP_ID}.png").is_file()
    assert (tmp_path / "icons/hicolor/scalable/apps" / f"{desktop_install.APP_ID}.svg").is_file()
    result = CliRunner().invoke(cli, ["install-desktop", "--uninstall"])
    assert result.exit_code == 0 and not launcher.exists()


# ---- keyboard and accessibility --------------------------------------------------------------
def _tab_chain(win, start, limit=400):
    seen, widget = [], start
    for _ in range(limit):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        seen.append(widget)
    return seen


def _reachable(widget) -> bool:
    return bool(widget.focusPolicy() & Qt.TabFocus) and widget.isEnabled()


def test_search_instead_and_suggestion_links_are_on_the_tab_chain(window):
    pane = window.search
    for label in (pane.correction_link, pane.empty_hint):
        assert label.textInteractionFlags() & Qt.LinksAccessibleByKeyboard
        assert _reachable(label)
        assert label in _tab_chain(window, window.search_field)


def test_tab_from_the_search_box_reaches_the_suggestion_links_and_enter_follows_one(window, qtbot):
    qtbot.keyClicks(window.search_field, "qqqqzzzzxxxx")
    qtbot.waitUntil(lambda: window.search.left_stack.currentWidget() is window.search.empty, timeout=2000)
    window.search_field.setFocus()
    hint = window.search.empty_hint
    _tab_until(qtbot, hint)
    qtbot.keyClick(hint, Qt.Key_Return)  # the first suggestion
    qtbot.waitUntil(lambda: window.search_field.text() == "twitching", timeout=2000)


def _tab_until(qtbot, target, presses=40):
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        if QApplication.focusWidget() is target:
            if isinstance(target, QLabel):  # a label of links: its first link takes the focus
                qtbot.waitUntil(target.hasSelectedText, timeout=2000)
            return
    raise AssertionError(f"Tab never reached {target.accessibleName()}")


def test_tab_reaches_search_instead_and_enter_searches_for_what_was_typed(window, qtbot):
    window.search_field.setText("fasiculations")
    window.search.run_search()
    assert window.search.correction.isVisible()
    window.search_field.setFocus()
    _tab_until(qtbot, window.search.correction_link)
    qtbot.keyClick(window.search.correction_link, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.search.left_stack.currentWidget() is window.search.empty, timeout=2000)
    assert "fasiculations" in window.search.empty_title.text()


def test_every_control_is_reachable_by_keyboard(window):
    controls = [w for w in window.findChildren(QWidget)
                if isinstance(w, (QLineEdit, QAbstractItemView, QTextBrowser))
                or (isinstance(w, QLabel) and "<a " in w.text())
                or (isinstance(w, QToolButton) and isinstance(w.parentWidget(), QToolBar) and w.defaultAction())]
    controls = [w for w in controls if not isinstance(w, QHeaderView)]  # headers: Qt keeps them mouse-only
    controls = [w for w in controls if w.isEnabled()]  # a disabled control is rightly skipped
    unreachable = [w.accessibleName() or w.objectName() or type(w).__name__ for w in controls if not _reachable(w)]
    assert unreachable == []
    assert all(not v.tabKeyNavigation() for v in window.findChildren(QAbstractItemView))  # Tab leaves tables


def test_focus_is_visible(window, qtbot):
    ring = window.focus_ring
    window.search_field.setFocus()
    qtbot.waitUntil(lambda: ring.isVisible() and ring.target is window.search_field, timeout=2000)
    field_rect = QRect(window.search_field.mapTo(window, window.search_field.rect().topLeft()),
                       window.search_field.size())
    assert ring.geometry().contains(field_rect)
    window.open_page("vitamin-b12")
    window.deficiency_view.table.setFocus()
    qtbot.waitUntil(lambda: ring.target is window.deficiency_view.table, timeout=2000)
    image = ring.grab().toImage()
    highlight = ring.palette().color(ring.palette().ColorRole.Highlight)
    assert image.pixelColor(image.width() // 2, 1).rgb() == highlight.rgb()
    # the ring is drawn over the control: only its edge is the ring's, so a click inside reaches the control
    centre = ring.rect().center()
    assert ring.mask().contains(QPoint(centre.x(), 1)) and not ring.mask().contains(centre)
    assert window.childAt(ring.mapTo(window, centre)) is not ring


def test_help_menu_lists_keyboard_shortcuts_from_the_actions(window, qtbot):
    action = window.findChild(type(window.shortcuts_action), "keyboard_shortcuts")
    assert action in window.menus["help"].actions()
    action.trigger()
    dialog = window.shortcuts_dialog
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    for keys, what in (("Ctrl+K", "Search"), ("Ctrl+Q", "Quit"), ("Ctrl+F", "Find in Page"),
                       ("Alt+Left", "Back"), ("Ctrl+D", "Bookmark This Page"), ("Esc", "Clear the search"),
                       ("Tab", "next")):
        assert keys in text and what in text, (keys, what)


ROLES_NEEDING_NAMES = {"EditableText", "List", "Tree", "Table", "PushButton", "CheckBox", "PageTabList",
                       "StaticText", "ToolBar", "MenuBar", "StatusBar", "Splitter", "LayeredPane", "Button"}


def _walk(iface, depth=0, out=None):
    out = [] if out is None else out
    if iface is None or not iface.isValid() or iface.state().invisible or depth > 40:
        return out
    out.append(iface)
    role = iface.role().name
    if role not in ("List", "Tree", "Table"):  # rows are named by their text
        for i in range(iface.childCount()):
            _walk(iface.child(i), depth + 1, out)
    return out


def test_panes_and_controls_have_accessible_names(window):
    window.open_page("vitamin-b12")
    unnamed = []
    for iface in _walk(QAccessible.queryAccessibleInterface(window)):
        role = iface.role().name
        if role in ROLES_NEEDING_NAMES and not iface.text(QAccessible.Name).strip():
            widget = iface.object()
            unnamed.append(f"{role} {type(widget).__name__} {getattr(widget, 'objectName', lambda: '')()}")
    assert unnamed == []
    for widget in (window.search, window.page_stack, window.deficiency_view, window.user_panel,
                   window.search.results, window.search.browse, window.deficiency_view.table):
        assert widget.accessibleName(), widget


# ---- licences and attribution ---------------------------------------------------------------
def test_license_and_notice_carry_the_hpo_attribution_and_release():
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    notice = (REPO / "NOTICE").read_text(encoding="utf-8")
    assert hpo_acknowledgement() in notice  # with the release recorded in db/content/HPO-RELEASE
    assert "hpo.jax.org/license" in notice and "Gargano" in notice


def test_about_box_shows_the_hpo_release_and_acknowledgement(window):
    from b12ref.ui.dialogs import AboutDialog

    dialog = AboutDialog(window.library.meta(), window.library.reviewed_dates(), list(window.library.sources().values()),
                         window)
    text = dialog.findChild(QTextBrowser, "AboutText").toPlainText()
    assert f"release {hpo_release()}" in text and "Human Phenotype Ontology" in text
    assert "hpo.jax.org/license" in text and "not endorsed" in text


# ---- packaging ---------------------------------------------------------------------------------
QT_API_SINCE = {  # API (as written in the code) -> the PySide6 version that added it
    r"QFont\.Tag\b": (6, 7), r"\.setFeature\(": (6, 7), r"\.setFontFeatures\(": (6, 7),
    r"\bcolorScheme\b": (6, 5), r"Qt\.ColorScheme": (6, 5), r"setDesktopFileName\(": (5, 7),
}


def _lower_bound() -> tuple[int, ...]:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'"PySide6-Essentials>=([\d.]+)', text)
    assert found, "no PySide6-Essentials lower bound"
    return tuple(int(x) for x in found.group(1).split("."))


def test_pyside6_lower_bound_covers_the_apis_used_and_is_installed():
    import PySide6

    sources = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "b12ref").rglob("*.py"))
    needed = max((since for pattern, since in QT_API_SINCE.items() if re.search(pattern, sources)), default=(6, 0))
    bound = _lower_bound()
    assert bound[:2] >= needed, f"the code uses PySide6 {needed} APIs; pyproject says >={bound}"
    assert bound[:2] == needed, f"the lower bound {bound} is higher than any API used needs ({needed})"
    assert tuple(int(x) for x in PySide6.__version__.split(".")[:2]) >= bound[:2]


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return next(out.glob("*.tar.gz")), next(out.glob("*.whl"))


def test_sdist_holds_only_the_project(dists):
    sdist, _ = dists
    with tarfile.open(sdist) as tar:
        names = [n.split("/", 1)[1] for n in tar.getnames() if "/" in n]
    junk = [n for n in names if re.search(r"(^|/)(\.venv|venv|__pycache__|\.pytest_cache|\.hypothesis|build|dist)"
                                          r"(/|$)|\.pyc$|\.egg-info|\.sqlite", n)]
    assert junk == []
    for needed in ("LICENSE", "NOTICE", "README.md", "pyproject.toml", "b12ref/ui/app.py",
                   f"resources/desktop/{desktop_install.APP_ID}.desktop"):
        assert needed in names, needed


def test_wheel_has_no_screenshots_test_data_or_big_files(dists):
    _, wheel = dists
    with zipfile.ZipFile(wheel) as whl:
        infos = whl.infolist()
    names = [i.filename for i in infos]
    # the content database is shipped only when asked (B12REF_SHIP_DATABASE=1, hatch_build.py)
    assert [i.filename for i in infos if i.file_size > 300_000] == []
    assert [n for n in names if "screenshot" in n or n.startswith("tests/") or n.endswith(".pyc")] == []
    assert "b12ref/_resources/templates/page.html" in names
    assert f"b12ref/_resources/icons/hicolor/48x48/apps/{desktop_install.APP_ID}.png" in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
