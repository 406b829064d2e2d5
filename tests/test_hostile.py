"""Hostile files, damaged stores and odd folders: each gets a clear message, the window always opens,
and user text is never markup (issue 25). Read-only cases run as an unprivileged user when the
tests run as root (root ignores permissions), and are skipped when that is not possible."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QSettings, Qt
from PySide6 import QtGui
from PySide6.QtGui import QTextDocument

from b12ref.cli import cli
from b12ref.core.userdata import SCHEMA_VERSION, UserData, UserDataError
from b12ref.core.userdata_files import MAX_IMPORT_BYTES, load_import, read_import, write_export
from b12ref.ui.main_window import MainWindow
from b12ref.ui.settings import Settings

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from b12ref.cli import main; main()"]
MARKUP = "<h1>big</h1>"


# ---- helpers ---------------------------------------------------------------------------------
def _nobody() -> tuple[int, int] | None:
    """(uid, gid) of an unprivileged user to drop to, when running as root."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def _shared_dir() -> Path:
    """A folder every user can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="b12ref-hostile-"))
    folder.chmod(0o755)
    return folder


def _run_unprivileged(code: str, env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    """Run Python code as the unprivileged user (when root) or as ourselves. The interpreter starts
    as root (it may live where nobody can read) and imports b12ref, then drops to nobody before
    the code runs; skipped when neither can test permissions."""
    user = _nobody()
    if os.geteuid() == 0 and user is None:
        pytest.skip("running as root with no unprivileged user to drop to")
    drop = ("import os, sys, json, sqlite3, tempfile, shutil\n"
            "import b12ref.cli, b12ref.core.userdata, b12ref.core.userdata_files\n")
    if user is not None:
        drop += f"os.setgroups([]); os.setgid({user[1]}); os.setuid({user[0]})\n"
    env = {**os.environ, **env_extra, "PYTHONPATH": str(REPO), "HOME": "/tmp", "TMPDIR": "/tmp"}
    return subprocess.run([sys.executable, "-c", drop + code], capture_output=True, text=True, env=env,
                          cwd="/", timeout=120)


def _own(path: Path) -> None:
    """Give path (recursively) to the unprivileged user, so that its modes are what counts."""
    user = _nobody()
    if user is None:
        return
    for root, dirs, files in os.walk(path):
        os.chown(root, *user)
        for name in dirs + files:
            os.chown(os.path.join(root, name), *user)


def _wal_store(folder: Path) -> Path:
    """A store with a note and a bookmark left in its WAL (its writer killed, no checkpoint)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "userdata.sqlite"
    code = ("import os, sys; from b12ref.core.userdata import UserData; s = UserData(sys.argv[1]); "
            "s.save_note('iron', 'kept in the WAL'); s.set_bookmark('folate', 'Folate', tags=['t']); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert Path(f"{path}-wal").stat().st_size > 0
    return path


def _shown_text(text: str) -> str:
    """What Qt shows for a tooltip or message box text: rich text rendered, plain text as is."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def _window(qtbot, library, tmp_path, store=None, settings=None):
    settings = settings or Settings(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    win = MainWindow(library, settings=settings, theme_choice="light",
                     userdata=store if store is not None else UserData(tmp_path / "u.sqlite"))
    qtbot.addWidget(win)
    return win


# ---- 1. the window always opens ----------------------------------------------------------------
@pytest.mark.parametrize("leave_shm", [True, False])
def test_read_only_folder_with_a_wal_store_is_read_and_exported(leave_shm):
    base = _shared_dir()
    try:
        data = base / "data"
        path = _wal_store(data)
        if not leave_shm:
            Path(f"{path}-shm").unlink(missing_ok=True)
        out = base / "out"
        out.mkdir()
        _own(base)
        data.chmod(0o555)
        code = ("from b12ref.core.userdata import UserData; import sys; s = UserData(sys.argv[1]); "
                "print(s.read_only, repr(s.note('iron')), [b.page_id for b in s.bookmarks()]); print(s.message)")
        run = _run_unprivileged(code.replace("sys.argv[1]", repr(str(path))), {})
        assert run.returncode == 0, run.stderr
        assert "'kept in the WAL' ['folate']" in run.stdout
        if not leave_shm:  # no -shm and no folder to make one in: read-only, and said so
            assert run.stdout.startswith("True") and "Cannot save" in run.stdout
        export = _run_unprivileged(
            "from b12ref.cli import main; import sys; sys.argv = ['b12ref', 'userdata', 'export', "
            f"{str(out / 'rescued.json')!r}]; main()", {"B12REF_DATA_DIR": str(data)})
        assert export.returncode == 0, export.stderr
        rescued = json.loads((out / "rescued.json").read_text(encoding="utf-8"))
        assert [n["body"] for n in rescued["notes"]] == ["kept in the WAL"]
        assert leave_shm or "Cannot save" in export.stderr
        assert sorted(p.name for p in data.iterdir()) == sorted(
            ["userdata.sqlite", "userdata.sqlite-wal"] + (["userdata.sqlite-shm"] if leave_shm else []))
    finally:
        (base / "data").chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_read_only_store_in_a_writable_folder_is_known_when_it_opens():
    base = _shared_dir()
    try:
        store = UserData(base / "userdata.sqlite")
        store.save_note("iron", "mine")
        store.close()
        (base / "userdata.sqlite").chmod(0o444)
        _own(base)
        code = ("from b12ref.core.userdata import UserData; s = UserData(%r); "
                "print(s.read_only, repr(s.note('iron')), s.add_visit('iron', 'Iron')); print(s.message)"
                % str(base / "userdata.sqlite"))
        run = _run_unprivileged(code, {})
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith("True 'mine' False") and "read-only" in run.stdout
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _newer_store(path: Path) -> None:
    store = UserData(path)
    store.save_note("iron", "from the future")
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


def test_store_from_a_newer_b12ref_is_read_only_with_a_message(tmp_path, monkeypatch):
    path = tmp_path / "data" / "userdata.sqlite"
    path.parent.mkdir()
    _newer_store(path)
    before = path.read_bytes()
    store = UserData(path)
    assert store.read_only and "newer version of b12ref" in store.message
    assert store.note("iron") == "from the future"
    with pytest.raises(UserDataError, match="newer version"):
        store.save_note("iron", "changed")
    store.close()
    monkeypatch.setenv("B12REF_DATA_DIR", str(path.parent))
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"format": "b12ref-userdata", "notes": [
        {"page_id": "folate", "body": "x", "updated": "2025-01-01"}]}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["userdata", "import", str(good)])
    assert result.exit_code == 1 and "nothing imported" in result.output and "newer version" in result.output
    exported = CliRunner().invoke(cli, ["userdata", "export", str(tmp_path / "rescue.json")])
    assert exported.exit_code == 0, exported.output
    assert "from the future" in (tmp_path / "rescue.json").read_text(encoding="utf-8")
    assert path.read_bytes() == before


@pytest.mark.parametrize("ini", [
    "[window]\npage_splitter=42\n",
    "[window]\nmain_splitter=@ByteArray(\\0\\0\\0\\xff\\0\\0\\0\\x1\\0\\0\\0\\x2\\0\\0\n",
    "[window]\ngeometry=@ByteArray(\\x1\\xd9\\xd0\\xcb\\0\\x3\\0\\0\\0\\0\\0\nstate=12\n[view]\nzoom=lots\ntheme=<b>x</b>\n",
    "[window]\nstate=@ByteArray(",
])
def test_edited_or_truncated_settings_give_defaults_and_a_message(qtbot, library, tmp_path, ini):
    (tmp_path / "s.ini").write_text(ini, encoding="utf-8")
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    win = _window(qtbot, library, tmp_path, settings=settings)
    assert win.zoom == 0 and win.theme_choice in ("system", "light")
    assert "could not be read" in win.statusBar().currentMessage()
    win.close()


def test_full_disk_while_building_uses_a_temporary_copy(monkeypatch, tmp_path):
    from b12ref.core import library as library_module
    from b12ref.ui import app

    real = library_module.ensure_database
    cache = tmp_path / "cache"
    monkeypatch.setenv("B12REF_CACHE_DIR", str(cache))

    def full(path, root, progress=None):
        if Path(path).parent == cache:
            raise sqlite3.OperationalError("database or disk is full")
        return real(path, root, progress)

    monkeypatch.setattr(library_module, "ensure_database", full)
    library, notice = app._open_library(lambda message: None)
    assert library is not None and "database or disk is full" in notice and "temporary" in notice
    assert library.page("vitamin-b12").name


def test_full_disk_everywhere_is_a_message_not_a_traceback(tmp_path):
    """A real full disk: writes stop at 64 KB (RLIMIT_FSIZE), in the cache and in the temporary folder."""
    code = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536)); "
            "from b12ref.ui.app import run; sys.exit(run(['--screenshot', %r]))" % str(tmp_path / "shot.png"))
    env = {**os.environ, "PYTHONPATH": str(REPO), "B12REF_CACHE_DIR": str(tmp_path / "cache"),
           "B12REF_DATA_DIR": str(tmp_path / "data"), "TMPDIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "cannot open its content database" in run.stderr and "Traceback" not in run.stderr


def test_cache_path_with_hash_and_question_mark_is_built_once(tmp_path):
    from b12ref.core.library import open_library

    path = tmp_path / "my #1 cache?x=1&y=%41" / "content.sqlite"
    first = open_library(path)
    assert first.rebuilt_reason == "missing"
    again = open_library(path)
    assert again.rebuilt_reason == "" and again.page("iron").name


def test_cache_deleted_as_the_search_worker_starts_recovers(qtbot, library, tmp_path, monkeypatch):
    from b12ref.core.library import Library

    copy = tmp_path / "cache" / "content.sqlite"
    copy.parent.mkdir()
    shutil.copy(library.path, copy)
    errors = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: errors.append(info))
    win = _window(qtbot, Library(copy), tmp_path)
    copy.unlink()  # before the worker has opened its own connection
    win.show()
    win.search_field.setText("pins and needles")
    qtbot.waitUntil(lambda: win.search.results_model.rowCount() > 0, timeout=20000)
    assert errors == [] and copy.exists()
    win.close()


# ---- 2. user data takes only what it can give back --------------------------------------------
HOSTILE_TEXTS = ["bad \ud800 surrogate", "nul \x00 char", "\udce0 escaped byte", MARKUP, "x" * 300_000,
                 "\ufeff bom", "line\r\nbreak\u2028sep"]


def test_any_text_saved_through_every_entry_point_exports_and_imports_again(tmp_path):
    store = UserData(tmp_path / "a.sqlite")
    for i, text in enumerate(HOSTILE_TEXTS):
        store.save_note(f"page-{i}-{text}", text)
        store.set_bookmark(f"page-{i}-{text}", text, tags=[text, "ok"])
        assert store.add_visit(f"page-{i}-{text}", text)
        store.add_supplement(f"product {i} {text[:150]}", [text[:150], "zinc 15 mg"])  # My supplements (issue 22)
    write_export(store, tmp_path / "out.json")
    again = UserData(tmp_path / "b.sqlite")
    counts = read_import(again, tmp_path / "out.json")
    assert counts == {"bookmarks": len(HOSTILE_TEXTS), "notes": len(HOSTILE_TEXTS), "history": len(HOSTILE_TEXTS),
                      "supplements": len(HOSTILE_TEXTS)}
    assert [(p.name, p.lines) for p in again.supplements()] == [(p.name, p.lines) for p in store.supplements()]
    assert {n.body for n in again.notes()} == {n.body for n in store.notes()}
    assert all("\x00" not in n.body and "\ud800" not in n.body for n in again.notes())
    assert any(n.body == MARKUP for n in again.notes())


def test_an_empty_page_id_is_refused_not_stored(tmp_path):
    store = UserData(tmp_path / "u.sqlite")
    with pytest.raises(UserDataError):
        store.save_note("\x00 ", "text")
    assert store.notes() == []


# ---- 3. import refuses hostile files with a message -------------------------------------------
def _hostile_files(folder: Path) -> dict[str, Path]:
    files = {
        "deep": "[" * 100_000 + "]" * 100_000,
        "deep_object": '{"format": "b12ref-userdata", "notes": ' + '{"a":' * 5000 + "1" + "}" * 5000 + "}",
        "big_int": '{"format": "b12ref-userdata", "version": ' + "9" * 5000 + "}",
        "surrogate": '{"format": "b12ref-userdata", "notes": [{"page_id": "iron", "body": "\\ud800", "updated": "x"}]}',
        "nul": '{"format": "b12ref-userdata", "notes": [{"page_id": "iron", "body": "a\\u0000", "updated": "x"}]}',
        "nan": '{"format": "b12ref-userdata", "version": NaN}',
        "long_text": json.dumps({"format": "b12ref-userdata", "notes": [
            {"page_id": "iron", "body": "x" * 300_000, "updated": "x"}]}),
        "long_id": json.dumps({"format": "b12ref-userdata", "history": [
            {"page_id": "p" * 5000, "title": "t", "visited": "x"}]}),
        "tags_not_text": json.dumps({"format": "b12ref-userdata", "bookmarks": [
            {"page_id": "iron", "title": "t", "created": "x", "tags": [[["deep"]]]}]}),
        "not_json": "{\"format\": ",
        "wrong_format": "[]",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / f"{name}.json"
        paths[name].write_text(text, encoding="utf-8")
    paths["latin1"] = folder / "latin1.json"
    paths["latin1"].write_bytes(b'{"format": "b12ref-userdata", "notes": "\xe9"}')
    paths["huge"] = folder / "huge.json"
    with paths["huge"].open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: no disk used
    paths["folder"] = folder / "a-folder.json"
    paths["folder"].mkdir()
    paths["fifo"] = folder / "fifo.json"
    os.mkfifo(paths["fifo"])
    paths["dev_zero"] = Path("/dev/zero")
    paths["missing"] = folder / "missing.json"
    return paths


def test_hostile_import_files_are_refused_with_a_message_and_change_nothing(tmp_path):
    store = UserData(tmp_path / "u.sqlite")
    store.save_note("iron", "before")
    (tmp_path / "files").mkdir()
    for name, path in _hostile_files(tmp_path / "files").items():
        outcome = []
        worker = threading.Thread(target=lambda: outcome.append(_import_outcome(store, path)), daemon=True)
        worker.start()
        worker.join(20)
        assert outcome, f"{name}: the import hung"
        assert isinstance(outcome[0], UserDataError), (name, outcome[0])
        assert str(outcome[0]) and "Traceback" not in str(outcome[0])
    assert [n.body for n in store.notes()] == ["before"] and store.bookmarks() == [] and store.history() == []


def _import_outcome(store, path):
    try:
        read_import(store, path)
    except Exception as exc:  # noqa: BLE001 - the test looks at what came out
        return exc
    return None


def test_cli_import_of_hostile_files_never_fails_unexpectedly(tmp_path):
    files = _hostile_files(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO), "B12REF_DATA_DIR": str(tmp_path / "data")}
    for name in ("deep", "big_int", "surrogate", "fifo", "dev_zero", "huge", "latin1"):
        run = subprocess.run([*CLI, "userdata", "import", str(files[name])],
                             capture_output=True, text=True, env=env, timeout=60)
        assert run.returncode == 1, (name, run.stdout, run.stderr)
        assert "nothing imported" in run.stderr and "unexpectedly" not in run.stderr, (name, run.stderr)


def test_import_depth_and_numbers_are_bounded_before_parsing(tmp_path):
    path = tmp_path / "d.json"
    path.write_text("[" * 17 + "]" * 17, encoding="utf-8")
    with pytest.raises(UserDataError, match="nested"):
        load_import(path)
    path.write_text('["[[[[[[[[[[[[[[[[[[[[[[ in a string is text"]', encoding="utf-8")
    assert load_import(path) == ["[[[[[[[[[[[[[[[[[[[[[[ in a string is text"]


# ---- 4. export of a damaged store ---------------------------------------------------------------
def test_export_of_a_damaged_store_says_so_and_writes_nothing(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "userdata.sqlite").write_bytes(b"not a database at all " * 400)
    monkeypatch.setenv("B12REF_DATA_DIR", str(data))
    result = CliRunner().invoke(cli, ["userdata", "export", str(tmp_path / "out.json")])
    aside = list(data.glob("userdata.damaged-*.sqlite"))
    assert result.exit_code == 1 and len(aside) == 1
    assert "damaged" in result.output and str(aside[0]) in result.output
    assert result.output.startswith("Error: nothing exported")
    assert not (tmp_path / "out.json").exists()


# ---- 5. user text is plain text everywhere ----------------------------------------------------
def test_markup_in_notes_tags_visits_and_searches_shows_as_characters(qtbot, library, tmp_path):
    store = UserData(tmp_path / "u.sqlite")
    store.save_note("iron", f"{MARKUP} remember")
    store.set_bookmark("iron", "Iron", tags=[MARKUP])
    win = _window(qtbot, library, tmp_path, store)
    win.show()
    win.user_panel.refresh()
    tips = [win.user_panel.bookmark_model.index(0).data(Qt.ToolTipRole)]
    win.search_field.setText("remember")
    win.search.run_search()
    model = win.search.results_model
    notes = [model.index(i) for i in range(model.rowCount()) if model.hit(i) and model.hit(i).type == "note"]
    assert notes
    tips += [index.data(Qt.ToolTipRole) for index in notes]
    win.search.correction_text.setText(f"Showing results for “{MARKUP}”.")
    tips.append(win.search.correction_text.toolTip())
    for tip in tips:
        assert MARKUP in _shown_text(tip), tip
    win.user_panel.note.status.setText(MARKUP)
    assert win.user_panel.note.status.textFormat() == Qt.PlainText
    win.close()


def test_message_boxes_show_user_text_as_characters(monkeypatch, qtbot):
    from PySide6.QtWidgets import QMessageBox

    from b12ref.ui.plaintext import warn

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    warn(None, "t", f"Nothing was imported: {MARKUP}.json is not valid JSON\n<b>second line</b>")
    assert _shown_text(shown[0]) == f"Nothing was imported: {MARKUP}.json is not valid JSON\n<b>second line</b>"


# ---- 6. the symptom checker ------------------------------------------------------------------
def test_checker_caps_its_input(library):
    from b12ref.core.checker import MAX_SYMPTOM_CHARS, MAX_SYMPTOMS, SymptomChecker

    result = SymptomChecker(library).fit(["tingling " * 5000] * 20)
    assert len(result.asked) == MAX_SYMPTOMS and all(len(p) <= MAX_SYMPTOM_CHARS for p in result.asked)


def test_checker_ranks_off_the_ui_thread(qtbot, library, tmp_path, monkeypatch):
    from b12ref.core import checker as checker_module

    threads = []
    real = checker_module.SymptomChecker.fit
    monkeypatch.setattr(checker_module.SymptomChecker, "fit",
                        lambda self, phrases: threads.append(threading.current_thread().name) or real(self, phrases))
    win = _window(qtbot, library, tmp_path)
    dialog = win.show_checker(["tingling", "x" * 10_000])
    assert dialog.field.maxLength() == checker_module.MAX_SYMPTOM_CHARS
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert threads and threading.main_thread().name not in threads
    assert len(dialog.symptoms()[1]) == checker_module.MAX_SYMPTOM_CHARS
    win.close()


# ---- 7. non-UTF-8 arguments --------------------------------------------------------------------
def test_non_utf8_argument_is_no_page_not_a_failure(library):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for args in ([b"show", b"b12 \xe0"], [b"export", b"\xff\xfe", b"--html", b"/tmp/never.html"],
                 [b"search", b"tw\xe0itch"], [b"ask", b"can b12 cause \xe0?"], [b"which", b"\xe0", b"fatigue"]):
        run = subprocess.run([*CLI, *args], capture_output=True, env=env, timeout=120)
        err = run.stderr.decode("utf-8", "replace")
        assert "unexpectedly" not in err, (args, err)
        if args[0] in (b"show", b"export"):
            assert run.returncode == 1 and "no page has the id" in err, (args, err)
    result = CliRunner().invoke(cli, ["show", "b12 \udce0\ud800"])
    assert result.exit_code == 1 and "no page has the id" in result.output


def test_non_utf8_open_in_the_window_is_no_page(tmp_path):
    code = "import sys; from b12ref.ui.app import run; sys.exit(run(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
           "B12REF_DATA_DIR": str(tmp_path / "data")}
    run = subprocess.run([sys.executable, "-c", code, "--screenshot", str(tmp_path / "s.png"), "--open", b"b12 \xe0"],
                         capture_output=True, env=env, timeout=300)
    assert run.returncode == 2 and b"no page has the id" in run.stderr and b"Traceback" not in run.stderr


# ---- the README says what happens -------------------------------------------------------------
def test_readme_says_what_happens_in_each_hostile_case():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## When things go wrong"):]
    for phrase in ("read-only", "newer", "settings", "disk is full", "#", "damaged", "nested", "regular file",
                   "plain text", "lone surrogate", "no page has the id", "127.0.0.1:631", "at most 8"):
        assert phrase in section, phrase
    assert SCHEMA_VERSION  # the format the section speaks of
