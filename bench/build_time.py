"""Content database build time: b12ref.core.build.build(db/content, out), median of N fresh processes.

    .venv/bin/python bench/build_time.py [--runs 7] [--app-gc] [--keep out.sqlite] [--code TREE ...]

Each run is a new Python process (as the first start after install is: no warm lru caches, no
modules imported), which imports b12ref.core.build, then times build() into a temporary folder.
The child wraps, without changing them, the functions of each phase and the sqlite3 connection
(a factory that times every statement by its kind), and prints its figures as JSON; this
process prints the median of each phase over the runs. With --code given twice or more (source
trees, such as a `git worktree` of another commit), their runs alternate.

Phases (top level: with "other" they add up to the build's wall time):
    hash      content_hash: the bytes of every content file (the stamp)
    load      load_content: YAML parsing
    validate  validate(): schema and rules
    rows      table rows, documents and search terms (fold, spelling, stems) in Python
    write     the writers' write() and _stamp(): tables created, rows inserted, indexes, FTS5
    commit    a COMMIT outside write
    vacuum    VACUUM (or VACUUM INTO) at the end
    fsync     an explicit os.fsync, if the build makes one
Inside them:
    gc-young, gc-full  Python's cyclic garbage collector (young generations; full collections),
                       in whichever phase they fell
    stemWord           the snowball stemmer (part of rows)
    write-create, write-insert, write-index, write-fts, write-commit
                       write's SQL by kind: CREATE TABLE / VIRTUAL TABLE, PRAGMA and sqlite-utils'
                       introspection; INSERT; CREATE INDEX; the docs_fts index filled; COMMIT
    write-python       write's time outside SQL (sqlite-utils and row preparation)
"import" is the import of b12ref.core.build before build() is called: not part of the build's
time, but a first start pays it too.

The app's first start builds after b12ref.ui.app.tune_process() has made full collections rare
(gen-2 threshold 1,000,000): --app-gc runs the children so. Without it the interpreter's
defaults apply, as for `b12ref` on the command line and the wheel's build hook.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stats import median  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TOP = ("hash", "load", "validate", "rows", "write", "commit", "vacuum", "fsync")
INNER = ("gc-young", "gc-full", "stemWord", "write-create", "write-insert", "write-index", "write-fts", "write-commit", "write-python")


class _Clock:
    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.depth = 0  # only the outermost wrapped call counts towards a top-level phase

    def add(self, phase: str, seconds: float) -> None:
        self.spent[phase] = self.spent.get(phase, 0.0) + seconds

    def wrap(self, owner, name: str, phase: str) -> None:
        original = getattr(owner, name, None)
        if original is None:
            return

        def timed(*args, **kwargs):
            if self.depth:
                return original(*args, **kwargs)
            self.depth += 1
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(phase, time.perf_counter() - start)
                self.depth -= 1

        setattr(owner, name, timed)

    def sql(self, kind: str, seconds: float) -> None:
        """A statement inside a timed phase is part of it (write's SQL by kind); outside, its own phase."""
        self.add(f"sql:{kind}" if self.depth else kind, seconds)


def _sql_kind(sql: str) -> str:
    head = " ".join(sql.split()[:4]).upper()
    if head.startswith("COMMIT"):
        return "commit"
    if head.startswith("VACUUM"):
        return "vacuum"
    if head.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")):
        return "index"
    if "DOCS_FTS" in head.replace('"', "").replace("[", "").replace("]", "") and head.startswith("INSERT"):
        return "fts"
    if head.startswith(("INSERT", "REPLACE")):
        return "insert"
    return "create"


def _timed_connection(clock: _Clock):
    """A connection class that times every statement and commit: its own execute methods (which
    use a plain cursor inside) and those of the cursors it hands out (sqlite-utils uses both)."""
    import sqlite3

    def _timed(method, sql, *args):
        start = time.perf_counter()
        try:
            return method(sql, *args)
        finally:
            clock.sql(_sql_kind(sql), time.perf_counter() - start)

    class TimedCalls:  # on a connection and on its cursors alike
        def execute(self, sql, *args):
            return _timed(super().execute, sql, *args)

        def executemany(self, sql, *args):
            return _timed(super().executemany, sql, *args)

        def executescript(self, sql):
            return _timed(super().executescript, sql)

    class TimedCursor(TimedCalls, sqlite3.Cursor):
        pass

    class Timed(TimedCalls, sqlite3.Connection):
        def cursor(self, factory=TimedCursor):
            return super().cursor(factory)

        def commit(self):
            start = time.perf_counter()
            super().commit()
            clock.sql("commit", time.perf_counter() - start)

    return Timed


def _instrument(clock: _Clock) -> None:
    """Wrap the build's phases, its stemmer and every sqlite3 connection it opens with the clock."""
    import sqlite3

    import b12ref.core.build as build_mod
    import b12ref.core.build_sides as sides_mod
    import b12ref.core.normalize as normalize_mod

    for owner, name, phase in ((build_mod, "content_hash", "hash"), (build_mod, "load_content", "load"),
                               (build_mod, "validate", "validate"), (build_mod._Writer, "symptom", "rows"),
                               (build_mod._Writer, "deficiency", "rows"), (sides_mod.SideWriter, "add_all", "rows"),
                               (build_mod._Writer, "write", "write"), (sides_mod.SideWriter, "write", "write"),
                               (build_mod, "_stamp", "write"), (build_mod.os, "fsync", "fsync")):
        clock.wrap(owner, name, phase)
    lazy = hasattr(normalize_mod, "_STEMMER")  # made on first use since session 5; a module global before
    stemmer = normalize_mod._english_stemmer() if lazy else normalize_mod._stemmer
    stem_word = stemmer.stemWord

    class _Stemmer:  # the stemmer's own time, inside rows
        def stemWord(self, word):  # noqa: N802 - the stemmer's name
            start = time.perf_counter()
            try:
                return stem_word(word)
            finally:
                clock.add("stemWord", time.perf_counter() - start)

        def __getattr__(self, name):
            return getattr(stemmer, name)

    if lazy:
        normalize_mod._STEMMER[:] = [_Stemmer()]
    else:
        normalize_mod._stemmer = _Stemmer()
    factory = _timed_connection(clock)
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        return real_connect(*args, factory=factory, **kwargs)

    sqlite3.connect = connect


def _collections(clock: _Clock):
    """A gc.callbacks entry that adds the time of each collection to the clock."""
    collecting = {}

    def collection(phase: str, info: dict) -> None:
        if phase == "start":
            collecting["since"] = time.perf_counter()
        elif "since" in collecting:
            name = "gc-full" if info["generation"] == 2 else "gc-young"
            clock.add(name, time.perf_counter() - collecting.pop("since"))

    return collection


def child(content: Path, keep: Path | None, app_gc: bool) -> None:
    import gc

    if app_gc:  # as b12ref.ui.app.tune_process() leaves the app before its first start builds
        gc.set_threshold(*gc.get_threshold()[:2], 1_000_000)
    started = time.perf_counter()
    import b12ref.core.build as build_mod
    imported = time.perf_counter()

    clock = _Clock()
    _instrument(clock)
    collection = _collections(clock)
    with tempfile.TemporaryDirectory() as folder:
        gc.callbacks.append(collection)
        out = Path(folder) / "content.sqlite"
        start = time.perf_counter()
        build_mod.build(content, out)
        total = time.perf_counter() - start
        gc.callbacks.remove(collection)
        if keep is not None:
            os.replace(out, keep)
    spent = clock.spent
    sql = {k.split(":")[1]: v for k, v in spent.items() if k.startswith("sql:")}
    figures = {"total": total, "import": imported - started, **{k: v for k, v in spent.items() if ":" not in k},
               **{f"write-{k}": v for k, v in sql.items()}}
    figures["write-python"] = spent.get("write", 0.0) - sum(sql.values())
    figures["other"] = total - sum(figures.get(k, 0.0) for k in TOP)
    figures["module"] = build_mod.__file__
    print(json.dumps(figures))


def _run(code: Path, content: Path, keep: Path | None, app_gc: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")])}
    more = (["--keep", str(keep)] if keep else []) + (["--app-gc"] if app_gc else [])
    done = subprocess.run([sys.executable, __file__, "--child", "--content", str(content), *more],
                          env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(code: Path, content: Path, runs: list[dict]) -> None:
    totals = [r["total"] * 1000 for r in runs]
    modules = {r["module"] for r in runs}
    if modules != {str(code.resolve() / "b12ref" / "core" / "build.py")}:
        raise SystemExit(f"{code}: the runs imported {modules}, not this tree's b12ref (is it a source tree?)")
    print(f"build() by {code}/b12ref of {content}: median {median(totals):.0f} ms over {len(runs)} fresh "
          f"processes (min {min(totals):.0f}, max {max(totals):.0f}); each run: {', '.join(f'{t:.0f}' for t in totals)}")
    for names, title in ((TOP + ("other",), "phase"), (INNER, "inside")):
        for name in names:
            values = [r.get(name, 0.0) * 1000 for r in runs]
            if any(values):
                print(f"  {title:7} {name:13} median {median(values):7.1f} ms  (min {min(values):6.1f}, "
                      f"max {max(values):6.1f})")
    imports = [r["import"] * 1000 for r in runs]
    print(f"  before  import b12ref.core.build: median {median(imports):.1f} ms (not in the build's time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--content", type=Path, default=REPO / "db" / "content")
    parser.add_argument("--keep", type=Path, help="keep the last run's database here (of the first --code)")
    parser.add_argument("--code", type=Path, action="append",
                        help="a source tree whose b12ref is timed (default: this one); given twice or more, "
                             "their runs alternate, so that a slow spell of the machine hits each of them")
    parser.add_argument("--app-gc", action="store_true",
                        help="full garbage collections as rare as in the app (gen-2 threshold 1,000,000)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.content, args.keep, args.app_gc)
        return
    codes = args.code or [REPO]
    runs: dict[Path, list[dict]] = {code: [] for code in codes}
    for i in range(args.runs):
        for code in codes:
            last = args.keep if code == codes[0] and i == args.runs - 1 else None
            runs[code].append(_run(code, args.content, last, args.app_gc))
    for code in codes:
        _report(code, args.content, runs[code])


if __name__ == "__main__":
    main()
