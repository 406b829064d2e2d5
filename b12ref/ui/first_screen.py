"""What the first screen shows besides the search pane: my note, bookmarks and history under the
search, and the start page in the main view. Both need no content database, so a first start shows
them while the database is built in the background."""

from __future__ import annotations

from b12ref.ui.page_browser import PageBrowser
from b12ref.ui.userpanels import UserPanel


def add_my_data(window) -> None:
    """window.user_panel, under the search pane (window.userdata is opened on first use)."""
    panel = window.user_panel = UserPanel(lambda: window.userdata)
    panel.page_requested.connect(window.open_page)
    panel.note.saved.connect(lambda _id: window.statusBar().showMessage("Note saved", 2000))
    panel.note.failed.connect(lambda msg: window.statusBar().showMessage(f"Note not saved: {msg}"))
    window.left.addWidget(panel)
    for index, stretch in enumerate((3, 1)):
        window.left.setStretchFactor(index, stretch)
    window.left.setSizes([520, 160])


def open_userdata(window):
    """The user's data, opened on the window's first use of it: the first screen shows none of it (the
    note waits for a page, the lists for their tab), so a start opens no database. What the opening
    had to say (a damaged file moved aside, a read-only folder) goes to the status bar."""
    from b12ref import paths
    from b12ref.core.userdata import UserData

    userdata = UserData(paths.user_db_path())
    if userdata.message:
        window.statusBar().showMessage(userdata.message)
    return userdata


def open_data(window) -> None:
    """In the first pause after `ready`: the user's data and the library's connection, so that the
    first page opened pays for neither and a problem with the user's file is said at once."""
    window.userdata  # noqa: B018 - opened now, if not yet
    if window.library is not None:
        window.library.conn  # noqa: B018


def add_welcome(window) -> None:
    """window.welcome, the start page's pane (the window's show_welcome fills it)."""
    window.welcome = PageBrowser("Welcome")
    window.welcome.page_requested.connect(window.open_page)
    window.welcome.external_requested.connect(window.open_external)
    window.welcome.theme = window.theme
    window.page_stack.addWidget(window.welcome)


def first_notices(window) -> None:
    """What could not be read of the user's data (when it is open already: else it says so when it
    opens) or settings, or on a first run the disclaimer."""
    from b12ref.core.notices import NOT_MEDICAL_ADVICE as DISCLAIMER

    userdata = window.userdata_if_open
    notices = " ".join(m for m in (userdata.message if userdata else "", window.settings.check()) if m)
    first_time = not notices and not window.settings.get("app/disclaimer_seen")
    if notices or first_time:
        window.statusBar().showMessage(notices or DISCLAIMER)
    if first_time:
        window.settings.set("app/disclaimer_seen", True)
