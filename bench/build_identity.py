"""Prove that two content databases hold the same thing: a canonical dump of each, compared.

    .venv/bin/python bench/build_identity.py dump DB [> dump.txt]
    .venv/bin/python bench/build_identity.py compare OLD.sqlite NEW.sqlite [--same-seed]

The dump holds: the pragmas a build sets (user_version, page_size, encoding, auto_vacuum,
application_id, freelist_count); every schema entry (type, name, table, SQL; by type and name);
every row of every table, the FTS5 shadow tables (the index's own b-tree pages, byte for byte)
and the two virtual tables among them, in rowid order (WITHOUT ROWID tables: by all columns),
each value with its type (1, 1.0 and '1' differ); an FTS5 integrity-check of both indexes;
and for each query of bench/queries.py and a few more, the rowids and bm25 ranks that
`docs_fts MATCH` returns (every word, any word, and the last word as a prefix), and the
rowids of `symptom_terms_fts MATCH`.

Left out, as they differ between two builds of the same code and content: the meta rows
`built_at` (the time) and `builder_hash` (a hash of the builder's source, which a change to the
build changes on purpose), and the rowid order of `vocab`: the build inserts it from a Python
set, whose order depends on the process's string hash seed, so two runs of the same code give
different rowids; vocab is dumped by its primary key (word) instead. With --same-seed (both
databases built with the same PYTHONHASHSEED), vocab too is compared in rowid order, and the two
files byte by byte once the volatile meta values are overwritten alike in copies of both (same
lengths, so no page moves): every byte must match but the header's file change counter and
version-valid-for number (offsets 24 and 92), which count the writes a file has had.
"""

from __future__ import annotations

import difflib
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from queries import QUERIES  # noqa: E402

VOLATILE_META = ("built_at", "builder_hash")
BY_KEY = {"vocab": "word"}  # tables whose rowid order is not the build's to keep (see above)
EXTRA_QUERIES = ["vitamin", "deficiency", "anemia", "b12", "iron", "neuropathy", "fatigue", "tingl", "bone",
                 "skin", "scurvy", "magnesium", "pregnancy", "metformin", "diarrhea", "hair", "numb", "vegan",
                 "alcohol", "vitamin d toxicity", "too much iron", "infection"]
PRAGMAS = ("user_version", "page_size", "encoding", "auto_vacuum", "application_id", "freelist_count")


def _value(v) -> str:
    return f"blob:{v.hex()}" if isinstance(v, bytes) else repr(v)


def _rows(conn: sqlite3.Connection, name: str, sql: str, same_seed: bool):
    if name in BY_KEY and not same_seed:
        order = BY_KEY[name]
    elif "WITHOUT ROWID" in (sql or "").upper():
        order = ", ".join(str(i + 1) for i in range(len(conn.execute(f'SELECT * FROM "{name}" LIMIT 0').description)))
    elif (sql or "").upper().startswith("CREATE VIRTUAL TABLE") and "FTS5VOCAB" in sql.upper():
        order = "term"
    else:
        order = "rowid"
    for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY {order}'):
        if name == "meta" and row[0] in VOLATILE_META:
            row = (row[0], "<volatile>")
        yield " | ".join(_value(v) for v in row)


def _queries(conn: sqlite3.Connection):
    from b12ref.core.normalize import fold_words

    for text in [*QUERIES, *EXTRA_QUERIES]:
        words = [w.replace('"', "") for w in fold_words(text) if w]
        if not words:
            continue
        quoted = [f'"{w}"' for w in words]
        for label, expr in (("every", " ".join(quoted)), ("any", " OR ".join(quoted)),
                            ("prefix", " ".join(quoted[:-1] + [quoted[-1] + "*"]))):
            rows = conn.execute("SELECT rowid, bm25(docs_fts, 10.0, 5.0, 2.0, 1.0) FROM docs_fts "
                                "WHERE docs_fts MATCH ? ORDER BY rank, rowid", (expr,)).fetchall()
            yield f"docs_fts {label} {expr!r}: " + " ".join(f"{r}:{s:.12g}" for r, s in rows)
        rows = conn.execute("SELECT rowid FROM symptom_terms_fts WHERE symptom_terms_fts MATCH ? ORDER BY rowid",
                            (" OR ".join(quoted),)).fetchall()
        yield f"symptom_terms_fts {text!r}: " + " ".join(str(r) for (r,) in rows)


def dump(path: Path, same_seed: bool = False) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True)  # FTS5 integrity-check needs a writable handle; it writes nothing
    try:
        out = [f"pragma {p} = {conn.execute(f'PRAGMA {p}').fetchone()[0]}" for p in PRAGMAS]
        schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        out += [f"schema {t} {n} on {tbl}: {sql}" for t, n, tbl, sql in schema]
        for type_, name, _, sql in schema:
            if type_ == "table":
                out += [f"{name}: {row}" for row in _rows(conn, name, sql, same_seed)]
        for fts in ("docs_fts", "symptom_terms_fts"):
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES('integrity-check')")  # raises if damaged
            out.append(f"integrity-check {fts}: ok")
        out += list(_queries(conn))
    finally:
        conn.close()
    return out


def differing_bytes(old: Path, new: Path) -> list[int]:
    """Offsets at which the two files differ, apart from the header's write counters, once the
    volatile meta values are overwritten alike in copies of both."""
    copies = []
    with tempfile.TemporaryDirectory() as folder:
        for i, path in enumerate((old, new)):
            copy = Path(folder) / f"{i}.sqlite"
            shutil.copyfile(path, copy)
            conn = sqlite3.connect(copy)
            for key in VOLATILE_META:
                conn.execute("UPDATE meta SET value = substr('################################', 1, length(value)) "
                             "WHERE key = ?", (key,))
            conn.commit()
            conn.close()
            copies.append(copy.read_bytes())
    a, b = copies
    counters = set(range(24, 28)) | set(range(92, 96))
    return [i for i in range(max(len(a), len(b))) if i not in counters and a[i:i + 1] != b[i:i + 1]]


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        sys.stdout.write("\n".join(dump(Path(sys.argv[2]))) + "\n")
        return 0
    if len(sys.argv) in (4, 5) and sys.argv[1] == "compare":
        same_seed = sys.argv[4:] == ["--same-seed"]
        old, new = dump(Path(sys.argv[2]), same_seed), dump(Path(sys.argv[3]), same_seed)
        diff = list(difflib.unified_diff(old, new, sys.argv[2], sys.argv[3], n=0, lineterm=""))
        queries = sum(1 for line in old if line.startswith(("docs_fts ", "symptom_terms_fts ")))
        if diff:
            print("\n".join(d[:300] for d in diff[:60]))
            print(f"DIFFERENT: {sum(1 for d in diff if d[:1] in '+-') - 2} changed lines of {len(old)}")
            return 1
        print(f"identical: {len(old)} lines (schema, {len(old) - queries} rows and pragmas, "
              f"{queries} FTS5 query results)")
        if same_seed:
            offsets = differing_bytes(Path(sys.argv[2]), Path(sys.argv[3]))
            print(f"files: {'byte for byte the same' if not offsets else f'{len(offsets)} bytes differ'} "
                  "(apart from the header's write counters and the volatile meta values)")
            return 1 if offsets else 0
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
