"""Pages as Documents: a nutrient (its deficiency article, symptoms, treatment, too much, taking it),
a symptom, a medicine. The window, print, PDF, HTML export and `show` all render these."""

from __future__ import annotations

from b12ref.core.records import DeficiencyPage, Source, SymptomPage
from b12ref.core.schema import EXCESS_SECTIONS
from b12ref.core.sides import NutrientSides
from b12ref.report.document import (
    Bullets, Cell, Document, Heading, Item, KeyValues, Para, Span, Table, rich,
)

# The parts of a nutrient page, in order; `show`, print and export choose among them.
PARTS = ("article", "symptoms", "treatments", "too_much", "taking")
ALL_SECTIONS = (*PARTS, "sources")
ROUTE_WORDS = {"intramuscular": "injection into a muscle", "intravenous": "into a vein (drip)",
               "subcutaneous": "injection under the skin", "oral": "by mouth", "diet": "food"}
GRADE_KEY = ("Evidence: established, probable, reported, disputed or not supported · how common: common, "
             "occasional, rare or unknown. ▲ marks a red flag: see a doctor promptly.")
DOSE_NOTE = ("Adult doses as the sources state them: reference, not a prescription. Pregnancy, children and "
             "kidney disease need a clinician's plan.")


def _link(page_id: str, text: str) -> list[Span]:
    return [Span(text, link=page_id)]


def nutrient_doc(page: DeficiencyPage, sides: NutrientSides | None, works: dict[str, Source],
                 parts: tuple[str, ...] = PARTS, detailed: bool = True, screen_split: bool = False,
                 header: bool = True, facts: bool = False) -> Document:
    """A nutrient's page. `screen_split` leaves the symptom table to its own pane (the window);
    without `header` the parts start at once (the window's treatment pane)."""
    doc = Document(page.title, "deficiency", page.id, works=works)
    if header:
        doc.add(Heading(page.title, 1))
        if page.aliases and not facts:  # the key facts name them
            doc.add(Para(rich(f"Also called: {', '.join(page.aliases)}"), "muted"))
        doc.add(Para(rich(page.summary), "lead"))
    if facts:
        key_facts(doc, page)
    if "article" in parts:
        contents = [(s.key, s.title) for s in page.sections] + [("risks", "Risk factors")]
        if "too_much" in parts and sides and sides.excess:
            contents.append(("too_much", "Too much"))
        if "taking" in parts and sides and (sides.benefits or sides.side_effects or sides.interactions):
            contents.append(("taking", "Taking it"))
        doc.add(Para([s for key, title in contents for s in (Span(title, link=f"#{key}"), Span(" · "))][:-1],
                     "toc"))
        article(doc, page, screen_split)
    if "symptoms" in parts and not screen_split:
        symptom_part(doc, page, sides, detailed)
    if "treatments" in parts and not screen_split:
        treatment_part(doc, page, detailed)
    if "too_much" in parts and sides is not None:
        too_much_part(doc, sides, detailed)
    if "taking" in parts and sides is not None:
        taking_part(doc, sides, detailed)
    if header:
        doc.add(Para(rich(f"Reviewed {page.reviewed}."), "muted"))
    return doc


def key_facts(doc: Document, page: DeficiencyPage) -> None:
    """The few lines a clinician reads first: hallmark signs, red flags, first treatment, tests."""
    first = [t for t in page.treatments if t.first_line] or page.treatments[:1]
    rows = [("Also called", ", ".join(page.aliases[:8])),
            ("Hallmark signs", ", ".join(link.symptom_name for link in page.symptoms if link.hallmark)),
            ("Red flags", ", ".join(link.symptom_name for link in page.symptoms if link.red_flag)),
            ("First-line treatment", "; ".join(f"{t.name} ({t.route})" for t in first[:3])),
            ("Tests", ", ".join(t.name for t in page.tests[:4])), ("Reviewed", page.reviewed)]
    doc.add(Heading("Key facts", 2, "key_facts"), KeyValues([(k, rich(v)) for k, v in rows if v]))


def article(doc: Document, page: DeficiencyPage, screen_split: bool) -> None:
    for s in page.sections:
        doc.add(Heading(s.title, 2, s.key))
        doc.markdown(s.body)
    if page.risk_factors:
        doc.add(Heading("Medicines and situations that lower it", 2, "risks"),
                Bullets([Item(rich(f"**{r.factor}** ({r.kind}): {r.note}"), r.sources) for r in page.risk_factors]))
    if screen_split:
        hallmarks = [link for link in page.symptoms if link.hallmark]
        if hallmarks:
            doc.add(Heading("Classic features", 2), Para([s for link in hallmarks for s in (
                *_link(link.symptom_id, link.symptom_name), Span(" · "))][:-1]))
    if page.related:
        doc.add(Heading("Related pages", 2), Bullets([Item(
            _link(r["id"], f"{r['name']} deficiency"),
            detail=rich(f"shares {', '.join(s.lower() for s in r['shared'][:4])}"
                        + (" and more" if len(r["shared"]) > 4 else ""))) for r in page.related]))


