"""Qt item models fed by core records: search results, the browse tree, a page's symptom links.

None of them runs SQL; widgets hand them records from b12ref.core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QAbstractTableModel, QModelIndex
from PySide6.QtGui import QColor, QPalette

from b12ref.ui.plaintext import tooltip

if TYPE_CHECKING:  # the grade orders are imported where the symptom table sorts: the start needs none of it
    from PySide6.QtGui import QFont

    from b12ref.core.records import DeficiencySummary, Link, SymptomSummary
    from b12ref.core.search import SearchHit

# Roles as plain ints (Qt.ItemDataRole is an IntEnum, so they compare equal): each `Qt.X` lookup
# costs ~5 µs in PySide6, and data() is called a few times per row on every repaint; and the first
# use of PySide6's `Qt` namespace builds all its enums (~30 ms), which the start leaves for later.
USER_ROLE = 256  # Qt.UserRole
ID_ROLE = USER_ROLE + 1
TYPE_ROLE = USER_ROLE + 2
SORT_ROLE = USER_ROLE + 3
DETAIL_ROLE = USER_ROLE + 4
FILTER_ROLE = USER_ROLE + 10  # text a filter box matches: name, lay names, system
DISPLAY = 0  # Qt.DisplayRole
TOOLTIP = 3  # Qt.ToolTipRole
FONT = 6  # Qt.FontRole
ALIGNMENT = 7  # Qt.TextAlignmentRole
FOREGROUND = 9  # Qt.ForegroundRole
ACCESSIBLE = 11  # Qt.AccessibleTextRole
_QT_VALUES: tuple = ()


def qt_values() -> tuple:
    """(Qt.Horizontal, no flags, enabled, enabled and selectable): Flag enums, which do not compare
    equal to ints, looked up once on first use."""
    global _QT_VALUES
    if not _QT_VALUES:
        from PySide6.QtCore import Qt

        _QT_VALUES = (Qt.Horizontal, Qt.NoItemFlags, Qt.ItemIsEnabled, Qt.ItemIsEnabled | Qt.ItemIsSelectable)
    return _QT_VALUES
_header_font: QFont | None = None


def header_font() -> QFont:
    """Bold type for group headers (made on first use: a QFont needs the application)."""
    global _header_font
    if _header_font is None:
        from PySide6.QtGui import QFont  # (its type, ~1 ms, is made when the tree is first drawn)

        _header_font = QFont()
        _header_font.setBold(True)
    return _header_font


TYPE_TITLES = {"deficiency": "Deficiencies", "symptom": "Symptoms", "excess": "Too much", "medicine": "Medicines",
               "nutrient": "Supplements", "outcome": "Outcomes", "treatment": "Treatments", "note": "My notes"}
NAMED = "named"  # the tier of the pages a question names: listed first, in a group of their own


def group_rows(hits: list[SearchHit]) -> list[tuple[str, object]]:
    """The rows of a results list: ("header", title) before each group of ("hit", SearchHit).
    The pages a question names come first; then one group per type, in the order of its best
    hit, so an exact name or alias is always near the top."""
    rows: list[tuple[str, object]] = []
    named = [h for h in hits if h.tier == NAMED]
    if named:
        rows.append(("header", "In your question"))
        rows.extend(("hit", h) for h in named)
    rest = [h for h in hits if h.tier != NAMED]
    order = sorted(TYPE_TITLES, key=lambda t: -max((h.score for h in rest if h.type == t), default=-1))
    for type_ in order:
        group = [h for h in rest if h.type == type_]
        if group:
            rows.append(("header", f"{TYPE_TITLES[type_]} ({len(group)})"))
            rows.extend(("hit", h) for h in group)
    return rows


def detail_of(hit: SearchHit) -> str:
    """A hit's second line: why it was found for a name, alias or related match, else the snippet."""
    return hit.why if hit.tier in ("related", "exact", "prefix", NAMED) and hit.why else hit.snippet


