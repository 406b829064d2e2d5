"""A start opens no database: the first screen's lists come from the memo of the database found current
(db_verified), the content connection is made on first use, and the user's data is opened on first use
or in the first pause after `ready`."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from b12ref.core import db_verified
from b12ref.core.library import Library, ensure_database, library_if_current

REPO = Path(__file__).resolve().parent.parent

# The app's own start (ui/app.run), stopped once `ready` has come and again after the first pause:
# what is imported and opened at each.
START = r"""
import json, sys
from PySide6.QtCore import QTimer
from b12ref.ui.app import make_application, run
import b12ref.ui.main_window as main_window

app = make_application()
seen = {}
announce = main_window.MainWindow.announce_ready

def announce_ready(window):
    announce(window)
    seen["ready"] = {"sqlite3": "sqlite3" in sys.modules, "userdata": window.userdata_if_open is not None,
                     "connected": window.library.connected, "tree": window.search.browse_model.rowCount()}
    def later():
        seen["pause"] = {"userdata": window.userdata_if_open is not None, "connected": window.library.connected,
                         "status": window.statusBar().currentMessage()}
        app.exit(0)
    QTimer.singleShot(main_window.OPEN_DATA_AFTER_MS + 200, later)

main_window.MainWindow.announce_ready = announce_ready
code = run(["--size", "1000x700"])
print(json.dumps(seen))
sys.exit(code)
"""


def _env(tmp_path: Path) -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", B12REF_CACHE_DIR=str(tmp_path / "cache"),
                B12REF_DATA_DIR=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
                B12REF_CONTENT_DIR=str(REPO / "db" / "content"), PYTHONPATH=str(REPO))


def _run_start(tmp_path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", START], env=_env(tmp_path), cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_start_on_a_current_database_opens_no_database_until_after_ready(tmp_path, library):
    (tmp_path / "cache").mkdir()
    shutil.copy(library.path, tmp_path / "cache" / "content.sqlite")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "userdata.sqlite").write_bytes(b"not a database at all" * 100)  # damaged
    first = _run_start(tmp_path)  # checks the copied file fully once, and remembers it
    assert first["ready"]["tree"] > 0
    second = _run_start(tmp_path)
    assert second["ready"] == {"sqlite3": False, "userdata": False, "connected": False, "tree": first["ready"]["tree"]}
    # in the first pause after ready: both opened, and what was wrong with the user's file said
    assert second["pause"]["userdata"] and second["pause"]["connected"]
    assert "damaged" in first["pause"]["status"]


def test_the_lists_remembered_are_the_databases_own(tmp_path, library, monkeypatch):
    monkeypatch.setenv("B12REF_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "content.sqlite"
    shutil.copy(library.path, db)
    found, reason = library_if_current(db, REPO / "db" / "content")  # the full check, remembered
    assert reason == "" and found is not None
    lazy, _ = library_if_current(db, REPO / "db" / "content")  # by the memo: no connection
    assert not lazy.connected
    eager = Library(db)
    assert [d.to_dict() for d in lazy.deficiencies()] == [d.to_dict() for d in eager.deficiencies()]
    assert [s.to_dict() for s in lazy.symptoms()] == [s.to_dict() for s in eager.symptoms()]
    assert lazy.kind_of("iron") == "deficiency" and lazy.connected  # connected on first use


def test_a_memo_written_by_an_older_version_is_checked_again(tmp_path, library, monkeypatch):
    monkeypatch.setenv("B12REF_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "content.sqlite"
    shutil.copy(library.path, db)
    old = tmp_path / "cache" / "verified.json"  # session 5's memo: JSON, the signature alone
    old.parent.mkdir()
    old.write_text(json.dumps({os.fspath(db.absolute()): db_verified.signature(db, REPO / "db" / "content")}))
    assert db_verified.verified(db, REPO / "db" / "content") is None
    found, reason = library_if_current(db, REPO / "db" / "content")
    assert reason == "" and found is not None  # checked in full, and remembered with its lists:
    record = db_verified.verified(db, REPO / "db" / "content")
    assert len(record["first_screen"]["deficiencies"]) == len(Library(db).deficiencies())
    assert not old.exists() and (tmp_path / "cache" / "verified.memo").exists()


def test_a_damaged_memo_or_one_of_another_python_reads_as_none(tmp_path, library, monkeypatch):
    monkeypatch.setenv("B12REF_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "content.sqlite"
    shutil.copy(library.path, db)
    library_if_current(db, REPO / "db" / "content")
    memo = tmp_path / "cache" / "verified.memo"
    good = memo.read_bytes()
    assert db_verified.verified(db, REPO / "db" / "content") is not None
    header, _, payload = good.partition(b"\n")
    damaged = bytearray(payload)
    damaged[len(damaged) // 2] ^= 0xFF
    for bad in (header + b"\n" + bytes(damaged), header.replace(b"3.", b"9.", 1) + b"\n" + payload,
                good[: len(good) // 2], b"", b"\x00" * 64):
        memo.write_bytes(bad)
        assert db_verified.verified(db, REPO / "db" / "content") is None, bad[:40]
    found, reason = library_if_current(db, REPO / "db" / "content")  # checked in full again, no error
    assert reason == "" and found is not None and memo.read_bytes() == good


def test_a_database_gone_before_its_first_use_is_built_again(tmp_path, content_copy, monkeypatch):
    monkeypatch.setenv("B12REF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("B12REF_CONTENT_DIR", str(content_copy))
    db = tmp_path / "cache" / "content.sqlite"
    ensure_database(db, content_copy)
    lazy, _ = library_if_current(db, content_copy)
    assert not lazy.connected
    db.unlink()  # the cache folder emptied while the window was open
    assert lazy.kind_of("vitamin-b12") == "deficiency" and db.exists()


def test_a_stopped_build_worker_removes_its_own_temporary_file_only(tmp_path):
    from b12ref.core.build import TEMP_PREFIX
    from b12ref.core.build_worker import _remove_own_temporary_files

    own = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-abc.sqlite"
    other = tmp_path / f"{TEMP_PREFIX}{os.getpid() + 1}-abc.sqlite"
    for path in (own, other):
        path.write_bytes(b"")
    _remove_own_temporary_files(tmp_path / "content.sqlite")
    assert not own.exists() and other.exists()


def test_the_window_opens_the_users_data_on_first_use(window, qtbot):
    from b12ref.ui import first_screen

    assert window.userdata_if_open is None  # the first screen shows none of it
    window.user_panel.setCurrentIndex(1)  # the bookmarks tab: its list is read now
    assert window.userdata_if_open is not None and window.user_panel.filled
    first_screen.open_data(window)
    assert window.library.connected


def test_the_start_page_is_kept_until_the_database_or_its_writer_changes(tmp_path, library, monkeypatch):
    from b12ref.report.html_writer import screen_html
    from b12ref.report.welcome import SUGGESTIONS, welcome_doc
    from b12ref.ui import start_page

    monkeypatch.setenv("B12REF_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    fresh = screen_html(welcome_doc(library.deficiencies(), SUGGESTIONS))
    assert start_page.start_page_html(library) == fresh  # written now
    kept = tmp_path / "cache" / start_page.FILE
    assert kept.read_text(encoding="utf-8").endswith(fresh)
    monkeypatch.setattr("b12ref.report.welcome.welcome_doc", lambda *a: 1 / 0)
    assert start_page.start_page_html(library) == fresh  # from the file: nothing written again
    monkeypatch.undo()
    monkeypatch.setenv("B12REF_CACHE_DIR", str(tmp_path / "cache"))
    for stale in (kept.read_text(encoding="utf-8").replace("b12ref start page", "b12ref start page 0", 1),
                  "\x00\xff not a page", ""):
        kept.write_bytes(stale.encode("utf-8", "surrogateescape") if stale else b"\xff\xfe\x00")
        assert start_page.start_page_html(library) == fresh  # written again, no error
    other = tmp_path / "other.sqlite"
    shutil.copy(library.path, other)
    changed = Library(other)
    assert start_page._key(changed) != start_page._key(library)  # another database file: another key
    monkeypatch.setattr(start_page, "WRITERS", (*start_page.WRITERS, "report/summary.py"))
    assert start_page._key(library) != kept.read_text(encoding="utf-8").partition("\n")[0]


def test_the_caches_are_written_whole_without_waiting_for_the_disk(tmp_path, library, monkeypatch):
    from b12ref.core import atomic
    from b12ref.ui import start_page

    monkeypatch.setenv("B12REF_CACHE_DIR", str(tmp_path / "cache"))
    synced = []
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: synced.append(fd))
    db = tmp_path / "content.sqlite"
    shutil.copy(library.path, db)
    library_if_current(db, REPO / "db" / "content")  # the memo
    start_page.start_page_html(Library(db))  # the start page
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [start_page.FILE, "verified.memo"]
    assert synced == []  # caches, built again when lost
    atomic.write_atomic(tmp_path / "export.html", b"x")
    assert len(synced) == 1  # what the user saves is synced
    monkeypatch.setattr(atomic.os, "replace", lambda *a: (_ for _ in ()).throw(PermissionError(13, "no")))
    (tmp_path / "cache" / start_page.FILE).unlink()
    start_page.start_page_html(Library(db))  # cannot be written: shown all the same, nothing left behind
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["verified.memo"]
