"""Check content against the schema (core/schema.py) and the rules of db/README.md: one Problem per fault.

Run as `python -m b12ref.core.validate [--strict]` to print the problems of db/content.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any, Iterable

from b12ref.core.content import Content, Problem, load_content
from b12ref.core.placeholder import PLACEHOLDER, is_placeholder  # noqa: F401 - PLACEHOLDER re-exported (check.py)
from b12ref.core.schema import FOLDERS, RECORDS, SIDES, F

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HPO_ID = re.compile(r"^HP:\d{7}$")
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
MONTH = re.compile(r"^20\d\d-(0[1-9]|1[0-2])$")

# Coverage promised by CONTENT.md and the symptom pages that must carry other causes and red flags.
REQUIRED_DEFICIENCIES = (
    "vitamin-a", "thiamine", "riboflavin", "niacin", "pantothenic-acid", "vitamin-b6", "biotin",
    "folate", "vitamin-b12", "vitamin-c", "vitamin-d", "vitamin-e", "vitamin-k", "iron", "zinc",
    "copper", "magnesium", "calcium", "iodine", "selenium", "potassium", "phosphate", "choline",
    "essential-fatty-acids", "protein-energy-malnutrition",
)
KEY_SYMPTOMS = (
    "fatigue", "tingling", "numbness", "fasciculations", "muscle-cramps", "muscle-weakness",
    "hair-loss", "brittle-nails", "spoon-nails", "glossitis", "mouth-ulcers", "angular-cheilitis",
    "pale-skin", "jaundice", "shortness-of-breath", "palpitations", "dizziness", "depression",
    "irritability", "memory-problems", "confusion", "ataxia", "bone-pain", "muscle-aches",
    "night-blindness", "dry-eyes", "easy-bruising", "bleeding-gums", "delayed-wound-healing",
    "dry-skin", "dermatitis", "diarrhea", "loss-of-taste", "loss-of-smell", "goiter",
    "cold-intolerance", "restless-legs", "pica", "pagophagia", "frequent-infections", "tetany",
    "seizures",
)
# What --strict requires of the new sides (issues 14, 15, 23).
MIN_STUDIED, MIN_BENEFITS, MIN_BENEFIT_NUTRIENTS, MIN_INTERACTIONS = 150, 120, 20, 60


class _Checker:
    """Walks records against their schema, collecting Problems and the works cited."""

    def __init__(self, content: Content, strict: bool = False) -> None:
        self.content = content
        self.strict = strict
        self.problems: list[Problem] = []
        self.cited: set[str] = set()
        ids = {folder.name: {d.get("id") for d in content.pages.get(folder.name, [])} for folder in FOLDERS}
        self.refs = {
            "symptom": ids["symptoms"],
            "outcome": ids["symptoms"] | ids["outcomes"],
            "medicine": ids["medicines"],
            "nutrient": ids["deficiencies"] | ids["nutrients"],
        }

    def add(self, file: str, where: str, message: str) -> None:
        self.problems.append(Problem(file, where, message))

    def record(self, file: str, where: str, data: Any, name: str) -> None:
        if not isinstance(data, dict):
            self.add(file, where, "expected a mapping")
            return
        fields = RECORDS[name]
        known = _KNOWN[name]
        for key in data:
            if not key.startswith("_") and key not in known:
                self.add(file, _join(where, key), f"unknown field (allowed: {', '.join(sorted(known))})")
        for f in fields:
            self.field(file, _join(where, f.name), data.get(f.name), f)

    def field(self, file: str, where: str, value: Any, f: F) -> None:
        if value is None or value == [] or (isinstance(value, str) and not value.strip()):
            if f.required:
                self.add(file, where, "missing or empty")
            return
        check = getattr(self, f"_{f.type}")
        check(file, where, value, f)

    def _text(self, file: str, where: str, value: Any, f: F) -> None:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(file, where, f"expected text, found {type(value).__name__}")
        elif is_placeholder(str(value)):
            self.add(file, where, f"placeholder text {str(value)[:40]!r}")

    def _texts(self, file: str, where: str, value: Any, f: F) -> None:
        if not isinstance(value, list):
            self.add(file, where, "expected a list")
            return
        for i, item in enumerate(value):
            self._text(file, f"{where}[{i}]", item, f)

    def _choice(self, file: str, where: str, value: Any, f: F) -> None:
        if value not in f.choices:
            self.add(file, where, f"{value!r} is not one of {', '.join(f.choices)}")

    def _bool(self, file: str, where: str, value: Any, f: F) -> None:
        if not isinstance(value, bool):
            self.add(file, where, "expected true or false")

    def _number(self, file: str, where: str, value: Any, f: F) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.add(file, where, f"expected a number of 0 or more, found {value!r}")

    def _range(self, file: str, where: str, value: Any, f: F) -> None:
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
                or value[0] > value[1]):
            self.add(file, where, f"expected [low, high] numbers, found {value!r}")

    def _date(self, file: str, where: str, value: Any, f: F) -> None:
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            self.add(file, where, f"{value!r} is not an ISO date (YYYY-MM-DD)")

    def _year(self, file: str, where: str, value: Any, f: F) -> None:
        if not (YEAR.match(str(value)) or str(value) == "n.d."):
            self.add(file, where, f"{value!r} is not a year (or n.d.)")

    def _month(self, file: str, where: str, value: Any, f: F) -> None:
        if not MONTH.match(str(value)):
            self.add(file, where, f"{value!r} is not a month (YYYY-MM)")

    def _url(self, file: str, where: str, value: Any, f: F) -> None:
        if not str(value).startswith("https://" if self.strict else ("https://", "http://")):
            self.add(file, where, f"{value!r} is not an https address")

    def _hpo(self, file: str, where: str, value: Any, f: F) -> None:
        if not (isinstance(value, str) and HPO_ID.match(value)):
            self.add(file, where, f"{value!r} is not an HPO id (HP: and seven digits)")

    def _ref(self, file: str, where: str, value: Any, f: F) -> None:
        if value not in self.refs[f.ref]:
            self.add(file, where, f"unknown {f.ref} {value!r}")

    def _refs(self, file: str, where: str, value: Any, f: F) -> None:
        if not isinstance(value, list):
            self.add(file, where, f"expected a list of {f.ref} ids")
            return
        for item in value:
            self._ref(file, where, item, f)

    def _sources(self, file: str, where: str, value: Any, f: F) -> None:
        if not isinstance(value, list):
            self.add(file, where, "expected a list of source ids")
            return
        for source_id in value:
            if source_id not in self.content.sources:
                self.add(file, where, f"unknown source id {source_id!r}")
            else:
                self.cited.add(source_id)

    def _list(self, file: str, where: str, value: Any, f: F) -> None:
        if not isinstance(value, list):
            self.add(file, where, "expected a list")
            return
        for i, row in enumerate(value):
            self.record(file, f"{where}[{i}]", row, f.record)

    def _map(self, file: str, where: str, value: Any, f: F) -> None:
        self.record(file, where, value, f.record)


_KNOWN = {name: {f.name for f in fields} for name, fields in RECORDS.items()}


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _check_page(ck: _Checker, data: dict) -> None:
    file, record = data["_file"], data["_record"]
    ck.record(file, "", data, record)
    key = "nutrient" if "nutrient" in {f.name for f in RECORDS[record]} else "id"
    ident = data.get(key)
    if not isinstance(ident, str) or not SLUG.match(ident):
        ck.add(file, key, f"{ident!r} is not a lowercase slug")
    elif ident != data["_stem"]:
        ck.add(file, key, f"{ident!r} differs from the file name {data['_stem']!r}")


def _check_deficiency_rules(ck: _Checker, data: dict) -> None:
    file = data["_file"]
    linked = [row.get("symptom") for row in data.get("symptoms") or [] if isinstance(row, dict)]
    for dup in sorted({s for s in linked if linked.count(s) > 1}):
        ck.add(file, "symptoms", f"symptom {dup!r} is linked more than once")


def _check_sides(ck: _Checker) -> None:
    """A nutrient's sides never contradict each other: a pair is either a link or a studied record."""
    content = ck.content
    linked = {(d.get("id"), row.get("symptom")) for d in content.deficiencies
              for row in d.get("symptoms") or [] if isinstance(row, dict)}
    for nutrient, data in content.sides.get("studied", {}).items():
        for i, row in enumerate(data.get("records") or []):
            if isinstance(row, dict) and (nutrient, row.get("symptom")) in linked:
                ck.add(data["_file"], f"records[{i}]", f"{row.get('symptom')!r} is also a graded link of "
                       f"{nutrient}: a pair is either a link or a studied record")
    for nutrient, data in content.sides.get("reference", {}).items():
        for i, test in enumerate(data.get("lab_tests") or []):
            if isinstance(test, dict):
                _check_lab_test(ck, data["_file"], f"lab_tests[{i}]", test)


