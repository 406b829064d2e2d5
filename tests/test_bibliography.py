"""`check-content --strict` catches each fault of the bibliography, each on a copy of the real content
with one thing broken (issue 21)."""

from pathlib import Path

import yaml

from b12ref.core.content import load_content
from b12ref.core.validate import unverified, validate


def _strict(root: Path) -> list[str]:
    return [str(p) for p in validate(load_content(root), strict=True)]


def _works(root: Path) -> Path:
    return root / "bibliography" / "core.yaml"


def _edit_works(root: Path, change) -> None:
    path = _works(root)
    works = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(works)
    path.write_text(yaml.safe_dump(works, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _add_file(root: Path, works: list[dict]) -> None:
    (root / "bibliography" / "zz-test.yaml").write_text(yaml.safe_dump(works, sort_keys=False), encoding="utf-8")


def _work(works: list[dict], work_id: str) -> dict:
    return next(w for w in works if w["id"] == work_id)


def test_the_real_bibliography_passes_strict(content_copy):
    assert _strict(content_copy) == []


def test_a_work_declared_twice_is_caught(content_copy):
    ods = _work(yaml.safe_load(_works(content_copy).read_text()), "ods-iron")
    _add_file(content_copy, [ods])
    assert any("'ods-iron' is already declared" in p for p in _strict(content_copy))


def test_one_work_under_two_ids_is_caught(content_copy):
    ods = dict(_work(yaml.safe_load(_works(content_copy).read_text()), "ods-iron"), id="iron-fact-sheet")
    _add_file(content_copy, [ods])
    path = content_copy / "deficiencies" / "iron.yaml"
    path.write_text(path.read_text().replace("sources: [ods-iron", "sources: [iron-fact-sheet, ods-iron", 1))
    assert any("the same work as 'ods-iron'" in p or "the same work as 'iron-fact-sheet'" in p
               for p in _strict(content_copy))


def test_a_cited_id_that_is_not_declared_is_caught(content_copy):
    path = content_copy / "deficiencies" / "iron.yaml"
    path.write_text(path.read_text().replace("sources: [ods-iron", "sources: [no-such-work, ods-iron", 1))
    assert any("unknown source id 'no-such-work'" in p for p in _strict(content_copy))


def test_a_declared_work_cited_nowhere_is_caught(content_copy):
    _add_file(content_copy, [{"id": "lonely-work", "kind": "web-page", "title": "Nobody cites me",
                              "publisher": "Nobody", "year": 2020, "accessed": "2026-12",
                              "url": "https://example.org/lonely"}])
    assert any("lonely-work: declared but never cited" in p for p in _strict(content_copy))


def test_an_address_that_is_not_https_is_caught(content_copy):
    _edit_works(content_copy, lambda works: _work(works, "ods-iron").update(url="http://ods.od.nih.gov/iron"))
    assert any("ods-iron.url" in p and "not an https address" in p for p in _strict(content_copy))


def test_a_web_page_needs_accessed_and_only_a_web_page_may_be_undated(content_copy):
    def change(works):
        _work(works, "ods-iron").pop("accessed", None)
        article = next(w for w in works if w.get("kind") == "article")
        article["year"] = "n.d."

    _edit_works(content_copy, change)
    problems = _strict(content_copy)
    assert any("ods-iron" in p and "accessed" in p for p in problems)
    assert any("only a web page may be undated" in p for p in problems)


def test_a_year_that_is_not_a_year_is_caught(content_copy):
    _edit_works(content_copy, lambda works: _work(works, "ods-iron").update(year="last spring"))
    assert any("ods-iron.year" in p and "not a year" in p for p in _strict(content_copy))


def test_a_red_flag_that_cites_nothing_is_caught(content_copy):
    path = content_copy / "symptoms" / "fasciculations.yaml"
    data = yaml.safe_load(path.read_text())
    data["red_flags"][0]["sources"] = []
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert any("fasciculations.yaml" in p and "red_flags[0]" in p and "cites no work" in p
               for p in _strict(content_copy))


def test_a_missing_date_is_listed_as_unverified_not_guessed(content_copy):
    _edit_works(content_copy, lambda works: _work(works, "ods-iron").pop("year", None))
    gaps = [str(g) for g in unverified(load_content(content_copy))]
    assert any("ods-iron" in g and "date not verified" in g for g in gaps)
