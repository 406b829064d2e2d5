"""Blood-test results: units converted with the content's cited factors, bands from each body's
cut-offs, and bad input answered with a clear message (issue 19)."""

import pytest

from b12ref.core.answer import Answerer
from b12ref.core.lab import LabInputError, judge, lab_tests


@pytest.fixture(scope="module")
def answerer(library):
    return Answerer(library)


@pytest.fixture(scope="module")
def tests_by_id(answerer):
    return {test_id: test for test_id, (test, _) in lab_tests(answerer.sides.references()).items()}


# Factors as the sources state them: (a name the test answers to, unit, factor to the cut-off unit).
CITED_FACTORS = [
    ("b12", "pg/mL", 0.738), ("vitamin d", "ng/mL", 2.496), ("folate", "ng/mL", 2.266),
    ("magnesium", "mg/dL", 0.4114), ("ferritin", "ng/mL", 1.0),
]


@pytest.mark.parametrize("name, unit, factor", CITED_FACTORS)
def test_unit_factors_are_the_cited_ones(answerer, name, unit, factor):
    test_id, _ = answerer.parser.lab_names[name]
    test = lab_tests(answerer.sides.references())[test_id][0]
    stated = {u["unit"].lower(): u["factor"] for u in test["units"]}
    assert stated[unit.lower()] == pytest.approx(factor, rel=0.01)
    assert test["sources"]


def test_every_banded_test_has_units_cutoffs_and_sources(tests_by_id):
    assert len(tests_by_id) >= 15
    for test in tests_by_id.values():
        units = {u["unit"] for u in test["units"]}
        assert test["unit"] in units and all(c["sources"] and c["bands"] for c in test["cutoffs"]), test["id"]


def test_a_value_in_another_unit_gets_the_same_band(tests_by_id):
    """Each band's middle, written in every unit the test is reported in, lands in that band."""
    for test in tests_by_id.values():
        for cutoff in test["cutoffs"][:1]:
            low = float(test["possible"][0])
            for band in cutoff["bands"]:
                high = band.get("below")
                middle = (low + high) / 2 if high is not None else low * 1.2 + 1
                for unit in test["units"]:
                    result = judge(test, middle / unit["factor"], unit["unit"])
                    assert result.value_converted == pytest.approx(middle, rel=1e-3)
                    assert result.results[0].band == band["band"], (test["id"], unit["unit"], middle)
                low = high if high is not None else low


@pytest.mark.parametrize("question, test, band", [
    ("my b12 is 150 pg/ml is that low", "B12", "low"),
    ("B12 of 400 pmol/L", "B12", "normal"),
    ("vit d 20 nmol/l", "25-hydroxyvitamin D", "low"),
    ("my vitamin d level came back at 32 ng/mL", "25-hydroxyvitamin D", "normal"),
    ("ferritin 5 ug/l", "ferritin", "low"),
    ("Ferritin: 250 µg/L", "ferritin", "high"),
    ("serum magnesium 0.5 mmol/l", "magnesium", "low"),
])
def test_results_typed_as_people_type_them(answerer, question, test, band):
    answer = answerer.ask(question)
    assert answer.kind == "lab" and test.lower() in answer.lab["test"].lower(), answer.headline
    assert answer.lab["band"] == band and answer.lab["range"] and answer.sources
    assert "your lab's own range" in answer.summary.lower()


@pytest.mark.parametrize("question, words", [
    ("ferritin -5 ug/l", "cannot be negative"),
    ("ferritin 9999999 ug/l", "not a possible"),
    ("my ferritin is 30 mmol/l", "not reported in"),
])
def test_bad_results_get_a_clear_message_never_a_band(answerer, question, words):
    answer = answerer.ask(question)
    assert answer.kind == "lab" and answer.lab["band"] is None and words in answer.message, answer.to_dict()


def test_a_value_that_fits_two_units_asks_which(tests_by_id):
    b12 = next(t for t in tests_by_id.values() if "b12" in t["id"] and "pg/mL" in {u["unit"] for u in t["units"]})
    fits = [u for u in b12["units"] if u.get("typical") and u["typical"][0] <= 250 <= u["typical"][1]]
    if len({u["factor"] for u in fits}) > 1:
        with pytest.raises(LabInputError) as raised:
            judge(b12, 250, None)
        assert "which unit" in str(raised.value)


def test_words_without_a_number_are_not_a_result(answerer):
    assert answerer.ask("my ferritin is high, what does that mean").kind != "lab"
