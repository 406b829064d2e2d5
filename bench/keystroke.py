"""Per-keystroke cost in the window on the stress database: key handling, search, repaint.

    .venv/bin/python bench/keystroke.py [--db bench/out/stress.sqlite]

Builds a MainWindow (offscreen, settings in a temporary file) on the stress database of
bench/stress_db.py and types every query of bench/queries.py one key at a time with
QTest.keyClick into window.search_field. For each keystroke it times:
  key     QTest.keyClick: the key event, textChanged, the debounce timer (re)started;
  search  window.run_search(), called directly in place of the debounce timer's timeout:
          the search, the results model, the correction line and the answer card;
  paint   QApplication.processEvents() right after: layout and repaint of what changed.
In the app these run in separate turns of the event loop (the search 100 ms after the
last key), so the longest single block is max(key, search, paint); the total is printed too.
Goal: no keystroke blocks the event loop for more than 16 ms.

PySide6 6.12 on Python 3.11 drops one reference to None each time Python code calls
QModelIndex.data(role) and the model answers None; after enough keystrokes the process
dies with "Fatal Python error: none_dealloc". So that the timing can finish, this script
holds spare references to None (NONE_GUARD), prints how many the window lost, and
leaves with os._exit so that the guard is never freed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from queries import QUERIES  # noqa: E402
from stats import line, percentile  # noqa: E402

DEFAULT_DB = REPO / "bench" / "out" / "stress.sqlite"
GOAL_MS = 16.0
NONE_GUARD = [None] * 50_000_000  # spare references: see the docstring


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="content database to type against")
    parser.add_argument("--slowest", type=int, default=8)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"no database at {args.db}: run bench/stress_db.py first")
        return 1

    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from b12ref.core.library import Library
    from b12ref.ui.main_window import MainWindow
    from b12ref.ui.settings import Settings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    settings_file = Path(tempfile.mkdtemp(prefix="b12ref-keys-")) / "settings.ini"
    print(f"b12ref keystroke benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
          f"offscreen, database {args.db}")
    started = time.perf_counter()
    library = Library(args.db)
    docs = library.conn.execute("SELECT count(*) FROM docs").fetchone()[0]
    window = MainWindow(library, settings=Settings(QSettings(str(settings_file), QSettings.IniFormat)),
                        theme_choice="light")
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    print(f"  {docs:,} documents; MainWindow built and shown in {time.perf_counter() - started:.1f} s")

    none_refs = sys.getrefcount(None)
    parts: dict[str, list[float]] = {"key": [], "search": [], "paint": [], "block": [], "total": []}
    rows = []
    for query in QUERIES:
        window.search_field.clear()
        window.timer.stop()
        app.processEvents()
        for n, char in enumerate(query, start=1):
            t0 = time.perf_counter()
            QTest.keyClick(window.search_field, char)
            t1 = time.perf_counter()
            window.timer.stop()
            window.run_search()
            t2 = time.perf_counter()
            app.processEvents()
            t3 = time.perf_counter()
            key, search, paint = t1 - t0, t2 - t1, t3 - t2
            for name, value in (("key", key), ("search", search), ("paint", paint),
                                ("block", max(key, search, paint)), ("total", t3 - t0)):
                parts[name].append(value)
            rows.append((max(key, search, paint), key, search, paint, query[:n]))
        assert window.search_field.text() == query, (window.search_field.text(), query)

    lost = none_refs - sys.getrefcount(None)
    print(f"  {len(QUERIES)} queries, {len(parts['total'])} keystrokes")
    if lost > 0:
        print(f"  WARNING: the window dropped {lost:,} references to None while typing "
              f"({lost / len(parts['total']):.0f} a keystroke); without the guard Python aborts "
              f"(none_dealloc) once None's count, {none_refs - len(NONE_GUARD):,} at start, runs out")
    labels = {"key": "key event (keyClick)", "search": "run_search()", "paint": "processEvents (paint)",
              "block": "longest single block", "total": "key + search + paint"}
    for name, label in labels.items():
        print("  " + line(label, parts[name]))
    if args.slowest:
        print(f"  slowest {args.slowest} keystrokes (block ms = key / search / paint):")
        for block, key, search, paint, text in sorted(rows, reverse=True)[:args.slowest]:
            print(f"    {block * 1000:8.2f} = {key * 1000:6.2f} / {search * 1000:8.2f} / {paint * 1000:6.2f}  {text!r}")
    block_ms = [v * 1000 for v in parts["block"]]
    worst, p95 = max(block_ms), percentile(block_ms, 95)
    over = sum(1 for v in block_ms if v > GOAL_MS)
    print(f"Goal: no keystroke blocks the event loop > {GOAL_MS:g} ms: "
          f"{'pass' if worst <= GOAL_MS else 'MISS'} (max {worst:.1f} ms, p95 {p95:.1f} ms, "
          f"{over} of {len(block_ms)} keystrokes over)")
    window.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # freeing NONE_GUARD at exit would take None's count below zero and abort