def symptom_part(doc: Document, page: DeficiencyPage, sides: NutrientSides | None, detailed: bool) -> None:
    doc.add(Heading("Symptoms and signs", 2, "symptoms"), Para(rich(GRADE_KEY), "muted"))
    doc.add(Table(["Symptom", "Body system", "Evidence · how common", "Sources"], [
        [Cell(_link(link.symptom_id, link.symptom_name), flag=link.red_flag,
              lines=[rich(link.mechanism), rich(link.note)] if detailed else []),
         Cell(rich(link.body_system)), Cell([], grade=(link.evidence, link.frequency)), Cell([], link.sources)]
        for link in page.symptoms], widths=[43, 14, 19, 24] if detailed else [44, 16, 28, 12], compact=not detailed))
    studied = sides.studied if sides and detailed else []
    if studied:
        doc.add(Heading("Asked about, studied, not established", 3, "studied"),
                Para(rich("Pairs people often ask about where research looked and found the evidence weak, "
                          "conflicting or against a link. These are not recorded causes."), "muted"),
                Table(["Symptom", "Evidence", "What the research shows"], [
                    [Cell(_link(r.subject_id, r.subject_name)), Cell([], grade=(r.evidence, "")),
                     Cell(rich(r.note), r.sources)] for r in studied], widths=[25, 15, 60]))


def treatment_part(doc: Document, page: DeficiencyPage, detailed: bool) -> None:
    doc.add(Heading("Treatment", 2, "treatment"), Para(rich(DOSE_NOTE), "muted"))
    if detailed:
        for t in page.treatments:
            doc.add(Heading(t.name + (" (first line)" if t.first_line else ""), 3))
            route = t.route + (f" ({ROUTE_WORDS[t.route]})" if t.route in ROUTE_WORDS else "")
            rows = [("Route", rich(route)), ("Adult dose", rich(t.adult_dose)), ("Duration", rich(t.duration)),
                    ("Monitoring", rich(t.monitoring))]
            rows += [("Expect", rich(t.notes))] if t.notes else []
            rows += [("Needs a plan", rich(t.clinician_plan))] if t.clinician_plan else []
            doc.add(KeyValues(rows), Para([], cites=t.sources))
    else:
        doc.add(Table(["Treatment", "Route", "Adult dose", "Duration"], [
            [Cell(rich(t.name + (" (first line)" if t.first_line else "")), t.sources), Cell(rich(t.route)),
             Cell(rich(t.adult_dose)), Cell(rich(t.duration))] for t in page.treatments], widths=[35, 12, 33, 20],
            compact=True))
    doc.add(Heading("Tests", 2, "tests"))
    if detailed:
        doc.add(Bullets([Item(rich(f"**{t.name}**: {t.what_it_shows}"), t.sources,
                              detail=rich(f"Typical range: {t.reference_range}"
                                          + (f" Pitfalls: {t.pitfalls}" if t.pitfalls else "")))
                         for t in page.tests]))
    else:
        doc.add(Table(["Test", "Typical range"], [[Cell(rich(t.name), t.sources), Cell(rich(t.reference_range))]
                                                  for t in page.tests], widths=[35, 65], compact=True))
    if page.food_sources and detailed:
        doc.add(Heading("Food sources", 2, "food_sources"), Table(["Food", "Serving", "Amount"], [
            [Cell(rich(f.food), f.sources), Cell(rich(f.serving)), Cell(rich(f.amount))]
            for f in page.food_sources], widths=[50, 25, 25]))


def _value(v: dict) -> str:
    return f"{v.get('value'):g} {v.get('unit')}" if isinstance(v.get("value"), (int, float)) else str(v.get("value"))


