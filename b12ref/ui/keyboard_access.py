"""Keyboard and accessibility for the built window: every control on the Tab chain (the link-like
labels too), a visible focus ring, names for screen readers, and Help > Keyboard Shortcuts.

`install(window)` runs once, after the first screen is built (MainWindow.build_rest), and
`install_views` when the page views are built; they change how things are reached, never what they do.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette, QRegion
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QLabel, QLineEdit, QMenu, QMenuBar, QStackedWidget, QToolBar,
    QToolButton, QWidget,
)
from shiboken6 import isValid

# Qt's values, set through the widgets' properties: installing keyboard access builds no `Qt` enum
# namespace (PySide6 makes all of its enums at once on first use: ~11 ms and ~1.4 MB); the key events
# below use it when they come.
LINK_KEYS = 8 | 4  # Qt.LinksAccessibleByKeyboard | Qt.LinksAccessibleByMouse
NO_FOCUS, TAB_FOCUS, STRONG_FOCUS = 0, 1, 11  # Qt.FocusPolicy


def pane_names(window) -> dict[QWidget, str]:
    """The accessible name of each pane of the first screen and of the controls that have no text of
    their own; the search pane, its parts and the page views are named when they are built. (Found by
    reference, not by findChildren over the window: that wraps every object in it for PySide6, ~3 ms
    and 0.3 MB.)"""
    names = {
        window.splitter: "Search and page",
        window.left: "Search, browse and my data",
        window.right: "Page pane",
        window.page_stack: "Page",
        window.user_panel: "My note, bookmarks and history",
        window.user_panel.tabBar(): "My data tabs",
        window.menuBar(): "Menu bar",
        window.statusBar(): "Status",
    }
    names[window.toolbar] = f"{window.toolbar.windowTitle()} toolbar"
    names[window.search_field.parentWidget()] = "Search column"
    names[window.user_panel.note] = "My note"
    names[window.user_panel.note.status] = "Note status"
    names[window.user_panel.note.parentWidget()] = "My data"  # the tab widget's page stack
    for index in range(window.user_panel.count()):
        names.setdefault(window.user_panel.widget(index), window.user_panel.tabText(index).replace("&", ""))
    names.update(_clear_button_names([window.search_field]))
    return names


def search_part_names(search) -> dict[QWidget, str]:
    return {search.correction: "Search correction", search.correction_text: "Showing results for",
            search.correction_link: "Search instead for what you typed", search.empty: "No results",
            search.empty_title: "Nothing matches", search.empty_hint: "Suggested searches"}


def view_names(views) -> dict[QWidget, str]:
    names = {
        views.deficiency: "Deficiency page",
        views.deficiency.splitter: "Article, symptoms and treatment",
        views.deficiency.symptom_title: "Symptoms and signs",
        views.deficiency.sides.findChild(QStackedWidget): "This side of the nutrient",
        views.document: "Page or answer",
        views.find_bar: "Find bar",
        views.find_bar.status: "Find status",
    }
    for widget in views.widgets():
        names.update(_clear_buttons(widget))
    return names


def _clear_buttons(root: QWidget) -> dict[QWidget, str]:
    return _clear_button_names(root.findChildren(QLineEdit))


def _clear_button_names(fields: list[QLineEdit]) -> dict[QWidget, str]:
    names = {}
    for field in fields:
        for button in field.findChildren(QToolButton):  # the clear button Qt adds to a line edit
            names[button] = f"Clear {field.accessibleName() or 'field'}".strip()
    return names


def name_panes(names: dict[QWidget, str]) -> None:
    for widget, name in names.items():
        if not widget.accessibleName():
            widget.setAccessibleName(name)


def make_tab_reachable(root: QWidget) -> None:
    """Links in labels, toolbar buttons, and Tab leaving tables, in root. (The note editor and the
    user's lists let Tab leave them themselves: they are built outside these roots, ui/userpanels.)"""
    for label in root.findChildren(QLabel):
        if "<a " in label.text():
            label.setProperty("textInteractionFlags", LINK_KEYS)  # Tab moves link to link, Enter follows
            label.setProperty("focusPolicy", STRONG_FOCUS)
            label.installEventFilter(_FIRST_LINK)
    for toolbar in root.findChildren(QToolBar):
        make_toolbar_reachable(toolbar)
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move inside it


def make_toolbar_reachable(toolbar: QToolBar) -> None:
    """Tab stops at each of the tool bar's buttons, named as its action."""
    for button in toolbar.findChildren(QToolButton):
        if button.defaultAction() is not None:
            button.setProperty("focusPolicy", TAB_FOCUS)
            if not button.accessibleName():
                button.setAccessibleName(button.defaultAction().text().replace("&", ""))


class FirstLinkOnTab(QObject):
    """Tabbing into a label of links puts the focus on its first link (last, with Shift+Tab), so
    Enter follows it at once; Qt would otherwise stop once on the label with no link chosen."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.FocusIn:
            return False
        from PySide6.QtCore import Qt

        if event.reason() in (Qt.TabFocusReason, Qt.BacktabFocusReason):
            key = Qt.Key_Backtab if event.reason() == Qt.BacktabFocusReason else Qt.Key_Tab
            # QLabel moves to its next link on Tab while it has the focus (focusNextPrevChild)
            QApplication.postEvent(obj, QKeyEvent(QEvent.KeyPress, key, Qt.NoModifier))
        return False


_FIRST_LINK = FirstLinkOnTab()


class FocusRing(QWidget):
    """A 2-pixel ring in the highlight colour around whichever control of the window has the
    focus, drawn over it: visible on every control and theme, without restyling any of them. Its
    mask is the ring alone, so the control inside gets its clicks."""

    WIDTH = 2

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("FocusRing")
        self.setProperty("focusPolicy", NO_FOCUS)
        self.setAutoFillBackground(True)
        self._colour()
        self.target: QWidget | None = None
        self.hide()
        QApplication.instance().focusChanged.connect(self.follow)

    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not isValid(self):  # the window, and this ring with it, has been deleted
            return
        if self.target is not None and isValid(self.target):  # the old one may be gone already
            self.target.removeEventFilter(self)
        window = self.parentWidget()
        if new is None or new.window() is not window or isinstance(new, (QMenuBar, QMenu)):
            self.target = None
            self.hide()
            return
        self.target = new
        new.installEventFilter(self)
        self.place()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.target and event.type() in (QEvent.Move, QEvent.Resize, QEvent.Show, QEvent.Hide):
            self.place()
        return False

    def place(self) -> None:
        target, window = self.target, self.parentWidget()
        if target is None or not isValid(target) or not target.isVisible():
            self.hide()
            return
        w = self.WIDTH
        rect = QRect(target.mapTo(window, QPoint(0, 0)), target.size()).adjusted(-w, -w, w, w)
        self.setGeometry(rect.intersected(window.rect()))
        inside = QRect(QPoint(0, 0), self.size()).adjusted(w, w, -w, -w)
        self.setMask(QRegion(QRect(QPoint(0, 0), self.size())).subtracted(QRegion(inside)))
        self.raise_()
        self.show()
        self.update()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange:  # a new theme: the ring in its highlight colour
            self._colour()

    def _colour(self) -> None:
        """The ring is the widget's own background, in the highlight colour, inside its mask: nothing
        painted by hand (QPainter's pen and fill overloads make PySide6 build the `Qt` enums)."""
        palette = self.palette()
        if palette.color(QPalette.Window) != palette.color(QPalette.Highlight):  # (else set already)
            palette.setColor(QPalette.Window, palette.color(QPalette.Highlight))
            self.setPalette(palette)


def _show_shortcuts(window) -> None:
    from b12ref.ui.shortcuts_dialog import ShortcutsDialog  # on first use

    window.shortcuts_dialog = ShortcutsDialog.show_for(window)


def add_shortcuts_action(window) -> QAction:
    action = QAction("&Keyboard Shortcuts", window)
    action.setObjectName("keyboard_shortcuts")
    action.setShortcuts([QKeySequence(QKeySequence.HelpContents), QKeySequence("Ctrl+/")])
    action.triggered.connect(lambda: _show_shortcuts(window))
    help_menu = window.menus["help"]
    first = help_menu.actions()[0] if help_menu.actions() else None
    help_menu.insertAction(first, action)
    window.addAction(action)
    return action


def install(window) -> None:
    """Keyboard access for the first screen, and for the search pane, its parts and the page views as
    they are built (install_search, install_views)."""
    name_panes(pane_names(window))
    make_toolbar_reachable(window.toolbar)  # (the note editor and the lists: Tab leaves them, ui/userpanels)
    window.focus_ring = FocusRing(window)
    window.shortcuts_action = add_shortcuts_action(window)
    if getattr(window, "search", None) is not None:  # else attach() calls install_search
        install_search(window)
    focused = QApplication.focusWidget()
    if focused is not None:
        window.focus_ring.follow(None, focused)


def install_search(window) -> None:
    search = window.search
    name_panes({search: "Search pane", search.left_stack: "Results and browse"})
    make_tab_reachable(search)
    if search.parts_built_yet:
        install_search_parts(search)
    else:
        search.parts_built.connect(lambda: install_search_parts(search))


def install_search_parts(search) -> None:
    name_panes(search_part_names(search))
    for part in (search.correction, search.empty):
        make_tab_reachable(part)


def install_views(window, views) -> None:
    name_panes(view_names(views))
    for widget in views.widgets():
        make_tab_reachable(widget)
