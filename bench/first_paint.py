"""Child process of bench/startup.py: show a window, print the time of its first paint, exit.

    python bench/first_paint.py b12ref|b12ref-ready|bare T0 [WxH] [window|app]

T0 is time.monotonic() taken by the parent just before it started this process
(CLOCK_MONOTONIC is system-wide on Linux, so the two clocks agree). Prints
`first-paint <seconds since T0> <peak RSS in KB so far>` once the main window has gone
through its first paint pass, then quits the event loop.

b12ref: calls b12ref.ui.app.run() itself, the code `python main.py --size WxH` runs,
so the imports, the database check, MainWindow and show() are exactly the app's.
b12ref paints its window frame first and opens the library just after (app.Start); b12ref-ready
waits for the window's `ready` signal (first screen built, search works) and prints
`ready <seconds since T0>`. first-start is run by bench/startup.py as a first start after install
(an installed copy of the package, empty cache, data and settings): it prints `usable <seconds>`
when the window is usable while the content database is built in the background, and
`ready <seconds>` once search works.
bare: an empty QMainWindow of the same size.

Both are watched the same way. The `window` probe (default) wraps QMainWindow.show so that
an event filter goes on the main window itself as it is shown; the first QEvent.Paint of
the window schedules a zero-delay timer, which fires after that paint pass is done. The
older `app` probe put the filter on the whole application instead, so every event of every
widget went through Python, and the first event of each kind made PySide6 build that
event's Python type: ~50 ms more for a window with a few child widgets than for an empty
one, a cost of the measuring, not of the window (a paintEvent override shows the same
splitter window painted in ~7 ms). It is kept to compare with the earlier figures.
"""

import resource
import sys
import time


def _install_probe(app, t0: float, until_ready: bool = False, where: str = "window", usable: bool = False):
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class PaintProbe(QObject):
        seen = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if not self.seen and event.type() == QEvent.Paint and obj.isWidgetType() \
                    and obj.window().inherits("QMainWindow"):
                self.seen = True
                if until_ready:  # connected before the paint pass ends, so before `ready` can come
                    obj.window().ready.connect(self.report_ready)
                if usable:
                    obj.window().usable.connect(self.report_usable)
                QTimer.singleShot(0, self.report)
            return False

        def report(self):
            peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # peak so far, in KB
            print(f"first-paint {time.monotonic() - t0:.6f} {peak_kb}", flush=True)
            if not until_ready:
                app.exit(0)

        def report_usable(self):
            print(f"usable {time.monotonic() - t0:.6f}", flush=True)

        def report_ready(self):
            print(f"ready {time.monotonic() - t0:.6f}", flush=True)
            QTimer.singleShot(0, lambda: app.exit(0))

    probe = PaintProbe()
    if where == "app":
        app.installEventFilter(probe)
        return probe
    show = QMainWindow.show

    def show_watched(window):
        window.installEventFilter(probe)
        show(window)

    QMainWindow.show = show_watched  # MainWindow and the bare window both use QWidget.show
    return probe


def main() -> int:
    mode, t0 = sys.argv[1], float(sys.argv[2])
    size = sys.argv[3] if len(sys.argv) > 3 else "1366x768"
    where = sys.argv[4] if len(sys.argv) > 4 else "window"
    if mode in ("b12ref", "b12ref-ready", "first-start"):
        from b12ref.ui.app import make_application, run  # what main.py imports

        app = make_application()  # the app's own QApplication, which run() then reuses
        probe = _install_probe(app, t0, mode != "b12ref", where, mode == "first-start")  # noqa: F841 - kept alive
        return run(["--size", size])
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    probe = _install_probe(app, t0, False, where)  # noqa: F841
    window = QMainWindow()
    width, height = (int(x) for x in size.split("x"))
    window.resize(width, height)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
