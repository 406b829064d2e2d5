"""Start the Qt application: the window, or an offscreen screenshot of a given state.

    python main.py [--screenshot FILE.png] [--open ID] [--search TEXT] [--theme light|dark] [--size WxH]
"""

from __future__ import annotations

import argparse
import os
import sys


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="b12ref", description="Open the b12ref window.")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render offscreen, save a PNG and exit")
    parser.add_argument("--open", metavar="ID", help="open this page (deficiency or symptom id)")
    parser.add_argument("--search", metavar="TEXT", help="type this in the search box")
    parser.add_argument("--theme", choices=["system", "light", "dark"], help="colour theme")
    parser.add_argument("--size", metavar="WxH", default=None, help="window size, e.g. 1366x768")
    return parser.parse_args(argv)


def run(argv: list[str]) -> int:
    args = _parse(argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("b12ref")
    app.setOrganizationName("b12ref")
    from b12ref.core.library import BuildError, DatabaseDamaged, open_library

    notice = None

    def progress(message: str) -> None:
        nonlocal notice
        if args.screenshot:
            print(message, file=sys.stderr)
            return
        notice = QLabel(f"  {message}  ")
        notice.setWindowTitle("b12ref")
        notice.setMinimumWidth(420)
        notice.show()
        app.processEvents()

    try:
        library = open_library(progress=progress)
    except (BuildError, DatabaseDamaged, OSError) as exc:
        message = f"b12ref cannot open its content database:\n{exc}"
        if args.screenshot:
            print(message, file=sys.stderr)
        else:
            QMessageBox.critical(None, "b12ref", message)
        return 1
    from b12ref.ui.main_window import MainWindow

    window = MainWindow(library, theme_choice=args.theme)
    if notice is not None:
        notice.close()
    if library.rebuilt_reason and library.rebuilt_reason != "missing":
        window.statusBar().showMessage(f"The content database was rebuilt ({library.rebuilt_reason}).", 10000)
    if args.size:
        try:
            width, height = (int(x) for x in args.size.lower().split("x"))
        except ValueError:
            print(f"--size: expected WxH such as 1366x768, not {args.size!r}", file=sys.stderr)
            return 2
        window.resize(width, height)
    window.show()
    if args.open and not window.open_page(args.open):
        print(f"--open: no page has the id {args.open!r}", file=sys.stderr)
        return 2
    if args.search:
        window.search_field.setText(args.search)
        window.run_search()
    if args.screenshot:
        for _ in range(5):
            app.processEvents()
        saved = window.grab().save(args.screenshot)
        window.close()
        if not saved:
            print(f"cannot write {args.screenshot}", file=sys.stderr)
            return 1
        print(args.screenshot)
        return 0
    return app.exec()
