"""Child process of bench/startup.py: show a window, print the time of its first paint, exit.

    python bench/first_paint.py b12ref|bare T0 [WxH]

T0 is time.monotonic() taken by the parent just before it started this process
(CLOCK_MONOTONIC is system-wide on Linux, so the two clocks agree). Prints
`first-paint <seconds since T0>` once the main window has gone through its first paint
pass, then quits the event loop.

b12ref: calls b12ref.ui.app.run() itself, the code `python main.py --size WxH` runs,
so the imports, the database check, MainWindow and show() are exactly the app's.
bare: an empty QMainWindow of the same size. Both install the same application-wide
event filter before anything is shown: the first QEvent.Paint of a widget inside a
QMainWindow schedules a zero-delay timer, which fires after that paint pass is done.
"""

import sys
import time


def _install_probe(app, t0: float):
    from PySide6.QtCore import QEvent, QObject, QTimer

    class PaintProbe(QObject):
        seen = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if not self.seen and event.type() == QEvent.Paint and obj.isWidgetType() \
                    and obj.window().inherits("QMainWindow"):
                self.seen = True
                QTimer.singleShot(0, self.report)
            return False

        def report(self):
            print(f"first-paint {time.monotonic() - t0:.6f}", flush=True)
            app.removeEventFilter(self)
            app.exit(0)

    probe = PaintProbe()
    app.installEventFilter(probe)
    return probe


def main() -> int:
    mode, t0 = sys.argv[1], float(sys.argv[2])
    size = sys.argv[3] if len(sys.argv) > 3 else "1366x768"
    if mode == "b12ref":
        from b12ref.ui.app import run  # what main.py imports
        from PySide6.QtWidgets import QApplication  # run() imports it first thing too

        app = QApplication([sys.argv[0]])  # run() reuses QApplication.instance()
        probe = _install_probe(app, t0)  # noqa: F841 - kept alive until exit
        return run(["--size", size])
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    probe = _install_probe(app, t0)  # noqa: F841
    window = QMainWindow()
    width, height = (int(x) for x in size.split("x"))
    window.resize(width, height)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
