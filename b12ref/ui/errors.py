"""The window's last resort: an unexpected error becomes a message and a line in a log, never a
traceback on the terminal or a window that silently stops working.

Qt reports an exception raised in a slot or event handler through sys.excepthook, so that is
where this hooks in. B12REF_DEBUG=1 also prints the traceback.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Callable

QUIET_S = 5.0  # errors repeating faster than this are logged without another message box


class ErrorReporter:
    def __init__(self, parent: Callable[[], object], log: Path) -> None:
        self.parent = parent
        self.log = log
        self.last_shown = 0.0

    def __call__(self, kind, value, tb) -> None:
        import traceback

        details = "".join(traceback.format_exception(kind, value, tb))
        if os.environ.get("B12REF_DEBUG"):
            sys.stderr.write(details)
        saved = self._save(details)
        if time.monotonic() - self.last_shown < QUIET_S:
            return
        self.last_shown = time.monotonic()
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None:
            return
        from b12ref.ui.plaintext import warn

        where = f"The details were saved to {saved}." if saved else "The details could not be saved."
        warn(self.parent(), "b12ref", f"Something went wrong: {kind.__name__}: {value}\n\n"
                                      f"Your notes, bookmarks and history are kept as they were. {where}")

    def _save(self, details: str) -> Path | None:
        try:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            with self.log.open("a", encoding="utf-8") as out:
                out.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{details}\n")
        except OSError:
            return None
        return self.log


def install(parent: Callable[[], object], log: Path) -> ErrorReporter:
    reporter = ErrorReporter(parent, log)
    sys.excepthook = reporter
    return reporter
