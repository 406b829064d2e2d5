"""Start the Qt application: the window, or an offscreen screenshot of a given state.

    python main.py [--screenshot FILE.png] [--open ID] [--search TEXT] [--theme light|dark] [--size WxH]

The window's frame is shown first and the library opened just after its first paint (Start): a
first start, or one after the content changed, builds the content database in the background
while the window is usable, with its steps in the status bar.
"""

from __future__ import annotations

import gc
import os
import sys
from types import SimpleNamespace

OPTIONS = ("screenshot", "open", "search", "theme", "size")  # each takes one value
THEMES = ("system", "light", "dark")


def _parse(argv: list[str]) -> SimpleNamespace:
    """The options, read by hand when they are plain `--name value` pairs (a start need not import
    argparse: ~5 ms); anything else (--help, --name=value, a mistake) goes to argparse."""
    args = dict.fromkeys(OPTIONS)
    pairs = iter(argv)
    for flag in pairs:
        name, value = flag[2:], next(pairs, None)
        if not flag.startswith("--") or name not in OPTIONS or value is None or value.startswith("-") \
                or name == "theme" and value not in THEMES:
            return _parse_fully(argv)
        args[name] = value
    return SimpleNamespace(**args)


def _parse_fully(argv: list[str]):
    import argparse

    parser = argparse.ArgumentParser(prog="b12ref", description="Open the b12ref window.")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render offscreen, save a PNG and exit")
    parser.add_argument("--open", metavar="ID", help="open this page (deficiency or symptom id)")
    parser.add_argument("--search", metavar="TEXT", help="type this in the search box")
    parser.add_argument("--theme", choices=THEMES, help="colour theme")
    parser.add_argument("--size", metavar="WxH", default=None, help="window size, e.g. 1366x768")
    return parser.parse_args(argv)


def _size(text: str) -> tuple[int, int] | None:
    try:
        width, height = (int(x) for x in text.lower().split("x"))
    except ValueError:
        return None
    return width, height


def tune_process() -> None:
    """The interpreter settings the window needs, made once here and nowhere else.

    - Python's full garbage collections hold the GIL for ~20 ms on a large library: long enough to
      drop a frame if one starts mid-keystroke, so they wait for a pause in typing (SearchPane runs
      gc.collect then) instead of being triggered by allocation counts.
    - While the search worker runs Python, the UI thread waits for the GIL up to the switch
      interval (5 ms by default) each time it needs it; 1 ms keeps a keystroke's paint within a
      frame (bench/keystrokes.py: max 23.8 ms at 5 ms, under 16 ms at 1 ms).
    """
    gc.set_threshold(*gc.get_threshold()[:2], 1_000_000)
    sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
    read_modules_as_bytes()  # (make_application did it already, as soon as PySide6 was imported)


def read_modules_as_bytes() -> None:
    """PySide6 (6.4 and later, PYSIDE-2029) asks of every module imported after it whether its
    source mentions "PySide6", by inspect.getsource, and linecache keeps every line it read: at
    start that is ~80 modules, 7-10 ms and ~5 MB of lines held for nothing (bench/README.md,
    session 5). The same question asked of the file's bytes gives the same answer and keeps
    nothing. Done once, as soon as PySide6 is imported (make_application), and the lines PySide6
    read before that are dropped; left alone where PySide6 has no such check."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None or getattr(check, "reads_bytes", False):
        return
    import linecache

    linecache.clearcache()  # read while PySide6 was imported, by its own check: nothing needs them

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return check(module)  # built in, compiled or without a file: PySide6's own answer
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return check(module)

    uses_pyside.reads_bytes, uses_pyside.original = True, check
    feature._mod_uses_pyside = uses_pyside


def pause_collections() -> None:
    """Start-up allocates what lives as long as the window: PySide6's modules and types, ours, the
    widgets. Collecting it is wasted work (~4 ms in ~47 collections before `ready`), so automatic
    collections wait until the window is built (freeze_window_objects). Only when this process is
    starting (PySide6 not imported yet): never in a process that already runs Qt."""
    if "PySide6.QtCore" not in sys.modules:
        gc.disable()


def freeze_window_objects() -> None:
    """What exists once the window is built lives as long as the window: keep it out of full
    collections, which would otherwise walk it every time (~20 ms on the bundled library); then
    automatic collections again (pause_collections). Once the first screen is usable or ready,
    whichever it reaches (each calls this)."""
    gc.collect()  # the little the start left unreachable (~170 objects, ~4 ms), not frozen with the rest
    gc.freeze()
    gc.enable()


def make_application():
    """The QApplication (the one already made, if any), in the Fusion style from the start: set by
    its command line, the style needs no Python wrapper (QApplication.setStyle makes one, and with
    it PySide6's QStyle type: ~5 ms) and no widget is ever styled twice."""
    pause_collections()
    from PySide6.QtWidgets import QApplication

    read_modules_as_bytes()  # before anything else is imported after PySide6

    from b12ref.ui import theme

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0], "-style", "Fusion"])
        theme.FUSION_FROM_START.append(app)
    return app


