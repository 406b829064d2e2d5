"""Pages as HTML in the subset Qt's rich text renders: the one rendering path for screen and print.

Every piece of content text passes through `esc()`; links to other pages use the
`b12ref:ID` scheme, sources link to their URLs (opened only after the user confirms).
"""

from __future__ import annotations

import html
import re
from string import Template
from typing import TYPE_CHECKING

from b12ref import paths
from b12ref.core.records import DeficiencyPage, Link, Source, SymptomPage

ALL_SECTIONS = ("article", "symptoms", "treatments", "sources")
EVIDENCE_COLOURS = {"established": "#1b6e3a", "probable": "#2f6f9f", "reported": "#8a6d1f", "disputed": "#8a3b3b"}
ROUTE_WORDS = {"intramuscular": "injection into a muscle", "intravenous": "into a vein (drip)",
               "subcutaneous": "injection under the skin", "oral": "by mouth", "diet": "food"}


def esc(text: object) -> str:
    return html.escape(str(text or ""), quote=True)


def markdown(text: str) -> str:
    """Paragraphs, "- " bullet lists and **bold** from trusted-format, escaped content text."""
    out: list[str] = []
    items: list[str] = []

    def inline(s: str) -> str:
        return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", esc(s))

    def flush() -> None:
        if items:
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if all(line.lstrip().startswith(("- ", "* ")) for line in lines if line.strip()):
            items.extend(line.lstrip()[2:] for line in lines if line.strip())
            continue
        flush()
        buffer: list[str] = []
        for line in lines:
            if line.lstrip().startswith(("- ", "* ")):
                if buffer:
                    out.append(f"<p>{inline(' '.join(buffer))}</p>")
                    buffer = []
                items.append(line.lstrip()[2:])
            else:
                flush()
                buffer.append(line.strip())
        if buffer:
            out.append(f"<p>{inline(' '.join(buffer))}</p>")
    flush()
    return "\n".join(out)


def badge(evidence: str, frequency: str) -> str:
    colour = EVIDENCE_COLOURS.get(evidence, "#555555")
    return (f'<span style="color:{colour}; font-weight:bold">{esc(evidence)}</span>'
            f' <span class="muted">· {esc(frequency)}</span>')


def page_link(page_id: str, text: str) -> str:
    return f'<a href="b12ref:{esc(page_id)}">{esc(text)}</a>'


def cite(ids: list[str], sources: dict[str, Source], numbers: dict[str, int] | None = None) -> str:
    """Citation marks: source ids, or with `numbers` the numbers of a numbered source list."""
    if numbers is not None:
        marks = sorted({numbers[i] for i in ids if i in numbers})
        return f'<span class="cite">[{", ".join(map(str, marks))}]</span>' if marks else ""
    refs = []
    for source_id in ids:
        source = sources.get(source_id)
        if source is None:
            continue
        refs.append(f'<a href="#src-{esc(source_id)}" title="{esc(source.title)}">{esc(source_id)}</a>')
    return f'<span class="cite">[{", ".join(refs)}]</span>' if refs else ""


def sources_list(sources: list[Source]) -> str:
    rows = []
    for s in sources:
        link = s.link
        where = f' <a href="{esc(link)}">{esc(link)}</a>' if link else ""
        rows.append(f'<li><a name="src-{esc(s.id)}"></a><b>{esc(s.id)}</b>: {esc(s.citation())}{where}</li>')
    return "<h2>Sources</h2><ol class='sources'>" + "".join(rows) + "</ol>"


