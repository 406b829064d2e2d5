"""The Document of any page or answer, read from the library: the one entry point for the window's panes,
print, PDF and HTML export, and the command line's `show`, `ask` and `export`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from b12ref.core.library import Library, NotFound
from b12ref.report.answer_docs import answer_doc
from b12ref.report.document import Document
from b12ref.report.page_docs import PARTS, medicine_doc, nutrient_doc, outcome_doc, supplement_doc, symptom_doc

if TYPE_CHECKING:
    from b12ref.core.answer import Answer
    from b12ref.core.records import DeficiencyPage


def page_document(library: Library, page_id: str, parts: tuple[str, ...] = PARTS, detailed: bool = True,
                  screen_split: bool = False, header: bool = True, facts: bool = False) -> Document:
    """Any page by id; NotFound when no page has it."""
    kind = library.kind_of(page_id)
    works = library.sources()
    if kind == "deficiency":
        return nutrient_doc(library.deficiency(page_id), library.sides.sides(page_id), works, parts, detailed,
                            screen_split, header, facts)
    if kind == "symptom":
        excess = sorted(library.sides.records("excess", subject_id=page_id), key=lambda r: r.rank)
        return symptom_doc(library.symptom(page_id), works, excess)
    if kind == "nutrient":
        return supplement_doc(library.sides.page_row("nutrients", page_id) or {}, library.sides.sides(page_id),
                              works, detailed)
    if kind == "outcome":
        return outcome_doc(library.sides.page_row("outcomes", page_id) or {},
                           library.sides.records("benefit", subject_id=page_id), works)
    if kind == "medicine":
        row = library.sides.page_row("medicines", page_id) or {}
        med = {**row, "brands": json.loads(row.get("brands") or "[]")}
        return medicine_doc(med, lowered_by(library, med), library.sides.interactions(medicine_id=page_id), works)
    raise NotFound(page_id)


def nutrient_panes(library: Library, page_id: str) -> tuple["DeficiencyPage", dict[str, Document]]:
    """The window's panes of a nutrient from one read of its page and sides: the article (its symptom
    table has a pane of its own), the treatment pane, and the too much and taking it tabs."""
    page, sides, works = library.deficiency(page_id), library.sides.sides(page_id), library.sources()
    return page, {
        "article": nutrient_doc(page, sides, works, ("article",), screen_split=True),
        "treatments": nutrient_doc(page, sides, works, ("treatments",), header=False),
        "too_much": nutrient_doc(page, sides, works, ("too_much",), header=False),
        "taking": nutrient_doc(page, sides, works, ("taking",), header=False),
    }


def lowered_by(library: Library, med: dict) -> list[dict]:
    """Deficiency risk factors that name this medicine (by name, brand or alias)."""
    names = {med["name"].lower(), *(b.lower() for b in med.get("brands") or []),
             *(a.lower() for a in json.loads(med.get("aliases") or "[]"))}
    out = []
    for r in library.conn.execute("SELECT r.deficiency_id, d.name, r.factor, r.aliases, r.note, r.sources "
                                  "FROM risk_factors r JOIN deficiencies d ON d.id = r.deficiency_id "
                                  "WHERE r.kind = 'drug'"):
        words = {r[2].lower(), *(a.lower() for a in json.loads(r[3] or "[]"))}
        if names & words:
            out.append({"nutrient_id": r[0], "nutrient_name": r[1], "note": r[4], "sources": json.loads(r[5] or "[]")})
    return out


def answer_document(library: Library, answer: "Answer") -> Document:
    return answer_doc(answer, library.sources())
