"""Before Qt opens a window: say which system packages Qt's xcb platform lacks, instead of an abort.

Qt's X11 ("xcb") platform plugin needs a few system libraries that a minimal Debian or Ubuntu
install leaves out. Without them QApplication aborts with "could not load the Qt platform plugin
xcb" and a list of plugin names, which says nothing of what to install. `missing_xcb_libraries()`
looks the libraries up the way the dynamic loader will (ldconfig's cache, then LD_LIBRARY_PATH)
and `xcb_problem()` turns what is missing into a message with the exact `apt-get install` line.

Standard library only: this runs before PySide6 is imported.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: a start that is not on xcb needs none of them
    from collections.abc import Callable, Mapping

# What Qt 6's xcb plugin (libqxcb.so and libQt6XcbQpa.so) links against, beyond what every X
# desktop has, with the Debian/Ubuntu package that ships each library.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _ldconfig_names() -> set[str] | None:
    """The sonames in the loader's cache, or None when ldconfig cannot be run."""
    import subprocess

    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            continue
        if out.returncode == 0:
            return {line.split()[0] for line in out.stdout.splitlines()[1:] if line.strip()}
    return None


def _on_library_path(soname: str, env: Mapping[str, str]) -> bool:
    return any(os.path.exists(os.path.join(folder, soname)) for folder in env.get("LD_LIBRARY_PATH", "").split(":") if folder)


def missing_xcb_libraries(env: Mapping[str, str] | None = None,
                          known: Callable[[], set[str] | None] | None = None) -> list[str]:
    """The sonames of XCB_LIBRARIES that the dynamic loader would not find (known: the loader's
    sonames, by default from ldconfig)."""
    env = os.environ if env is None else env
    names = (known or _ldconfig_names)()
    missing = []
    for soname in XCB_LIBRARIES:
        if names is not None:
            found = soname in names
        else:  # no ldconfig: ask ctypes, which searches the same places
            import ctypes.util

            found = ctypes.util.find_library(soname[3:].split(".so")[0]) is not None
        if not found and not _on_library_path(soname, env):
            missing.append(soname)
    return missing


def uses_xcb(env: Mapping[str, str] | None = None) -> bool:
    """Whether Qt will open its windows through the xcb plugin (X11), on Linux.

    QT_QPA_PLATFORM decides when set ("xcb", or a list such as "wayland;xcb" whose first entry
    loads). Unset, Qt prefers Wayland in a Wayland session and falls back to xcb, so xcb is only
    certain when there is no Wayland display.
    """
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "").strip()
    if platform:
        return platform.split(";")[0].split(":")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")


def install_command(missing: list[str]) -> str:
    packages = list(dict.fromkeys(XCB_LIBRARIES[soname] for soname in missing))
    return "sudo apt-get install " + " ".join(packages)


def xcb_problem(env: Mapping[str, str] | None = None,
                known: Callable[[], set[str] | None] | None = None) -> str | None:
    """A message for the terminal when the xcb plugin would fail to load, else None."""
    env = os.environ if env is None else env
    if not uses_xcb(env):
        return None
    missing = missing_xcb_libraries(env, known)
    if not missing:
        return None
    return ("b12ref cannot open its window: Qt's X11 (xcb) platform needs system libraries that are "
            f"not installed ({', '.join(missing)}).\n"
            "Install them with:\n\n"
            f"    {install_command(missing)}\n\n"
            "(on Fedora: sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms libxkbcommon-x11).\n"
            "In a Wayland session you can use Qt's Wayland platform instead: QT_QPA_PLATFORM=wayland b12ref")
