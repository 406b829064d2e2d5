#!/usr/bin/env python3
"""Render the app icon's SVG source into the PNG sizes the desktop uses (development-time tool).

    python tools/render_icons.py

Writes resources/icons/hicolor/NxN/apps/<app id>.png for each size in SIZES.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from b12ref.desktop_install import APP_ID, ICON_SIZES  # noqa: E402


def main() -> int:
    app = QGuiApplication([])  # noqa: F841 - fonts and image plugins need one
    hicolor = ROOT / "resources" / "icons" / "hicolor"
    renderer = QSvgRenderer(str(hicolor / "scalable" / "apps" / f"{APP_ID}.svg"))
    if not renderer.isValid():
        print("the SVG source does not load", file=sys.stderr)
        return 1
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format_ARGB32)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(target))
        print(target.relative_to(ROOT), target.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
