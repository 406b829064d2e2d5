"""Bookmark This Page, and File → Export My Data and Import My Data in the window."""

from __future__ import annotations

from pathlib import Path


def toggle_bookmark(window) -> None:
    """Bookmarks → Bookmark This Page (Ctrl+D): on, or off when it is bookmarked; a message when not saved."""
    from b12ref.core.userdata import UserDataError

    page = window.current_page
    if page is None:
        window.bookmark_action.setChecked(False)
        window.statusBar().showMessage("Open a page to bookmark it.", 4000)
        return
    on = not window.userdata.is_bookmarked(page.id)
    try:
        window.userdata.set_bookmark(page.id, page.title, on)
    except UserDataError as exc:
        window.statusBar().showMessage(f"Bookmark not saved: {exc}")
        on = not on
    window.bookmark_action.setChecked(on)
    window.user_panel.refresh()


def export_userdata(window) -> None:
    """File → Export My Data: notes, bookmarks and history as JSON."""
    from b12ref.core.userdata import UserDataError
    from b12ref.core.userdata_files import write_export
    from b12ref.ui.dialogs import UserDataFileDialog
    from b12ref.ui.plaintext import warn

    path = UserDataFileDialog.ask_save(window)
    if not path:
        return
    try:
        write_export(window.userdata, Path(path))
    except (OSError, UserDataError) as exc:
        warn(window, "Export My Data", f"Could not export: {exc}")
        return
    window.statusBar().showMessage(f"Exported your notes, bookmarks and history to {path}", 6000)


def import_userdata(window) -> None:
    """File → Import My Data: all or nothing, with a message either way."""
    from b12ref.core.userdata import UserDataError
    from b12ref.core.userdata_files import read_import
    from b12ref.ui.dialogs import UserDataFileDialog
    from b12ref.ui.plaintext import warn

    path = UserDataFileDialog.ask_open(window)
    if not path:
        return
    try:
        counts = read_import(window.userdata, Path(path))
    except (OSError, UserDataError) as exc:
        warn(window, "Import My Data", f"Nothing was imported: {exc}")
        return
    window.user_panel.refresh()
    if window.current_page is not None:
        window.user_panel.note.set_page(window.current_page.id)
    window.statusBar().showMessage(
        f"Imported {counts['bookmarks']} bookmarks, {counts['notes']} notes, {counts['history']} visits, "
        f"{counts.get('supplements', 0)} supplements", 6000)
