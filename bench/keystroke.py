"""How long one keystroke blocks the window's event loop, on the stress database.

    .venv/bin/python bench/keystroke.py [--db bench/out/stress.sqlite] [--interval 150] [--events] [--direct]

Builds a MainWindow (offscreen, settings in a temporary file) on the stress database of
bench/stress_db.py and types every query of bench/queries.py one key at a time with
QTest.keyClick into window.search_field.

Live (the default): keys come `--interval` ms apart (longer than the 100 ms debounce,
so most keys start a search) and the real event loop runs in between (a QEventLoop, as
app.exec() runs it), so the search happens where the window does it (its worker thread,
then show_results on the UI thread). Per keystroke, until the next one, it records
  gap     the longest gap between ticks of a 1 ms timer: how long the loop could not
          run at all, including waits for the GIL while the worker thread runs Python.
          The goal is checked on this one.
  event   with --events only: the longest single event handled on the UI thread
          (a Python QApplication.notify, outermost calls only) and every event of 1 ms or
          more for the slowest keystrokes. That override puts Python, and a GIL
          acquisition, into every event, so it slows what it measures: use it to see
          where time goes, not for the goal.
It also prints how long after the last key of each query its results were shown, and
the garbage collections that ran while typing. The process has the app's settings (app.run's
tune_process and freeze_window_objects: no full collection until a pause, 1 ms GIL switches).
A warm-up query first lets the worker build its in-memory index (timed separately); typing
starts a second later.

--direct: instead of the timer and worker, calls window.search.run_search() on the UI thread
right after each key (what Enter does) and times key / run_search / repaint apart.

Goal: no keystroke blocks the event loop for more than 16 ms.

PySide6 6.12.0 on Python 3.11 drops one reference to True at every Signal.emit() from
Python, and one to None each time Python calls QModelIndex.data(role) and the model
answers None (6.11.3 does not; on Python 3.12+ True and None are immortal). After
enough keystrokes the window dies with "Fatal Python error: bool_dealloc" or
"none_dealloc". So that the timing can finish, this script holds spare references to
both (GUARD), prints how many the window lost, and leaves with os._exit so that the
guard is never freed.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from queries import QUERIES  # noqa: E402
from stats import line, percentile  # noqa: E402
from stress_db import stale_reason  # noqa: E402

DEFAULT_DB = REPO / "bench" / "out" / "stress.sqlite"
GOAL_MS = 16.0
GUARD = (None, True) * 2_000_000  # spare references for ~10,000 keystrokes: see the docstring
gc.freeze()  # keep the guard out of every garbage collection (a full one would scan it)

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


class PlainApplication(QApplication):
    """The application as the app has it: nothing of the benchmark runs inside each event."""

    timed = False

    def reset(self) -> None:
        self.longest = 0.0
        self.longest_event = "-"
        self.events: list[tuple[float, str]] = []


class TimedApplication(PlainApplication):
    """Records the longest outermost event dispatch on the main thread since the last reset().

    Every event then passes through this Python notify(), which needs the GIL and costs a little
    each time: it explains where a slow keystroke went, but it adds to what it measures, so the
    goal is read from a run without it."""

    timed = True

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.main_ident = threading.get_ident()
        self.depth = 0
        self.reset()

    def reset(self) -> None:
        self.longest = 0.0
        self.longest_event = None
        self.events: list[tuple[float, str]] = []  # events of 1 ms or more since reset()

    def notify(self, receiver, event) -> bool:  # noqa: D102 - Qt override
        if self.depth or threading.get_ident() != self.main_ident:
            return super().notify(receiver, event)
        kind = event.type()
        self.depth = 1
        started = time.perf_counter()
        try:
            return super().notify(receiver, event)
        finally:
            took = time.perf_counter() - started
            self.depth = 0
            if took >= 0.001 or took > self.longest:
                name = type(receiver).__name__
                if name == "QTimer":  # which one: the debounce, the heartbeat, ...
                    name = f"QTimer({receiver.interval()} ms)"
                if took >= 0.001:
                    self.events.append((took, f"{kind.name} -> {name}"))
                if took > self.longest:
                    self.longest = took
                    self.longest_event = f"{kind.name} -> {name}"


class Heartbeat:
    """A 1 ms timer; `longest` is the longest gap between two ticks since the last reset()."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self.tick)
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


