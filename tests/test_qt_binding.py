"""The Qt binding in use must not leak references: PySide6 6.12.0 on Python 3.11 lost one reference
to True per signal emitted and one to None per empty data() call, and the window crashed after a
few hundred keystrokes."""

import subprocess
import sys

PROBE = """
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QCoreApplication, QObject, QStringListModel, Qt, Signal
app = QCoreApplication([])
class Emitter(QObject):
    changed = Signal(int, str, bool)
emitter = Emitter()
emitter.changed.connect(lambda *args: None)
for _ in range(20000):
    emitter.changed.emit(1, "x", True)
model = QStringListModel(["a"])
index = model.index(0)
for _ in range(20000):
    index.data(Qt.UserRole)
print("ok")
"""


def test_signals_and_empty_data_do_not_leak_until_a_crash():
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-500:]
