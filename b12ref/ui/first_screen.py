"""What the first screen shows besides the search pane: my note, bookmarks and history under the
search, and the start page in the main view. Both need no content database, so a first start shows
them while the database is built in the background."""

from __future__ import annotations

from b12ref.ui.page_browser import PageBrowser
from b12ref.ui.userpanels import UserPanel


def add_my_data(window, userdata=None) -> None:
    """window.userdata (opened here unless given) and window.user_panel, under the search pane."""
    from b12ref import paths
    from b12ref.core.userdata import UserData

    window.userdata = userdata if userdata is not None else UserData(paths.user_db_path())
    panel = window.user_panel = UserPanel(window.userdata)
    panel.page_requested.connect(window.open_page)
    panel.note.saved.connect(lambda _id: window.statusBar().showMessage("Note saved", 2000))
    panel.note.failed.connect(lambda msg: window.statusBar().showMessage(f"Note not saved: {msg}"))
    window.left.addWidget(panel)
    for index, stretch in enumerate((3, 1)):
        window.left.setStretchFactor(index, stretch)
    window.left.setSizes([520, 160])


def add_welcome(window) -> None:
    """window.welcome, the start page's pane (the window's show_welcome fills it)."""
    window.welcome = PageBrowser("Welcome")
    window.welcome.page_requested.connect(window.open_page)
    window.welcome.external_requested.connect(window.open_external)
    window.welcome.theme = window.theme
    window.page_stack.addWidget(window.welcome)


def first_notices(window) -> None:
    """What could not be read of the user's data or settings, or on a first run the disclaimer."""
    from b12ref.core.notices import NOT_MEDICAL_ADVICE as DISCLAIMER

    notices = " ".join(m for m in (window.userdata.message, window.settings.check()) if m)
    first_time = not notices and not window.settings.get("app/disclaimer_seen")
    if notices or first_time:
        window.statusBar().showMessage(notices or DISCLAIMER)
    if first_time:
        window.settings.set("app/disclaimer_seen", True)