def _check_lab_test(ck: _Checker, file: str, where: str, test: dict) -> None:
    units = [u.get("unit") for u in test.get("units") or [] if isinstance(u, dict)]
    if test.get("unit") not in units:
        ck.add(file, f"{where}.units", f"the cut-off unit {test.get('unit')!r} must be listed with factor 1")
    for j, cutoff in enumerate(test.get("cutoffs") or []):
        bands = [b for b in (cutoff.get("bands") or []) if isinstance(b, dict)] if isinstance(cutoff, dict) else []
        bounds = [b.get("below") for b in bands]
        if bands and (bounds[-1] is not None or any(v is None for v in bounds[:-1])):
            ck.add(file, f"{where}.cutoffs[{j}]", "every band but the last needs `below`; the last none")
        numbers = [v for v in bounds if isinstance(v, (int, float))]
        if numbers != sorted(numbers):
            ck.add(file, f"{where}.cutoffs[{j}]", "bands must go up in order")


def _check_works(ck: _Checker, strict: bool) -> None:
    content = ck.content
    seen: dict[tuple[str, str], str] = {}
    for work_id, work in content.sources.items():
        file = content.source_files[work_id]
        where = f"work {work_id}"
        if not SLUG.match(work_id):
            ck.add(file, where, "work id is not a lowercase slug")
        ck.record(file, where, work, "work")
        if not any(work.get(k) for k in ("url", "doi", "pmid", "isbn")):
            ck.add(file, where, "needs a url, doi, pmid or isbn")
        for key in ("doi", "pmid", "isbn", "url"):
            value = work.get(key)
            if value:
                norm = (key, str(value).lower().rstrip("/").removeprefix("https://doi.org/"))
                if strict and norm in seen and seen[norm] != work_id:
                    ck.add(file, where, f"the same work as {seen[norm]!r} (same {key}): declare it once")
                seen.setdefault(norm, work_id)
        if strict and work_id not in ck.cited:
            ck.add(file, where, "declared but never cited")
        if strict:
            _check_work_details(ck, file, where, work)


