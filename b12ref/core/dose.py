"""Judge a daily intake against the reference values of a life stage: converted with the content's
factors (IU, DFE, a salt to its element), US and EU values side by side, the stricter limit deciding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from b12ref.core.quantity import Quantity, format_number, unit_key

MASS = {"µg": 1e-3, "mg": 1.0, "g": 1e3}
MAX_DAILY_GRAMS = 100.0  # no supplement or food intake of a nutrient reaches 100 g a day


class DoseInputError(ValueError):
    """An intake that cannot be judged: no reference values, an unknown unit, an impossible amount."""


@dataclass
class DoseJudgement:
    nutrient: str
    amount: float
    unit: str
    per: str
    amount_converted: float
    unit_converted: str
    band: str
    group: str
    limits: list[dict]
    recommended: list[dict]
    conversions: list[str] = field(default_factory=list)  # what was converted, with which factor
    sources: list[str] = field(default_factory=list)
    clinical: list[dict] = field(default_factory=list)


def _to(value: float, unit: str, target: str, ref: dict, form: dict | None, notes: list[str],
        sources: list[str]) -> float:
    """value in unit -> target unit, by the content's conversion factors and mass units."""
    u, t = unit_key(unit), unit_key(target)
    if u == t:
        return value
    if unit in MASS and target in MASS:
        return value * MASS[unit] / MASS[target]
    for conv in ref.get("conversions") or []:
        frm, to = unit_key(str(conv.get("from", ""))), unit_key(str(conv.get("to", "")))
        # "µg RAE" is µg of vitamin A activity: the unit is its first word
        to_mass = next((k for k in MASS if unit_key(str(conv.get("to", "")).split(" ")[0]) == unit_key(k)), None)
        if frm == u and (to == t or (to_mass is not None and target in MASS)):
            if form and conv.get("form") and not _form_fits(form, str(conv["form"])):
                continue
            out = value * float(conv["factor"])
            to_unit = to_mass or target
            notes.append(f"{format_number(value)} {unit} x {conv['factor']} = {format_number(out)} {to_unit}"
                         + (f" ({conv['form']})" if conv.get("form") else ""))
            sources.extend(conv.get("sources") or [])
            return out * MASS.get(to_unit, 1) / MASS.get(target, 1) if to_unit in MASS else out
    raise DoseInputError(f"No factor in this reference converts {unit} to {target} for this nutrient.")


def _form_fits(form: dict, text: str) -> bool:
    words = set(re.findall(r"[a-z]+", str(form.get("name", "")).lower()))
    return bool(words & set(re.findall(r"[a-z]+", text.lower())))


def _group_fit(group: str, age: int | None, sex: str | None, stage: str | None) -> int:
    g = group.lower()
    if "pregnan" in g or "lactat" in g or "breast" in g:
        return 5 if stage and stage[:5] in g.replace("lactation", "breastfeeding") else -10
    if stage:
        score = -1
    else:
        score = 0
    nums = [int(n) for n in re.findall(r"\d+", g)]
    who_age = age if age is not None else 30
    young = ("infant", "month", "child", "boys", "girls", "adolescent", "teen")
    if any(w in g for w in young) and "adult" not in g and who_age >= 18:  # "adults and teens 14+" fits adults
        return -10
    if "adult" in g or "men" in g or "women" in g or "19" in g or "18" in g:
        score += 2
    if nums:
        lo = nums[0]
        hi = nums[1] if len(nums) > 1 else 200
        if "+" in g or "and over" in g or "and older" in g or "over" in g:
            hi = 200
        if lo <= who_age <= hi:
            score += 2
        else:
            score -= 3
    if sex == "women" and "women" in g or sex == "men" and re.search(r"\bmen\b", g):
        score += 1
    elif ("women" in g and sex == "men") or (re.search(r"\bmen\b", g) and "women" not in g and sex == "women"):
        score -= 2
    return score