class SearchResultsModel(QAbstractListModel):
    """Search hits grouped by type: a header row before each group.

    Attributes: rows, a list of ("header", title) or ("hit", SearchHit).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, object]] = []

    def set_results(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.rows = group_rows(hits)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def hit(self, row: int) -> SearchHit | None:
        if 0 <= row < len(self.rows) and self.rows[row][0] == "hit":
            return self.rows[row][1]  # type: ignore[return-value]
        return None

    def flags(self, index: QModelIndex):
        _, no_flags, enabled, selectable = qt_values()
        if not index.isValid():
            return no_flags
        if self.rows[index.row()][0] == "header":
            return enabled
        return selectable

    def data(self, index: QModelIndex, role: int = DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        kind, value = self.rows[index.row()]
        if kind == "header":
            if role == DISPLAY:
                return value
            if role == TYPE_ROLE:
                return "header"
            if role == FONT:
                return header_font()
            if role == FOREGROUND:
                return QPalette().color(QPalette.PlaceholderText)
            return None
        hit: SearchHit = value  # type: ignore[assignment]
        if role == DISPLAY:
            return hit.name
        if role == TOOLTIP:
            return tooltip(hit.why or hit.snippet)  # a note's text, too: never markup
        if role == DETAIL_ROLE:
            return detail_of(hit)
        if role == ID_ROLE:
            return hit.id
        if role == TYPE_ROLE:
            return hit.type
        if role == ACCESSIBLE:
            return f"{hit.type} {hit.name}"
        return None


class BrowseModel(QAbstractItemModel):
    """A two-level tree: groups (Vitamins, Minerals, Other, Symptoms A–Z) and their pages.

    Attributes: groups, a list of (title, [(page id, type, name)]).
    """

    GROUPS = (("vitamin", "Vitamins"), ("mineral", "Minerals"), ("other", "Other"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.groups: list[tuple[str, list[tuple[str, str, str]]]] = []

    def set_pages(self, deficiencies: list[DeficiencySummary], symptoms: list[SymptomSummary]) -> None:
        self.beginResetModel()
        self.groups = [(title, [(d.id, "deficiency", d.name) for d in deficiencies if d.category == key])
                       for key, title in self.GROUPS]
        self.groups = [g for g in self.groups if g[1]]
        self.groups.append(("Symptoms A–Z", [(s.id, "symptom", s.name) for s in symptoms]))
        self.endResetModel()

    # internalId: 0 for a group row, group number + 1 for a page row inside that group.
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.groups) else QModelIndex()
        if parent.internalId() == 0 and parent.row() < len(self.groups) and row < len(self.groups[parent.row()][1]):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:
        return 1

    def data(self, index: QModelIndex, role: int = DISPLAY):
        if not index.isValid():
            return None
        if index.internalId() == 0:
            title, items = self.groups[index.row()]
            return f"{title} ({len(items)})" if role == DISPLAY else None
        page_id, type_, name = self.groups[index.internalId() - 1][1][index.row()]
        if role in (DISPLAY, ACCESSIBLE):
            return name
        if role == ID_ROLE:
            return page_id
        if role == TYPE_ROLE:
            return type_
        return None


class SymptomLinksModel(QAbstractTableModel):
    """The graded symptom links of one deficiency page, one row each.

    Attributes: links, the Link records shown; sort by SORT_ROLE for grade order.
    """

    HEADERS = ("Symptom", "Body system", "How common", "Evidence", "Flag", "Sources")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.links: list[Link] = []
        self.works: dict = {}  # work id -> Source: what each link rests on, named in its Sources cell

    def set_links(self, links: list[Link], works: dict | None = None) -> None:
        self.beginResetModel()
        self.links = list(links)
        self.works = works or {}
        self.endResetModel()

    def _sources(self, link: Link) -> tuple[str, str]:
        """Short names ("Turner 2013; MedlinePlus") and the full citations (the tooltip)."""
        works = [self.works[i] for i in link.sources if i in self.works]
        short = "; ".join(_short_name(w) for w in works) or "; ".join(link.sources)
        return short, "\n".join(w.citation() for w in works)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.links)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role: int = DISPLAY):
        if role == DISPLAY and orientation == qt_values()[0] and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self.links):
            return None
        link = self.links[index.row()]
        column = index.column()
        if role in (DISPLAY, ACCESSIBLE):
            return (link.symptom_name, link.body_system.replace("-", " "), link.frequency, link.evidence,
                    "▲" if link.red_flag else "", self._sources(link)[0])[column]
        if role == SORT_ROLE:
            from b12ref.core.records import EVIDENCE_ORDER, FREQUENCY_ORDER

            return (link.symptom_name.lower(), link.body_system, FREQUENCY_ORDER.get(link.frequency, 9),
                    EVIDENCE_ORDER.get(link.evidence, 9), 0 if link.red_flag else 1, self._sources(link)[0])[column]
        if role == TOOLTIP and column == 5:
            return tooltip(self._sources(link)[1]) or None
        if role == TOOLTIP:
            flag = "Red flag: needs prompt care. " if link.red_flag else ""
            return (flag + " ".join(x for x in (link.mechanism, link.note) if x)) or None
        if role == FOREGROUND and column == 4 and link.red_flag:
            return QColor("#c62828")
        if role == ID_ROLE:
            return link.symptom_id
        if role == FILTER_ROLE:
            return " ".join([link.symptom_name, link.body_system, *link.synonyms]).lower()
        return None


def _short_name(work) -> str:
    """A work in two words: its first author's surname and year, or its publisher."""
    if work.authors:
        name = work.authors.split(",")[0].split(" ")[0]
        return f"{name} {work.year}" if work.year and work.year != "n.d." else name
    return (work.publisher or work.title).split(",")[0][:28]
