"""Add up what a person takes: each label line read like an intake ("vitamin d 25 mcg", "magnesium oxide
400 mg"), times how many a day, summed per nutrient across products and judged against the reference
values and upper limits (b12ref.core.dose.judge_intake).

    products: Multi (vitamin d 25 mcg, zinc 15 mg), 1 a day; Vitamin D (vitamin d 4000 IU), 1 a day
    totals:   vitamin D 125 µg a day (25 + 100): above-limit (US and EFSA UL 100 µg); zinc 15 mg: within
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from b12ref.core.dose import DoseInputError, judge_intake
from b12ref.core.quantity import Quantity, format_number, quantities
from b12ref.core.userdata_supplements import Product

PLAUSIBLE_TIMES_LIMIT = 1000      # a daily amount over 1,000 times the upper limit is a typing slip
PLAUSIBLE_TIMES_RECOMMENDED = 10_000  # ... or, where no limit is set, over 10,000 times the RDA or AI

# A limit that counts only part of a nutrient: forms whose amounts do not count toward it.
_NOT_COUNTED = {"preformed": re.compile(r"carotene", re.I)}


class SupplementLineError(ValueError):
    """A label line that cannot be read or judged; the message says why, in one line."""


@dataclass
class LabelLine:
    """One line of a label, read: the nutrient, the amount as written, and the daily amount it gives."""

    text: str
    nutrient: str
    amount: float
    unit: str
    per: str
    form: str | None
    daily: float          # per day, for the product's count a day, in the reference unit
    daily_unit: str
    conversions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def read_line(answerer, text: str, per_day: float = 1.0) -> LabelLine:
    """A label line read with the question parser and converted with the content's factors, or
    SupplementLineError saying what is wrong."""
    line = " ".join(str(text).split())
    if not line:
        raise SupplementLineError("the line is empty")
    if re.search(r"(?:^|[\s(:=])[-\u2212]\s*\d", line):
        raise SupplementLineError(f"\"{line}\": an amount cannot be negative")
    q = answerer.understand(line)
    nutrient = q.intake.nutrient if q.intake else q.nutrient
    amounts = [n for n in quantities(line) if n.kind == "amount"]
    if nutrient is None:
        raise SupplementLineError(f"\"{line}\": no nutrient this reference knows is named "
                                  "(write it as on the label, e.g. \"vitamin d 25 mcg\")")
    if not amounts:
        bare = [n for n in quantities(line) if n.kind == "bare"]
        if bare:
            raise SupplementLineError(f"\"{line}\": no unit after {bare[0].value:g}; write mcg, µg, mg, g or IU")
        raise SupplementLineError(f"\"{line}\": no amount; write it as on the label, e.g. \"25 mcg\"")
    first = amounts[0]  # "25 mcg (1000 IU)": a label gives one amount in two units
    if first.value <= 0:
        raise SupplementLineError(f"\"{line}\": the amount is zero")
    ref = answerer.sides.references().get(nutrient) or {}
    form_name = q.intake.form if q.intake else None
    form = next((f for f in ref.get("forms") or [] if str(f.get("name")) == form_name), None)
    taken = replace(first, count=first.count * per_day)
    try:
        j = judge_intake(nutrient, ref, [taken], form)
    except DoseInputError as exc:
        name = nutrient.replace("-", " ")
        raise SupplementLineError(f"\"{line}\": {exc}".replace("this nutrient", name)) from None
    _plausible(line, j)
    return LabelLine(line, nutrient, first.value, first.unit or j.unit_converted, first.per or "day", form_name,
                     j.amount_converted, j.unit_converted, j.conversions, j.sources)


def _plausible(line: str, j) -> None:
    for values, times in ((j.limits, PLAUSIBLE_TIMES_LIMIT), (j.recommended, PLAUSIBLE_TIMES_RECOMMENDED)):
        same = [float(v["value"]) for v in values if v.get("unit") == j.unit_converted]
        if same:
            if j.amount_converted > times * max(same):
                raise SupplementLineError(
                    f"\"{line}\": {format_number(j.amount_converted)} {j.unit_converted} a day is not a plausible amount "
                    f"(over {times:,} times the {'upper limit' if values is j.limits else 'recommended amount'}); "
                    "check the amount and unit")
            return


def check_lines(answerer, lines: list[str]) -> list[LabelLine]:
    """Every line read, or SupplementLineError for the first that cannot be (for `add`)."""
    return [read_line(answerer, line) for line in lines]


def summary(answerer, products: list[Product]) -> dict[str, Any]:
    """`{products: [...], totals: [{nutrient, amount, unit, band, limits, ...}]}` for these products."""
    out_products = []
    by_nutrient: dict[str, list[tuple[str, LabelLine]]] = {}
    for product in products:
        lines = []
        for text in product.lines:
            try:
                read = read_line(answerer, text, product.per_day)
            except SupplementLineError as exc:
                lines.append({"text": text, "problem": str(exc)})
                continue
            by_nutrient.setdefault(read.nutrient, []).append((product.name, read))
            lines.append({"text": text, "nutrient": read.nutrient, "amount": read.amount, "unit": read.unit,
                          "per": read.per, "form": read.form, "amount_daily": round(read.daily, 4),
                          "unit_daily": read.daily_unit, "conversions": read.conversions})
        out_products.append({"name": product.name, "per_day": product.per_day, "added": product.added,
                             "lines": lines})
    totals = [_total(answerer, nutrient, parts) for nutrient, parts in by_nutrient.items()]
    order = {"above-limit": 0, "no-limit-set": 1, "within": 2, "below": 3}
    totals.sort(key=lambda t: (order.get(t["band"], 9), t["nutrient"]["name"].lower()))
    return {"products": out_products, "totals": totals,
            "over_limit": [t["nutrient"]["name"] for t in totals if t["band"] == "above-limit"]}


def _total(answerer, nutrient: str, parts: list[tuple[str, LabelLine]]) -> dict[str, Any]:
    ref = answerer.sides.references().get(nutrient) or {}
    unit = parts[0][1].daily_unit
    amount = sum(p.daily for _, p in parts)
    j = judge_intake(nutrient, ref, [_daily(amount, unit)])
    band, note = j.band, ""
    counted = _counted(j.limits, parts)
    if counted is not None and counted < amount:
        limited = judge_intake(nutrient, ref, [_daily(counted, unit)])
        note = (f"{format_number(counted)} {unit} of it counts toward the upper limit "
                f"({', '.join(sorted({str(v.get('counts')) for v in j.limits if v.get('counts')}))})")
        if limited.band != "above-limit" and band == "above-limit":
            band = "within"
    entity = answerer.nutrient_dict(nutrient) or {"id": nutrient, "name": nutrient.replace("-", " ")}
    return {"nutrient": entity, "amount": round(amount, 4), "unit": unit, "per": "day", "band": band,
            "group": j.group,
            "limits": [{k: v[k] for k in ("kind", "value", "unit", "group", "body", "counts", "source")}
                       for v in j.limits],
            "recommended": [{k: v[k] for k in ("kind", "value", "unit", "group", "body", "source")}
                            for v in j.recommended],
            "from": [{"product": name, "line": p.text, "amount": round(p.daily, 4)} for name, p in parts],
            "conversions": [c for _, p in parts for c in p.conversions], "note": note,
            "clinical": j.clinical if band == "above-limit" else []}


def _counted(limits: list[dict], parts: list[tuple[str, LabelLine]]) -> float | None:
    """The part of the total an upper limit counts, when it counts only some forms (preformed vitamin A)."""
    for word, not_counted in _NOT_COUNTED.items():
        if any(word in str(v.get("counts") or "").lower() for v in limits):
            return sum(p.daily for _, p in parts if not not_counted.search(f"{p.form or ''} {p.text}"))
    return None


def _daily(amount: float, unit: str) -> Quantity:
    return Quantity(amount, unit, "amount", 0, 0, per="day")


