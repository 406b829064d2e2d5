"""Who the app is to the desktop: its name, its icon on every window, and the .desktop file it
belongs to (so docks and task bars group its windows under the launcher)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from b12ref import paths
from b12ref.app_id import APP_ID, ICON_SIZES  # not desktop_install: subprocess, shutil, shlex


def app_icon() -> QIcon:
    """The icon in every size shipped, plus the SVG source for any other size. Each file is added with
    its size, so none is read until a size is asked for (a file added without one is read at once)."""
    hicolor = paths.resources_dir() / "icons" / "hicolor"
    icon = QIcon()
    for size in ICON_SIZES:
        png = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    svg = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    if icon.isNull() and svg.is_file():
        icon.addFile(str(svg))
    return icon


def apply(app: QGuiApplication) -> None:
    """Name the app, give every window the icon and tie the windows to the launcher.

    On X11 Qt sets WM_CLASS to ("b12ref", "b12ref") from the program and application name, which the
    launcher's StartupWMClass matches; on Wayland the desktop file name is the window's app id.
    """
    app.setApplicationName("b12ref")
    app.setOrganizationName("b12ref")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
