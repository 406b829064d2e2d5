"""Validation names file, entry, field and problem; a failed build writes nothing."""

import sqlite3
from pathlib import Path

import pytest
import yaml

from b12ref.core.build import BuildError, build, write_database
from b12ref.core.content import content_hash, load_content
from b12ref.core.library import database_status, ensure_database
from b12ref.core.validate import validate


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _problems(root: Path) -> list[str]:
    return [str(p) for p in validate(load_content(root))]


def test_real_content_is_valid(content_copy):
    assert _problems(content_copy) == []


def test_unknown_symptom_is_named_with_file_and_field(content_copy):
    b12 = content_copy / "deficiencies" / "vitamin-b12.yaml"
    _edit(b12, lambda d: d["symptoms"][0].update(symptom="no-such-symptom"))
    problems = _problems(content_copy)
    assert any("vitamin-b12.yaml" in p and "symptoms[0].symptom" in p and "no-such-symptom" in p
               for p in problems), problems


def test_bad_grade_unknown_source_and_placeholder_are_each_one_line(content_copy):
    folate = content_copy / "deficiencies" / "folate.yaml"

    def break_it(d):
        d["symptoms"][0]["evidence"] = "strong"
        d["symptoms"][1]["sources"] = ["nobody-2099"]
        d["sections"]["prevention"] = "TODO"

    _edit(folate, break_it)
    problems = _problems(content_copy)
    assert any("symptoms[0].evidence" in p and "'strong' is not one of" in p for p in problems)
    assert any("symptoms[1].sources" in p and "nobody-2099" in p for p in problems)
    assert any("sections.prevention" in p and "placeholder" in p for p in problems)
    assert all("\n" not in p for p in problems)


def test_text_that_yaml_reads_as_a_number_builds(content_copy, tmp_path):
    """The validator takes a number where text is asked for (YAML reads `name: 123` as one); the
    build must then take it too, as text (it raised TypeError in the search terms)."""
    fatigue = content_copy / "symptoms" / "fatigue.yaml"
    _edit(fatigue, lambda d: (d.update(name=123), d.update(synonyms=[2024, *d.get("synonyms", [])])))
    assert _problems(content_copy) == []
    out = build(content_copy, tmp_path / "n.sqlite")
    with sqlite3.connect(out) as db:
        assert db.execute("SELECT name FROM symptoms WHERE id = 'fatigue'").fetchone() == ("123",)
        assert db.execute("SELECT count(*) FROM terms WHERE ref_id = 'fatigue' AND phrase = '2024'").fetchone()[0]


def test_empty_section_is_a_problem(content_copy):
    _edit(content_copy / "deficiencies" / "folate.yaml", lambda d: d["sections"].update(overview="  "))
    assert any("sections.overview" in p and "missing or empty" in p for p in _problems(content_copy))


def test_malformed_yaml_names_its_line(content_copy):
    path = content_copy / "symptoms" / "fasciculations.yaml"
    path.write_text("id: fasciculations\nname: [unclosed\nbody_system: neuromuscular\n", encoding="utf-8")
    problems = _problems(content_copy)
    assert any("fasciculations.yaml" in p and "line" in p and "malformed YAML" in p for p in problems)


def test_failed_validation_leaves_previous_database_in_place(content_copy, tmp_path):
    out = tmp_path / "content.sqlite"
    build(content_copy, out)
    before = out.read_bytes()
    _edit(content_copy / "deficiencies" / "vitamin-b12.yaml", lambda d: d.update(category="fruit"))
    with pytest.raises(BuildError) as info:
        build(content_copy, out)
    assert any("category" in str(p) for p in info.value.problems)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "content.sqlite"]


def test_interrupted_build_leaves_previous_database_and_no_temp_file(content_copy, tmp_path):
    out = tmp_path / "content.sqlite"
    build(content_copy, out)
    before = out.read_bytes()

    def crash(db):
        raise KeyboardInterrupt("power cut")

    with pytest.raises(KeyboardInterrupt):
        write_database(load_content(content_copy), out, "x", extra=crash)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".b12ref-build")] == []


def test_database_is_stamped_with_content_hash(library):
    from b12ref import paths

    assert library.meta()["content_hash"] == content_hash(paths.content_dir())


def test_damaged_or_stale_database_is_rebuilt(content_copy, tmp_path):
    out = tmp_path / "content.sqlite"
    out.write_bytes(b"this is not a database" * 100)
    assert database_status(out, content_copy) == "damaged"
    assert ensure_database(out, content_copy).rebuilt
    assert database_status(out, content_copy) == ""
    _edit(content_copy / "deficiencies" / "folate.yaml", lambda d: d.update(summary=d["summary"] + " More."))
    assert database_status(out, content_copy) == "content changed"
    ensure_database(out, content_copy)
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT summary FROM deficiencies WHERE id='folate'").fetchone()[0].endswith("More.")


def test_database_from_an_older_builder_is_rebuilt(fresh_db):
    from b12ref import paths

    conn = sqlite3.connect(fresh_db)
    conn.execute("UPDATE meta SET value = 'older' WHERE key = 'builder_hash'")
    conn.commit()
    conn.close()
    assert database_status(fresh_db, paths.content_dir()) == "built by another version"
