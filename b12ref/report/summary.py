"""Printable summaries (deficiency, symptom, answer card, "which fit" handout) as whole HTML documents."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from b12ref import __version__
from b12ref.core.records import DeficiencyPage, SymptomPage
from b12ref.report import html as render

if TYPE_CHECKING:
    from b12ref.core.answer import Answer
    from b12ref.core.checker import FitResult
    from b12ref.core.library import Library

ALL_SECTIONS = render.ALL_SECTIONS
SUMMARY_SECTIONS = ("symptoms", "treatments", "sources")  # the one- or two-page default
NOT_MEDICAL_ADVICE = ("b12ref is a reference, not medical advice. It cannot diagnose you: see a doctor "
                      "about symptoms that worry you, and at once about red flags. Doses are reference "
                      "figures from the cited sources, not prescriptions.")
SYMPTOM_COLUMNS = {"Symptom": 43, "Body system": 14, "Evidence · how common": 19, "Sources": 24}
BRIEF_SYMPTOM_COLUMNS = {"Symptom": 44, "Body system": 16, "Evidence · how common": 28, "Sources": 12}
CAUSE_COLUMNS = {"Deficiency": 22, "Evidence · how common": 18, "How": 40, "Sources": 20}
_INTERNAL_LINK = re.compile(r'<a href="b12ref:[^"]*">(.*?)</a>', re.S)
_PAGE_LINKS_LINE = re.compile(r'<p>(?:<a href="b12ref:[^"]*">[^<]*</a>(?: · )?)+</p>\n?')


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
    chosen = [s.strip().lower() for s in text.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in ALL_SECTIONS]
    if unknown:
        raise ValueError(f"unknown section {unknown[0]!r}; choose from {', '.join(ALL_SECTIONS)}")
    return tuple(s for s in ALL_SECTIONS if s in chosen)


def _strip_internal_links(body: str) -> str:
    """b12ref:ID links only work inside the app: on paper and in a file they are plain text."""
    return _INTERNAL_LINK.sub(r"\1", body)


def _finish(library: Library, title: str, body: str, printed: date | None) -> Printout:
    when = (printed or date.today()).isoformat()
    version = library.meta().get("content_hash", "unknown")[:12]
    header = render.print_header_html(when, version, __version__)
    footer = f'<p class="disclaimer">{render.esc(NOT_MEDICAL_ADVICE)}</p>'
    html = render.print_document(title, _strip_internal_links(body), header=header, footer=footer)
    return Printout(title=title, html=html, printed=when, content_version=version)


def deficiency_summary(library: Library, page: DeficiencyPage, sections: tuple[str, ...] = SUMMARY_SECTIONS,
                       printed: date | None = None, full: bool = False) -> Printout:
    """Key facts, then the chosen sections in order: article, symptom table, treatment and tests, sources.

    Brief (the default) keeps the symptom table to its grades and treatments and tests to compact
    tables; `full` adds mechanisms, notes, monitoring and food sources.
    """
    sources = library.sources()
    parts = [render.key_facts_html(page)]
    if "article" in sections:
        parts.append(render.article_sections_html(page, sources))
    if "symptoms" in sections:
        parts.append('<h2><a name="symptoms"></a>Symptoms and signs</h2>'
                     '<p class="muted">Evidence: established, probable, reported or disputed · '
                     "how common: common, occasional, rare or unknown. ▲ marks a red flag: see a doctor "
                     "promptly.</p>" + _repeat_table_header(_column_widths(
                         render.symptom_table_html(page.symptoms, sources, detailed=full,
                                                   numbers=None if full else render.source_numbers(page.sources)),
                         SYMPTOM_COLUMNS if full else BRIEF_SYMPTOM_COLUMNS)))
    if "treatments" in sections:
        treatments = render.treatment_html if full else render.brief_treatment_html
        parts.append(_repeat_table_header(treatments(page, sources)))
    parts.append(f'<p class="muted">Reviewed {render.esc(page.reviewed)}.</p>')
    if "sources" in sections:
        parts.append(render.sources_list(page.sources))
    return _finish(library, page.title, "\n".join(parts), printed)


def symptom_summary(library: Library, page: SymptomPage, printed: date | None = None) -> Printout:
    """The symptom page: description, red flags, the deficiencies that cause it, other causes, sources."""
    body = _repeat_table_header(_column_widths(render.symptom_html(page, library.sources()), CAUSE_COLUMNS))
    return _finish(library, page.title, body, printed)


def page_summary(library: Library, page: DeficiencyPage | SymptomPage,
                 sections: tuple[str, ...] = SUMMARY_SECTIONS, printed: date | None = None,
                 full: bool = False) -> Printout:
    """The summary of whichever kind of page this is (sections and detail apply to deficiency pages)."""
    if isinstance(page, DeficiencyPage):
        return deficiency_summary(library, page, sections, printed, full)
    return symptom_summary(library, page, printed)


def answer_summary(library: Library, answer: Answer, printed: date | None = None) -> Printout:
    """The answer card for one question, with the question as its title."""
    title = answer.question.strip() or "Answer"
    card = _PAGE_LINKS_LINE.sub("", render.answer_html(answer))
    known = library.sources()
    cited = [known[s["id"]] for s in answer.sources if s.get("id") in known]
    if cited:  # the numbered list below replaces the card's one-line list of titles
        card = re.sub(r"<p class='cite'>Sources: .*?</p>", "", card, flags=re.S)
    body = f"<h1>{render.esc(title)}</h1>\n{card}" + (render.sources_list(cited) if cited else "")
    return _finish(library, title, body, printed)


def which_summary(library: Library, result: FitResult, printed: date | None = None) -> Printout:
    """The "which deficiencies fit" result as a handout to take to a doctor."""
    body = which_body(library, result, printed)
    return _finish(library, "Which deficiencies fit these symptoms?", body, printed)


def which_body(library: Library, result: FitResult, printed: date | None = None) -> str:
    """The handout's body, shared by the window's checker panel and the printed handout."""
    link_sources: dict[tuple[str, str], list[str]] = {}
    for candidate in result.candidates:
        for match in candidate.matched:
            link = library.link(candidate.id, match["symptom_id"])
            if link is not None:
                link_sources[(candidate.id, match["symptom_id"])] = link.sources
    when = (printed or date.today()).isoformat()
    return render.which_handout_html(result, link_sources, library.sources(), when)


def _repeat_table_header(body: str) -> str:
    """Mark each table's heading row as <thead> so it repeats at the top of every printed page."""
    return re.sub(r"(<table class='grid'[^>]*>)(<tr>.*?</tr>)", r"\1<thead>\2</thead>", body, flags=re.S)


def _column_widths(table: str, widths: dict[str, int]) -> str:
    """Give named heading cells a width in per cent (on paper the first column needs the room)."""
    for heading, percent in widths.items():
        table = table.replace(f"<th align='left'>{heading}</th>",
                              f"<th align='left' width='{percent}%'>{heading}</th>", 1)
    return table


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder: a failure leaves no partial file."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder", str(path))
    handle, temp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".",
                                    prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export_html(printout: Printout, path: Path) -> None:
    """Save the self-contained HTML document (CSS inline, nothing fetched from outside)."""
    write_atomic(path, printout.html.encode("utf-8"))