def _check_work_details(ck: _Checker, file: str, where: str, work: dict) -> None:
    kind = work.get("kind")
    if kind == "web-page" and not work.get("accessed"):
        ck.add(file, where, "a web page needs `accessed` (YYYY-MM)")
    if str(work.get("year")) == "n.d." and kind != "web-page":
        ck.add(file, where, "only a web page may be undated (n.d.)")
    if kind == "article":
        if not (work.get("authors") and work.get("journal")):
            ck.add(file, where, "an article needs its authors and journal (never cite what cannot be named)")
    if kind in ("book", "chapter") and not (work.get("authors") or work.get("publisher")):
        ck.add(file, where, "a book or chapter needs its authors or publisher")
    if kind in ("web-page", "guideline") and not (work.get("publisher") or work.get("authors")):
        ck.add(file, where, "needs a publisher")


def _check_strict(ck: _Checker) -> None:
    content = ck.content
    root = str(content.root)
    ids = {d.get("id") for d in content.deficiencies}
    for missing in REQUIRED_DEFICIENCIES:
        if missing not in ids:
            ck.add(f"{root}/deficiencies", missing, "required deficiency page is missing")
        for side in ("excess", "reference"):
            if missing not in content.sides.get(side, {}):
                ck.add(f"{root}/{side}", missing, f"every nutrient needs its {side} file")
    for nutrient, data in content.sides.get("excess", {}).items():
        ref = content.sides.get("reference", {}).get(nutrient, {})
        has_ul = any(isinstance(v, dict) and v.get("kind") == "UL" for v in ref.get("intake_values") or [])
        if not has_ul and not data.get("no_upper_limit"):
            ck.add(data["_file"], "no_upper_limit", "no upper limit in reference/ and no sourced 'none set' record")
    symptoms = {s.get("id"): s for s in content.symptoms}
    for key in KEY_SYMPTOMS:
        page = symptoms.get(key)
        if page is None:
            ck.add(f"{root}/symptoms", key, "required symptom page is missing")
            continue
        for field_name in ("other_causes", "red_flags"):
            if not page.get(field_name):
                ck.add(page["_file"], field_name, "a key symptom page needs this list")
    for page in content.symptoms:
        for field_name in ("other_causes", "red_flags"):
            for i, item in enumerate(page.get(field_name) or []):
                if isinstance(item, dict) and not item.get("sources"):
                    ck.add(page["_file"], f"{field_name}[{i}]", "cites no work that states it")
    for data in content.deficiencies:
        cited = set(_citations(data))
        if len(cited) < 3:
            ck.add(data["_file"], "sources", f"cites {len(cited)} sources; at least 3 are needed")
    seen: dict[str, str] = {}
    for page in content.symptoms:
        hpo = page.get("hpo_id")
        if hpo:
            if hpo in seen:
                ck.add(page["_file"], "hpo_id", f"{hpo} is also used by {seen[hpo]}")
            seen[hpo] = page["_file"]
    _check_counts(ck)


