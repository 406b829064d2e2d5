"""My supplements: label lines read in many phrasings, converted with the content's cited factors, added up
across products, judged against the limits; the CLI, export and import, and the window's dialog."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from b12ref.cli import cli
from b12ref.core.dose import MASS
from b12ref.core.supplements import SupplementLineError, read_line, summary
from b12ref.core.userdata import UserData, UserDataError
from b12ref.core.userdata_supplements import Product


@pytest.fixture(scope="module")
def answerer(library):
    from b12ref.core.answer import Answerer

    return Answerer(library)


@pytest.fixture
def store(tmp_path):
    s = UserData(tmp_path / "userdata.sqlite")
    yield s
    s.close()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("B12REF_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def ref(answerer, nutrient):
    return answerer.sides.references()[nutrient]


def factor(answerer, nutrient, frm, form_word):
    return next(float(c["factor"]) for c in ref(answerer, nutrient)["conversions"]
                if c["from"] == frm and form_word in c["form"].lower() and c.get("sources"))


# ---- reading a label line ---------------------------------------------------------------------------------
@pytest.mark.parametrize("line, nutrient, daily, unit", [
    ("vitamin d 25 mcg", "vitamin-d", 25, "µg"),
    ("Vitamin D3 25 µg", "vitamin-d", 25, "µg"),
    ("vit d 1000 units", "vitamin-d", 25, "µg"),
    ("cholecalciferol 10k iu", "vitamin-d", 250, "µg"),
    ("Vitamin D3 25 mcg (1000 IU)", "vitamin-d", 25, "µg"),  # one amount in two units, counted once
    ("vitamin d 50,000 IU weekly", "vitamin-d", 1250 / 7, "µg"),
    ("zinc 15 mg", "zinc", 15, "mg"),
    ("Zinc 15mg", "zinc", 15, "mg"),
    ("selenium 200 ug", "selenium", 200, "µg"),
    ("2 tablets of 400 mcg selenium", "selenium", 800, "µg"),
    ("b12 1000 mcg", "vitamin-b12", 1000, "µg"),
    ("methylcobalamin 1 mg", "vitamin-b12", 1000, "µg"),
    ("vitamin c 1 g", "vitamin-c", 1000, "mg"),
    ("vitamin c 500 milligrams", "vitamin-c", 500, "mg"),
    ("iodine 150 ug", "iodine", 150, "µg"),
    ("iron 65 mg", "iron", 65, "mg"),
    ("magnesium 250 mg", "magnesium", 250, "mg"),
    ("folic acid 400 mcg", "folate", 400, "µg"),
    ("biotin 10 mg", "biotin", 10000, "µg"),
])
def test_label_lines_in_many_phrasings(answerer, line, nutrient, daily, unit):
    read = read_line(answerer, line)
    assert read.nutrient == nutrient
    assert read.daily == pytest.approx(daily, rel=0.01)
    assert read.daily_unit == unit


def test_how_many_a_day_multiplies_the_label(answerer):
    assert read_line(answerer, "zinc 15 mg", per_day=2).daily == pytest.approx(30)
    assert read_line(answerer, "vitamin d 25 mcg", per_day=0.5).daily == pytest.approx(12.5)


# ---- each conversion against its cited factor -------------------------------------------------------------
def test_salts_convert_to_the_element_by_each_forms_cited_fraction(answerer):
    checked = 0
    for nutrient, reference in answerer.sides.references().items():
        for form in reference.get("forms") or []:
            if not form.get("element_fraction"):
                continue
            assert form.get("sources"), form["name"]
            read = read_line(answerer, f"{form['name']} 100 mg")
            assert read.nutrient == nutrient, form["name"]
            per_mg = MASS["mg"] / MASS[reference["unit"]]  # 100 mg in the unit the values use (µg for iodine)
            assert read.daily == pytest.approx(100 * per_mg * float(form["element_fraction"])), form["name"]
            assert any(str(form["element_fraction"]) in c for c in read.conversions)
            checked += 1
    assert checked >= 10  # iron, zinc, calcium, iodine, potassium salts


def test_ferrous_sulfate_325_mg_is_65_mg_of_iron(answerer):
    assert read_line(answerer, "ferrous sulfate 325 mg").daily == pytest.approx(65)


@pytest.mark.parametrize("line, nutrient, form_word", [
    ("vitamin d 4000 IU", "vitamin-d", "d3"),
    ("vitamin a 10000 IU", "vitamin-a", "retinol"),
    ("beta-carotene 10000 IU", "vitamin-a", "beta-carotene from supplements"),
    ("vitamin e 400 IU", "vitamin-e", "natural"),
])
def test_iu_converts_by_the_cited_factor_of_the_form(answerer, line, nutrient, form_word):
    amount = float(line.split()[-2])
    read = read_line(answerer, line)
    assert read.daily == pytest.approx(amount * factor(answerer, nutrient, "IU", form_word))
    assert read.conversions and read.sources


# ---- bad input ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line, says", [
    ("vitamin d -25 mcg", "negative"),
    ("vitamin d 0 mcg", "zero"),
    ("zinc 15", "no unit"),
    ("vitamin d 25 zorks", "no unit"),
    ("vitamin d 5000000 IU", "not a plausible amount"),
    ("vitamin c 500 g", "not a possible intake"),
    ("zinc 15 IU", "converts IU"),
    ("unobtainium 5 mg", "no nutrient"),
    ("hello there", "no nutrient"),
    ("vitamin d", "no amount"),
])
def test_bad_lines_are_refused_with_a_reason(answerer, line, says):
    with pytest.raises(SupplementLineError, match=says):
        read_line(answerer, line)


@pytest.mark.parametrize("name, lines, per_day, says", [
    ("", ["zinc 15 mg"], 1, "needs a name"),
    ("Zinc", [], 1, "at least one label line"),
    ("Zinc", ["zinc 15 mg"], 0, "more than 0"),
    ("Zinc", ["zinc 15 mg"], -2, "more than 0"),
    ("Zinc", ["zinc 15 mg"], 500, "more than anyone takes"),
    ("x" * 300, ["zinc 15 mg"], 1, "longer than"),
])
def test_bad_products_are_refused(store, name, lines, per_day, says):
    with pytest.raises(UserDataError, match=says):
        store.add_supplement(name, lines, per_day)
    assert store.supplements() == []


# ---- sums across products -----------------------------------------------------------------------------------
def test_totals_add_up_each_nutrient_across_products(answerer):
    result = summary(answerer, [Product("Multi", ["vitamin d 25 mcg", "zinc 15 mg"], 1),
                                Product("Zinc", ["zinc gluconate 50 mg"], 2),
                                Product("D", ["vitamin d 1000 IU"], 1)])
    totals = {t["nutrient"]["id"]: t for t in result["totals"]}
    assert totals["vitamin-d"]["amount"] == pytest.approx(50)
    assert totals["vitamin-d"]["band"] == "within"
    assert totals["zinc"]["amount"] == pytest.approx(15 + 2 * 50 * 0.143)
    assert totals["zinc"]["band"] == "above-limit"  # 29.3 mg: over EFSA's 25 mg, under the US 40 mg
    assert {v["body"] for v in totals["zinc"]["limits"]} == {"US National Academies", "EFSA"}
    assert [f["product"] for f in totals["zinc"]["from"]] == ["Multi", "Zinc"]
    assert result["over_limit"] == ["Zinc"]


def test_beta_carotene_is_not_held_against_the_preformed_vitamin_a_limit(answerer):
    result = summary(answerer, [Product("A", ["vitamin a 2500 mcg"], 1), Product("Beta", ["beta-carotene 10000 IU"], 1)])
    total = result["totals"][0]
    assert total["amount"] == pytest.approx(4000) and total["band"] != "above-limit"
    assert "counts toward the upper limit" in total["note"]


def test_a_line_that_no_longer_reads_is_listed_with_its_problem(answerer):
    result = summary(answerer, [Product("Odd", ["zinc 15 mg", "mystery 5 mg"], 1)])
    assert result["products"][0]["lines"][1]["problem"]
    assert [t["nutrient"]["id"] for t in result["totals"]] == ["zinc"]


# ---- the command line ---------------------------------------------------------------------------------------
def test_two_vitamin_d_products_over_the_limit_are_flagged_in_list_json(library, data_dir):
    assert run("supplements", "add", "Daily multi", "vitamin d 25 mcg", "zinc 15 mg").exit_code == 0
    assert run("supplements", "add", "Vitamin D3", "vitamin d3 4000 IU", "--per-day", "1").exit_code == 0
    out = json.loads(run("supplements", "list", "--json").output)
    assert [p["name"] for p in out["products"]] == ["Daily multi", "Vitamin D3"]
    d = next(t for t in out["totals"] if t["nutrient"]["id"] == "vitamin-d")
    assert d["amount"] == pytest.approx(125) and d["unit"] == "µg" and d["band"] == "above-limit"
    assert {"kind", "value", "unit", "group", "body", "counts", "source"} <= set(d["limits"][0])
    zinc = next(t for t in out["totals"] if t["nutrient"]["id"] == "zinc")
    assert zinc["band"] == "within"
    text = run("supplements", "list").output
    assert "OVER AN UPPER LIMIT" in text and "Vitamin D" in text


def test_add_list_remove_and_one_line_errors(library, data_dir):
    assert "added Zinc" in run("supplements", "add", "Zinc", "zinc 15 mg", "--per-day", "2").output
    assert "replaced zinc" in run("supplements", "add", "zinc", "zinc 25 mg").output
    for args, says in [(("add", "Bad", "zinc 15"), "no unit"), (("add", "Bad", "moonstone 5 mg"), "no nutrient"),
                       (("add", "Bad", "vitamin d -5 mcg"), "negative"),
                       (("add", "Bad", "zinc 5 mg", "--per-day", "-1"), "more than 0"),
                       (("add", "Bad", "vitamin d 9000000 IU"), "not a plausible"),
                       (("remove", "Nothing"), "no product is named")]:
        result = run("supplements", *args)
        assert result.exit_code == 1 and says in result.output and "Traceback" not in result.output, args
        assert len(result.output.strip().splitlines()) == 1
    out = json.loads(run("supplements", "list", "--json").output)
    assert [(p["name"], p["per_day"]) for p in out["products"]] == [("zinc", 1.0)]
    assert run("supplements", "remove", "ZINC").exit_code == 0
    assert json.loads(run("supplements", "list", "--json").output) == {"products": [], "totals": [],
                                                                        "over_limit": []}


# ---- user data: kept, exported, imported --------------------------------------------------------------------
def test_export_import_round_trip_keeps_the_products(tmp_path, store):
    from b12ref.core.userdata_files import read_import, write_export

    store.add_supplement("Multi <b>", ["vitamin d 25 mcg", "zinc 15 mg"], 2)
    store.add_supplement("D3", ["vitamin d 1000 IU"], 0.5)
    write_export(store, tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in data["supplements"]] == ["Multi <b>", "D3"]
    other = UserData(tmp_path / "other.sqlite")
    counts = read_import(other, tmp_path / "out.json")
    assert counts["supplements"] == 2
    assert [(p.name, p.lines, p.per_day) for p in other.supplements()] == [
        (p.name, p.lines, p.per_day) for p in store.supplements()]
    other.close()


@pytest.mark.parametrize("bad, says", [
    ({"name": "X", "lines": ["zinc 15 mg"], "per_day": "two"}, "must be a number"),
    ({"name": "X", "lines": "zinc 15 mg", "per_day": 1}, "list of text"),
    ({"name": "X\x00", "lines": ["zinc 15 mg"], "per_day": 1}, "NUL"),
    ({"name": "X", "lines": ["zinc 15 mg"], "per_day": 10 ** 400}, "usual size"),
    ({"name": "", "lines": ["zinc 15 mg"], "per_day": 1}, "needs a name"),
    ("not an object", "expected an object"),
])
def test_a_bad_import_of_supplements_writes_nothing(store, bad, says):
    store.save_note("iron", "mine")
    with pytest.raises(UserDataError, match=says):
        store.import_data({"format": "b12ref-userdata", "notes": [{"page_id": "zinc", "body": "new", "updated": "x"}],
                           "supplements": [bad]})
    assert store.note("zinc") == "" and store.supplements() == []


def test_an_older_store_is_migrated_and_keeps_its_notes(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE bookmarks (page_id TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL, "
                       "tags TEXT NOT NULL DEFAULT '[]'); CREATE TABLE notes (page_id TEXT PRIMARY KEY, body TEXT NOT "
                       "NULL, updated TEXT NOT NULL); CREATE TABLE history (id INTEGER PRIMARY KEY, page_id TEXT NOT "
                       "NULL, title TEXT NOT NULL, visited TEXT NOT NULL); INSERT INTO notes VALUES ('iron', 'kept', "
                       "'2024-01-01'); PRAGMA user_version = 2;")
    conn.close()
    store = UserData(path)
    assert store.note("iron") == "kept" and not store.read_only
    store.add_supplement("Zinc", ["zinc 15 mg"])
    assert [p.name for p in store.supplements()] == ["Zinc"]
    assert list(tmp_path.glob("old.backup-v2-*.sqlite"))
    store.close()


# ---- the window ---------------------------------------------------------------------------------------------
def test_the_dialog_adds_removes_and_flags_a_total_over_the_limit(qtbot, qtmodeltester, store, answerer):
    from PySide6.QtCore import Qt

    from b12ref.ui.supplements_dialog import SupplementsDialog

    dialog = SupplementsDialog(store, answerer)
    qtbot.addWidget(dialog)
    dialog.show()
    for name, lines in [("Multi <b>bold</b>", "vitamin d 25 mcg\nzinc 15 mg"), ("D3", "vitamin d 4000 IU")]:
        dialog.name.setText(name)
        dialog.lines.setPlainText(lines)
        qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    qtmodeltester.check(dialog.products)
    qtmodeltester.check(dialog.totals)
    assert dialog.products.rowCount() == 2
    first = dialog.totals.index(0, 0)
    assert first.data() == "Vitamin D"
    assert dialog.totals.index(0, 2).data().startswith("⚠ Over an upper limit")
    assert dialog.totals.data(first, Qt.BackgroundRole) is not None and dialog.totals.data(first, Qt.FontRole).bold()
    assert "Vitamin D" in dialog.flag.text() and dialog.flag.isVisible()
    names = [dialog.products.index(r, 0).data() for r in range(2)]
    assert "Multi <b>bold</b>" in names  # user text as typed, never as markup
    assert dialog.message.textFormat() == Qt.PlainText
    dialog.name.setText("Bad")
    dialog.lines.setPlainText("zinc 15")
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    assert "no unit" in dialog.message.text() and dialog.products.rowCount() == 2
    dialog.product_view.selectRow(names.index("D3"))
    qtbot.mouseClick(dialog.remove_button, Qt.LeftButton)
    assert [p.name for p in store.supplements()] == ["Multi <b>bold</b>"]
    assert not dialog.flag.isVisible()


def test_tools_menu_opens_my_supplements_with_a_shortcut(qtbot, library, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction

    from b12ref.ui.main_window import MainWindow
    from b12ref.ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    win = MainWindow(library, settings=settings, theme_choice="light", userdata=UserData(tmp_path / "u.sqlite"))
    qtbot.addWidget(win)
    action = win.findChild(QAction, "supplements")
    assert action is not None and action.shortcut().toString() == "Ctrl+Shift+S"
    action.trigger()
    assert win.supplements_dialog.isVisible()
    win.supplements_dialog.close()
