"""Help > Keyboard Shortcuts: every menu command that has a key, read from the window's own actions
(so the list cannot drift from the keys), and the keys the panes handle themselves."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QTextBrowser, QVBoxLayout, QWidget

from b12ref.report.html_writer import esc

PANE_KEYS = (
    ("Anywhere", (("Tab / Shift+Tab", "Move to the next / previous control, link or suggestion"),
                  ("Enter or Space", "Activate the link, button or row that has the focus"),
                  ("Alt + underlined letter, F10", "Open a menu"))),
    ("In the search box", (("Up / Down", "Move in the results"), ("Enter", "Open the selected result"),
                           ("Esc", "Clear the search"))),
    ("In lists and the symptom table", (("Up / Down, Page Up / Page Down", "Move"),
                                        ("Enter", "Open the selected page"))),
    ("In a page", (("Tab", "Move from link to link"), ("Enter", "Follow the link"),
                   ("Ctrl+C", "Copy the selected text"))),
)


def _label(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _typeable(keys: str) -> bool:
    """A key on an ordinary keyboard: not a media key such as "Back", "Find" or "Zoom In" that
    Qt's standard bindings add on X11."""
    return "+" in keys or bool(re.fullmatch(r"F\d{1,2}|Esc|Del|Delete|Home|End", keys))


def menu_shortcuts(menus: dict[str, QMenu]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(keys, command)]) for every menu action with a shortcut, in menu order."""
    groups = []
    for menu in menus.values():
        rows = []
        stack: list[QAction] = list(menu.actions())
        while stack:
            action = stack.pop(0)
            if action.menu() is not None:
                stack[0:0] = action.menu().actions()
                continue
            keys = [k for k in (s.toString(QKeySequence.NativeText) for s in action.shortcuts() if not s.isEmpty())
                    if _typeable(k)]
            if keys and not action.isSeparator():
                rows.append((", ".join(dict.fromkeys(keys)), _label(action.text())))
        if rows:
            groups.append((_label(menu.title()), rows))
    return groups


def shortcuts_html(menus: dict[str, QMenu]) -> str:
    parts = ["<h2>Keyboard shortcuts</h2>"]
    for title, rows in [*menu_shortcuts(menus), *PANE_KEYS]:
        parts.append(f"<h3>{esc(title)}</h3><table cellspacing='0' cellpadding='3'>")
        parts += [f"<tr><td width='40%'><b>{esc(keys)}</b></td><td>{esc(what)}</td></tr>" for keys, what in rows]
        parts.append("</table>")
    return "".join(parts)


class ShortcutsDialog(QDialog):
    def __init__(self, menus: dict[str, QMenu], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts — b12ref")
        self.setAccessibleName("Keyboard shortcuts")
        self.resize(560, 640)
        self.text = QTextBrowser()
        self.text.setObjectName("ShortcutsText")
        self.text.setAccessibleName("Keyboard shortcuts list")
        self.text.setHtml(shortcuts_html(menus))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    @classmethod
    def show_for(cls, window) -> ShortcutsDialog:
        """Open (not modal: it can stay open beside the window); tests call this and read .text."""
        dialog = cls(window.menus, window)
        dialog.show()
        dialog.text.setFocus()
        return dialog
