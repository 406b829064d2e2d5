"""The print options dialog and the system print dialogs: imported when the user first prints (the
menus' actions are built without them, ui/printing)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget,
)

from b12ref.report import summary
from b12ref.report.html_writer import esc

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


SECTION_LABELS = {"article": "Article (overview, causes, diagnosis…)", "symptoms": "Symptom table with grades",
                  "treatments": "Treatments, tests and food sources", "too_much": "Too much: upper limits and harms",
                  "taking": "Taking it: benefits, side effects, medicines", "sources": "Numbered references"}
PAPER_LABELS = {"a4": "A4", "letter": "Letter"}


@dataclass
class PrintOptions:
    sections: tuple[str, ...]
    paper: str
    full: bool = False


class PrintOptionsDialog(QDialog):
    """Choose the sections (deficiency pages) and the paper size. Tests replace `ask`."""

    def __init__(self, title: str, page, paper: str, show_paper: bool = True,
                 parent: QWidget | None = None, parts: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("PrintOptionsDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{esc(page.title)}</b>"))
        self.boxes: dict[str, QCheckBox] = {}
        if parts:
            group = QGroupBox("Include")
            inner = QVBoxLayout(group)
            for key in summary.ALL_SECTIONS:
                box = QCheckBox(SECTION_LABELS[key])
                box.setObjectName(f"section_{key}")
                box.setChecked(key in summary.SUMMARY_SECTIONS)
                box.toggled.connect(self._update_ok)
                inner.addWidget(box)
                self.boxes[key] = box
            self.full = QCheckBox("Full detail (mechanisms, notes, monitoring, food sources)")
            self.full.setObjectName("full_detail")
            inner.addWidget(self.full)
            layout.addWidget(group)
        else:
            self.full = QCheckBox()
        self.paper = QComboBox()
        self.paper.setObjectName("paper")
        for key, label in PAPER_LABELS.items():
            self.paper.addItem(label, key)
        self.paper.setCurrentIndex(list(PAPER_LABELS).index(paper))
        if show_paper:
            form = QFormLayout()
            form.addRow("Paper size:", self.paper)
            layout.addLayout(form)
        layout.addWidget(QLabel('<span style="color:#5b6673">Printed in the light theme, dated, with the '
                                "content version and sources.</span>"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(any(b.isChecked() for b in self.boxes.values()))

    def options(self) -> PrintOptions:
        chosen = tuple(k for k, box in self.boxes.items() if box.isChecked()) or summary.ALL_SECTIONS
        return PrintOptions(sections=chosen, paper=self.paper.currentData(), full=self.full.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, page, paper: str,
            show_paper: bool = True, parts: bool = False) -> PrintOptions | None:
        """page: what is on show (its `id` and `title`); parts: offer the parts of a nutrient page."""
        dialog = cls(title, page, paper, show_paper, parent, parts)
        return dialog.options() if dialog.exec() == QDialog.Accepted else None


class PrinterDialog:
    """The system print dialog and the preview window. Tests replace these classmethods."""

    @classmethod
    def ask(cls, parent: QWidget | None, printer: QPrinter) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        return QPrintDialog(printer, parent).exec() == QDialog.Accepted

    @classmethod
    def preview(cls, parent: QWidget | None, printer: QPrinter, paint: Callable[[QPrinter], None]) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle("Print Preview — b12ref")
        dialog.paintRequested.connect(paint)
        dialog.resize(900, 1000)
        dialog.exec()
