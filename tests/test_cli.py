"""The command line, as a user runs it: JSON for scripts, one-line errors, no tracebacks."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from b12ref.cli import cli


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_list_json_gives_id_name_category_aliases(library):
    data = json.loads(run("list", "--json").output)
    assert {"id", "name", "category", "aliases"} <= set(data[0])
    assert "vitamin-b12" in {d["id"] for d in data}


def test_show_b12_lists_fasciculations_with_grade_and_source(library):
    page = json.loads(run("show", "vitamin-b12", "--json").output)
    link = next(s for s in page["symptoms"] if s["symptom_id"] == "fasciculations")
    assert link["evidence"] == "reported" and link["frequency"] == "rare"
    assert link["sources"] and set(link["sources"]) <= {s["id"] for s in page["sources"]}
    assert len(page["symptoms"]) >= 15
    assert page["reviewed"] and page["treatments"] and page["tests"] and page["food_sources"]
    assert all(s["url"] or s["doi"] or s["pmid"] for s in page["sources"])


def test_show_symptom_page_lists_causes_and_other_causes(library):
    page = json.loads(run("show", "fasciculations", "--json").output)
    assert "vitamin-b12" in {c["deficiency_id"] for c in page["causes"]}
    assert page["other_causes"] and page["red_flags"]


def test_show_text_is_readable(library):
    out = run("show", "vitamin-b12").output
    assert "Vitamin B12 deficiency\n======" in out and "Fasciculations" in out and "References" in out
    assert "**" not in out and "<" not in out  # content Markdown and HTML are rendered, never shown raw


@pytest.mark.parametrize("args, message", [
    (["show", "no-such-page"], "no page has the id"),
    (["search", "   "], "the query is empty"),
    (["ask", ""], "the question is empty"),
    (["which", " "], "name at least one symptom"),
    (["userdata", "import", "/nonexistent/file.json"], "nothing imported"),
    (["check-db", "--db", "README.md"], "1 problem"),
    (["build-db", "--out", "/proc/no/such/dir/x.sqlite"], "cannot write"),
])
def test_bad_input_is_one_line_error(library, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_search_deficiency_type_gives_deficiencies(library):
    data = json.loads(run("search", "b12", "--type", "deficiency", "--limit", "3", "--json").output)
    assert data["results"][0]["id"] == "vitamin-b12"
    assert all(h["type"] == "deficiency" for h in data["results"])


def test_check_db_passes_strict(library):
    result = run("check-db", "--strict")
    assert result.exit_code == 0, result.output
    assert "integrity: ok" in result.output


def test_check_db_reports_damaged_file(tmp_path, library):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage" * 1000)
    result = run("check-db", "--db", str(bad))
    assert result.exit_code == 1 and "damaged" in result.output


def test_every_command_has_help_with_example():
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name


def test_readme_documents_every_command():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"b12ref {name}" not in readme]
    assert missing == []