def _check_counts(ck: _Checker) -> None:
    sides = ck.content.sides
    studied = sum(len(d.get("records") or []) for d in sides.get("studied", {}).values())
    benefits = {n: len(d.get("benefits") or []) for n, d in sides.get("taking", {}).items()}
    interactions = sum(len(d.get("interactions") or []) for d in sides.get("taking", {}).values())
    root = str(ck.content.root)
    if studied < MIN_STUDIED:
        ck.add(f"{root}/studied", "", f"{studied} studied records; at least {MIN_STUDIED} are needed")
    if sum(benefits.values()) < MIN_BENEFITS or sum(1 for n in benefits.values() if n) < MIN_BENEFIT_NUTRIENTS:
        ck.add(f"{root}/taking", "", f"{sum(benefits.values())} benefit records over "
               f"{sum(1 for n in benefits.values() if n)} nutrients; at least {MIN_BENEFITS} over "
               f"{MIN_BENEFIT_NUTRIENTS} are needed")
    if interactions < MIN_INTERACTIONS:
        ck.add(f"{root}/taking", "", f"{interactions} interactions; at least {MIN_INTERACTIONS} are needed")


def _citations(data: dict) -> Iterable[str]:
    """Every work a page cites, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            elif isinstance(value, (dict, list)):
                yield from _citations(value)
    elif isinstance(data, list):
        for item in data:
            yield from _citations(item)


def unverified(content: Content) -> list[Problem]:
    """What could not be checked here, listed but not failed: a work whose date of publication or last
    review nobody could read (no year is written rather than a guess), an article whose DOI or PMID
    could not be confirmed."""
    out = []
    for work_id, work in content.sources.items():
        file = content.source_files[work_id]
        if not work.get("year"):
            out.append(Problem(file, f"work {work_id}", "date not verified: no year was readable here"))
        if work.get("kind") == "article" and not (work.get("doi") or work.get("pmid")):
            out.append(Problem(file, f"work {work_id}", "no DOI or PMID could be confirmed"))
    return out


def validate(content: Content, strict: bool = False) -> list[Problem]:
    """All problems in the content: parse faults first, then rule violations."""
    ck = _Checker(content, strict)
    for folder in FOLDERS:
        for data in content.pages.get(folder.name, []):
            _check_page(ck, data)
    for data in content.deficiencies:
        _check_deficiency_rules(ck, data)
    pages = [d.get("id") for f in ("deficiencies", "nutrients", "symptoms", "outcomes", "medicines")
             for d in content.pages.get(f, [])]
    for dup in sorted({i for i in pages if isinstance(i, str) and pages.count(i) > 1}):
        ck.add(str(content.root), dup, "id used by more than one page")
    for side in SIDES:
        for nutrient in content.sides.get(side, {}):
            if nutrient not in ck.refs["nutrient"]:
                ck.add(f"{content.root}/{side}", nutrient, "no deficiency or nutrient page has this id")
    _check_sides(ck)
    _check_works(ck, strict)
    if strict:
        _check_strict(ck)
    return content.problems + ck.problems


def main(argv: list[str] | None = None) -> int:
    from b12ref.paths import content_dir

    argv = sys.argv[1:] if argv is None else argv
    root = Path(next((a for a in argv if not a.startswith("-")), content_dir()))
    problems = validate(load_content(root), strict="--strict" in argv)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "content is valid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
