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


def system_prefers_dark() -> bool:
    from PySide6.QtCore import Qt  # not at import: the first use of Qt's enums costs ~40 ms

    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return bool(scheme) and scheme() == Qt.ColorScheme.Dark


def resolve(choice: str) -> str:
    """'light' or 'dark' for a choice of 'system', 'light' or 'dark'."""
    if choice in ("light", "dark"):
        return choice
    return "dark" if system_prefers_dark() else "light"


def apply(app: QApplication, theme: str) -> None:
    app.setStyle("Fusion")
    palette = QPalette(app.style().standardPalette())
    if theme == "dark":
        for role, colour in DARK.items():
            palette.setColor(role, QColor(colour))
        for role in (QPalette.WindowText, QPalette.ButtonText, QPalette.Text):
            palette.setColor(QPalette.Disabled, role, QColor("#6b7480"))
    app.setPalette(palette)
