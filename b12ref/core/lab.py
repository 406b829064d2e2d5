"""Judge a blood-test result against the cut-offs its sources give: unit read or inferred, converted
with the content's factors, banded by each body, never sent anywhere."""

from __future__ import annotations

from dataclasses import dataclass, field

from b12ref.core.quantity import format_number, unit_key


class LabInputError(ValueError):
    """A value that cannot be judged: impossible, an unknown unit, or a unit that must be asked."""

    def __init__(self, message: str, units: list[str] | None = None) -> None:
        super().__init__(message)
        self.units = units or []


@dataclass
class BandResult:
    body: str
    group: str
    band: str
    range: str
    sources: list[str]
    bands: list[dict] = field(default_factory=list)  # [{band, low, high}] in the test's unit, for a range bar


@dataclass
class LabJudgement:
    test: dict
    value: float
    unit: str | None
    value_converted: float
    unit_converted: str
    unit_inferred: bool
    results: list[BandResult]

    @property
    def primary(self) -> BandResult:
        return self.results[0]


def lab_tests(references: dict[str, dict]) -> dict[str, tuple[dict, str]]:
    """Every lab test by id: (test, nutrient id)."""
    return {t["id"]: (t, nutrient) for nutrient, ref in references.items() for t in ref.get("lab_tests") or []}


def lab_names(references: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """Lower-cased names people type -> (test id, nutrient id); the longest names win in the parser."""
    names: dict[str, tuple[str, str]] = {}
    for nutrient, ref in references.items():
        for test in ref.get("lab_tests") or []:
            for name in [test.get("name"), *(test.get("names") or [])]:
                if name:
                    names.setdefault(" ".join(str(name).lower().split()), (test["id"], nutrient))
    return names


def _unit(test: dict, unit: str | None, value: float) -> tuple[dict, bool]:
    units = [u for u in test.get("units") or [] if isinstance(u, dict)]
    if unit is not None:
        for u in units:
            if unit_key(str(u["unit"])) == unit_key(unit):
                return u, False
        raise LabInputError(f"{test['name']} is not reported in {unit} by the sources here; "
                            f"units known: {', '.join(str(u['unit']) for u in units)}.",
                            [str(u["unit"]) for u in units])
    fits = [u for u in units if u.get("typical") and u["typical"][0] <= value <= u["typical"][1]]
    if len(fits) == 1 or (fits and len({float(u["factor"]) for u in fits}) == 1):
        return fits[0], True  # one unit fits, or all that fit are the same (µg/L = ng/mL)
    if not fits:
        raise LabInputError(f"{format_number(value)} is outside the usual values of {test['name']} in every unit "
                            "its sources use; check the number and give its unit.",
                            [str(u["unit"]) for u in units])
    raise LabInputError(f"{format_number(value)} could be {' or '.join(str(u['unit']) for u in fits)} for "
                        f"{test['name']}; which unit is on your report?", [str(u["unit"]) for u in fits])


def _pick_cutoffs(test: dict, sex: str | None, pregnant: bool) -> list[dict]:
    """One cut-off set per body: the group that fits the person best (pregnancy, then sex, then all/adults)."""
    by_body: dict[str, list[dict]] = {}
    for c in test.get("cutoffs") or []:
        by_body.setdefault(str(c.get("body")), []).append(c)

    def fit(c: dict) -> int:
        group = str(c.get("group", "")).lower()
        if "infection" in group or "inflammation" in group or "on warfarin" in group or "anticoag" in group:
            return -2  # a special situation the question did not name
        if "pregnan" in group:
            return 3 if pregnant else -9
        if sex and sex.rstrip("s") in group.split() or (sex == "women" and "women" in group) or (
                sex == "men" and "men" in group.split()):
            return 2
        if "women" in group or group.split()[:1] == ["men"] or "children" in group or "infant" in group:
            return -1
        return 1

    return [max(cs, key=fit) for cs in by_body.values()]


def judge(test: dict, value: float, unit: str | None, sex: str | None = None, pregnant: bool = False) -> LabJudgement:
    """The band of a result by each body's cut-offs; LabInputError for what cannot be judged."""
    if value < 0:
        raise LabInputError("A blood-test result cannot be negative.")
    u, inferred = _unit(test, unit, value)
    converted = value * float(u["factor"])
    low, high = (test.get("possible") or [0, float("inf")])
    if not low <= converted <= high:
        raise LabInputError(f"{format_number(value)} {u['unit']} is not a possible {test['name']} result "
                            f"(possible: {format_number(low)}-{format_number(high)} {test['unit']}); check the number and unit.")
    results = []
    for cutoff in _pick_cutoffs(test, sex, pregnant):
        bands, lower = [], 0.0
        for b in cutoff.get("bands") or []:
            upper = b.get("below")
            bands.append({"band": b["band"], "low": lower, "high": upper})
            lower = upper if upper is not None else lower
        band = next((b for b in bands if b["high"] is None or converted < b["high"]), bands[-1])
        normal = next((b for b in bands if b["band"] == "normal"), None)
        if normal is None:
            rng = ""
        elif normal["high"] is None:
            rng = f"{format_number(normal['low'])} {test['unit']} or more"
        else:
            rng = f"{format_number(normal['low'])}-{format_number(normal['high'])} {test['unit']}"
        results.append(BandResult(str(cutoff["body"]), str(cutoff.get("group", "")), band["band"], rng,
                                  list(cutoff.get("sources") or []), bands))
    if not results:
        raise LabInputError(f"No cut-offs are recorded for {test['name']}.")
    return LabJudgement(test, value, str(u["unit"]), round(converted, 4), str(test["unit"]), inferred, results)
