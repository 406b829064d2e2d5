"""Generate a stress content database (>= 100,000 documents) by cloning the real content.

    .venv/bin/python bench/stress_db.py [--docs 100000] [--out bench/out/stress.sqlite] [--seed 5]

Every deficiency and symptom of db/content is cloned in rounds. Round r gives each clone
a made-up tag word ("Vitamin D Kalomi", id `vitamin-d-kalomi`, aliases "B12 Kalomi", risk
factor "metformin Kalomi"), shuffles the sentences of every text field, swaps about one
word in ten for another word of the real content, and links each cloned deficiency (and
each broader symptom) to the clones of its symptoms from the same round. The originals
stay as they are, so every real query still finds its real page among the clones.

The database is written by b12ref.core.build.write_database, the function the real build
uses, so its tables, terms, vocabulary and FTS5 index (porter unicode61 remove_diacritics 2)
are exactly those of the bundled database and b12ref.core.search.Searcher works on it.
The content is not validated (it may be mid-edit); problems are only counted.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import random
import re
import sqlite3
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from b12ref.core.build import write_database  # noqa: E402
from b12ref.core.content import Content, content_hash, load_content  # noqa: E402
from b12ref.core.validate import validate  # noqa: E402

DEFAULT_OUT = REPO / "bench" / "out" / "stress.sqlite"
# The code whose output the stress database is (the builder's files, as the app's own check counts
# them): when it changes, the database is stale.
from b12ref.core.fingerprint import BUILDER_FILES  # noqa: E402

BUILD_CODE = tuple(f"b12ref/core/{name}" for name in BUILDER_FILES)
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "du", "ge",
             "ho", "ji", "ba", "fe", "ro", "ta", "wi", "yu"]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")


def build_code_hash() -> str:
    digest = hashlib.sha256()
    for name in BUILD_CODE:
        digest.update((REPO / name).read_bytes())
    return digest.hexdigest()[:16]


def stale_reason(path: Path) -> str:
    """'' when the stress database at path was built by the current build code, else why not."""
    if not path.exists():
        return f"no stress database at {path}: run bench/stress_db.py first"
    stamp = path.with_suffix(".json")
    try:
        built_with = json.loads(stamp.read_text())["build_code"]
    except (OSError, ValueError, KeyError):
        built_with = None
    if built_with != build_code_hash():
        return (f"{path} was built by an older {' / '.join(BUILD_CODE)}: "
                "rebuild it with bench/stress_db.py")
    return ""


def tag_for(round_no: int) -> str:
    """A made-up, pronounceable word unique to one round: 0 -> 'Kakaka', 1 -> 'Kakalo'."""
    n = len(SYLLABLES)
    parts = [SYLLABLES[(round_no // n ** k) % n] for k in (2, 1, 0)]
    return "".join(parts).capitalize()


class Perturber:
    """Shuffles sentences and swaps words for other words of the real content."""

    def __init__(self, pool: list[str], seed: int) -> None:
        self.pool = pool
        self.rng = random.Random(seed)

    def text(self, value):
        if not isinstance(value, str) or not value.strip():
            return value
        sentences = _SENTENCE.split(value.strip())
        self.rng.shuffle(sentences)
        words = " ".join(sentences).split(" ")
        for i, word in enumerate(words):
            if self.rng.random() < 0.1 and _WORD.fullmatch(word):
                words[i] = self.rng.choice(self.pool)
        return " ".join(words)


def word_pool(content: Content) -> list[str]:
    words: list[str] = []
    for d in content.deficiencies:
        for value in [d.get("summary"), *(d.get("sections") or {}).values()]:
            if isinstance(value, str):
                words += _WORD.findall(value)
    for s in content.symptoms:
        if isinstance(s.get("description"), str):
            words += _WORD.findall(s["description"])
    return words or ["deficiency"]


def _tagged(values, tag: str) -> list:
    return [f"{v} {tag}" if isinstance(v, str) else v for v in (values or [])]


def clone_symptom(s: dict, tag: str, p: Perturber) -> dict:
    c = copy.deepcopy(s)
    c["id"] = f"{s['id']}-{tag.lower()}"
    c["name"] = f"{s.get('name', s['id'])} {tag}"
    c["synonyms"] = _tagged(s.get("synonyms"), tag)
    c["hpo_synonyms"] = _tagged(s.get("hpo_synonyms"), tag)
    if s.get("hpo_name"):
        c["hpo_name"] = f"{s['hpo_name']} {tag}"
    c["description"] = p.text(s.get("description") or "")
    c["other_causes"] = [p.text(x) for x in s.get("other_causes") or []]
    c["red_flags"] = [p.text(x) for x in s.get("red_flags") or []]
    for key in ("broader", "hpo_broader"):
        c[key] = [f"{x}-{tag.lower()}" for x in s.get(key) or [] if isinstance(x, str)]
    return c


def clone_deficiency(d: dict, tag: str, p: Perturber) -> dict:
    c = copy.deepcopy(d)
    c["id"] = f"{d['id']}-{tag.lower()}"
    c["name"] = f"{d['name']} {tag}"
    c["aliases"] = _tagged(d.get("aliases"), tag)
    c["conditions"] = _tagged(d.get("conditions"), tag)
    c["summary"] = p.text(d.get("summary") or "")
    c["sections"] = {k: p.text(v) for k, v in (d.get("sections") or {}).items()}
    for row in c.get("symptoms") or []:
        if isinstance(row, dict) and isinstance(row.get("symptom"), str):
            row["symptom"] = f"{row['symptom']}-{tag.lower()}"
            row["mechanism"] = p.text(row.get("mechanism"))
    for row in c.get("treatments") or []:
        if isinstance(row, dict):
            row["notes"] = p.text(row.get("notes"))
            row["monitoring"] = p.text(row.get("monitoring"))
    for row in c.get("risk_factors") or []:
        if isinstance(row, dict):
            row["factor"] = f"{row.get('factor')} {tag}"
            row["aliases"] = _tagged(row.get("aliases"), tag)
            row["note"] = p.text(row.get("note"))
    return c


def docs_per_round(content: Content) -> int:
    treatments = sum(len([t for t in d.get("treatments") or [] if isinstance(t, dict)])
                     for d in content.deficiencies)
    return len(content.deficiencies) + treatments + len(content.symptoms)


def make_stress_content(content: Content, target_docs: int, seed: int) -> tuple[Content, int]:
    per_round = docs_per_round(content)
    rounds = max(0, math.ceil((target_docs - per_round) / per_round))
    if rounds > len(SYLLABLES) ** 3:
        raise SystemExit(f"{target_docs} documents need {rounds} rounds; at most {len(SYLLABLES) ** 3}")
    p = Perturber(word_pool(content), seed)
    pages = {folder: list(items) for folder, items in content.pages.items()}
    pages.setdefault("deficiencies", [])
    pages.setdefault("symptoms", [])
    stress = Content(root=content.root, pages=pages, sides=content.sides, sources=content.sources,
                     source_files=content.source_files)
    for r in range(rounds):
        tag = tag_for(r)
        pages["symptoms"] += [clone_symptom(s, tag, p) for s in content.symptoms]
        pages["deficiencies"] += [clone_deficiency(d, tag, p) for d in content.deficiencies]
    return stress, rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="at least this many documents")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)

    root = REPO / "db" / "content"
    started = time.perf_counter()
    content = load_content(root)
    problems = validate(content)
    if problems:
        print(f"note: the content has {len(problems)} validation problem(s) (it may be mid-edit); "
              f"the stress build does not need it to validate. First: {problems[0]}")
    stress, rounds = make_stress_content(content, args.docs, args.seed)
    cloned = time.perf_counter()
    code = build_code_hash()
    write_database(stress, args.out, "stress-" + content_hash(root))
    built = time.perf_counter()
    conn = sqlite3.connect(f"file:{args.out}?mode=ro", uri=True)
    docs = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("deficiencies", "symptoms", "treatments", "terms", "vocab")}
    conn.close()
    size_mb = args.out.stat().st_size / 1e6
    args.out.with_suffix(".json").write_text(json.dumps(
        {"build_code": code, "documents": docs, "built": time.strftime("%Y-%m-%dT%H:%M:%S")}))
    print(f"stress database: {args.out}")
    print(f"  real content: {len(content.deficiencies)} deficiencies, {len(content.symptoms)} symptoms, "
          f"{docs_per_round(content)} documents; cloned {rounds} times")
    print(f"  documents: {docs:,}  (" + ", ".join(f"{k} {v:,}" for k, v in counts.items()) + ")")
    print(f"  size: {size_mb:,.0f} MB")
    print(f"  time: {built - started:.1f} s  (clone {cloned - started:.1f} s, write_database {built - cloned:.1f} s)")
    if docs < args.docs:
        print(f"  WARNING: only {docs:,} documents, fewer than {args.docs:,}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
