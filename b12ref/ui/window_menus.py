"""The main window's menus: File, Edit, Go, Bookmarks, Tools, View, Help, with their shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QAction


def add_action(window, menu, text: str, slot, shortcuts=(), name: str = "", action: QAction | None = None):
    """An action in menu and on the window, its shortcuts without duplicates (a platform's standard
    keys and ours may be the same)."""
    from PySide6.QtGui import QKeySequence

    action = action or QAction(text, window)
    if shortcuts:
        sequences = []
        for shortcut in shortcuts:
            sequences += QKeySequence.keyBindings(shortcut) if isinstance(shortcut, QKeySequence.StandardKey) \
                else [QKeySequence(shortcut)]
        unique = list(dict.fromkeys(seq.toString() for seq in sequences if not seq.isEmpty()))
        action.setShortcuts([QKeySequence(seq) for seq in unique])
    action.triggered.connect(slot)
    if name:
        action.setObjectName(name)
    menu.addAction(action)
    window.addAction(action)
    return action


def build_menus(window) -> None:
    """The window's menus and shortcuts (every action is also added to the window, so its keys work
    with the menu closed)."""
    from PySide6.QtGui import QActionGroup, QKeySequence

    from b12ref.ui.printing import install_print_actions

    add_action(window, window.file_menu, "Export My Data…", lambda: _userdata_action(window, "export_userdata"), [],
               "export_userdata")
    add_action(window, window.file_menu, "Import My Data…", lambda: _userdata_action(window, "import_userdata"), [],
               "import_userdata")
    window.file_menu.addSeparator()
    add_action(window, window.file_menu, "&Quit", window.close, [QKeySequence.Quit, "Ctrl+Q"], "quit")
    install_print_actions(window)
    edit = window.menus["edit"]
    add_action(window, edit, "&Find in Page…", lambda: window.find_bar.open(), [QKeySequence.Find], "find")
    add_action(window, edit, "Find &Next", lambda: window.find_bar.find_next(), [QKeySequence.FindNext], "find_next")
    add_action(window, edit, "Find &Previous", lambda: window.find_bar.find_next(backward=True),
                 [QKeySequence.FindPrevious], "find_previous")
    go = window.menus["go"]
    add_action(window, go, "&Back", window.go_back, [QKeySequence.Back, "Alt+Left"], "back", window.back_action)
    add_action(window, go, "&Forward", window.go_forward, [QKeySequence.Forward, "Alt+Right"], "forward",
                 window.forward_action)
    add_action(window, go, "&Search", window.focus_search, ["Ctrl+K", "Ctrl+L"], "focus_search")
    add_action(window, go, "&Home", window.show_home, ["Alt+Home"], "home")
    window.history_menu = go.addMenu("&Recent Pages")
    marks = window.menus["bookmarks"]
    add_action(window, marks, "&Bookmark This Page", lambda: _userdata_action(window, "toggle_bookmark"), ["Ctrl+D"],
               "bookmark", window.bookmark_action)
    window.bookmark_action.setCheckable(True)
    window.bookmark_action.setEnabled(True)
    add_action(window, marks, "Show &Bookmarks", lambda: window.user_panel.setCurrentIndex(1), ["Ctrl+Shift+B"],
                 "show_bookmarks")
    add_action(window, marks, "Show &History", lambda: window.user_panel.setCurrentIndex(2), ["Ctrl+H"], "show_history")
    tools = window.menus["tools"]
    add_action(window, tools, "&Which Deficiencies Fit These Symptoms?…", window.show_checker, ["Ctrl+J"], "checker")
    add_action(window, tools, "My &Supplements…", lambda: _show_supplements(window), ["Ctrl+Shift+S"], "supplements")
    view = window.menus["view"]
    add_action(window, view, "Zoom &In", lambda: window.set_zoom(window.zoom + 1), [QKeySequence.ZoomIn, "Ctrl+="], "zoom_in")
    add_action(window, view, "Zoom &Out", lambda: window.set_zoom(window.zoom - 1), [QKeySequence.ZoomOut], "zoom_out")
    add_action(window, view, "&Actual Size", lambda: window.set_zoom(0), ["Ctrl+0"], "zoom_reset")
    theme_menu = view.addMenu("&Theme")
    group = QActionGroup(window)
    for choice in ("system", "light", "dark"):
        action = QAction(choice.capitalize() if choice != "system" else "Follow the System", window, checkable=True)
        action.setChecked(choice == window.theme_choice)
        action.triggered.connect(lambda _=False, c=choice: window.apply_theme(c, remember=True))
        group.addAction(action)
        theme_menu.addAction(action)
    help_menu = window.menus["help"]
    add_action(window, help_menu, "&About b12ref", window.show_about, [], "about")


def update_nav(window) -> None:
    """Back and Forward enabled as the history allows, and Go > Recent Pages."""
    history = window.history
    window.back_action.setEnabled(history.can_back)
    window.forward_action.setEnabled(history.can_forward)
    window.history_menu.clear()
    recent = list(dict.fromkeys(reversed([*history.back_stack, *([history.current] if history.current else [])])))[:15]
    for page_id in recent:
        action = window.history_menu.addAction(page_id)
        action.triggered.connect(lambda _=False, p=page_id: window.open_page(p))
    window.history_menu.setEnabled(bool(recent))


def _userdata_action(window, name: str) -> None:
    from b12ref.ui import userdata_actions  # file dialogs and the export format, on first use

    getattr(userdata_actions, name)(window)


def _show_supplements(window) -> None:
    from b12ref.ui.supplements_dialog import show_supplements

    if window.library is None:
        window.statusBar().showMessage(window.library_wait, 5000)
        return
    show_supplements(window)
