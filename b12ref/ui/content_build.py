"""The content database built in the background (a first start, or a start after the content changed):
a child process (core/build_worker.py) on another core, while the window is usable; its steps in the
status bar beside a busy bar."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal


class BackgroundBuild(QObject):
    """Builds `out` from `content_root`; `done` gives the worker's exit status (0 built, 2 the content
    has problems, else it could not be written or run) and why not."""

    step = Signal(str)
    done = Signal(int, str)

    def __init__(self, content_root: Path, out: Path, parent=None) -> None:
        super().__init__(parent)
        self.process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        package_parent = str(Path(__file__).resolve().parent.parent.parent)  # b12ref importable in the child
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (package_parent, env.value("PYTHONPATH")) if p))
        self.process.setProcessEnvironment(env)
        self.process.setProgram(sys.executable)
        self.process.setArguments(["-m", "b12ref.core.build_worker", str(content_root), str(out)])
        self.process.readyReadStandardOutput.connect(self._read_steps)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._failed_to_start)
        self._reported = False

    def start(self) -> None:
        self.process.start()

    def stop(self) -> None:
        """Stop a build still running (the window is closing): asked to stop, the worker removes its
        temporary file (build.write_database); killed only if it has not stopped within 3 s."""
        if self.process.state() != QProcess.NotRunning:
            self._reported = True
            self.process.terminate()
            if not self.process.waitForFinished(3000):
                self.process.kill()
                self.process.waitForFinished(2000)

    def _read_steps(self) -> None:
        for line in bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace").splitlines():
            if line.startswith("step "):
                self.step.emit(line.partition(": ")[2])

    def _finished(self, code: int, status) -> None:
        if self._reported:
            return
        self._reported = True
        if status != QProcess.NormalExit and code == 0:  # it crashed: whatever it wrote is not a database
            code = -1
        why = bytes(self.process.readAllStandardError()).decode("utf-8", "replace").strip()
        self.done.emit(code, why or f"the build stopped (exit status {code})")

    def _failed_to_start(self, _error) -> None:
        if self._reported or self.process.state() != QProcess.NotRunning:
            return
        self._reported = True
        self.done.emit(-1, f"the build could not start: {self.process.errorString()}")
