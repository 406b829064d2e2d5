"""A page as plain text for the terminal (`b12ref show ID`)."""

from __future__ import annotations

import textwrap

from b12ref.core.records import DeficiencyPage, Source, SymptomPage


def _wrap(text: str, indent: str = "") -> str:
    out = []
    for para in text.split("\n"):
        out.append(textwrap.fill(para, 88, initial_indent=indent, subsequent_indent=indent + "  "
                                 if para.lstrip().startswith("- ") else indent) if para.strip() else "")
    return "\n".join(out)


def _grade(evidence: str, frequency: str) -> str:
    return f"{evidence}, {frequency}"


def page_text(page: DeficiencyPage | SymptomPage, sources: dict[str, Source]) -> str:
    lines: list[str] = []
    add = lines.append
    if isinstance(page, DeficiencyPage):
        add(page.title.upper())
        add(f"Also called: {', '.join(page.aliases)}" if page.aliases else "")
        add(_wrap(page.summary))
        for section in page.sections:
            add(f"\n{section.title}\n{'-' * len(section.title)}")
            add(_wrap(section.body))
        add("\nSymptoms and signs (evidence, frequency)\n" + "-" * 40)
        for link in page.symptoms:
            flag = "  [RED FLAG]" if link.red_flag else ""
            add(f"- {link.symptom_name}: {_grade(link.evidence, link.frequency)}{flag}"
                f"  [{', '.join(link.sources)}]")
        add("\nTreatment\n---------")
        for t in page.treatments:
            add(f"- {t.name} ({t.route}): {t.adult_dose}. Duration: {t.duration}. Monitoring: {t.monitoring}")
        add("\nTests\n-----")
        for test in page.tests:
            add(f"- {test.name}: {test.reference_range}" + (f" Pitfalls: {test.pitfalls}" if test.pitfalls else ""))
        add("\nFood sources\n------------")
        for food in page.food_sources:
            add(f"- {food.food}, {food.serving}: {food.amount}")
        add(f"\nReviewed {page.reviewed}")
    else:
        add(page.name.upper())
        if page.synonyms:
            add(f"Also called: {', '.join(page.synonyms)}")
        add(_wrap(page.description))
        add("\nDeficiencies that can cause it (evidence, frequency)\n" + "-" * 40)
        for link in page.causes:
            add(f"- {link.deficiency_name}: {_grade(link.evidence, link.frequency)}")
        if page.other_causes:
            add("\nOther common causes\n" + "\n".join(f"- {c.text}" for c in page.other_causes))
        if page.red_flags:
            add("\nSee a doctor promptly if\n" + "\n".join(f"- {c.text}" for c in page.red_flags))
    add("\nSources")
    for source in page.sources:
        add(f"[{source.id}] {source.citation()} {source.link or ''}".rstrip())
    return "\n".join(line for line in lines if line is not None)