def run(argv: list[str]) -> int:
    args = _parse(argv)
    size = _size(args.size) if args.size else None
    if args.size and size is None:
        print(f"--size: expected WxH such as 1366x768, not {args.size!r}", file=sys.stderr)
        return 2
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from b12ref.platform_check import xcb_problem

    problem = xcb_problem()
    if problem:  # Qt would abort with a list of plugin names; say what to install instead
        print(problem, file=sys.stderr)
        return 1
    tune_process()
    app = make_application()
    app.setApplicationName("b12ref")
    app.setOrganizationName("b12ref")
    from b12ref.ui import app_identity, window_geometry
    from b12ref.ui.main_window import MainWindow

    app_identity.apply(app)
    window = MainWindow(theme_choice=args.theme)
    window_geometry.place_and_split(window)
    if size:
        window.resize(*size)
        if window.settings.get("window/main_splitter") is None:
            window_geometry.split_sensibly(window.splitter, size[0])
    if args.screenshot:
        return _screenshot(app, window, args)
    from b12ref import paths
    from b12ref.ui import errors

    errors.install(lambda: window, paths.data_dir() / "errors.log")
    window.accessibility_dump = None
    if os.environ.get("B12REF_ACCESSIBILITY_DUMP"):  # tests on a real display read the tree from it
        from b12ref.ui.accessibility_dump import install_dump

        window.accessibility_dump = install_dump(window)
    start = Start(app, window, args)
    window.show()
    window.when_painted(start.after_paint)
    code = app.exec()
    start.stop()
    window.shutdown()
    return start.status or code


class Start:
    """The window's start. The frame paints first; then the library is opened when its database is
    current, the first screen is built and `ready` says search works. Otherwise (a first start, the
    content changed) the window shows all of the first screen but search at once (`usable`) and the
    database is built in a process of its own (ui/content_build.py), with its steps and a busy bar in
    the status bar; search comes when it is done."""

    def __init__(self, app, window, args) -> None:
        self.app, self.window, self.args = app, window, args
        self.status = 0
        self.reason = ""
        self.build = None

    def after_paint(self) -> None:
        from PySide6.QtCore import QTimer

        from b12ref import paths

        library, self.reason = None, "missing"
        if not paths.no_content_db():  # (a first start imports no library code before it is usable)
            from b12ref.core.library import DatabaseDamaged, library_if_current

            try:  # (a database found current before: no connection made, nor sqlite3 imported)
                library, self.reason = library_if_current()
            except (DatabaseDamaged, OSError):
                library, self.reason = None, "damaged"
        if library is not None:
            self.status = _after_open(self.app, self.window, self.args, library, "")
            return
        self.window.prepare()
        self.window.usable.emit()
        QTimer.singleShot(0, freeze_window_objects)
        QTimer.singleShot(0, self.window.build_rest)
        self._build_in_background()

    def _build_in_background(self) -> None:
        from PySide6.QtWidgets import QProgressBar

        from b12ref import paths
        from b12ref.ui.content_build import BackgroundBuild

        what = "Preparing the library for its first use" if self.reason == "missing" else \
            f"Updating the library ({self.reason})"
        self.window.statusBar().showMessage(f"{what}…")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # busy: the steps say how far it is
        self.busy.setMaximumWidth(140)
        self.busy.setAccessibleName("Preparing the library")
        self.window.statusBar().addPermanentWidget(self.busy)
        self.build = BackgroundBuild(paths.content_dir(), paths.content_db_path(), self.window)
        self.build.step.connect(lambda step: self.window.statusBar().showMessage(f"{what}: {step}…"))
        self.build.done.connect(self._built)
        self.build.start()

    def _built(self, code: int, why: str) -> None:
        import sqlite3

        from b12ref import paths
        from b12ref.core.library import DatabaseDamaged, Library

        self.window.statusBar().removeWidget(self.busy)
        self.busy.deleteLater()
        self.window.statusBar().clearMessage()  # the last step
        if code == 2:  # the content has problems: building it here would find the same
            self.status = _cannot_open(self.app, self.window, self.args,
                                       f"{why}; run `b12ref check-content` to list them")
            return
        library, notice = None, ""
        if code == 0:
            try:
                library = Library(paths.content_db_path())
                library.rebuilt_reason = self.reason
            except (DatabaseDamaged, sqlite3.Error, OSError):
                library = None
        if library is None:  # built here in the foreground instead, in a temporary folder if need be
            library, notice = _open_library(self.window.show_progress)
            if library is None:
                self.status = _cannot_open(self.app, self.window, self.args, f"{why}\n{notice}".strip())
                return
        self.status = _after_open(self.app, self.window, self.args, library, notice)

    def stop(self) -> None:
        if self.build is not None:
            self.build.stop()


