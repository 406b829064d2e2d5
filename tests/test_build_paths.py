"""The build's faster paths give exactly what the plain ones gave: YAML loading, placeholder
checks, folding, spelling, and rows written without sqlite-utils' insert_all (bench/build_time.py
times them; bench/build_identity.py compares two whole databases)."""

import datetime
import sqlite3
import unicodedata

import pytest
import sqlite_utils
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b12ref import paths
from b12ref.core import normalize, yaml_load
from b12ref.core.build_db import insert_rows, open_memory, save
from b12ref.core.placeholder import PLACEHOLDER, is_placeholder

SETTINGS = settings(derandomize=True, deadline=None, max_examples=300, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

ODD_YAML = [
    "", "# a comment\n", "---\n...\n", "plain scalar\n", "123\n", "!!str a\n", "- 1\n- [2, 3]\n- {x: y}\n",
    "a: 1\nb: 1.5\nc: .inf\nd: -.nan\ne: 0x1f\nf: 0o17\ng: 1_000\nh: yes\ni: No\nj: ~\nk: null\n",
    "l: 2024-01-02\nm: 2024-01-02T03:04:05Z\nn: '5'\no: \"true\"\np: !!str 5\nq: !!int '7'\nr: 190:20:30\n",
    "a: &x [1, 2]\nb: *x\n", "a: &x {k: v}\nb: *x\n", "a: &s text\nb: *s\n", "&r [*r]\n", "&r {a: *r}\n",
    "base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n", "? [1, 2]\n: v\n", "? {a: 1}\n: v\n", "a: 1\na: 2\n", "=: v\n",
    "a: !!binary aGVsbG8=\n", "a: !!set {x, y}\n", "a: !!omap [x: 1]\n", "a: !custom 1\n", "a: [unclosed\n",
    "a: b\n---\nc: d\n", "a: 2024-13-45\n", "1: one\n2.5: two\ntrue: three\n~: four\n2024-01-01: five\n",
    "a: !!float 1\nb: !!null ''\nc: !!bool yes\nd: !!timestamp 2001-12-14\n", "'': empty key\na: ''\nb:\n",
    "x: |\n  block\n  text\ny: >\n  folded\n  text\n", "a: !!map {b: 1}\nc: !!seq [1]\n", "a:\n\t- tab\n",
]


def _outcome(load, text):
    try:
        return "data", load(text)
    except Exception as exc:  # noqa: BLE001 - the exception is part of the outcome compared
        return "error", type(exc), str(exc)


def _same(a, b) -> bool:
    return repr(a) == repr(b)  # repr: NaN is not equal to itself, and recursive lists compare by shape


@pytest.mark.parametrize("text", ODD_YAML)
def test_yaml_load_gives_what_yaml_load_gives(text):
    assert _same(_outcome(yaml_load.load, text), _outcome(lambda t: yaml.load(t, Loader=yaml_load.LOADER), text))


def test_yaml_load_of_every_content_file():
    for path in sorted(paths.content_dir().glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml_load.load(text) == yaml.load(text, Loader=yaml_load.LOADER), path


def test_yaml_load_shares_an_aliased_list_as_yaml_load_does():
    data = yaml_load.load("a: &x [1, 2]\nb: *x\n")
    assert data["a"] is data["b"]


@SETTINGS
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
                    | st.dates(), lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4), max_leaves=12))
def test_yaml_load_of_any_safe_document(value):
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
    assert _same(_outcome(yaml_load.load, text), _outcome(lambda t: yaml.load(t, Loader=yaml_load.LOADER), text))


PLACEHOLDERISH = ["TODO", "todo", "a ToDo b", "fıxme", "FIXME.", "a xxx b", "axxx", "Lorem  ipsum", "lorem ipsum",
                  "ſ", "\u212a", "un\u0131defined", "lorem ip\u017fum", "n/a", "N/A .", "  ...  ", "…", "-", "none.",
                  "placeholder", "TBA", "x tbd y", "xtbdy", "café TODO", "todo_x", "TODO1", "", " "]


@pytest.mark.parametrize("text", PLACEHOLDERISH)
def test_placeholder_check_agrees_with_the_pattern(text):
    assert is_placeholder(text) == bool(PLACEHOLDER.search(text))


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("todbfixmeXTODOBFIXMElorem ipsun/a.…-_\u0131\u017f\u212a\u0130é1")),
               max_size=30) | st.text())
