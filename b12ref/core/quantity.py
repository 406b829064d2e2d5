"""Read the numbers people type, with their units: one reader for blood-test results and intakes.

    "ferritin 5 ug/l"                 -> Quantity(5, "µg/L", kind "concentration")
    "my b12 is 150 pg/ml"             -> Quantity(150, "pg/mL")
    "5000 IU of vitamin D a day"      -> Quantity(5000, "IU", per "day")
    "10k iu", "10,000 mcg"            -> 10000 IU, 10000 µg
    "2 tablets of 400 mcg", "2 x 25mcg" -> Quantity(400, "µg", count 2)
    "transferrin saturation 12%"      -> Quantity(12, "%", kind "concentration")
    "50,000 IU weekly"                -> per "week"
A number with no unit keeps unit None; the caller decides whether the context settles it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Canonical spellings of every unit people type, lower-cased keys.
MASS_UNITS = {
    "mcg": "µg", "µg": "µg", "μg": "µg", "ug": "µg", "microgram": "µg", "micrograms": "µg", "microg": "µg",
    "mg": "mg", "milligram": "mg", "milligrams": "mg", "mgs": "mg",
    "g": "g", "gram": "g", "grams": "g", "gm": "g",
    "iu": "IU", "ius": "IU", "units": "IU", "unit": "IU", "i.u.": "IU", "international units": "IU",
    "ui": "IU",
}
CONC_NUM = {"pg": "pg", "ng": "ng", "ug": "µg", "µg": "µg", "μg": "µg", "mcg": "µg", "mg": "mg", "g": "g",
            "pmol": "pmol", "nmol": "nmol", "umol": "µmol", "µmol": "µmol", "μmol": "µmol", "mmol": "mmol",
            "meq": "mEq", "mol": "mol", "iu": "IU", "u": "U"}
CONC_DEN = {"ml": "mL", "l": "L", "dl": "dL", "100ml": "dL", "litre": "L", "liter": "L"}
PER_WORDS = {
    "day": "day", "daily": "day", "a day": "day", "per day": "day", "each day": "day", "every day": "day",
    "/day": "day", "/d": "day", "nightly": "day", "at night": "day", "each morning": "day",
    "week": "week", "weekly": "week", "a week": "week", "per week": "week", "every week": "week",
    "/week": "week", "once a week": "week", "every other day": "2 days", "alternate days": "2 days",
    "month": "month", "monthly": "month", "a month": "month",
}
PER_DAYS = {"day": 1.0, "2 days": 2.0, "week": 7.0, "month": 30.4}
COUNT_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "half": 0.5}
TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3, "three times": 3, "two times": 2, "four times": 4}

NUMBER = r"(?P<neg>(?<![\w.])[-−](?=\d))?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?P<k>\s?k\b)?"
_CONC = re.compile(NUMBER + r"\s*(?P<cnum>pg|ng|ug|µg|μg|mcg|mg|g|pmol|nmol|umol|µmol|μmol|mmol|meq|mol|iu|u)"
                   r"\s*(?:/|per\s)\s*(?P<cden>100\s?ml|ml|dl|l|litre|liter)\b", re.IGNORECASE)
_MASS = re.compile(NUMBER + r"\s*(?P<unit>international units|micrograms?|milligrams?|grams?|mcg|µg|μg|ug|mgs?|"
                   r"gm|g|i\.u\.|ius?|ui|units?)(?![a-z/])", re.IGNORECASE)
_PERCENT = re.compile(NUMBER + r"\s*%")
_BARE = re.compile(r"(?<![\w.])" + NUMBER + r"(?![\w.]|\s*%)", re.IGNORECASE)
_COUNT = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|a|an|half)\s+(?:x\s+)?(?P<what>tablets?|tabs?|"
                    r"capsules?|caps|pills?|softgels?|gummies|gummy|drops?|lozenges?|sachets?|scoops?)\b",
                    re.IGNORECASE)
_TIMES_BEFORE = re.compile(r"(?<![\w.])(?P<n>\d{1,2}|two|three|four)\s*[x×*]\s*$", re.IGNORECASE)
_TIMES = re.compile(r"\b(?P<t>once|twice|thrice|two times|three times|four times|[1-4]\s*(?:x|times))\s+"
                    r"(?:a|per|each)\s+day\b|\b(?P<bid>bd|bid|tds|tid)\b", re.IGNORECASE)


@dataclass
class Quantity:
    """A number read from text: value, canonical unit (None when none was typed), where it was."""

    value: float
    unit: str | None
    kind: str  # "concentration" | "amount" | "bare"
    start: int
    end: int
    per: str | None = None  # "day" | "week" | "2 days" | "month"
    count: float = 1.0      # tablets per dose
    times: float = 1.0      # doses per period

    @property
    def daily_factor(self) -> float:
        return self.count * self.times / PER_DAYS.get(self.per or "day", 1.0)


def _number(match: re.Match) -> float:
    value = float(match.group("num").replace(",", ""))
    value = value * 1000 if match.group("k") else value
    return -value if match.group("neg") else value  # "-5" typed: refused later with a message


def quantities(text: str) -> list[Quantity]:
    """Every number of the text with its unit, concentrations first, then amounts, then bare numbers."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _CONC.finditer(text):
        num = CONC_NUM[m.group("cnum").lower()]
        den = CONC_DEN[re.sub(r"\s", "", m.group("cden").lower())]
        found.append(Quantity(_number(m), f"{num}/{den}", "concentration", m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _PERCENT.finditer(text):  # "transferrin saturation 12%"
        found.append(Quantity(_number(m), "%", "concentration", m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _MASS.finditer(text):
        if free(m.start(), m.end()):
            unit = MASS_UNITS[m.group("unit").lower().rstrip(".") if m.group("unit").lower() != "i.u." else "i.u."]
            found.append(Quantity(_number(m), unit, "amount", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in _BARE.finditer(text):
        if free(m.start(), m.end()):
            found.append(Quantity(_number(m), None, "bare", m.start(), m.end()))
    for q in found:
        if q.kind == "amount":
            _frequency(text, q)
    return found


def _frequency(text: str, q: Quantity) -> None:
    """How often and how many: "2 tablets of 400 mcg twice a day", "50,000 IU weekly"."""
    low = text.lower()
    for phrase in sorted(PER_WORDS, key=len, reverse=True):
        if re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", low):
            q.per = PER_WORDS[phrase]
            break
    for m in _COUNT.finditer(text):
        if m.start() < q.start + 60 and m.end() > q.start - 60:  # near the amount
            n = m.group("n").lower()
            q.count = float(COUNT_WORDS.get(n, n)) if n not in ("a", "an") else 1.0
            break
    else:
        times_before = _TIMES_BEFORE.search(text[:q.start])  # "2 x 25mcg"
        if times_before:
            n = times_before.group("n").lower()
            q.count = float(COUNT_WORDS.get(n, n))
    t = _TIMES.search(text)
    if t:
        word = (t.group("t") or t.group("bid") or "").lower()
        digits = re.match(r"([1-4])", word)
        q.times = float(digits.group(1)) if digits else float(
            TIMES_WORDS.get(word, {"bd": 2, "bid": 2, "tds": 3, "tid": 3}.get(word, 1)))
        q.per = q.per or "day"


def unit_key(unit: str) -> str:
    """A unit as compared: case and micro sign folded ("ug/l" == "µg/L")."""
    return unit.replace("μ", "µ").replace("mcg", "µg").replace("ug", "µg").lower().replace(" ", "")


def format_number(x: float) -> str:
    """A number as people read it: thousands separated, up to two decimals, no trailing zeros."""
    return f"{x:,.2f}".rstrip("0").rstrip(".") if abs(x) % 1 else f"{x:,.0f}"
