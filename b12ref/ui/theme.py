"""Light and dark themes: the Qt palette for widgets and the page style sheet for article text."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

DARK = {
    QPalette.Window: "#23272e", QPalette.WindowText: "#e3e8ee", QPalette.Base: "#1e2227",
    QPalette.AlternateBase: "#2a2f36", QPalette.Text: "#e3e8ee", QPalette.Button: "#2c323a",
    QPalette.ButtonText: "#e3e8ee", QPalette.Highlight: "#3d6fa8", QPalette.HighlightedText: "#ffffff",
    QPalette.ToolTipBase: "#2c323a", QPalette.ToolTipText: "#e3e8ee", QPalette.Link: "#7fb6ff",
    QPalette.PlaceholderText: "#8a949f", QPalette.Mid: "#3b4652",
}


_PLATFORM: list[QPalette] = []  # the platform's palette, kept before a palette of ours is set
_APPLIED: list = []  # [app, theme] last applied
FUSION_FROM_START: list = []  # the app made in the Fusion style (ui/app.make_application)


def _platform_palette() -> QPalette:
    """(Copies are made with __copy__(), what copy.copy calls: the QPalette(QPalette) constructor's
    overloads make PySide6 build all its `Qt` enums, ~12 ms, to check the argument against
    Qt.GlobalColor; and the copy module is one import fewer at start.)"""
    if not _PLATFORM:
        _PLATFORM.append(QGuiApplication.palette())  # a copy already
    return _PLATFORM[0]


def system_prefers_dark() -> bool:
    """Whether the desktop is dark: the platform's palette has a window colour darker than mid-grey.
    (QStyleHints.colorScheme says it too, but reading it builds all of PySide6's `Qt` enums, ~12 ms,
    before the window can paint.)"""
    return _platform_palette().color(QPalette.Window).lightness() < 128


def resolve(choice: str) -> str:
    """'light' or 'dark' for a choice of 'system', 'light' or 'dark'."""
    if choice in ("light", "dark"):
        return choice
    return "dark" if system_prefers_dark() else "light"


def apply(app: QApplication, theme: str) -> None:
    """The Fusion style and the theme's palette, applied before the window is built (no widget is
    styled twice); the same theme again is left as it is. Light is the desktop's own palette when
    the desktop is light (Fusion's standard one otherwise); dark is ours over it."""
    if _APPLIED == [app, theme]:
        return
    platform = _platform_palette()
    if app not in FUSION_FROM_START and not _APPLIED:
        app.setStyle("Fusion")
    if theme == "dark":
        palette = platform.__copy__()
        for role, colour in DARK.items():
            palette.setColor(role, QColor(colour))
        for role in (QPalette.WindowText, QPalette.ButtonText, QPalette.Text):
            palette.setColor(QPalette.Disabled, role, QColor("#6b7480"))
        app.setPalette(palette)
    elif system_prefers_dark():
        app.setPalette(app.style().standardPalette().__copy__())
    elif _APPLIED:  # back from dark
        app.setPalette(platform)
    _APPLIED[:] = [app, theme]