def best_values(values: list[dict], kinds: tuple[str, ...], age, sex, stage) -> list[dict]:
    """Per body, the value of one of kinds whose group fits the person best."""
    out = []
    for body in dict.fromkeys(str(v.get("body")) for v in values):
        cands = [v for v in values if str(v.get("body")) == body and v.get("kind") in kinds]
        if not cands:
            continue
        best = max(cands, key=lambda v: (_group_fit(str(v.get("group", "")), age, sex, stage),
                                         -kinds.index(v["kind"])))
        if _group_fit(str(best.get("group", "")), age, sex, stage) > -5:
            out.append(best)
    return out


def judge_intake(nutrient: str, ref: dict, amounts: list[Quantity], form: dict | None = None,
                 age: int | None = None, sex: str | None = None, stage: str | None = None) -> DoseJudgement:
    if not ref or not ref.get("intake_values"):
        raise DoseInputError("This reference holds no intake values for this nutrient.")
    target = str(ref.get("unit") or "mg")
    notes: list[str] = []
    sources: list[str] = []
    total = 0.0
    for q in amounts:
        if q.value < 0:
            raise DoseInputError("An intake cannot be negative.")
        daily = q.value * q.daily_factor
        converted = _to(daily, q.unit or target, target, ref, form, notes, sources)
        if form and form.get("element_fraction") and (q.unit in MASS):
            element = converted * float(form["element_fraction"])
            notes.append(f"{format_number(converted)} {target} of {form['name']} x {form['element_fraction']} = "
                         f"{format_number(element)} {target} of the element")
            sources.extend(form.get("sources") or [])
            converted = element
        if form and form.get("dfe_factor"):
            notes.append(f"folic acid x {form['dfe_factor']} = {format_number(converted * float(form['dfe_factor']))} µg DFE")
        total += converted
    if total * MASS.get(target, 1) / 1000 > MAX_DAILY_GRAMS:
        raise DoseInputError(f"{format_number(total)} {target} a day is not a possible intake; check the amount and unit.")
    values = [v for v in ref["intake_values"] if isinstance(v, dict)]
    recommended = best_values(values, ("RDA", "PRI", "AI"), age, sex, stage)
    limits = best_values(values, ("UL",), age, sex, stage)
    group = (recommended or limits or [{}])[0].get("group", "adults")

    def in_target(v: dict) -> float:
        try:
            return _to(float(v["value"]), str(v["unit"]), target, ref, None, [], [])
        except DoseInputError:
            return float(v["value"])

    rec_values = [in_target(v) for v in recommended]
    lim_values = [in_target(v) for v in limits]
    if lim_values and total > min(lim_values):
        band = "above-limit"
    elif rec_values and total < max(rec_values if recommended[0].get("body", "").startswith("US") else rec_values[:1]):
        band = "below"
    elif not lim_values and rec_values and total > max(rec_values):
        band = "no-limit-set"
    else:
        band = "within"
    first = amounts[0]
    return DoseJudgement(
        nutrient=nutrient, amount=first.value if len(amounts) == 1 else sum(a.value for a in amounts),
        unit=first.unit or target, per=first.per or "day", amount_converted=round(total, 4), unit_converted=target,
        band=band, group=str(group),
        limits=[{"kind": v["kind"], "value": v["value"], "unit": v["unit"], "group": v.get("group"),
                 "body": v.get("body"), "counts": v.get("counts") or "", "source": (v.get("sources") or [None])[0],
                 "sources": v.get("sources") or []} for v in limits],
        recommended=[{"kind": v["kind"], "value": v["value"], "unit": v["unit"], "group": v.get("group"),
                      "body": v.get("body"), "source": (v.get("sources") or [None])[0],
                      "sources": v.get("sources") or []} for v in recommended],
        conversions=notes, sources=list(dict.fromkeys(sources)),
        clinical=[c for c in ref.get("clinical_doses") or [] if isinstance(c, dict)])
