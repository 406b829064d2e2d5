"""User text (notes, tags, visits, searches, file names, error messages) shown as the characters it holds.

Qt guesses whether a tooltip or a message box holds markup (Qt::mightBeRichText): a note that
begins "<h1>big</h1>" would be drawn as a heading, "<img src=...>" would load an image. Labels
are set to Qt.PlainText where they are made; tooltips and message boxes come through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from b12ref.report.html_text import esc

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def literal(text: str | None) -> str | None:
    """text for a tooltip or a message box such that it shows exactly its characters: unchanged
    when Qt would read it as plain text, else escaped inside a paragraph that keeps its line breaks."""
    if not text:
        return text
    from PySide6.QtGui import Qt  # QtGui's Qt namespace holds mightBeRichText; not at import (~30 ms of enums)

    if not Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{esc(text)}</p>"


tooltip = literal
PLAIN_TEXT = 0  # Qt.PlainText


def plain_label(label) -> None:
    """Make a QLabel show its text as the characters it holds (Qt.PlainText), through its textFormat
    property: an int there needs no `Qt` namespace, whose first use costs ~12 ms at start."""
    label.setProperty("textFormat", PLAIN_TEXT)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning box whose text is never read as markup."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, literal(text))