def too_much_part(doc: Document, sides: NutrientSides, detailed: bool) -> None:
    excess, ref = sides.excess, sides.reference
    if not excess and not ref:
        return
    doc.add(Heading(f"Too much {sides.nutrient_name}", 2, "too_much"))
    if excess.get("summary"):
        doc.add(Para(rich(excess["summary"]), "lead"))
    limits = [v for v in ref.get("intake_values") or [] if v.get("kind") == "UL"]
    if limits:
        doc.add(Heading("Upper limits", 3, "upper_limits"), Table(["Group", "Upper limit", "Set by", "What counts"], [
            [Cell(rich(str(v.get("group")))), Cell(rich(_value(v) + (f" ({v['note']})" if v.get("note") else ""))),
             Cell(rich(str(v.get("body"))), v.get("sources") or []), Cell(rich(str(v.get("counts") or "")))]
            for v in limits], widths=[25, 25, 20, 30]))
    none = excess.get("no_upper_limit")
    if none:
        doc.add(Para(rich(f"**No upper limit is set.** {none.get('note', '')}"), cites=none.get("sources") or []))
        if none.get("known_instead"):
            doc.add(Para(rich(none["known_instead"])))
    if sides.excess_links:
        doc.add(Heading("Harms of too much", 3, "harms"), Table(["Harm", "How and at what dose", "Evidence · how common",
                                                                  "Sources"], [
            [Cell(_link(r.subject_id, r.subject_name), flag=r.red_flag,
                  lines=[rich(r.mechanism), rich(r.note)] if detailed else []),
             Cell(rich(r.route.replace("-", " ")), lines=[rich(r.dose)] if r.dose else []),
             Cell([], grade=(r.evidence, r.frequency)), Cell([], r.sources)] for r in sides.excess_links],
            widths=[38, 24, 18, 20]))
    sections = excess.get("sections") or {}
    for key, title in EXCESS_SECTIONS.items():
        if sections.get(key) and (key != "overview" or detailed):
            doc.add(Heading(title, 3, f"too_much_{key}"))
            doc.markdown(sections[key])
    clinical = ref.get("clinical_doses") or []
    if clinical:
        doc.add(Heading("Doses above the limit used in treatment", 3), Bullets([
            Item(rich(f"**{c.get('dose')}**: {c.get('purpose')}" + (f"; {c['duration']}" if c.get("duration") else "")),
                 c.get("sources") or [], detail=rich(c.get("note") or "")) for c in clinical]))


def taking_part(doc: Document, sides: NutrientSides, detailed: bool) -> None:
    if not (sides.benefits or sides.side_effects or sides.interactions):
        return
    doc.add(Heading(f"Taking {sides.nutrient_name}", 2, "taking"))
    if sides.benefits:
        doc.add(Heading("Does it help?", 3, "benefits"), Para(rich(
            "What taking it did in people not known to be deficient. \u201cNot supported\u201d means trials "
            "looked and found no benefit."), "muted"))
        doc.add(Table(["Outcome", "Finding", "Studied in", "Sources"], [
            [Cell(_link(r.subject_id, r.subject_name)), Cell(rich(_finding(r.evidence)), grade=(r.evidence, "")),
             Cell(rich(r.population), lines=[rich(" · ".join(x for x in (r.dose, r.duration) if x)),
                                             rich(r.note) if detailed else []]),
             Cell([], r.sources)] for r in sides.benefits], widths=[20, 18, 46, 16]))
    if sides.side_effects:
        doc.add(Heading("Side effects at usual doses", 3, "side_effects"), Table(
            ["Side effect", "At what dose", "Evidence · how common", "What helps"], [
                [Cell(_link(r.subject_id, r.subject_name)), Cell(rich(r.dose)),
                 Cell([], grade=(r.evidence, r.frequency)), Cell(rich(r.what_helps), r.sources)]
                for r in sides.side_effects], widths=[22, 26, 18, 34]))
    if sides.interactions:
        doc.add(Heading("With medicines", 3, "interactions"), Table(["Medicine", "What happens", "How serious",
                                                                      "What to do"], [
            [Cell(_link(i.medicine_id, i.medicine_name)), Cell(rich(i.effect)), Cell(rich(i.severity)),
             Cell(rich(i.advice), i.sources)] for i in sides.interactions], widths=[18, 40, 12, 30]))


def _finding(evidence: str) -> str:
    return {"established": "helps", "probable": "probably helps", "reported": "may help (small studies)",
            "disputed": "unclear", "not-supported": "does not help"}.get(evidence, evidence)


