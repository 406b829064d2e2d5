"""The page views: a deficiency in three panes (article, symptom list, treatment) and a symptom page,
and the find bar over them; built when the first page is opened (see page_views)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QSplitter, QTableView, QTabWidget,
    QToolButton, QVBoxLayout, QWidget,
)

from b12ref.core.records import DeficiencyPage
from b12ref.ui.page_browser import PageBrowser
from b12ref.ui.models import FILTER_ROLE, ID_ROLE, SORT_ROLE, SymptomLinksModel


class DeficiencyView(QWidget):
    """Article | symptom list | treatment, side by side in a splitter."""

    page_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.page: DeficiencyPage | None = None
        self.article = PageBrowser("Article")
        self.treatment = PageBrowser("Treatment")
        self._build_symptom_list()
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("PageSplitter")
        self.splitter.addWidget(self.article)
        self.splitter.addWidget(self.middle)
        self.splitter.addWidget(self.treatment)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 4)
        self.splitter.setSizes([340, 480, 280])
        # The sides of the nutrient: too little (the three panes), too much, taking it
        self.too_much = PageBrowser("Too much")
        self.taking = PageBrowser("Taking it")
        self.sides = QTabWidget()
        self.sides.setObjectName("NutrientSides")
        self.sides.setAccessibleName("Sides of this nutrient")
        self.sides.setDocumentMode(True)
        self.sides.addTab(self.splitter, "Too little")
        self.sides.addTab(self.too_much, "Too much")
        self.sides.addTab(self.taking, "Taking it")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sides)
        for browser in (self.article, self.treatment, self.too_much, self.taking):
            browser.page_requested.connect(self.page_requested)

    def _build_symptom_list(self) -> None:
        """The middle pane: the page's graded links in a sortable, filterable table."""
        self.model = SymptomLinksModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.table = QTableView()
        self.table.setObjectName("SymptomTable")
        self.table.setAccessibleName("Symptom list")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        width = self.table.fontMetrics().horizontalAdvance
        for col, sample in ((1, "neurological"), (2, "occasional"), (3, "established"), (4, "Flag"),
                            (5, "Turner 2013; MedlinePlus")):
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            header.resizeSection(col, max(width(sample), width(SymptomLinksModel.HEADERS[col])) + 14)
        self.table.activated.connect(self._open_row)
        self.table.doubleClicked.connect(self._open_row)
        self.filter = QLineEdit()
        self.filter.setObjectName("SymptomFilter")
        self.filter.setPlaceholderText("Filter symptoms…")
        self.filter.setAccessibleName("Filter symptoms")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.symptom_title = QLabel("<b>Symptoms and signs</b>")
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.symptom_title)
        column.addWidget(self.filter)
        column.addWidget(self.table)
        self.middle = middle

    def show_page(self, page: DeficiencyPage, article_html: str, treatment_html: str, too_much_html: str = "",
                  taking_html: str = "", works: dict | None = None) -> None:
        """The article and the treatment pane, and the too much and taking it tabs (each hidden when
        the nutrient has nothing on that side), written by the one HTML writer from the page's
        Documents; the symptom list is a model over the page's links."""
        self.page = page
        self.article.show_html(article_html)
        self.treatment.show_html(treatment_html)
        for index, body in ((1, too_much_html), (2, taking_html)):
            self.sides.setTabVisible(index, bool(body))
            self.sides.widget(index).show_html(body)
        self.model.set_links(page.symptoms, works)
        self.filter.clear()
        self.symptom_title.setText(f"<b>Symptoms and signs</b> ({len(page.symptoms)}) — "
                                   "double-click or Enter opens a symptom")

    def _open_row(self, index) -> None:
        symptom_id = self.proxy.data(index, ID_ROLE)
        if symptom_id:
            self.page_requested.emit(symptom_id)

    def browsers(self) -> list[PageBrowser]:
        return [self.article, self.treatment, self.too_much, self.taking]

    def show_side(self, side: str) -> PageBrowser:
        """Bring a side to the front ("too_much", "taking", or the three panes) and return its pane."""
        index = {"too_much": 1, "taking": 2}.get(side, 0)
        self.sides.setCurrentIndex(index if self.sides.isTabVisible(index) else 0)
        return {1: self.too_much, 2: self.taking}.get(self.sides.currentIndex(), self.article)


class DocumentView(QWidget):
    """One pane for a whole page: a symptom, a medicine, a supplement, or the answer to a question."""

    page_requested = Signal(str)

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.browser = PageBrowser(name)
        self.browser.page_requested.connect(self.page_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

    def show_html(self, body: str) -> None:
        self.browser.show_html(body)

    def browsers(self) -> list[PageBrowser]:
        return [self.browser]


class FindBar(QWidget):
    """Find in page (Ctrl+F, F3 / Shift+F3) over the visible text panes."""

    def __init__(self, browsers_getter, parent=None) -> None:
        super().__init__(parent)
        self.browsers_getter = browsers_getter
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in page")
        self.field.setAccessibleName("Find in page")
        self.field.returnPressed.connect(self.find_next)
        self.status = QLabel("")
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName("Close find bar")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.hide()

    def open(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def find_next(self, backward: bool = False) -> bool:
        text = self.field.text()
        if not text:
            return False
        flags = QTextDocument.FindBackward if backward else QTextDocument.FindFlag(0)
        for browser in self.browsers_getter():
            if browser.find(text, flags):
                self.status.setText("")
                return True
        for browser in self.browsers_getter():  # wrap around
            cursor = browser.textCursor()
            cursor.movePosition(cursor.End if backward else cursor.Start)
            browser.setTextCursor(cursor)
            if browser.find(text, flags):
                self.status.setText("wrapped")
                return True
        self.status.setText("not found")
        return False