# ---- deficiency page ---------------------------------------------------------------------
def article_html(page: DeficiencyPage, sources: dict[str, Source], with_symptom_table: bool = True) -> str:
    """The article; on screen the symptom table has its own pane, so it can be left out here."""
    toc = " · ".join(f'<a href="#{esc(s.key)}">{esc(s.title)}</a>' for s in page.sections)
    parts = [f"<h1>{esc(page.title)}</h1>"]
    if page.aliases:
        parts.append(f'<p class="muted">Also called: {esc(", ".join(page.aliases))}</p>')
    parts.append(f'<p class="lead">{esc(page.summary)}</p>')
    symptoms_link = ' · <a href="#symptoms">Symptoms</a>' if with_symptom_table else ""
    parts.append(f'<p class="toc">{toc} · <a href="#risks">Risk factors</a>{symptoms_link}</p>')
    for section in page.sections:
        parts.append(f'<h2><a name="{esc(section.key)}"></a>{esc(section.title)}</h2>{markdown(section.body)}')
    if page.risk_factors:
        parts.append('<h2><a name="risks"></a>Medicines and situations that lower it</h2><ul>')
        for r in page.risk_factors:
            parts.append(f"<li><b>{esc(r.factor)}</b> ({esc(r.kind)}): {esc(r.note)} {cite(r.sources, sources)}</li>")
        parts.append("</ul>")
    if with_symptom_table:
        parts.append('<h2><a name="symptoms"></a>Symptoms and signs</h2>' + symptom_table_html(page.symptoms, sources))
    else:
        hallmarks = [link for link in page.symptoms if link.hallmark]
        if hallmarks:
            parts.append("<h2>Classic features</h2><p>" + " · ".join(
                page_link(link.symptom_id, link.symptom_name) for link in hallmarks) + "</p>")
    if page.related:
        parts.append("<h2>Related pages</h2><ul>" + "".join(
            f"<li>{page_link(r['id'], r['name'] + ' deficiency')} "
            f"<span class='muted'>shares {esc(', '.join(s.lower() for s in r['shared'][:4]))}"
            f"{' and more' if len(r['shared']) > 4 else ''}</span></li>" for r in page.related) + "</ul>")
    parts.append(f'<p class="muted">Reviewed {esc(page.reviewed)}.</p>')
    parts.append(sources_list(page.sources))
    return "\n".join(parts)