def _open(app, window, args, progress) -> int:
    """Open the library into the window in the foreground (a screenshot), then --open and --search.
    0, or the exit code of a failure."""
    library, notice = _open_library(progress)
    if library is None:
        return _cannot_open(app, window, args, notice)
    return _after_open(app, window, args, library, notice)


def _cannot_open(app, window, args, notice: str) -> int:
    message = f"b12ref cannot open its content database:\n{notice}"
    print(message, file=sys.stderr)
    if not args.screenshot:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Critical, "b12ref", message, QMessageBox.Ok, window)
        box.setTextFormat(Qt.PlainText)
        box.exec()
        app.exit(1)
    return 1


def _after_open(app, window, args, library, notice: str) -> int:
    """The library into the window (the first screen, then `ready`), the messages about how it was
    opened, then --open and --search."""
    from PySide6.QtCore import QTimer

    window.attach(library, defer=True)
    window.announce_ready()
    QTimer.singleShot(0, freeze_window_objects)  # after build_rest, which announce_ready queued first
    if notice or library.rebuilt_reason:
        window.build_rest()  # its own status message first, then this one over it
    if notice:
        window.statusBar().showMessage(notice)
    elif library.rebuilt_reason and library.rebuilt_reason != "missing":
        window.statusBar().showMessage(f"The content database was rebuilt ({library.rebuilt_reason}).", 10000)
    if args.open or args.search:
        from b12ref.core.usertext import from_argv
    page_id = from_argv(args.open) if args.open else None
    if page_id and not window.open_page(page_id):
        print(f"--open: no page has the id {page_id!r}", file=sys.stderr)
        return 2
    if args.search:
        window.search_field.setText(from_argv(args.search))
        window.search.run_search()
    return 0


def _open_library(progress):
    """(library, notice), or (None, why not). A cache folder that cannot take the database (full,
    read-only, not a folder) gets a build in a temporary folder for this session, and a notice."""
    import atexit
    import shutil
    import sqlite3
    import tempfile
    from pathlib import Path

    from b12ref import paths
    from b12ref.core.library import BuildError, DatabaseDamaged, open_library

    try:
        return open_library(progress=progress), ""
    except BuildError as exc:
        return None, f"{exc}; run `b12ref check-content` to list them"
    except (DatabaseDamaged, sqlite3.Error, OSError) as exc:
        problem = f"{paths.content_db_path()}: {getattr(exc, 'strerror', None) or exc}"
    try:
        spare = Path(tempfile.mkdtemp(prefix="b12ref-content-")) / "content.sqlite"
        atexit.register(shutil.rmtree, spare.parent, True)
        library = open_library(spare, progress=progress)
    except (BuildError, DatabaseDamaged, sqlite3.Error, OSError) as exc:
        return None, f"{problem}\nand in a temporary folder: {getattr(exc, 'strerror', None) or exc}"
    return library, (f"Cannot keep the content database in its cache folder ({problem}); "
                     f"this session uses a temporary copy in {spare.parent}, built again next time.")


def _screenshot(app, window, args) -> int:
    code = _open(app, window, args, progress=lambda message: print(message, file=sys.stderr))
    if code:
        return code
    window.show()
    for _ in range(5):
        app.processEvents()
    saved = window.grab().save(args.screenshot)
    window.close()
    if not saved:
        print(f"cannot write {args.screenshot}", file=sys.stderr)
        return 1
    print(args.screenshot)
    return 0
