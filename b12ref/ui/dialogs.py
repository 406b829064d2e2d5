"""Dialogs: About, and the question asked before an external link opens in the browser."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from b12ref import __version__
from b12ref.core.notices import NOT_MEDICAL_ADVICE
from b12ref.attribution import HPO_CITATION, hpo_acknowledgement, hpo_release, hpo_terms
from b12ref.report.html_writer import esc

DISCLAIMER = NOT_MEDICAL_ADVICE


class ExternalLinkDialog:
    """Ask before leaving the app. Tests replace `ask` to answer without a modal."""

    @classmethod
    def ask(cls, parent: QWidget | None, url: QUrl) -> bool:
        answer = QMessageBox.question(
            parent, "Open in your browser?",
            f"This link leaves b12ref and opens in your web browser (it needs a network):\n\n"
            f"{url.toString()}\n\nOpen it?",
            QMessageBox.Open | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Open


class AboutDialog(QDialog):
    def __init__(self, meta: dict[str, str], reviewed: dict[str, str], sources: list, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About b12ref")
        self.resize(640, 560)
        text = QTextBrowser()
        text.setObjectName("AboutText")
        text.setOpenLinks(False)
        dates = sorted(set(reviewed.values()))
        span = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}" if dates else "not recorded"
        publishers = sorted({s.publisher or s.journal for s in sources if (s.publisher or s.journal)})
        text.setHtml(
            f"<h2>b12ref {esc(__version__)}</h2>"
            "<p>An offline reference for nutrient deficiencies and their symptoms. "
            "It opens no network connection.</p>"
            f"<p><b>Content version</b> {esc(meta.get('content_hash', ''))}, built {esc(meta.get('built_at', ''))}; "
            f"{len(reviewed)} deficiency pages, reviewed {esc(span)}.</p>"
            f"<p><b>Medical disclaimer.</b> {esc(DISCLAIMER)} Doses are reference figures from the cited "
            "sources, not prescriptions.</p>"
            f"<p><b>Sources</b> ({len(sources)}), from: {esc('; '.join(publishers[:40]))}.</p>"
            "<p><b>Human Phenotype Ontology.</b> Symptom terms and synonyms are taken from the Human "
            f"Phenotype Ontology (release {esc(hpo_release())}), a project of the Monarch Initiative; "
            f"HPO ids are shown on symptom pages. {esc(hpo_acknowledgement())} {esc(hpo_terms())} "
            f"Please cite: {esc(HPO_CITATION)}</p>"
            "<p><b>Licences.</b> b12ref is MIT licensed (see LICENSE and NOTICE). It uses Qt for Python (PySide6, LGPLv3), "
            "SQLite (public domain), sqlite-utils (Apache 2.0), PyYAML (MIT), RapidFuzz (MIT) and "
            "snowballstemmer (BSD).</p>")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)


class UserDataFileDialog:
    """Choose a JSON file for exporting or importing user data. Tests replace these classmethods."""

    FILTER = "b12ref data (*.json);;All files (*)"

    @classmethod
    def ask_save(cls, parent: QWidget | None) -> str:
        return QFileDialog.getSaveFileName(parent, "Export My Data", "b12ref-my-data.json", cls.FILTER)[0]

    @classmethod
    def ask_open(cls, parent: QWidget | None) -> str:
        return QFileDialog.getOpenFileName(parent, "Import My Data", "", cls.FILTER)[0]


class ExportFileDialog:
    """Where to save an export. Tests replace `ask_save`."""

    FILTERS = {"pdf": "PDF documents (*.pdf)", "html": "Web pages (*.html *.htm)"}

    @classmethod
    def ask_save(cls, parent: QWidget | None, kind: str, suggested: str) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation) or str(Path.home())
        return QFileDialog.getSaveFileName(parent, f"Export {kind.upper()}", str(Path(folder) / suggested),
                                           cls.FILTERS[kind])[0]
