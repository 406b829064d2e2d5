"""Qt's accessibility tree as text: what a screen reader is told about each pane and control.

`tree_lines(widget)` walks QAccessible from a window. With B12REF_ACCESSIBILITY_DUMP=FILE in the
environment, `install_dump(window)` rewrites FILE whenever the tree changes (checked four times a
second), so a test driving the app on a real display with real key events can read what the
window shows without screen scraping.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

DUMP_ENV = "B12REF_ACCESSIBILITY_DUMP"
DUMP_MS = 250
MAX_CHILDREN = 400  # rows of a long list beyond this are left out


def _role_name(role) -> str:
    name = getattr(role, "name", None)
    return name if isinstance(name, str) else str(role).rsplit(".", 1)[-1]


def tree_lines(widget: QWidget, depth_limit: int = 40) -> list[str]:
    """One line per visible accessible object: indent, role, name, and value when there is one."""
    lines: list[str] = []

    def walk(iface, depth: int) -> None:
        if iface is None or not iface.isValid() or depth > depth_limit:
            return
        if iface.state().invisible:
            return
        name = iface.text(QAccessible.Name).replace("\n", " ")
        value = iface.text(QAccessible.Value).replace("\n", " ")
        line = f"{'  ' * depth}{_role_name(iface.role())}\t{name}"
        lines.append(f"{line}\t{value[:200]}" if value else line)
        for i in range(min(iface.childCount(), MAX_CHILDREN)):
            walk(iface.child(i), depth + 1)

    walk(QAccessible.queryAccessibleInterface(widget), 0)
    return lines


class AccessibilityDump(QObject):
    def __init__(self, window: QWidget, path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.last = ""
        self.timer = QTimer(self)
        self.timer.setInterval(DUMP_MS)
        self.timer.timeout.connect(self.write)
        self.timer.start()

    def write(self) -> None:
        text = "\n".join(tree_lines(self.window)) + "\n"
        if text == self.last:
            return
        self.last = text
        temporary = self.path.with_suffix(self.path.suffix + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(self.path)  # readers never see half a file


def install_dump(window: QWidget) -> AccessibilityDump | None:
    target = os.environ.get(DUMP_ENV)
    return AccessibilityDump(window, Path(target)) if target else None
