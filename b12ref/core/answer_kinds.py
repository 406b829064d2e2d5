"""Answers that are not yes/no: a blood-test result, an intake, a medicine taken with a nutrient, and a
question routed to the part of a page that answers it."""

from __future__ import annotations

import re

from b12ref.core.quantity import format_number
from b12ref.core.answer_record import Answer
from b12ref.core.dose import DoseInputError, judge_intake
from b12ref.core.lab import LabInputError, judge, lab_tests
from b12ref.core.question import Question
from b12ref.core.schema import SECTIONS

LAB_FIRST = "Your lab's own range on your report comes first."
BAND_WORDS = {"low": "low", "borderline": "borderline (a grey zone)", "normal": "in the normal range", "high": "high"}
DOSE_WORDS = {
    "below": "below the recommended daily amount",
    "within": "within the recommended range (at or above the recommended amount, under the upper limits)",
    "above-limit": "above an upper limit",
    "no-limit-set": "above the recommended amount; no upper limit is set",
}
SECTION_TITLES = {**SECTIONS, "tests": "Tests", "food_sources": "Food sources", "symptoms": "Symptoms and signs",
                  "deficiencies": "Deficiencies that cause it"}


def lab_answer(ans, q: Question) -> Answer:
    reading = q.lab
    assert reading is not None
    test, nutrient = lab_tests(ans.sides.references())[reading.test_id]
    a = Answer(question=q.text, kind="lab", nutrient=ans.nutrient_dict(nutrient))
    a.deficiency = a.nutrient
    try:
        j = judge(test, reading.value, reading.unit, reading.sex, reading.pregnant)
    except LabInputError as exc:
        a.verdict = "unknown"
        a.message = str(exc)
        a.headline = f"{test['name']}: cannot judge this value"
        a.summary = f"{exc} {LAB_FIRST}"
        a.lab = {"test": test["name"], "test_id": test["id"], "value": reading.value, "unit": reading.unit,
                 "value_converted": None, "unit_converted": test["unit"], "band": None, "range": None,
                 "source": None, "units": exc.units}
        return a
    p = j.primary
    a.verdict = p.band
    a.basis = "recorded"
    a.sources = ans.works([s for r in j.results for s in r.sources] + list(test.get("sources") or []))
    unit_note = f" (no unit given; read as {j.unit}, the only unit that fits)" if j.unit_inferred else ""
    a.headline = f"{test['name']} {format_number(j.value)} {j.unit}: {BAND_WORDS[p.band]} by {p.body}"
    others = [f"{r.body}: {BAND_WORDS[r.band]}" + (f" (normal {r.range})" if r.range else "")
              for r in j.results[1:]]
    a.summary = " ".join(filter(None, [
        f"{format_number(j.value)} {j.unit}{unit_note}" + (f" = {format_number(j.value_converted)} {j.unit_converted}"
                                                  if j.unit != j.unit_converted else "") + ".",
        f"By {p.body}'s cut-offs ({p.group}) this is {BAND_WORDS[p.band]}" + (f"; normal is {p.range}." if p.range
                                                                              else "."),
        ("Other bodies: " + "; ".join(others) + ".") if others else "",
        str(test.get("meaning") or ""),
        f"Next tests: {test['next_tests']}" if test.get("next_tests") else "",
        LAB_FIRST]))
    a.lab = {"test": test["name"], "test_id": test["id"], "nutrient": a.nutrient, "value": j.value, "unit": j.unit,
             "value_converted": j.value_converted, "unit_converted": j.unit_converted, "band": p.band,
             "range": p.range, "source": p.sources[0] if p.sources else None, "body": p.body, "group": p.group,
             "unit_inferred": j.unit_inferred,
             "bodies": [{"body": r.body, "group": r.group, "band": r.band, "range": r.range, "sources": r.sources,
                         "bands": r.bands} for r in j.results],
             "meaning": test.get("meaning"), "next_tests": test.get("next_tests")}
    a.page = {"type": "deficiency" if nutrient in _deficiency_ids(ans) else "nutrient", "id": nutrient,
              "name": (a.nutrient or {}).get("name"), "section": "tests"}
    return a


