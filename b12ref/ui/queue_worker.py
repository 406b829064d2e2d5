"""A worker for the window: a plain Python thread fed through a queue, for search and for the
symptom checker. Each has its own database connection, made on its thread; the window never waits
for it, and a request older than the newest (`generation`) can be dropped.

A plain thread and a queue, not a QThread fed by a signal: PySide lets go of the interpreter while it
emits a signal, the worker takes it at once, and the UI thread then waited 1-8 ms for it back inside
its own slot, on every search."""

from __future__ import annotations

import queue
import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal


class QueueWorker(QObject):
    """Runs `_handle(request)` on its thread for each request put with `_put`, in order; an error
    there is reported on the UI thread like any error in the window, and the worker goes on. It
    stops when the application quits (or on stop())."""

    _failed = Signal(object)  # (type, value, traceback) of an error on the worker

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.generation = 0  # of the newest request: older ones may be dropped
        self._requests: queue.SimpleQueue = queue.SimpleQueue()
        self._failed.connect(lambda info: sys.excepthook(*info), Qt.QueuedConnection)
        self.thread = threading.Thread(target=self._work, name=name, daemon=True)
        self.thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def _put(self, request) -> None:
        self._requests.put(request)

    def stop(self) -> None:
        self.generation += 1
        self._requests.put(None)
        self.thread.join(5)

    def _work(self) -> None:
        while True:
            request = self._requests.get()
            if request is None:
                return
            try:
                self._handle(request)
            except Exception:  # noqa: BLE001 - reported on the UI thread (see _failed); the worker goes on
                self._failed.emit(sys.exc_info())

    def _handle(self, request) -> None:  # on the worker thread
        raise NotImplementedError
