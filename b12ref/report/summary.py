"""Printable summaries (deficiency, symptom, answer card, "which fit" handout) as whole HTML documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from b12ref import __version__
from b12ref.core.atomic import write_atomic
from b12ref.core.notices import NOT_MEDICAL_ADVICE
from b12ref.core.records import DeficiencyPage, SymptomPage
from b12ref.report.answer_docs import which_doc
from b12ref.report.document import Document
from b12ref.report.html_writer import esc, print_html
from b12ref.report.library_docs import answer_document, page_document
from b12ref.report.page_docs import ALL_SECTIONS, PARTS

if TYPE_CHECKING:
    from b12ref.core.answer import Answer
    from b12ref.core.checker import FitResult
    from b12ref.core.library import Library

SUMMARY_SECTIONS = ("symptoms", "treatments", "sources")  # the one- or two-page default


@dataclass
class Printout:
    """A finished printable document: the HTML (self-contained, light theme) and what goes on every page."""

    title: str
    html: str
    printed: str
    content_version: str

    @property
    def running_header(self) -> str:
        """The line printed at the top of every page after the first."""
        return f"{self.title} · printed {self.printed} · content version {self.content_version}"


def parse_sections(text: str | None) -> tuple[str, ...]:
    """"article,symptoms" -> ("article", "symptoms") in print order; ValueError names a bad section."""
    if text is None or not text.strip():
        return ALL_SECTIONS
    chosen = [s.strip().lower().replace("-", "_") for s in text.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in ALL_SECTIONS]
    if unknown:
        raise ValueError(f"unknown section {unknown[0]!r}; choose from {', '.join(ALL_SECTIONS)}")
    return tuple(s for s in ALL_SECTIONS if s in chosen)


def printout(library: Library, doc: Document, printed: date | None = None) -> Printout:
    """Any Document as a dated print: a header with the content version, a not-medical-advice footer."""
    when = (printed or date.today()).isoformat()
    version = library.meta().get("content_hash", "unknown")[:12]
    header = (f'<p class="printhead">b12ref {esc(__version__)} · printed {esc(when)} · '
              f"content version {esc(version)}</p>")
    footer = f'<p class="disclaimer">{esc(NOT_MEDICAL_ADVICE)}</p>'
    return Printout(title=doc.title, html=print_html(doc, header=header, footer=footer), printed=when,
                    content_version=version)


def page_summary(library: Library, page: DeficiencyPage | SymptomPage | str,
                 sections: tuple[str, ...] = SUMMARY_SECTIONS, printed: date | None = None,
                 full: bool = False) -> Printout:
    """The summary of a page. For a nutrient: key parts in order (article, symptoms, treatment and tests,
    too much, taking it); brief (the default) keeps tables to their grades, `full` adds mechanisms, notes,
    monitoring and food. The numbered references always close the document."""
    page_id = page if isinstance(page, str) else page.id
    parts = tuple(s for s in sections if s in PARTS)
    return printout(library, page_document(library, page_id, parts, detailed=full, facts=True), printed)


def answer_summary(library: Library, answer: Answer, printed: date | None = None) -> Printout:
    """The answer page for one question, with the question as its title."""
    return printout(library, answer_document(library, answer), printed)


def which_summary(library: Library, result: FitResult, printed: date | None = None) -> Printout:
    """The "which deficiencies fit" result as a handout to take to a doctor."""
    return printout(library, which_document(library, result, printed), printed)


def which_document(library: Library, result: FitResult, printed: date | None = None) -> Document:
    """The handout, shared by the window's checker panel and the printed handout."""
    link_sources: dict[tuple[str, str], list[str]] = {}
    for candidate in result.candidates:
        for match in candidate.matched:
            link = library.link(candidate.id, match["symptom_id"])
            if link is not None:
                link_sources[(candidate.id, match["symptom_id"])] = link.sources
    when = (printed or date.today()).isoformat()
    return which_doc(result, link_sources, library.sources(), when)


def export_html(printout: Printout, path: Path) -> None:
    """Save the self-contained HTML document (CSS inline, nothing fetched from outside)."""
    write_atomic(path, printout.html.encode("utf-8"))
