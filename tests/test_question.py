"""Table-driven test of question reading: every line of tests/question_cases.tsv is a question as
people type it and the value it must give. Add a line to add a case.

Columns (tab-separated; an empty cell is not checked, "-" means "must be empty"):

    question   the text as typed
    kind       question | page | lab | dose | interaction | none
    side       the Question's side: deficiency | excess | benefit | unclear | taking
    nutrient   the nutrient id (the answer's `nutrient.id`)
    symptom    the symptom or outcome id (the answer's `symptom.id`; on a symptom page, `page.id`)
    medicine   the medicine id (the answer's `medicine.id`)
    page       page type and section, "deficiency:food_sources", "symptom:deficiencies"
    lab        test id and band, "serum-ferritin low" (band may list choices: "low|borderline")
    dose       band, then optionally the daily amount and unit after conversion: "above-limit 125 µg"
    verdict    yes | no | uncertain | no-record | unknown (or several: "no|uncertain")
    basis      recorded | studied | not-recorded
    parts      the parts, "nutrient/symptom" joined by ";" ("magnesium/muscle-cramps;potassium/muscle-cramps")
    xfail      a known gap: why the line cannot pass from the content as it is (the line still runs)

Blank lines and lines starting with "#" are skipped.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from b12ref.core.answer import Answerer

CASES = Path(__file__).with_name("question_cases.tsv")
COLUMNS = ("question", "kind", "side", "nutrient", "symptom", "medicine", "page", "lab", "dose", "verdict",
           "basis", "parts", "xfail")


def load_cases() -> list[dict[str, str]]:
    rows = []
    with CASES.open(encoding="utf-8", newline="") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = next(csv.reader([line.rstrip("\n")], delimiter="\t", quoting=csv.QUOTE_NONE))
            if cells[0] == "question":
                assert tuple(cells) == COLUMNS[:len(cells)], f"line {number}: header does not match {COLUMNS}"
                continue
            assert len(cells) <= len(COLUMNS), f"line {number}: {len(cells)} cells, at most {len(COLUMNS)}"
            row = dict(zip(COLUMNS, [c.strip() for c in cells] + [""] * (len(COLUMNS) - len(cells))))
            row["line"] = str(number)
            rows.append(row)
    return rows


CASE_ROWS = load_cases()


def _param(row: dict[str, str]):
    marks = [pytest.mark.xfail(reason=row["xfail"], strict=False)] if row["xfail"] else []
    return pytest.param(row, id=f"{row['line']}:{row['question'][:60]}", marks=marks)


@pytest.fixture(scope="module")
def answerer(library, searcher):
    return Answerer(library, searcher)


def _id(value) -> str:
    return (value or {}).get("id", "") if isinstance(value, dict) else (value or "")


def _match(expected: str, actual: str | None, what: str, errors: list[str]) -> None:
    if not expected:
        return
    if expected == "-":
        if actual:
            errors.append(f"{what}: expected none, got {actual!r}")
        return
    if (actual or "") not in expected.split("|"):
        errors.append(f"{what}: expected {expected!r}, got {actual!r}")


def check(answerer: Answerer, row: dict[str, str]) -> list[str]:
    """The differences between what the line expects and what the question gives."""
    q = answerer.understand(row["question"])
    a = answerer.answer(q)
    errors: list[str] = []
    _match(row["kind"], q.kind, "kind", errors)
    if row["kind"] and a.kind != q.kind and q.kind != "none":
        errors.append(f"answer kind {a.kind!r} is not the question's {q.kind!r}")
    _match(row["side"], q.side, "side", errors)
    if q.kind == "question" and q.side in ("deficiency", "excess", "benefit") and a.direction != q.side:
        errors.append(f"direction {a.direction!r} is not the question's side {q.side!r}")
    _match(row["nutrient"], _id(a.nutrient) or q.nutrient, "nutrient", errors)
    symptom = _id(a.symptom)
    if a.kind == "page" and a.page and a.page.get("type") in ("symptom", "outcome"):
        symptom = a.page.get("id")
    _match(row["symptom"], symptom, "symptom", errors)
    _match(row["medicine"], _id(a.medicine) or q.medicine, "medicine", errors)
    if row["page"]:
        page = f"{(a.page or {}).get('type')}:{(a.page or {}).get('section')}"
        _match(row["page"], page, "page", errors)
    if row["lab"]:
        test_id, _, band = row["lab"].partition(" ")
        lab = a.lab or {}
        _match(test_id, lab.get("test_id"), "lab test", errors)
        _match(band, lab.get("band"), "lab band", errors)
    if row["dose"]:
        band, *amount = row["dose"].split()
        dose = a.dose or {}
        _match(band, dose.get("band"), "dose band", errors)
        if amount:
            value, unit = float(amount[0]), amount[1] if len(amount) > 1 else ""
            got = dose.get("amount_converted")
            if got is None or abs(got - value) > 0.03 * value:
                errors.append(f"dose amount: expected {value}, got {got}")
            if unit and dose.get("unit_converted") != unit:
                errors.append(f"dose unit: expected {unit!r}, got {dose.get('unit_converted')!r}")
    _match(row["verdict"], a.verdict, "verdict", errors)
    _match(row["basis"], a.basis, "basis", errors)
    if a.verdict == "yes" and a.kind == "question" and not a.sources:
        errors.append("a yes without sources")
    if a.basis == "not-recorded" and a.verdict == "yes":
        errors.append("an invented yes: verdict yes without a record")
    if row["parts"]:
        want = [p.strip() for p in row["parts"].split(";")]
        got = [f"{_id(p.nutrient)}/{_id(p.symptom) or _id(p.medicine)}" for p in a.parts]
        for w, g in zip(want, got):
            n, _, s = w.partition("/")
            gn, _, gs = g.partition("/")
            if (n and n != gn) or (s and s != gs):
                errors.append(f"part: expected {w!r}, got {g!r}")
        if len(want) != len(got):
            errors.append(f"parts: expected {len(want)} ({row['parts']}), got {len(got)} ({';'.join(got)})")
    return errors


@pytest.mark.parametrize("row", [_param(r) for r in CASE_ROWS])
def test_question_case(answerer, row):
    errors = check(answerer, row)
    assert not errors, f"line {row['line']} {row['question']!r}: " + "; ".join(errors)


def test_the_table_is_large_and_well_formed():
    assert len(CASE_ROWS) >= 300
    questions = [r["question"] for r in CASE_ROWS]  # case counts: "Ca" is calcium, "ca" is not
    assert len(set(questions)) == len(questions), "a question is in the table twice"
    for r in CASE_ROWS:
        assert r["kind"], f"line {r['line']}: every line names its kind"
        if r["basis"] == "not-recorded":
            assert r["verdict"] in ("", "no-record"), f"line {r['line']}: no record is never a verdict"


if __name__ == "__main__":  # python tests/test_question.py: the pass rate and each miss, without pytest
    from b12ref.core.library import open_library

    ans = Answerer(open_library())
    passed = 0
    for r in CASE_ROWS:
        errs = check(ans, r)
        passed += not errs
        if errs:
            print(f"{'XFAIL' if r['xfail'] else 'MISS '} {r['line']:>4} {r['question']}: {'; '.join(errs)}")
    print(f"{passed}/{len(CASE_ROWS)} = {100 * passed / len(CASE_ROWS):.1f}%")
