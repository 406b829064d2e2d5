"""Check content against the rules of db/README.md: one clear Problem per fault.

Run as `python -m b12ref.core.validate [--strict]` to print the problems of db/content.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any, Iterable

from b12ref.core.content import (
    BODY_SYSTEMS, CATEGORIES, EVIDENCE, FREQUENCY, RISK_KINDS, ROUTES, SECTIONS,
    Content, Problem, load_content,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HPO_ID = re.compile(r"^HP:\d{7}$")
PLACEHOLDER = re.compile(
    r"^\s*(?:\.\.\.|…|-|n/?a|none|null|tbd|tba|todo|undefined|placeholder)\s*\.?\s*$"
    r"|\b(?:TODO|TBD|FIXME|XXX|lorem ipsum|undefined)\b", re.IGNORECASE)

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


class _Checker:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.problems: list[Problem] = []
        self.cited: set[str] = set()

    def add(self, file: str, where: str, message: str) -> None:
        self.problems.append(Problem(file, where, message))

    def text(self, file: str, where: str, value: Any, required: bool = True) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(file, where, "missing or empty")
            return
        if not isinstance(value, (str, int, float)):
            self.add(file, where, f"expected text, found {type(value).__name__}")
            return
        if PLACEHOLDER.search(str(value)):
            self.add(file, where, f"placeholder text {str(value)[:40]!r}")

    def texts(self, file: str, where: str, values: Any, required: bool = False) -> None:
        if values is None:
            if required:
                self.add(file, where, "missing or empty")
            return
        if not isinstance(values, list):
            self.add(file, where, "expected a list")
            return
        if required and not values:
            self.add(file, where, "missing or empty")
        for i, value in enumerate(values):
            self.text(file, f"{where}[{i}]", value)

    def identity(self, data: dict) -> Any:
        """Check a page's id (a slug equal to its file name) and name; return the id."""
        file, ident = data["_file"], data.get("id")
        if not isinstance(ident, str) or not SLUG.match(ident):
            self.add(file, "id", f"{ident!r} is not a lowercase slug")
        elif ident != data["_stem"]:
            self.add(file, "id", f"{ident!r} differs from the file name {data['_stem']!r}")
        self.text(file, "name", data.get("name"))
        return ident

    def choice(self, file: str, where: str, value: Any, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        if value not in allowed:
            self.add(file, where, f"{value!r} is not one of {', '.join(allowed)}")

    def cites(self, file: str, where: str, ids: Any, required: bool = True) -> None:
        if not ids:
            if required:
                self.add(file, where, "no source cited")
            return
        if not isinstance(ids, list):
            self.add(file, where, "expected a list of source ids")
            return
        for source_id in ids:
            if source_id not in self.content.sources:
                self.add(file, where, f"unknown source id {source_id!r}")
            else:
                self.cited.add(source_id)

    def rows(self, file: str, data: dict, key: str, fields: dict[str, bool], extra=None,
             required: bool = True) -> None:
        rows = data.get(key)
        if not rows:
            if required:
                self.add(file, key, "missing or empty")
            return
        if not isinstance(rows, list):
            self.add(file, key, "expected a list")
            return
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                self.add(file, f"{key}[{i}]", "expected a mapping")
                continue
            label = f"{key}[{i}]"
            for name, needed in fields.items():
                self.text(file, f"{label}.{name}", row.get(name), needed)
            self.cites(file, f"{label}.sources", row.get("sources"))
            if extra:
                extra(file, label, row)


def _check_deficiency(ck: _Checker, data: dict, symptom_ids: set[str]) -> None:
    file, ident = data["_file"], ck.identity(data)
    ck.choice(file, "category", data.get("category"), CATEGORIES)
    ck.texts(file, "aliases", data.get("aliases"), required=True)
    ck.texts(file, "conditions", data.get("conditions"))
    ck.text(file, "summary", data.get("summary"))
    reviewed = data.get("reviewed")
    try:
        dt.date.fromisoformat(str(reviewed))
    except ValueError:
        ck.add(file, "reviewed", f"{reviewed!r} is not an ISO date (YYYY-MM-DD)")
    sections = data.get("sections")
    if not isinstance(sections, dict):
        ck.add(file, "sections", "missing or not a mapping")
    else:
        for key in sections:
            if key not in SECTIONS:
                ck.add(file, f"sections.{key}", f"unknown section (allowed: {', '.join(SECTIONS)})")
        for key in SECTIONS:
            ck.text(file, f"sections.{key}", sections.get(key))

    def link_extra(file: str, label: str, row: dict) -> None:
        if row.get("symptom") not in symptom_ids:
            ck.add(file, f"{label}.symptom", f"unknown symptom {row.get('symptom')!r}")
        ck.choice(file, f"{label}.evidence", row.get("evidence"), EVIDENCE)
        ck.choice(file, f"{label}.frequency", row.get("frequency"), FREQUENCY)
        for flag in ("red_flag", "hallmark"):
            if not isinstance(row.get(flag, False), bool):
                ck.add(file, f"{label}.{flag}", "expected true or false")

    ck.rows(file, data, "symptoms", {"symptom": True, "mechanism": False, "note": False}, link_extra)
    linked = [row.get("symptom") for row in data.get("symptoms") or [] if isinstance(row, dict)]
    for dup in sorted({s for s in linked if linked.count(s) > 1}):
        ck.add(file, "symptoms", f"symptom {dup!r} is linked more than once")
    ck.rows(file, data, "tests", {"name": True, "what_it_shows": True, "reference_range": True,
                                  "pitfalls": False})

    def treatment_extra(file: str, label: str, row: dict) -> None:
        ck.choice(file, f"{label}.route", row.get("route"), ROUTES)

    ck.rows(file, data, "treatments", {"name": True, "route": True, "adult_dose": True,
                                       "duration": True, "monitoring": True, "notes": False,
                                       "clinician_plan": False}, treatment_extra)
    ck.rows(file, data, "food_sources", {"food": True, "serving": True, "amount": True})

    def risk_extra(file: str, label: str, row: dict) -> None:
        ck.choice(file, f"{label}.kind", row.get("kind"), RISK_KINDS)
        ck.texts(file, f"{label}.aliases", row.get("aliases"))

    ck.rows(file, data, "risk_factors", {"factor": True, "note": True}, risk_extra)


def _check_symptom(ck: _Checker, data: dict, symptom_ids: set[str]) -> None:
    file, ident = data["_file"], ck.identity(data)
    ck.choice(file, "body_system", data.get("body_system"), BODY_SYSTEMS)
    ck.text(file, "description", data.get("description"))
    ck.texts(file, "synonyms", data.get("synonyms"))
    ck.texts(file, "hpo_synonyms", data.get("hpo_synonyms"))
    ck.texts(file, "other_causes", data.get("other_causes"))
    ck.texts(file, "red_flags", data.get("red_flags"))
    hpo = data.get("hpo_id")
    if hpo is not None and not (isinstance(hpo, str) and HPO_ID.match(hpo)):
        ck.add(file, "hpo_id", f"{hpo!r} is not an HPO id (HP: and seven digits)")
    ck.cites(file, "sources", data.get("sources"), required=False)
    for key in ("broader", "hpo_broader"):
        broader = data.get(key) or []
        if not isinstance(broader, list):
            ck.add(file, key, "expected a list of symptom ids")
            continue
        for other in broader:
            if other not in symptom_ids or other == ident:
                ck.add(file, key, f"{other!r} is not another known symptom id")


def _check_sources(ck: _Checker) -> None:
    content = ck.content
    for source_id, source in content.sources.items():
        file = content.source_files[source_id]
        where = f"source {source_id}"
        if not SLUG.match(source_id):
            ck.add(file, where, "source id is not a lowercase slug")
        ck.text(file, f"{where}.title", source.get("title"))
        if not (source.get("publisher") or source.get("journal")):
            ck.add(file, where, "needs a publisher or a journal")
        if not any(source.get(k) for k in ("url", "doi", "pmid")):
            ck.add(file, where, "needs a url, doi or pmid")
        if source.get("journal") and not (source.get("authors") and source.get("year")):
            ck.add(file, where, "a journal article needs its authors and year (never cite what cannot be named)")
        url = source.get("url")
        if url and not str(url).startswith(("https://", "http://")):
            ck.add(file, f"{where}.url", f"{url!r} is not a web address")
        if source_id not in ck.cited:
            ck.add(file, where, "defined but never cited")


def _check_strict(ck: _Checker) -> None:
    content = ck.content
    ids = {d.get("id") for d in content.deficiencies}
    for missing in REQUIRED_DEFICIENCIES:
        if missing not in ids:
            ck.add(str(content.root / "deficiencies"), missing, "required deficiency page is missing")
    symptoms = {s.get("id"): s for s in content.symptoms}
    for key in KEY_SYMPTOMS:
        page = symptoms.get(key)
        if page is None:
            ck.add(str(content.root / "symptoms"), key, "required symptom page is missing")
            continue
        for field_name in ("other_causes", "red_flags"):
            if not page.get(field_name):
                ck.add(page["_file"], field_name, "a key symptom page needs this list")
    for data in content.deficiencies:
        cited = {s for s in _all_citations(data)}
        if len(cited) < 3:
            ck.add(data["_file"], "sources", f"cites {len(cited)} sources; at least 3 are needed")
    seen: dict[str, str] = {}
    for page in content.symptoms:
        hpo = page.get("hpo_id")
        if hpo:
            if hpo in seen:
                ck.add(page["_file"], "hpo_id", f"{hpo} is also used by {seen[hpo]}")
            seen[hpo] = page["_file"]


def _all_citations(data: dict) -> Iterable[str]:
    for key in ("symptoms", "tests", "treatments", "food_sources", "risk_factors"):
        for row in data.get(key) or []:
            if isinstance(row, dict):
                yield from row.get("sources") or []


def validate(content: Content, strict: bool = False) -> list[Problem]:
    """All problems in the content: parse faults first, then rule violations."""
    ck = _Checker(content)
    symptom_ids = {s.get("id") for s in content.symptoms}
    for data in content.symptoms:
        _check_symptom(ck, data, symptom_ids)
    for data in content.deficiencies:
        _check_deficiency(ck, data, symptom_ids)
    dup_ids = [d.get("id") for d in content.deficiencies + content.symptoms]
    for dup in sorted({i for i in dup_ids if isinstance(i, str) and dup_ids.count(i) > 1}):
        ck.add(str(content.root), dup, "id used by more than one page")
    _check_sources(ck)
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
