"""Answers and the "which deficiencies fit" handout as Documents: one frame for every
kind of answer (yes/no on any side, studied, no record, a blood-test result, a dose, an interaction,
a question routed to a page part), each with its own headline and the parts it needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from b12ref.core.records import Source
from b12ref.report.document import (
    Bullets, Cell, Document, Heading, Item, KeyValues, Nav, Para, Scale, Span, Table, rich,
)

if TYPE_CHECKING:
    from b12ref.core.answer import Answer
    from b12ref.core.checker import Candidate, FitResult

BASIS_WORDS = {
    "recorded": "Recorded in this reference, with its grade and sources.",
    "studied": "Studied: research looked at this; the grade says what it found.",
    "not-recorded": "No record: this reference holds nothing on this. That is not a no.",
}
SECTION_LINKS = {"deficiency": "symptoms", "excess": "too_much", "benefit": "taking", "taking": "taking"}


def _ids(sources: list[dict]) -> list[str]:
    return [s["id"] for s in sources if s.get("id")]


def answer_doc(answer: "Answer", works: dict[str, Source]) -> Document:
    doc = Document(answer.title, "answer", answer.title, works=works)
    doc.add(Heading(answer.title, 1))
    _body(doc, answer, top=True)
    return doc


def _body(doc: Document, a: "Answer", top: bool) -> None:
    style = f"verdict-{(a.interaction or {}).get('severity') or 'no-record'}" if a.kind == "interaction" else \
        f"verdict-{a.verdict}"
    doc.add(Para(rich(a.headline), style))
    if a.message:
        doc.add(Para(rich(a.message), "seek"))
    if a.kind == "question" and a.basis:
        doc.add(Para(rich(BASIS_WORDS[a.basis]), "muted"))
    if a.symptom_asked and a.symptom:
        doc.add(Para(rich(f"You asked about \u201c{a.symptom_asked}\u201d: answered as {a.symptom['name'].lower()}, "
                          "the nearest symptom this reference records."), "muted"))
    if a.parts and top:
        for part in a.parts:
            doc.add(Heading(part.headline, 3))
            _details(doc, part)
    else:
        _details(doc, a)
    if not top:
        return
    if a.red_flags:
        name = a.symptom["name"].lower() if a.symptom else "this"
        doc.add(Heading(f"See a doctor promptly if ({name})", 2, "when_to_seek_care"),
                Bullets([Item(rich(r["text"]), r.get("sources") or []) for r in a.red_flags], "redflags"))
    if a.linked_deficiencies:
        doc.add(Heading("Deficiencies recorded as causing it", 2), Bullets([
            Item([Span(f"{d['name']} deficiency", link=d["id"])], detail=rich(f"{d['evidence']}, {d['frequency']}"))
            for d in a.linked_deficiencies]))
    if a.excess_causes:
        doc.add(Heading("Too much of these can cause it", 2), Bullets([
            Item([Span(f"Too much {d['name']}", link=d["id"])], detail=rich(f"{d['evidence']}, {d['frequency']}"))
            for d in a.excess_causes]))
    if a.other_causes:
        doc.add(Heading("Other causes", 2), Bullets([Item(rich(c["text"]), c.get("sources") or [])
                                                     for c in a.other_causes]))
    links = _page_links(a)
    if links:
        doc.add(Nav("Read more", links))


def _details(doc: Document, a: "Answer") -> None:
    ids = _ids(a.sources)
    if a.kind == "lab" and a.lab and a.lab.get("band"):
        _lab(doc, a)
    elif a.kind == "dose" and a.dose:
        _dose(doc, a)
    elif a.kind == "interaction" and a.interaction:
        ix = a.interaction
        if ix.get("effect"):
            doc.add(KeyValues([("What happens", rich(ix["effect"])), ("How serious", rich(ix["severity"])),
                               ("What to do", rich(ix["advice"]))]))
    if a.grade:
        doc.add(Para(rich(f"Grade: {a.grade}."), cites=ids))
    if a.sources:
        line = "Rests on: " + "; ".join(_short(s) for s in a.sources[:3]) + (
            "; and more below" if len(a.sources) > 3 else "")
        doc.add(Para(rich(line.rstrip(".…") + "."), "muted", cites=ids))  # numbered, whatever else shows
    if a.upper_limits:
        doc.add(Heading("Upper limits", 3, "upper_limits"), Table(["Upper limit", "Set by", "Group", "What counts"], [
            [Cell(rich(f"{float(v['value']):g} {v['unit']} a day" + (f" ({v['note']})" if v.get("note") else "")),
                  v["sources"]), Cell(rich(str(v["body"]))), Cell(rich(str(v["group"]))),
             Cell(rich(str(v.get("counts") or "")))] for v in a.upper_limits], widths=[34, 22, 20, 24]))
    rows = [(label, rich(value)) for label, value in (
        ("Seen at", a.at_dose), ("Studied in", a.population), ("How", a.mechanism), ("Note", a.note),
        ("What helps", a.what_helps), ("Certainty", a.certainty)) if value]
    if rows:
        doc.add(KeyValues(rows))
    shown_apart = a.kind in ("dose", "lab") or (a.kind == "interaction" and (a.interaction or {}).get("effect"))
    if a.summary and not a.grade and not shown_apart or a.kind == "lab" and not a.lab.get("band"):
        doc.add(Para(rich(a.summary), cites=ids))
    elif a.kind == "dose" and a.summary:
        doc.add(Para(rich(a.summary), cites=ids))


def _short(work: dict) -> str:
    """A work in a few words: "Turner MR, Talbot K (2013) Mimics and chameleons in motor neurone disease"."""
    who = work.get("authors") or work.get("publisher") or ""
    who = who if len(who) <= 40 else who.split(",")[0] + " et al."
    year = f" ({work['year']})" if work.get("year") and work.get("year") != "n.d." else ""
    title = work.get("title") or ""
    return f"{who}{year}, {title if len(title) <= 70 else title[:67].rsplit(' ', 1)[0] + '…'}".strip(", ")


def _lab(doc: Document, a: "Answer") -> None:
    lab = a.lab
    assert lab is not None
    first = lab["bodies"][0]
    top = max((b["high"] or 0) for b in first["bands"]) or lab["value_converted"]
    end = max(top * 1.4, lab["value_converted"] * 1.1)
    zones = [(b["band"], float(b["low"]), float(b["high"] if b["high"] is not None else end)) for b in first["bands"]]
    doc.add(Scale(zones, float(lab["value_converted"]), str(lab["unit_converted"]),
                  f"you: {lab['value_converted']:g} {lab['unit_converted']}",
                  ticks=[(b["high"], f"{b['band']} below {b['high']:g}") for b in first["bands"] if b["high"]]))
    doc.add(Table(["Set by", "Group", "Band", "Normal range"], [
        [Cell(rich(b["body"]), b["sources"]), Cell(rich(b["group"])), Cell(rich(b["band"])), Cell(rich(b["range"]))]
        for b in lab["bodies"]], widths=[34, 22, 16, 28]))
    if lab.get("meaning"):
        doc.add(Heading("What the result can and cannot mean", 3), Para(rich(lab["meaning"])))
    if lab.get("next_tests"):
        doc.add(Para(rich(f"**Next tests to ask about:** {lab['next_tests']}")))
    doc.add(Para(rich("**Your lab's own range on your report comes first.** Values typed here stay on this "
                      "computer and are kept only if you save them in a note."), "muted"))


def _dose(doc: Document, a: "Answer") -> None:
    dose = a.dose
    assert dose is not None
    unit = dose["unit_converted"]
    limits = [float(v["value"]) for v in dose["limits"] if v["unit"] == unit]
    recs = [float(v["value"]) for v in dose["recommended"] if v["unit"] == unit]
    lim = min(limits) if limits else None
    rec = max(recs) if recs else None
    end = max([x for x in (lim, rec, dose["amount_converted"]) if x] + [1.0]) * 1.3
    zones = []
    if rec and (not lim or rec < lim):
        zones.append(("below", 0.0, rec))
    # a limit on supplements alone can sit under the amount recommended from all food (magnesium)
    zones.append(("within", rec if rec and (not lim or rec < lim) else 0.0, lim or end))
    if lim:
        zones.append(("above-limit", lim, end))
    ticks = [(v, f"{v_['body']} {v_['kind']} {float(v_['value']):g} {v_['unit']}") for v_ in dose["recommended"] + dose["limits"]
             for v in [float(v_["value"])]]
    doc.add(Scale(zones, float(dose["amount_converted"]), unit, f"you: {dose['amount_converted']:g} {unit} a day",
                  ticks=ticks))
    if dose["limits"]:
        doc.add(Table(["Upper limit", "Set by", "Group", "What counts"], [
            [Cell(rich(f"{float(v['value']):g} {v['unit']}"), [v["source"]] if v.get("source") else []),
             Cell(rich(str(v["body"]))), Cell(rich(str(v["group"]))), Cell(rich(str(v.get("counts") or "")))]
            for v in dose["limits"]], widths=[20, 25, 25, 30]))


def _page_links(a: "Answer") -> list[Span]:
    links = []
    if a.page:
        section = a.page.get("section") or ""
        target = f"{a.page['id']}#{section}" if section else a.page["id"]
        links.append(Span(f"{a.page.get('name')} \u2192 {section.replace('_', ' ')}".rstrip(" \u2192"), link=target))
    if a.nutrient and not a.page:
        part = SECTION_LINKS.get(a.direction or "", "")
        links.append(Span(f"{a.nutrient['name']} page", link=f"{a.nutrient['id']}#{part}" if part else a.nutrient["id"]))
    if a.symptom and a.symptom.get("page") == "symptom" and not (a.page and a.page.get("id") == a.symptom["id"]):
        links.append(Span(f"{a.symptom['name']} page", link=a.symptom["id"]))
    if a.medicine:
        links.append(Span(f"{a.medicine['name']} page", link=a.medicine["id"]))
    return links


# ---- the "which deficiencies fit" handout ---------------------------------------------------
def which_doc(result: "FitResult", link_sources: dict[tuple[str, str], list[str]], works: dict[str, Source],
              printed: str, max_candidates: int = 6) -> Document:
    doc = Document("Which deficiencies fit these symptoms?", "handout", works=works)
    doc.add(Heading(doc.title, 1), Para(rich(f"To discuss with your doctor · prepared {printed}"), "handout"),
            Para(rich(f"**{result.disclaimer}**")))
    if result.seek_care:
        doc.add(Heading("See a doctor promptly about", 2), Bullets([Item(rich(s)) for s in result.seek_care],
                                                                    "redflags"))
    doc.add(Heading("Your symptoms", 2), Bullets([
        Item(rich(s["name"]), detail=rich(f"you wrote \u201c{s['typed']}\u201d")
             if s["typed"].lower() != s["name"].lower() else []) for s in result.symptoms]))
    if result.unrecognised:
        doc.add(Para(rich(f"Not recognised by this reference: {', '.join(result.unrecognised)}"), "muted"))
    shown = result.candidates[:max_candidates]
    doc.add(Heading("Deficiencies that could fit, and why", 2))
    if not shown:
        doc.add(Para(rich("No deficiency in this reference is linked to these symptoms.")))
    for c in shown:
        doc.add(Heading(f"{c.name} deficiency · score {c.score:.2f}", 3))
        doc.add(Table(["Symptom", "Evidence · how common", "Sources"], [
            [Cell(rich(m["symptom"] + (" (a classic feature)" if m["hallmark"] else "")), flag=m["red_flag"]),
             Cell([], grade=(m["evidence"], m["frequency"])),
             Cell([], link_sources.get((c.id, m["symptom_id"]), []))] for m in c.matched], widths=[50, 30, 20]))
        if c.missing_hallmarks:
            doc.add(Para(rich(f"Classic features not among your symptoms: {', '.join(c.missing_hallmarks)}"), "muted"))
    if len(result.candidates) > len(shown):
        rest = ", ".join(c.name for c in result.candidates[len(shown):])
        doc.add(Para(rich(f"Less likely fits also linked to a symptom: {rest}."), "muted"))
    tests: dict[str, list[str]] = {}
    for c in shown:
        for test in c.tests:
            tests.setdefault(test, []).append(c.name)
    if tests:
        doc.add(Heading("Tests to ask about", 2), Bullets([Item(rich(t), detail=rich(f"for {', '.join(n)}"))
                                                           for t, n in tests.items()]))
    doc.add(Heading("Questions to ask your doctor", 2),
            Bullets([Item(rich(q)) for q in which_questions(result, shown)]))
    return doc


def which_questions(result: "FitResult", shown: list["Candidate"]) -> list[str]:
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