def test_placeholder_check_agrees_on_any_text(text):
    assert is_placeholder(text) == bool(PLACEHOLDER.search(text))


def _fold_plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def test_fold_agrees_for_every_character():
    every = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    assert normalize.fold("".join(every)) == _fold_plain("".join(every))
    assert all(normalize.fold(f"a{ch}\u0301") == _fold_plain(f"a{ch}\u0301") for ch in every)
    with pytest.raises(TypeError):
        normalize.fold(5)


@SETTINGS
@given(st.text())
def test_fold_agrees_on_any_text(text):
    assert normalize.fold(text) == _fold_plain(text)


def _us_plain(word: str) -> str:
    for pattern, replacement in normalize._SPELLING:
        if pattern.search(word):
            word = pattern.sub(replacement, word, count=1)
    return word


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("aehmnoprstuc")), max_size=14))
def test_us_spelling_agrees(word):
    assert normalize.us_spelling(word) == _us_plain(word)


def test_us_spelling_agrees_on_the_spellings_themselves():
    for uk, us, _ in normalize.UK_US_SPELLINGS:
        for word in (uk, us, f"x{uk}", f"{uk}ia", f"an{uk}s", uk.upper()):
            assert normalize.us_spelling(word) == _us_plain(word)


ROW_SETS = {
    "uniform": [{"id": "a", "n": 1, "x": 1.5, "t": "text"}, {"id": "b", "n": 2, "x": 2.5, "t": "more"}],
    "a key missing, then new": [{"a": "x", "b": None}, {"a": "y"}, {"b": "z", "a": None}],
    "null first batch": [{"a": None, "b": 1}] * 120 + [{"a": "late", "b": 2}],
    "int and float": [{"v": 1}, {"v": 2.5}, {"v": None}],
    "odd values": [{"flag": True, "items": [1, "two"], "map": {"k": "v"}, "day": datetime.date(2024, 1, 2),
                    "when": datetime.datetime(2024, 1, 2, 3, 4, 5), "pair": (1, 2)}],
}


@pytest.mark.parametrize("name", list(ROW_SETS))
@pytest.mark.parametrize("pk", [None, "rowid"])
def test_insert_rows_writes_what_insert_all_writes(name, pk):
    rows = ROW_SETS[name]
    if pk == "rowid":
        rows = [dict(row, rowid=i) for i, row in enumerate(rows, start=1)]
    plain, fast = sqlite_utils.Database(sqlite3.connect(":memory:")), sqlite_utils.Database(open_memory())
    plain["t"].insert_all([dict(row) for row in rows], pk=pk)
    insert_rows(fast, "t", [dict(row) for row in rows], pk=pk)
    for db in (plain, fast):
        db.conn.commit()
    schema = "SELECT sql FROM sqlite_master ORDER BY name"
    assert fast.execute(schema).fetchall() == plain.execute(schema).fetchall()
    rows_sql = "SELECT rowid, * FROM t ORDER BY rowid"
    got, want = fast.execute(rows_sql).fetchall(), plain.execute(rows_sql).fetchall()
    assert [[(type(v), v) for v in row] for row in got] == [[(type(v), v) for v in row] for row in want]


def test_no_rows_make_no_table():
    db = sqlite_utils.Database(open_memory())
    insert_rows(db, "t", [])
    assert db.table_names() == []


def test_saved_database_is_whole_and_compact(tmp_path):
    conn = open_memory()
    db = sqlite_utils.Database(conn)
    insert_rows(db, "t", [{"id": i, "text": "x" * 500} for i in range(200)], pk="id")
    db.execute("DELETE FROM t WHERE id % 2 = 0")
    conn.execute("PRAGMA user_version = 7")
    target = tmp_path / "out.sqlite"
    target.touch()  # as the build's temporary file: made empty by mkstemp
    save(conn, target)
    saved = sqlite3.connect(target)
    assert saved.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert saved.execute("PRAGMA freelist_count").fetchone() == (0,)
    assert saved.execute("PRAGMA user_version").fetchone() == (7,)
    assert saved.execute("SELECT count(*) FROM t").fetchone() == (100,)