def _deficiency_ids(ans) -> set[str]:
    return {r[0] for r in ans.library.conn.execute("SELECT id FROM deficiencies")}


def dose_answer(ans, q: Question) -> Answer:
    intake = q.intake
    assert intake is not None
    ref = ans.sides.references().get(intake.nutrient, {})
    a = Answer(question=q.text, kind="dose", direction="excess", nutrient=ans.nutrient_dict(intake.nutrient))
    name = (a.nutrient or {}).get("name", intake.nutrient)
    form = next((f for f in ref.get("forms") or [] if str(f.get("name")) == intake.form), None)
    try:
        j = judge_intake(intake.nutrient, ref, intake.amounts, form, intake.age, intake.sex, intake.life_stage)
    except DoseInputError as exc:
        a.verdict = "unknown"
        a.message = str(exc)
        a.headline = f"{name}: cannot judge this amount"
        a.summary = str(exc)
        return a
    a.verdict = j.band
    a.basis = "recorded"
    sources = [s for v in j.limits + j.recommended for s in v["sources"]] + j.sources
    a.sources = ans.works(sources)
    per = "a day" if j.per == "day" else f"per {j.per}"
    a.headline = f"{format_number(j.amount_converted)} {j.unit_converted} of {name} a day: {DOSE_WORDS[j.band]}"
    limit_text = "; ".join(f"{v['body']} {v['kind']} {format_number(float(v['value']))} {v['unit']} ({v['group']}"
                           + (f", counts {v['counts']}" if v.get("counts") else "") + ")" for v in j.limits)
    rec_text = "; ".join(f"{v['body']} {v['kind']} {format_number(float(v['value']))} {v['unit']} ({v['group']})"
                         for v in j.recommended)
    a.summary = " ".join(filter(None, [
        f"Read as {format_number(j.amount)} {j.unit} {per}" + (f" = {format_number(j.amount_converted)} {j.unit_converted} a day"
                                                     if (j.unit, j.per) != (j.unit_converted, "day") else "") + ".",
        ("Converted: " + "; ".join(j.conversions) + ".") if j.conversions else "",
        f"Recommended: {rec_text}." if rec_text else "",
        f"Upper limits: {limit_text}." if limit_text else "No upper limit is set by the bodies recorded here.",
        "Over a limit the stricter body's limit decides, and both are named." if j.band == "above-limit" else "",
        ("Doses above the limit used in treatment under a clinician: "
         + "; ".join(f"{c['dose']} ({c['purpose']}" + (f", {c['duration']}" if c.get("duration") else "") + ")"
                     for c in j.clinical) + ".") if j.clinical and j.band == "above-limit" else "",
        (f"Life stage judged: {j.group}." if j.group else ""),
        (f"This reference holds no cited share of {name.lower()} in {form['name']}: the amount is judged as if "
         f"it were {name.lower()} itself, which overstates it when the label gives the weight of the salt "
         "(many labels give the elemental amount; check yours)."
         if form and not form.get("element_fraction") and not form.get("dfe_factor")
         and any(q.unit in ("mg", "g", "µg") for q in intake.amounts) and "oxide" in str(form["name"]).lower()
         or form and not form.get("element_fraction") and " " in str(form["name"]) and
         any(w in str(form["name"]).lower() for w in ("oxide", "citrate", "glycinate", "chloride", "carbonate",
                                                       "sulfate", "gluconate", "lactate", "fumarate"))
         and any(q.unit in ("mg", "g", "µg") for q in intake.amounts) else "")]))
    a.dose = {"nutrient": a.nutrient, "amount": j.amount, "unit": j.unit, "per": j.per,
              "amount_converted": j.amount_converted, "unit_converted": j.unit_converted, "band": j.band,
              "group": j.group, "limits": [{k: v[k] for k in ("kind", "value", "unit", "group", "body", "counts",
                                                               "source")} for v in j.limits],
              "recommended": [{k: v[k] for k in ("kind", "value", "unit", "group", "body", "source")}
                              for v in j.recommended], "conversions": j.conversions,
              "clinical": j.clinical}
    a.page = {"type": "deficiency" if intake.nutrient in _deficiency_ids(ans) else "nutrient",
              "id": intake.nutrient, "name": name, "section": "too_much"}
    return a