def symptom_doc(page: SymptomPage, works: dict[str, Source], excess: list | None = None) -> Document:
    doc = Document(page.title, "symptom", page.id, works=works)
    doc.add(Heading(page.name, 1))
    if page.synonyms:
        doc.add(Para(rich(f"Also called: {', '.join(page.synonyms)}"), "muted"))
    doc.add(Para(rich(page.description), "lead"))
    if page.hpo_id:
        doc.add(Para(rich(f"Human Phenotype Ontology: {page.hpo_id} {page.hpo_name or ''}".strip()), "muted"))
    if page.red_flags:
        doc.add(Heading("See a doctor promptly if", 2, "when_to_seek_care"),
                Bullets([Item(rich(r.text), r.sources) for r in page.red_flags], "redflags"))
    doc.add(Heading("Deficiencies that can cause it", 2, "deficiencies"))
    if page.causes:
        doc.add(Table(["Deficiency", "Evidence · how common", "How", "Sources"], [
            [Cell(_link(c.deficiency_id, f"{c.deficiency_name} deficiency"),
                  lines=[rich(f"as {c.symptom_name.lower()}")] if c.symptom_id != page.id else []),
             Cell([], grade=(c.evidence, c.frequency)), Cell(rich(c.mechanism), lines=[rich(c.note)]),
             Cell([], c.sources)] for c in page.causes], widths=[22, 18, 40, 20]))
    else:
        doc.add(Para(rich("No deficiency in this reference is recorded as causing it.")))
    if excess:
        doc.add(Heading("Too much of a nutrient can cause it", 2, "excess_causes"), Table(
            ["Too much of", "Evidence · how common", "How and at what dose", "Sources"], [
                [Cell(_link(r.nutrient_id, r.nutrient_name)), Cell([], grade=(r.evidence, r.frequency)),
                 Cell(rich(r.dose), lines=[rich(r.mechanism)]), Cell([], r.sources)] for r in excess],
            widths=[22, 18, 40, 20]))
    if page.other_causes:
        doc.add(Heading("Other common causes", 2, "causes"),
                Bullets([Item(rich(c.text), c.sources) for c in page.other_causes]))
    return doc


def medicine_doc(med: dict, lowers: list[dict], interactions: list, works: dict[str, Source]) -> Document:
    """A medicine: the nutrients it lowers (risk factors of deficiency pages) and those that interact with it."""
    doc = Document(med["name"], "medicine", med["id"], works=works)
    doc.add(Heading(med["name"], 1))
    if med.get("brands"):
        doc.add(Para(rich(f"Also sold as: {', '.join(med['brands'])}"), "muted"))
    doc.add(Para(rich(f"{med.get('class', '')}. {med.get('description', '')}".strip(". ") + "."), "lead"))
    if lowers:
        doc.add(Heading("Nutrients it can lower", 2, "lowers"), Bullets([
            Item(_link(r["nutrient_id"], r["nutrient_name"]) + rich(f": {r['note']}"), r["sources"]) for r in lowers]))
    if interactions:
        doc.add(Heading("Supplements that interact with it", 2, "interactions"), Table(
            ["Nutrient", "What happens", "How serious", "What to do"], [
                [Cell(_link(i.nutrient_id, i.nutrient_name)), Cell(rich(i.effect)), Cell(rich(i.severity)),
                 Cell(rich(i.advice), i.sources)] for i in interactions], widths=[18, 40, 12, 30]))
    if not lowers and not interactions:
        doc.add(Para(rich("This reference holds no record of this medicine lowering a nutrient or "
                          "interacting with a supplement. Ask a pharmacist.")))
    return doc


def outcome_doc(row: dict, benefits: list, works: dict[str, Source]) -> Document:
    """A health outcome (heart disease, colds, fractures) and what taking each nutrient did for it in trials."""
    doc = Document(row["name"], "outcome", row["id"], works=works)
    doc.add(Heading(row["name"], 1), Para(rich(row.get("description", "")), "lead"))
    doc.add(Heading("What taking a nutrient did for it", 2, "benefits"))
    if benefits:
        doc.add(Table(["Nutrient", "Finding", "Studied in", "Sources"], [
            [Cell(_link(r.nutrient_id, r.nutrient_name)), Cell(rich(_finding(r.evidence)), grade=(r.evidence, "")),
             Cell(rich(r.population), lines=[rich(r.note)]), Cell([], r.sources)]
            for r in sorted(benefits, key=lambda r: r.rank)], widths=[18, 18, 48, 16]))
    else:
        doc.add(Para(rich("This reference holds no record of a nutrient studied for it.")))
    return doc


def supplement_doc(row: dict, sides: NutrientSides, works: dict[str, Source], detailed: bool = True) -> Document:
    """A supplement without a deficiency page (a multivitamin, chromium): too much and taking it."""
    doc = Document(row["name"], "nutrient", row["id"], works=works)
    doc.add(Heading(row["name"], 1), Para(rich(row.get("summary", "")), "lead"))
    too_much_part(doc, sides, detailed)
    taking_part(doc, sides, detailed)
    return doc
