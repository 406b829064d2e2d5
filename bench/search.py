"""Search-as-you-type latency: Searcher.search against a raw FTS5 MATCH, prefix by prefix.

    .venv/bin/python bench/search.py [--stress bench/out/stress.sqlite] [--skip-bundled] [--skip-stress]

Every query of bench/queries.py is typed one character at a time; for each prefix the
script times (1) the full search call the window makes,
`Searcher.search(prefix, limit=40, prefix=True)`, and (2) a raw FTS5 query of the same
words on the same database file (own connection):
`SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rank LIMIT 40`, with each
word quoted and the last one prefixed while it is still being typed. "The same words" are
the folded words the Searcher itself matches (parse_query: "vit d" -> "vitamin" "d"*),
so the difference is what the Searcher adds on top of FTS5. Prefixes with no word at all
are skipped. An untimed pass over the whole queries warms the caches first.

Databases: (a) the bundled one, built by b12ref.core.library.open_library() into a
temporary cache folder (B12REF_CACHE_DIR); (b) the stress database of
bench/stress_db.py (build it first). Goals: p95 within 2x raw FTS5; bundled p95 under
5 ms; stress p95 under 50 ms. The figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from queries import QUERIES  # noqa: E402
from stats import line, summary_ms  # noqa: E402
from stress_db import stale_reason  # noqa: E402

DEFAULT_STRESS = REPO / "bench" / "out" / "stress.sqlite"
RAW_SQL = "SELECT rowid FROM docs_fts WHERE docs_fts MATCH ? ORDER BY rank LIMIT 40"


def raw_expression(words: list[str], prefix_last: bool) -> str:
    """Each word quoted, the last one prefixed: what a plain FTS5 search-as-you-type would send."""
    parts = ['"' + w.replace('"', "") + '"' for w in words]
    if prefix_last and parts:
        parts[-1] += "*"
    return " ".join(parts)


def prefixes(query: str) -> list[str]:
    return [query[:n] for n in range(1, len(query) + 1)]


def bench_database(label: str, path: Path, slowest: int) -> dict:
    from b12ref.core.library import Library
    from b12ref.core.search import Searcher, parse_query

    library = Library(path)
    docs = library.conn.execute("SELECT count(*) FROM docs").fetchone()[0]
    started = time.perf_counter()
    searcher = Searcher(library)
    init_s = time.perf_counter() - started
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def one_pass(record: bool) -> tuple[list[float], list[float], list[tuple]]:
        full_t, raw_t, rows = [], [], []
        for query in QUERIES:
            for text in prefixes(query) if record else [query]:
                parsed = parse_query(text, prefix=True)
                if not parsed.words:
                    continue
                expr = raw_expression(parsed.words, parsed.prefix)
                t0 = time.perf_counter()
                searcher.search(text, limit=40, prefix=True)
                t1 = time.perf_counter()
                raw.execute(RAW_SQL, (expr,)).fetchall()
                t2 = time.perf_counter()
                if record:
                    full_t.append(t1 - t0)
                    raw_t.append(t2 - t1)
                    rows.append((t1 - t0, t2 - t1, text))
        return full_t, raw_t, rows

    one_pass(record=False)
    full_t, raw_t, rows = one_pass(record=True)
    full, rawf = summary_ms(full_t), summary_ms(raw_t)
    ratio = full["p95"] / rawf["p95"] if rawf["p95"] else float("inf")
    print(f"\n({label}) {path}")
    print(f"  {docs:,} documents; Searcher() built its in-memory index in {init_s * 1000:.0f} ms; "
          f"{len(QUERIES)} queries, {len(full_t)} prefixes timed")
    print("  " + line("Searcher.search", full_t))
    print("  " + line("raw FTS5 MATCH", raw_t))
    print(f"  p95 ratio search/raw: {ratio:.2f}x   (p50 ratio {full['p50'] / max(rawf['p50'], 1e-9):.2f}x)")
    if slowest:
        print(f"  slowest {slowest} prefixes (search ms / raw ms):")
        for full_s, raw_s, text in sorted(rows, reverse=True)[:slowest]:
            print(f"    {full_s * 1000:8.2f} / {raw_s * 1000:7.2f}  {text!r}")
    raw.close()
    library.close()
    return {"label": label, "full": full, "raw": rawf, "ratio": ratio}


def build_bundled(cache: Path) -> Path | None:
    os.environ["B12REF_CACHE_DIR"] = str(cache)
    os.environ.pop("B12REF_DB", None)
    from b12ref.core.build import BuildError
    from b12ref.core.library import open_library

    started = time.perf_counter()
    try:
        library = open_library()
    except BuildError as exc:
        print(f"(a) bundled database: cannot build, {exc}; first problems:")
        for problem in exc.problems[:5]:
            print(f"    {problem}")
        return None
    print(f"(a) bundled database built in {time.perf_counter() - started:.1f} s")
    path = library.path
    library.close()
    return path


def verdicts(results: list[dict]) -> None:
    print("\nGoals:")
    limits = {"bundled": 5.0, "stress": 50.0}
    for r in results:
        limit = limits[r["label"]]
        p95 = r["full"]["p95"]
        print(f"  {r['label']:<8} p95 {p95:8.2f} ms vs goal < {limit:g} ms: "
              f"{'pass' if p95 < limit else f'MISS ({p95 / limit:.1f}x the goal)'}")
        print(f"  {r['label']:<8} p95 ratio {r['ratio']:6.2f}x vs goal <= 2x raw FTS5: "
              f"{'pass' if r['ratio'] <= 2 else 'MISS'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stress", type=Path, default=DEFAULT_STRESS, help="the stress database")
    parser.add_argument("--skip-bundled", action="store_true")
    parser.add_argument("--skip-stress", action="store_true")
    parser.add_argument("--slowest", type=int, default=8, help="list the N slowest prefixes")
    args = parser.parse_args(argv)
    print(f"b12ref search benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
    results = []
    cache = Path(tempfile.mkdtemp(prefix="b12ref-bench-"))
    try:
        if not args.skip_bundled:
            path = build_bundled(cache)
            if path is not None:
                results.append(bench_database("bundled", path, args.slowest))
        if not args.skip_stress:
            stale = stale_reason(args.stress)
            if stale:
                print(f"\n(b) {stale}")
            else:
                results.append(bench_database("stress", args.stress, args.slowest))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    verdicts(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