def interaction_answer(ans, q: Question) -> Answer:
    a = Answer(question=q.text, kind="interaction", direction="taking", nutrient=ans.nutrient_dict(q.nutrient))
    med = ans.sides.page_row("medicines", q.medicine or "")
    a.medicine = {"id": med["id"], "name": med["name"]} if med else None
    name, mname = (a.nutrient or {}).get("name", ""), (a.medicine or {}).get("name", "")
    found = ans.sides.interactions(q.nutrient, q.medicine)
    lowers = _lowers(ans, q.nutrient, med)
    if not found:
        a.verdict, a.basis = "no-record", "not-recorded"
        a.headline = f"No record: this reference holds no record of an interaction between {name} and {mname}"
        a.summary = (f"This reference holds no record of an interaction between {name} and {mname}. That is not "
                     "the same as safe: ask a pharmacist before combining them." + (f" {lowers}" if lowers else ""))
        a.interaction = {"nutrient": a.nutrient, "medicine": _medicine_entity(med), "effect": None, "severity": None,
                         "advice": "Ask a pharmacist.", "sources": []}
        return a
    i = found[0]
    a.verdict, a.basis = "yes", "recorded"
    a.sources = ans.works(i.sources)
    a.headline = f"{name} with {mname}: {i.severity} interaction"
    a.summary = f"{i.effect} What to do: {i.advice}" + (f" {lowers}" if lowers else "")
    a.interaction = {"nutrient": a.nutrient, "medicine": _medicine_entity(med), "effect": i.effect, "severity": i.severity,
                     "advice": i.advice, "sources": i.sources}
    return a


def _medicine_entity(med: dict | None) -> dict | None:
    import json
    if not med:
        return None
    return {"id": med["id"], "name": med["name"], "aliases": json.loads(med["brands"] or "[]")
            + json.loads(med["aliases"] or "[]")}


def _lowers(ans, nutrient: str | None, med: dict | None) -> str:
    """A medicine recorded as lowering the nutrient (a risk factor of its deficiency page)."""
    if not med or not nutrient:
        return ""
    import json
    names = {med["name"].lower(), *(n.lower() for n in json.loads(med["brands"] or "[]")),
             *(n.lower() for n in json.loads(med["aliases"] or "[]"))}
    for r in ans.library.conn.execute("SELECT factor, aliases, note FROM risk_factors WHERE deficiency_id = ? "
                                      "AND kind = 'drug'", (nutrient,)):
        words = {r[0].lower(), *(x.lower() for x in json.loads(r[1] or "[]"))}
        if names & words or any(re.search(rf"\b{re.escape(n)}\b", r[0].lower()) for n in names):
            return f"Also recorded: {r[0]} can lower {nutrient.replace('-', ' ')}: {r[2]}"
    return ""


def page_answer(ans, q: Question) -> Answer:
    a = Answer(question=q.text, kind="page", verdict="page", basis="recorded")
    if q.page_type == "symptom" and q.symptom:
        sym = ans._symptom_dict(q.symptom) or {}
        a.symptom = sym
        page_type = sym.get("page", "symptom")
        a.page = {"type": page_type, "id": q.symptom, "name": sym.get("name"), "section": q.section}
        ans._symptom_context(a, q.symptom)
        names = [d["name"] for d in a.linked_deficiencies]
        a.headline = f"{sym.get('name')}: {SECTION_TITLES.get(q.section or '', q.section)}"
        a.summary = (f"Deficiencies recorded as causing {sym.get('name', '').lower()}: "
                     f"{', '.join(names) if names else 'none in this reference'}.")
        return a
    a.nutrient = ans.nutrient_dict(q.nutrient or "")
    a.deficiency = a.nutrient if q.page_type == "deficiency" else None
    name = (a.nutrient or {}).get("name", "")
    title = f"{name} deficiency" if q.page_type == "deficiency" else name
    a.page = {"type": q.page_type, "id": q.nutrient, "name": title, "section": q.section}
    a.headline = f"{title}: {SECTION_TITLES.get(q.section or '', q.section)}"
    a.summary = f"The {title} page answers this in its part \u201c{SECTION_TITLES.get(q.section or '', q.section)}\u201d."
    return a