class GarbageCollections:
    """Times Python's cyclic garbage collections (any thread: each holds the GIL throughout)."""

    def __init__(self) -> None:
        self.took: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self.started = 0.0
        gc.callbacks.append(self.callback)

    def callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.started = time.perf_counter()
        else:
            self.took[info["generation"]].append(time.perf_counter() - self.started)

    def report(self) -> None:
        gc.callbacks.remove(self.callback)
        print("  garbage collections while typing: " + ", ".join(
            f"generation {g}: {len(t)} (longest {max(t, default=0) * 1000:.1f} ms)" for g, t in self.took.items()))


def spin(ms: int) -> None:
    """Run the event loop for ms milliseconds, as app.exec() runs it. (QTest.qWait would not do:
    between its processEvents() calls it sleeps up to 10 ms, which the heartbeat sees as gaps.)"""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(app, condition, timeout_s: float) -> bool:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            return False
        spin(5)
    return True


def live(app: PlainApplication, window, interval_ms: int, slowest: int) -> list[float]:
    shown: dict[str, float] = {}
    window.search.search_thread.finished.connect(lambda text, *_: shown.__setitem__(text, time.perf_counter()))
    beat = Heartbeat()

    # Warm-up: the worker builds its own Searcher on its first request.
    app.reset()
    beat.reset()
    started = time.perf_counter()
    QTest.keyClicks(window.search_field, "iron")
    ready = wait_until(app, lambda: "iron" in shown, 600)
    print(f"  warm-up 'iron': results after {time.perf_counter() - started:.1f} s "
          f"(the worker's first Searcher); meanwhile longest event {app.longest * 1000:.0f} ms "
          f"({app.longest_event}), longest loop gap {beat.longest * 1000:.0f} ms"
          + ("" if ready else "  -- NO RESULT within 600 s"))
    spin(1000)  # as a person would, start typing a moment after the window opened

    events, gaps, latencies, rows = [], [], [], []
    for query in QUERIES:
        window.search_field.clear()
        spin(interval_ms)
        shown.clear()
        for n, char in enumerate(query, start=1):
            app.reset()
            beat.reset()
            last_key = time.perf_counter()
            QTest.keyClick(window.search_field, char)
            spin(interval_ms)
            events.append(app.longest)
            gaps.append(beat.longest)
            rows.append((max(app.longest, beat.longest), app.longest, beat.longest, app.longest_event, query[:n],
                         app.events))
        if wait_until(app, lambda: query in shown, 30):
            latencies.append(shown[query] - last_key)
        assert window.search_field.text() == query, (window.search_field.text(), query)
    beat.timer.stop()

    print(f"  {len(QUERIES)} queries, {len(events)} keystrokes, a key every {interval_ms} ms")
    if app.timed:
        print("  " + line("longest UI-thread event", events))
    print("  " + line("longest event-loop gap", gaps))
    print("  " + line("last key -> results shown", latencies)
          + ("" if len(latencies) == len(QUERIES) else f"  ({len(QUERIES) - len(latencies)} never shown)"))
    if slowest and app.timed:
        print(f"  slowest {slowest} keystrokes (event ms / gap ms, event kind, text):")
        for _, event, gap, kind, text, all_events in sorted(rows, key=lambda r: r[0], reverse=True)[:slowest]:
            print(f"    {event * 1000:8.2f} / {gap * 1000:8.2f}  {kind:<40} {text!r}")
            print("        events of 1 ms or more, in order: "
                  + ", ".join(f"{name} {took * 1000:.1f}" for took, name in all_events))
    elif slowest:
        print(f"  slowest {slowest} keystrokes (gap ms, text; --events says which events):")
        for _, _, gap, _, text, _ in sorted(rows, key=lambda r: r[2], reverse=True)[:slowest]:
            print(f"    {gap * 1000:8.2f}  {text!r}")
    return gaps  # nested event loops inside one event (e.g. modal or processEvents) count as gaps only


