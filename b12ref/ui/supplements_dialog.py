"""Tools → My Supplements: the products a person takes (add, remove) and the daily total of each nutrient
across them against the reference values, with every total over an upper limit flagged.

The models are fed by b12ref.core.supplements.summary(); what the user typed is shown as plain text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDoubleSpinBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from b12ref.core.quantity import format_number
from b12ref.ui.plaintext import literal

BAND_TEXT = {"above-limit": "⚠ Over an upper limit", "within": "Within the recommended range",
             "below": "Below the RDA/AI", "no-limit-set": "Above the RDA/AI; no upper limit set"}
OVER = QColor(214, 48, 49, 70)  # a wash that reads on the light and the dark palette


class _RowsModel(QAbstractTableModel):
    """A read-only table of rows (lists of text) with headers; `set_items()` replaces them."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[dict] = []

    def set_items(self, items: list[dict]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation, role=Qt.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.items)):
            return None
        item = self.items[index.row()]
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return self.cell(item, index.column())
        if role == Qt.ToolTipRole:  # never read as markup: a name may hold "<b>"
            return literal(self.cell(item, index.column()))
        return self.style(item, index.column(), role)

    def cell(self, item: dict, column: int) -> str:
        raise NotImplementedError

    def style(self, item: dict, column: int, role) -> Any:
        return None


class ProductsModel(_RowsModel):
    """The products: name, how many a day, the label's lines (a line that cannot be read says so)."""

    headers = ("Product", "A day", "Label")

    def cell(self, item: dict, column: int) -> str:
        if column == 0:
            return item["name"]
        if column == 1:
            return f"{item['per_day']:g}"
        return "; ".join(line["text"] + (f" (cannot read: {line['problem']})" if line.get("problem") else "")
                         for line in item["lines"])


class TotalsModel(_RowsModel):
    """The daily totals: nutrient, amount, how it is judged, the upper limits; totals over a limit flagged."""

    headers = ("Nutrient", "Total a day", "Judged", "Upper limits", "From")

    def cell(self, item: dict, column: int) -> str:
        if column == 0:
            return item["nutrient"]["name"]
        if column == 1:
            return f"{format_number(item['amount'])} {item['unit']}"
        if column == 2:
            return BAND_TEXT.get(item["band"], item["band"])
        if column == 3:
            return "; ".join(f"{v['body']} {format_number(float(v['value']))} {v['unit']}" for v in item["limits"]) \
                or "None set"
        return "; ".join(f"{f['product']}: {format_number(f['amount'])} {item['unit']}" for f in item["from"])

    def style(self, item: dict, column: int, role) -> Any:
        over = item["band"] == "above-limit"
        if role == Qt.BackgroundRole and over:
            return OVER
        if role == Qt.FontRole and over:
            font = QFont()
            font.setBold(True)
            return font
        return None


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    return view


class SupplementsDialog(QDialog):
    """The products (add, remove) above the totals; `refresh()` reads the store again."""

    def __init__(self, userdata, answerer, parent=None) -> None:
        super().__init__(parent)
        self.userdata = userdata
        self.answerer = answerer
        self.setWindowTitle("My Supplements")
        self.setObjectName("supplements_dialog")
        self.resize(900, 620)
        self.products = ProductsModel(self)
        self.totals = TotalsModel(self)
        self.product_view = _table(self.products, "Your products")
        self.totals_view = _table(self.totals, "Daily totals against the reference values")
        self.name = QLineEdit(placeholderText="e.g. Daily multivitamin")
        self.name.setAccessibleName("Product name")
        self.name.setMaxLength(200)
        self.lines = QPlainTextEdit()
        self.lines.setPlaceholderText("One line of the label a line, e.g.\nvitamin d 25 mcg\nzinc 15 mg")
        self.lines.setAccessibleName("Label lines")
        self.lines.setTabChangesFocus(True)
        self.lines.setMaximumHeight(72)
        self.per_day = QDoubleSpinBox(decimals=2, minimum=0.01, maximum=50.0, value=1.0, singleStep=1.0)
        self.per_day.setAccessibleName("How many a day")
        self.add_button = QPushButton("&Add or Replace")
        self.remove_button = QPushButton("&Remove Selected")
        self.message = QLabel()
        self.message.setTextFormat(Qt.PlainText)
        self.message.setWordWrap(True)
        self.message.setObjectName("supplements_message")
        self.flag = QLabel()
        self.flag.setTextFormat(Qt.PlainText)
        self.flag.setWordWrap(True)
        self.flag.setObjectName("supplements_flag")
        self._build()
        self.add_button.clicked.connect(self.add_product)
        self.remove_button.clicked.connect(self.remove_selected)
        self.refresh()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Label:", self.lines)
        form.addRow("How many a &day:", self.per_day)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("Your products (kept on this computer only):"))
        top_layout.addWidget(self.product_view, 1)
        top_layout.addLayout(form)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.message)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel("Daily total of each nutrient, against the RDA/AI and the upper limits "
                                       "(US National Academies and EFSA; adults):"))
        bottom_layout.addWidget(self.flag)
        bottom_layout.addWidget(self.totals_view, 1)
        note = QLabel("A reference, not medical advice. Doses above a limit are for treatment under a clinician.")
        note.setWordWrap(True)
        bottom_layout.addWidget(note)
        split = QSplitter(Qt.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def refresh(self) -> dict:
        from b12ref.core.supplements import summary

        result = summary(self.answerer, self.userdata.supplements())
        self.products.set_items(result["products"])
        self.totals.set_items(result["totals"])
        self.flag.setText(f"⚠ Over an upper limit: {', '.join(result['over_limit'])}." if result["over_limit"]
                          else "")
        self.flag.setVisible(bool(result["over_limit"]))
        self.result = result
        return result

    def add_product(self) -> bool:
        from b12ref.core.supplements import SupplementLineError, check_lines
        from b12ref.core.userdata import UserDataError
        from b12ref.core.userdata_supplements import clean_product

        try:
            name, lines, per_day = clean_product(self.name.text(), self.lines.toPlainText().splitlines(),
                                                 self.per_day.value())
            check_lines(self.answerer, lines)
            replaced = self.userdata.add_supplement(name, lines, per_day)
        except (UserDataError, SupplementLineError) as exc:
            self.message.setText(f"Not added: {exc}")
            return False
        self.message.setText(f"{'Replaced' if replaced else 'Added'} {name}.")
        self.name.clear()
        self.lines.clear()
        self.per_day.setValue(1.0)
        self.refresh()
        return True

    def remove_selected(self) -> bool:
        from b12ref.core.userdata import UserDataError

        rows = self.product_view.selectionModel().selectedRows()
        if not rows:
            self.message.setText("Select a product to remove.")
            return False
        name = self.products.items[rows[0].row()]["name"]
        try:
            self.userdata.remove_supplement(name)
        except UserDataError as exc:
            self.message.setText(f"Not removed: {exc}")
            return False
        self.message.setText(f"Removed {name}.")
        self.refresh()
        return True


def show_supplements(window) -> SupplementsDialog | None:
    """Open (or raise) the window's My Supplements dialog."""
    if window.library is None:
        return None
    dialog = getattr(window, "supplements_dialog", None)
    if dialog is None:
        dialog = SupplementsDialog(window.userdata, window.search.answerer, window)
        window.supplements_dialog = dialog
    else:
        dialog.refresh()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
