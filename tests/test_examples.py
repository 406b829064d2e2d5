"""The example questions of every kind (tests/data/eval, a copy of the shared examples) answered in
process, each checked on the fields `ask --json` gives for its kind."""

import json
from pathlib import Path

import pytest

from b12ref.core.answer import Answerer

EXAMPLES = Path(__file__).resolve().parent / "data" / "eval"


def _cases(kind: str) -> list[dict]:
    return [json.loads(line) for line in (EXAMPLES / f"{kind}.jsonl").read_text().splitlines() if line.strip()]


def _names(entity) -> list[str]:
    if not entity:
        return []
    out = [str(entity.get(k, "")).lower() for k in ("id", "name")]
    out += [str(s).lower() for s in [*(entity.get("synonyms") or []), *(entity.get("aliases") or [])]]
    return [o.replace("-", " ") for o in out if o]


def _matches(entity, accepted: list[str]) -> bool:
    return any(a.replace("-", " ") in name or name == a for a in accepted for name in _names(entity))


@pytest.fixture(scope="module")
def answerer(library):
    return Answerer(library)


@pytest.mark.parametrize("case", _cases("excess"), ids=lambda c: c["q"][:40])
def test_excess_questions_are_answered_from_the_excess_side(answerer, case):
    out = answerer.ask(case["q"]).to_dict()
    assert out["direction"] == "excess" and _matches(out["nutrient"], case["nutrient"]), out["headline"]
    if case["expect"] == "yes":
        assert out["verdict"] == "yes" and _matches(out["symptom"], case["symptom"]) and out["sources"]
    else:
        assert out["verdict"] != "yes"


@pytest.mark.parametrize("case", _cases("graded"), ids=lambda c: c["q"][:40])
def test_commonly_asked_pairs_are_graded_and_weak_ones_never_established(answerer, case):
    out = answerer.ask(case["q"]).to_dict()
    assert out["basis"] in ("recorded", "studied") and out["sources"], out["headline"]
    assert _matches(out["symptom"], case["symptom"])
    if case["expect"] == "weak":
        assert not (out["verdict"] == "yes" and out["evidence"] in ("established", "probable"))


@pytest.mark.parametrize("case", _cases("route"), ids=lambda c: c["q"][:40])
def test_questions_that_are_not_yes_no_open_the_right_page_part(answerer, case):
    out = answerer.ask(case["q"]).to_dict()
    page = out["page"] or {}
    assert out["kind"] == "page" and page.get("type") == case["type"], out
    assert _matches(page, case["page"]) and page.get("section") in case["section"]


@pytest.mark.parametrize("case", _cases("lab"), ids=lambda c: c["q"][:40])
def test_blood_test_results_are_banded(answerer, case):
    out = answerer.ask(case["q"]).to_dict()
    lab = out["lab"] or {}
    assert out["kind"] == "lab" and lab.get("band") in case["band"], out["headline"]
    assert any(t in lab["test"].lower() for t in case["test"]) and lab["source"] and lab["range"]


@pytest.mark.parametrize("case", _cases("dose"), ids=lambda c: c["q"][:40])
def test_intakes_are_converted_and_judged(answerer, case):
    out = answerer.ask(case["q"]).to_dict()
    dose = out["dose"] or {}
    assert out["kind"] == "dose" and _matches(dose.get("nutrient"), case["nutrient"]), out["headline"]
    assert dose["band"] in case["band"], (dose["band"], dose["amount_converted"])
    if case.get("amount_converted") is not None:
        assert abs(dose["amount_converted"] - case["amount_converted"]) <= 0.03 * case["amount_converted"]
        assert dose["unit_converted"] == case["unit_converted"]


@pytest.mark.parametrize("case", _cases("benefit"), ids=lambda c: c["q"][:40])
def test_benefit_questions_are_answered_from_the_benefit_side(answerer, case):
    out = answerer.ask(case["q"]).to_dict()
    assert out["direction"] == "benefit" and _matches(out["nutrient"], case["nutrient"]), out["headline"]
    assert out["basis"] in ("recorded", "studied") and out["sources"]
    if case["expect"] == "helps":
        assert out["verdict"] == "yes"
    elif case["expect"] == "no":
        assert out["verdict"] != "yes" and out["basis"] == "studied"
    else:
        assert not (out["verdict"] == "yes" and out["evidence"] in ("established", "probable"))


@pytest.mark.parametrize("case", _cases("interaction"), ids=lambda c: c["q"][:40])
def test_interactions_name_the_nutrient_the_medicine_and_the_effect(answerer, case):
    out = answerer.ask(case["q"]).to_dict()
    ix = out["interaction"] or {}
    assert out["kind"] == "interaction" and _matches(ix.get("nutrient"), case["nutrient"]), out["headline"]
    assert _matches(ix.get("medicine"), case["medicine"]) and ix["effect"] and ix["sources"]