def direct(app: QApplication, window, slowest: int) -> list[float]:
    parts: dict[str, list[float]] = {"key": [], "search": [], "paint": [], "block": [], "total": []}
    rows = []
    for query in QUERIES:
        window.search_field.clear()
        window.search.timer.stop()
        app.processEvents()
        for n, char in enumerate(query, start=1):
            t0 = time.perf_counter()
            QTest.keyClick(window.search_field, char)
            t1 = time.perf_counter()
            window.search.timer.stop()
            window.search.run_search()
            t2 = time.perf_counter()
            app.processEvents()
            t3 = time.perf_counter()
            key, search, paint = t1 - t0, t2 - t1, t3 - t2
            for name, value in (("key", key), ("search", search), ("paint", paint),
                                ("block", max(key, search, paint)), ("total", t3 - t0)):
                parts[name].append(value)
            rows.append((max(key, search, paint), key, search, paint, query[:n]))
        assert window.search_field.text() == query, (window.search_field.text(), query)
    print(f"  {len(QUERIES)} queries, {len(parts['total'])} keystrokes, run_search() on the UI thread")
    labels = {"key": "key event (keyClick)", "search": "run_search()", "paint": "processEvents (paint)",
              "block": "longest single block", "total": "key + search + paint"}
    for name, label in labels.items():
        print("  " + line(label, parts[name]))
    if slowest:
        print(f"  slowest {slowest} keystrokes (block ms = key / search / paint):")
        for block, key, search, paint, text in sorted(rows, reverse=True)[:slowest]:
            print(f"    {block * 1000:8.2f} = {key * 1000:6.2f} / {search * 1000:8.2f} / {paint * 1000:6.2f}  {text!r}")
    return parts["block"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="content database to type against")
    parser.add_argument("--interval", type=int, default=150, help="ms between keys (live mode)")
    parser.add_argument("--direct", action="store_true", help="call run_search() after each key instead")
    parser.add_argument("--slowest", type=int, default=8)
    parser.add_argument("--events", action="store_true",
                        help="also time every event on the UI thread (a Python notify(): slows what it measures)")
    args = parser.parse_args(argv)
    stale = stale_reason(args.db) if args.db.resolve() == DEFAULT_DB else ""
    if stale or not args.db.exists():
        print(stale or f"no database at {args.db}")
        return 1

    from b12ref.core.library import Library
    from b12ref.ui.app import freeze_window_objects, tune_process
    from b12ref.ui.main_window import MainWindow
    from b12ref.ui.settings import Settings

    tune_process()  # the app's process settings (app.run): full collections wait for a pause, 1 ms GIL switches
    app = (TimedApplication if args.events else PlainApplication)([sys.argv[0]])
    app.reset()
    scratch = Path(tempfile.mkdtemp(prefix="b12ref-keys-"))
    os.environ["B12REF_DATA_DIR"] = str(scratch / "data")  # the window's user database
    print(f"b12ref keystroke benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
          f"offscreen, {'direct' if args.direct else 'live'} mode, database {args.db}")
    started = time.perf_counter()
    library = Library(args.db)
    docs = library.conn.execute("SELECT count(*) FROM docs").fetchone()[0]
    window = MainWindow(library, settings=Settings(QSettings(str(scratch / "settings.ini"), QSettings.IniFormat)),
                        theme_choice="light")
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    freeze_window_objects()  # as app.run does once the window is built
    print(f"  {docs:,} documents; MainWindow built and shown in {time.perf_counter() - started:.1f} s")

    refs = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True))}
    collections = GarbageCollections()
    blocks = direct(app, window, args.slowest) if args.direct else live(app, window, args.interval, args.slowest)
    collections.report()
    for name, obj in (("None", None), ("True", True)):
        lost = refs[name] - sys.getrefcount(obj)
        if lost > 0:
            print(f"  WARNING: the window dropped {lost:,} references to {name} while typing "
                  f"({lost / len(blocks):.0f} a keystroke); without the guard Python aborts once "
                  f"{name}'s count, {refs[name] - len(GUARD) // 2:,} at start, runs out")
    block_ms = [v * 1000 for v in blocks]
    worst, p95 = max(block_ms), percentile(block_ms, 95)
    over = sum(1 for v in block_ms if v > GOAL_MS)
    print(f"Goal: no keystroke blocks the event loop > {GOAL_MS:g} ms: "
          f"{'pass' if worst <= GOAL_MS else 'MISS'} (max {worst:.1f} ms, p95 {p95:.1f} ms, "
          f"{over} of {len(block_ms)} keystrokes over)")
    window.shutdown()
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # freeing GUARD at exit would take None's count below zero and abort