def symptom_table_html(links: list[Link], sources: dict[str, Source], detailed: bool = True,
                       numbers: dict[str, int] | None = None) -> str:
    """The graded symptom links; `detailed` adds each link's mechanism and note under its name."""
    rows = [f"<table class='grid' width='100%' cellspacing='0' cellpadding='{4 if detailed else 2}'>"
            "<tr><th align='left'>Symptom</th><th align='left'>Body system</th>"
            "<th align='left'>Evidence · how common</th><th align='left'>Sources</th></tr>"]
    for link in links:
        flag = ' <span class="flag">▲ red flag</span>' if link.red_flag else ""
        mech = f'<br><span class="muted">{esc(link.mechanism)}</span>' if link.mechanism and detailed else ""
        note = f'<br><span class="note">{esc(link.note)}</span>' if link.note and detailed else ""
        rows.append(f"<tr><td>{page_link(link.symptom_id, link.symptom_name)}{flag}{mech}{note}</td>"
                    f"<td>{esc(link.body_system)}</td><td>{badge(link.evidence, link.frequency)}</td>"
                    f"<td>{cite(link.sources, sources, numbers)}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def source_numbers(page_sources: list[Source]) -> dict[str, int]:
    """Each source's number in the numbered list that sources_list() prints."""
    return {source.id: n for n, source in enumerate(page_sources, start=1)}


def brief_treatment_html(page: DeficiencyPage, sources: dict[str, Source]) -> str:
    """Treatments and tests as two compact tables, for a one- or two-page printed summary."""
    numbers = source_numbers(page.sources)
    parts = ["<h2>Treatment</h2>",
             '<p class="muted">Adult doses as the sources state them: reference, not a prescription. '
             "Pregnancy, children and kidney disease need a clinician's plan.</p>",
             "<table class='grid' width='100%' cellspacing='0' cellpadding='3'><tr><th align='left'>Treatment</th>"
             "<th align='left'>Route</th><th align='left'>Adult dose</th><th align='left'>Duration</th></tr>"]
    for t in page.treatments:
        first = " <span class='pill'>first line</span>" if t.first_line else ""
        parts.append(f"<tr><td>{esc(t.name)}{first} {cite(t.sources, sources, numbers)}</td><td>{esc(t.route)}</td>"
                     f"<td>{esc(t.adult_dose)}</td><td>{esc(t.duration)}</td></tr>")
    parts.append("</table><h2>Tests</h2><table class='grid' width='100%' cellspacing='0' cellpadding='3'>"
                 "<tr><th align='left'>Test</th><th align='left'>Typical range</th></tr>")
    for test in page.tests:
        parts.append(f"<tr><td>{esc(test.name)} {cite(test.sources, sources, numbers)}</td>"
                     f"<td>{esc(test.reference_range)}</td></tr>")
    parts.append("</table>")
    return "\n".join(parts)


def treatment_html(page: DeficiencyPage, sources: dict[str, Source]) -> str:
    parts = ["<h2>Treatment</h2>",
             '<p class="muted">Adult doses as the sources state them: reference, not a prescription. '
             "Pregnancy, children and kidney disease need a clinician's plan.</p>"]
    for t in page.treatments:
        first = ' <span class="pill">first line</span>' if t.first_line else ""
        parts.append(f"<h3>{esc(t.name)}{first}</h3><table class='kv' cellpadding='2'>"
                     f"<tr><td class='k'>Route</td><td>{esc(t.route)}"
                     f"{' (' + esc(ROUTE_WORDS[t.route]) + ')' if t.route in ROUTE_WORDS else ''}</td></tr>"
                     f"<tr><td class='k'>Adult dose</td><td>{esc(t.adult_dose)}</td></tr>"
                     f"<tr><td class='k'>Duration</td><td>{esc(t.duration)}</td></tr>"
                     f"<tr><td class='k'>Monitoring</td><td>{esc(t.monitoring)}</td></tr>"
                     + (f"<tr><td class='k'>Expect</td><td>{esc(t.notes)}</td></tr>" if t.notes else "")
                     + (f"<tr><td class='k'>Needs a plan</td><td>{esc(t.clinician_plan)}</td></tr>"
                        if t.clinician_plan else "")
                     + f"</table><p>{cite(t.sources, sources)}</p>")
    parts.append("<h2>Tests</h2>")
    for test in page.tests:
        pit = f"<br><i>Pitfalls:</i> {esc(test.pitfalls)}" if test.pitfalls else ""
        parts.append(f"<p><b>{esc(test.name)}</b>: {esc(test.what_it_shows)}<br>"
                     f"<i>Typical range:</i> {esc(test.reference_range)}{pit} {cite(test.sources, sources)}</p>")
    parts.append("<h2>Food sources</h2><table class='grid' cellspacing='0' cellpadding='3' width='100%'>"
                 "<tr><th align='left'>Food</th><th align='left'>Serving</th><th align='left'>Amount</th></tr>")
    for food in page.food_sources:
        parts.append(f"<tr><td>{esc(food.food)}</td><td>{esc(food.serving)}</td><td>{esc(food.amount)}</td></tr>")
    parts.append("</table>")
    return "\n".join(parts)


# ---- symptom page ------------------------------------------------------------------------
def symptom_html(page: SymptomPage, sources: dict[str, Source]) -> str:
    parts = [f"<h1>{esc(page.name)}</h1>"]
    if page.synonyms:
        parts.append(f'<p class="muted">Also called: {esc(", ".join(page.synonyms))}</p>')
    parts.append(f'<p class="lead">{esc(page.description)}</p>')
    if page.hpo_id:
        parts.append(f'<p class="muted">Human Phenotype Ontology: {esc(page.hpo_id)} {esc(page.hpo_name or "")}</p>')
    if page.red_flags:
        parts.append('<div class="redflags"><h2>See a doctor promptly if</h2><ul>'
                     + "".join(f"<li>{esc(r.text)}</li>" for r in page.red_flags) + "</ul></div>")
    parts.append("<h2>Deficiencies that can cause it</h2>")
    if page.causes:
        parts.append("<table class='grid' width='100%' cellspacing='0' cellpadding='4'><tr>"
                     "<th align='left'>Deficiency</th><th align='left'>Evidence · how common</th>"
                     "<th align='left'>How</th><th align='left'>Sources</th></tr>")
        for link in page.causes:
            note = f'<br><span class="note">{esc(link.note)}</span>' if link.note else ""
            form = (f'<br><span class="muted">as {esc(link.symptom_name.lower())}</span>'
                    if link.symptom_id != page.id else "")
            parts.append(f"<tr><td>{page_link(link.deficiency_id, link.deficiency_name + ' deficiency')}{form}</td>"
                         f"<td>{badge(link.evidence, link.frequency)}</td>"
                         f"<td>{esc(link.mechanism)}{note}</td><td>{cite(link.sources, sources)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>No deficiency in this reference is recorded as causing it.</p>")
    if page.other_causes:
        parts.append("<h2>Other common causes</h2><ul>"
                     + "".join(f"<li>{esc(c.text)}</li>" for c in page.other_causes) + "</ul>")
    parts.append(sources_list(page.sources))
    return "\n".join(parts)


# ---- whole documents ---------------------------------------------------------------------
def stylesheet(theme: str = "light") -> str:
    return (paths.templates_dir() / f"page-{'dark' if theme == 'dark' else 'light'}.css").read_text(encoding="utf-8")


def document(title: str, body: str, theme: str = "light", header: str = "", footer: str = "") -> str:
    template = Template((paths.templates_dir() / "page.html").read_text(encoding="utf-8"))
    return template.substitute(title=esc(title), css=stylesheet(theme), header=header, body=body, footer=footer)


# ---- answers, the symptom checker and the start page -------------------------------------
def answer_html(answer) -> str:
    """The answer card for "can X deficiency cause Y?" (an Answer from b12ref.core.answer)."""
    verdict_class = f"verdict-{answer.verdict}"
    parts = [f'<p class="{verdict_class}">{esc(answer.headline)}</p>', f"<p>{esc(answer.summary)}</p>"]
    links = []
    if answer.deficiency:
        links.append(page_link(answer.deficiency["id"], f"{answer.deficiency['name']} deficiency page"))
    if answer.symptom:
        links.append(page_link(answer.symptom["id"], f"{answer.symptom['name']} page"))
    if links:
        parts.append(f"<p>{' · '.join(links)}</p>")
    if answer.red_flags:
        parts.append("<p class='seek'>See a doctor promptly if: " + esc("; ".join(answer.red_flags)) + "</p>")
    if answer.other_causes:
        parts.append("<p><b>Other causes:</b> " + esc("; ".join(answer.other_causes)) + "</p>")
    if answer.sources:
        parts.append("<p class='cite'>Sources: " + "; ".join(
            f'<a href="{esc(s["url"])}">{esc(s["title"])}</a>' if s.get("url") else esc(s["title"])
            for s in answer.sources) + "</p>")
    return "\n".join(parts)


def welcome_html(deficiencies, suggestions) -> str:
    vitamins = [d for d in deficiencies if d.category == "vitamin"]
    minerals = [d for d in deficiencies if d.category == "mineral"]
    other = [d for d in deficiencies if d.category not in ("vitamin", "mineral")]

    def row(title, items):
        return f"<p><b>{esc(title)}:</b> " + " · ".join(page_link(d.id, d.name) for d in items) + "</p>" if items else ""

    tries = " · ".join(f"<i>{esc(s)}</i>" for s in suggestions)
    return ("<h1>b12ref</h1><p class='lead'>An offline reference for nutrient deficiencies and their "
            "symptoms: every link between a deficiency and a symptom is graded and cited.</p>"
            f"<p>Type in the search box (Ctrl+K) a symptom in your own words, a nutrient, a medicine or a "
            f"question. Try: {tries}</p>"
            + row("Vitamins", vitamins) + row("Minerals", minerals) + row("Other", other)
            + "<p class='muted'>A reference, not medical advice: see a doctor about symptoms that worry you.</p>")


# ---- print: summaries and the "which deficiencies fit" handout -----------------------------
if TYPE_CHECKING:
    from b12ref.core.checker import Candidate, FitResult

PRINT_CSS = """
body { font-size: 9.5pt; }
ol.sources li { font-size: 8pt; }
h1 { font-size: 18pt; margin-top: 0; }
h2 { font-size: 13pt; margin-top: 12px; }
h3 { font-size: 11pt; margin-top: 8px; }
.printhead { color: #5b6673; font-size: 8.5pt; border-bottom: 1px solid #c9d6e0; }
.facts td { vertical-align: top; }
table.grid td, table.grid th { font-size: 8.5pt; }
table.grid { border-collapse: collapse; }
.cite a { color: #5b6673; text-decoration: none; }
.disclaimer { color: #5b6673; font-size: 8.5pt; border-top: 1px solid #c9d6e0; }
.handout { font-weight: bold; color: #123d5c; }
"""


def print_document(title: str, body: str, header: str = "", footer: str = "") -> str:
    """A whole, self-contained printable document: always the light theme, CSS inline."""
    template = Template((paths.templates_dir() / "page.html").read_text(encoding="utf-8"))
    return template.substitute(title=esc(title), css=stylesheet("light") + PRINT_CSS, header=header,
                               body=body, footer=footer)


def print_header_html(printed: str, content_version: str, app_version: str) -> str:
    return (f'<p class="printhead">b12ref {esc(app_version)} · printed {esc(printed)} · '
            f"content version {esc(content_version)}</p>")


def key_facts_html(page: DeficiencyPage) -> str:
    """The few lines a clinician reads first: what it is, hallmark signs, red flags, first treatment."""
    rows = []

    def row(label: str, value: str) -> None:
        if value:
            rows.append(f"<tr><td class='k'>{esc(label)}</td><td>{value}</td></tr>")

    row("Also called", esc(", ".join(page.aliases[:8])))
    row("Hallmark signs", esc(", ".join(link.symptom_name for link in page.symptoms if link.hallmark)))
    row("Red flags", esc(", ".join(link.symptom_name for link in page.symptoms if link.red_flag)))
    first = [t for t in page.treatments if t.first_line] or page.treatments[:1]
    row("First-line treatment", "<br>".join(f"{esc(t.name)} ({esc(t.route)})" for t in first[:3]))
    row("Tests", esc(", ".join(t.name for t in page.tests[:4])))
    row("Reviewed", esc(page.reviewed))
    return (f"<h1>{esc(page.title)}</h1><p class='lead'>{esc(page.summary)}</p>"
            "<h2>Key facts</h2><table class='kv facts' cellpadding='2'>" + "".join(rows) + "</table>")


def article_sections_html(page: DeficiencyPage, sources: dict[str, Source]) -> str:
    """The article's own sections and risk factors, without the title, contents or symptom table."""
    parts = [f'<h2><a name="{esc(s.key)}"></a>{esc(s.title)}</h2>{markdown(s.body)}' for s in page.sections]
    if page.risk_factors:
        parts.append('<h2><a name="risks"></a>Medicines and situations that lower it</h2><ul>')
        for r in page.risk_factors:
            parts.append(f"<li><b>{esc(r.factor)}</b> ({esc(r.kind)}): {esc(r.note)} {cite(r.sources, sources)}</li>")
        parts.append("</ul>")
    return "\n".join(parts)


def which_handout_html(result: FitResult, link_sources: dict[tuple[str, str], list[str]],
                       sources: dict[str, Source], printed: str, max_candidates: int = 6) -> str:
    """A "to discuss with your doctor" handout from a FitResult (b12ref.core.checker)."""
    parts = ["<h1>Which deficiencies fit these symptoms?</h1>",
             f"<p class='handout'>To discuss with your doctor · prepared {esc(printed)}</p>",
             f"<p><b>{esc(result.disclaimer)}</b></p>"]
    if result.seek_care:
        parts.append('<div class="redflags"><h2>See a doctor promptly about</h2><ul>'
                     + "".join(f"<li>{esc(s)}</li>" for s in result.seek_care) + "</ul></div>")
    parts.append("<h2>Your symptoms</h2><ul>")
    for s in result.symptoms:
        typed = ""
        if s["typed"].lower() != s["name"].lower():
            typed = f' <span class="muted">(you wrote “{esc(s["typed"])}”)</span>'
        parts.append(f"<li>{esc(s['name'])}{typed}</li>")
    parts.append("</ul>")
    if result.unrecognised:
        parts.append(f"<p class='muted'>Not recognised by this reference: {esc(', '.join(result.unrecognised))}</p>")
    shown = result.candidates[:max_candidates]
    parts.append("<h2>Deficiencies that could fit, and why</h2>")
    if not shown:
        parts.append("<p>No deficiency in this reference is linked to these symptoms.</p>")
    for c in shown:
        parts.append(f"<h3>{esc(c.name)} deficiency <span class='muted'>· score {c.score:.2f}</span></h3><ul>")
        for m in c.matched:
            mark = " (a classic feature)" if m["hallmark"] else ""
            flag = ' <span class="flag">▲ red flag</span>' if m["red_flag"] else ""
            parts.append(f"<li>{esc(m['symptom'])}{esc(mark)}: {badge(m['evidence'], m['frequency'])}{flag} "
                         f"{cite(link_sources.get((c.id, m['symptom_id']), []), sources)}</li>")
        if c.missing_hallmarks:
            parts.append(f"<li class='muted'>Classic features not among your symptoms: "
                         f"{esc(', '.join(c.missing_hallmarks))}</li>")
        parts.append("</ul>")
    if len(result.candidates) > len(shown):
        rest = ", ".join(c.name for c in result.candidates[len(shown):])
        parts.append(f"<p class='muted'>Less likely fits also linked to a symptom: {esc(rest)}.</p>")
    tests: dict[str, list[str]] = {}
    for c in shown:
        for test in c.tests:
            tests.setdefault(test, []).append(c.name)
    if tests:
        parts.append("<h2>Tests to ask about</h2><ul>" + "".join(
            f"<li>{esc(t)} <span class='muted'>(for {esc(', '.join(names))})</span></li>"
            for t, names in tests.items()) + "</ul>")
    parts.append("<h2>Questions to ask your doctor</h2><ul>"
                 + "".join(f"<li>{esc(q)}</li>" for q in which_questions(result, shown)) + "</ul>")
    cited = [sources[i] for i in dict.fromkeys(i for ids in link_sources.values() for i in ids) if i in sources]
    if cited:
        parts.append(sources_list(cited))
    return "\n".join(parts)


def which_questions(result: FitResult, shown: list[Candidate]) -> list[str]:
    """Questions for the appointment, naming the closest fits."""
    names = [c.name for c in shown[:3]]
    questions = []
    if names:
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
        questions.append(f"Could my symptoms come from low {listed}? Which blood tests would show it?")
        questions.append("Could any of my medicines, my diet or a stomach or bowel condition lower these nutrients?")
    questions.append("What else could cause these symptoms, and how would we rule it out?")
    if names:
        questions.append("If a deficiency is found, what is causing it, and how will we check that treatment works?")
    questions.append("Which changes in my symptoms mean I should come back sooner?")
    return questions
