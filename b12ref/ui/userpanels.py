"""The user's own data in the window: note editor (autosaved), bookmark and history lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget,
)

from b12ref.ui.models import DISPLAY, ID_ROLE, TOOLTIP
from b12ref.ui.plaintext import plain_label, tooltip

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListView

    from b12ref.core.userdata import UserData

AUTOSAVE_MS = 700


class PageListModel(QAbstractListModel):
    """Rows of saved pages (bookmarks or visits).

    Attributes: rows, a list of (page id, title, detail) tuples.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str]] = []

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        page_id, title, detail = self.rows[index.row()]
        if role == DISPLAY:
            return f"{title}  ·  {detail}" if detail else title
        if role == ID_ROLE:
            return page_id
        if role == TOOLTIP:
            return tooltip(detail) or None
        return None


class NoteEditor(QWidget):
    """A plain-text note for the current page, saved shortly after typing stops and on leaving.
    userdata gives the user's data, opened on first use: no page, no note to read."""

    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, userdata: Callable[[], UserData], parent=None) -> None:
        super().__init__(parent)
        self._userdata = userdata
        self.page_id: str | None = None
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("NoteEditor")
        self.editor.setAccessibleName("My note on this page")
        self.editor.setPlaceholderText("Your note on this page (saved automatically, kept on this computer)")
        self.editor.setTabChangesFocus(True)  # Tab leaves the note for the next control
        self.editor.textChanged.connect(self._changed)
        self.status = QLabel("")
        plain_label(self.status)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        layout.addWidget(self.status)
        self.set_page(None)

    userdata = property(lambda self: self._userdata())

    def set_page(self, page_id: str | None) -> None:
        if self.timer.isActive():
            self.save()
        self.page_id = page_id
        self._loading = True
        self.editor.setPlainText(self.userdata.note(page_id) if page_id else "")
        self._loading = False
        self.editor.setEnabled(page_id is not None and not self.userdata.read_only)
        self.status.setText("" if page_id else "Open a page to write a note on it.")

    def _changed(self) -> None:
        if not self._loading and self.page_id:
            self.status.setText("Editing…")
            self.timer.start()

    def save(self) -> None:
        self.timer.stop()
        if not self.page_id:
            return
        from b12ref.core.userdata import UserDataError

        try:
            self.userdata.save_note(self.page_id, self.editor.toPlainText())
        except UserDataError as exc:
            self.status.setText(f"Not saved: {exc}")
            self.failed.emit(str(exc))
            return
        self.status.setText("Saved")
        self.saved.emit(self.page_id)


class UserPanel(QTabWidget):
    """Tabs: My note, Bookmarks, History (with Clear). The lists are built and read when one of their
    tabs is first shown (or refresh() is called): userdata gives the user's data, opened on first use."""

    page_requested = Signal(str)

    def __init__(self, userdata: Callable[[], UserData], parent=None) -> None:
        super().__init__(parent)
        self._userdata = userdata
        self.filled = False
        self.note = NoteEditor(userdata)
        self.bookmark_model = PageListModel(self)
        self.history_model = PageListModel(self)
        self.bookmark_list: QListView | None = None  # built with the tabs' lists (build_lists)
        self.history_list: QListView | None = None
        self.addTab(self.note, "My Note")
        for title in ("Bookmarks", "History"):
            tab = QWidget()
            QVBoxLayout(tab).setContentsMargins(0, 0, 0, 0)
            self.addTab(tab, title)
        self.currentChanged.connect(lambda index: index > 0 and not self.filled and self.refresh())

    userdata = property(lambda self: self._userdata())

    def build_lists(self) -> None:
        """The bookmark and history lists, and Clear History, in their tabs; once."""
        if self.bookmark_list is not None:
            return
        from PySide6.QtWidgets import QHBoxLayout, QPushButton
        self.bookmark_list = self._list(self.bookmark_model, "Bookmarks")
        self.history_list = self._list(self.history_model, "History")
        clear = QPushButton("Clear History")
        clear.setAccessibleName("Clear history")
        clear.clicked.connect(self.clear_history)
        self.widget(1).layout().addWidget(self.bookmark_list)
        column = self.widget(2).layout()
        column.addWidget(self.history_list)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(clear)
        column.addLayout(row)

    def _list(self, model: PageListModel, name: str) -> QListView:
        from PySide6.QtWidgets import QListView

        view = QListView()
        view.setObjectName(name)
        view.setAccessibleName(name)
        view.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move inside it
        view.setModel(model)
        view.activated.connect(lambda index: self.page_requested.emit(index.data(ID_ROLE)))
        view.doubleClicked.connect(lambda index: self.page_requested.emit(index.data(ID_ROLE)))
        return view

    def refresh(self) -> None:
        self.build_lists()
        self.filled = True
        self.bookmark_model.set_rows([(b.page_id, b.title, ", ".join(b.tags)) for b in self.userdata.bookmarks()])
        self.history_model.set_rows([(v.page_id, v.title, v.visited.replace("T", " ")) for v in
                                     self.userdata.history(limit=300)])

    def clear_history(self) -> None:
        from b12ref.core.userdata import UserDataError

        try:
            self.userdata.clear_history()
        except UserDataError:
            return
        self.refresh()
