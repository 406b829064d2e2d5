"""Build the content database from validated sources with sqlite-utils, atomically."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

import sqlite_utils

from b12ref import __version__
from b12ref.core.content import SECTIONS, Content, content_hash, load_content
from b12ref.core.fingerprint import builder_hash
from b12ref.core.database_schema import SCHEMA_VERSION, BuildError  # noqa: F401 - BuildError is raised here
from b12ref.core.normalize import fold_words, normalize_text, stem
from b12ref.core.build_db import insert_rows, open_memory, save
from b12ref.core.build_sides import SideWriter, mappings, text_of, to_json
from b12ref.core.validate import validate

FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
FTS_COLUMNS = ["name", "synonyms", "summary", "body"]
WORK_COLUMNS = ("id", "kind", "title", "authors", "journal", "publisher", "year", "accessed", "url", "doi",
                "pmid", "isbn")


class _Writer:
    """Turns parsed content into table rows, full-text documents and search terms."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.tables: dict[str, list[dict]] = {name: [] for name in (
            "deficiencies", "sections", "symptoms", "links", "treatments", "tests",
            "food_sources", "risk_factors", "sources", "docs", "terms", "narrower")}
        self.symptom_names = {s["id"]: text_of(s.get("name")) for s in content.symptoms}
        self.deficiency_ids = {d["id"] for d in content.deficiencies}

    def doc(self, type_: str, ref_id: str, name: str, synonyms: list[str], summary: str,
            body: list[str], label: str = "") -> None:
        name, summary = _as_text(name), _as_text(summary)
        synonyms, body = [_as_text(s) for s in synonyms], [_as_text(b) for b in body]
        self.tables["docs"].append({
            "type": type_, "ref_id": ref_id, "label": label or name,
            "display_summary": summary,
            "display_body": "\n".join(b for b in body if b),
            "name": normalize_text(name),
            "synonyms": normalize_text(" ; ".join(synonyms)),
            "summary": normalize_text(summary),
            "body": normalize_text(" ".join(body)),
        })

    def term(self, phrase: str, kind: str, ref_type: str, ref_id: str, weight: float) -> None:
        phrase = _as_text(phrase)
        words = fold_words(phrase)  # once for both: term_key(phrase) and normalize_text(phrase)
        key = " ".join(map(stem, words))
        if key:
            self.tables["terms"].append({"term": key, "phrase": text_of(phrase), "norm": " ".join(words),
                                         "kind": kind, "ref_type": ref_type, "ref_id": ref_id, "weight": weight})

    def deficiency(self, d: dict) -> None:
        did = d["id"]
        t = self.tables
        t["deficiencies"].append({
            "id": did, "name": text_of(d["name"]), "category": d["category"],
            "aliases": to_json(d.get("aliases")), "conditions": to_json(d.get("conditions")),
            "summary": text_of(d["summary"]), "reviewed": text_of(d["reviewed"]),
            "sources": to_json(list(dict.fromkeys(_citations(d)))),
        })
        for order, (key, title) in enumerate(SECTIONS.items()):
            t["sections"].append({"deficiency_id": did, "key": key, "title": title,
                                  "body": text_of(d["sections"][key]), "ord": order})
        for order, row in enumerate(mappings(d, "symptoms")):
            t["links"].append({
                "deficiency_id": did, "symptom_id": row["symptom"], "ord": order,
                "frequency": row["frequency"], "evidence": row["evidence"],
                "mechanism": text_of(row.get("mechanism")), "note": text_of(row.get("note")),
                "red_flag": int(bool(row.get("red_flag"))), "hallmark": int(bool(row.get("hallmark"))),
                "sources": to_json(row.get("sources"))})
        for order, row in enumerate(mappings(d, "treatments")):
            t["treatments"].append({
                "deficiency_id": did, "ord": order, "name": text_of(row["name"]), "route": row["route"],
                "adult_dose": text_of(row["adult_dose"]), "duration": text_of(row["duration"]),
                "monitoring": text_of(row["monitoring"]), "first_line": int(bool(row.get("first_line"))),
                "notes": text_of(row.get("notes")), "clinician_plan": text_of(row.get("clinician_plan")),
                "sources": to_json(row.get("sources"))})
            self.doc("treatment", did, text_of(row["name"]), [row["route"], text_of(d["name"])],
                     text_of(row["adult_dose"]), [text_of(row.get("notes")), text_of(row["monitoring"])],
                     label=f"{text_of(row['name'])} ({text_of(d['name'])})")
        for order, row in enumerate(mappings(d, "tests")):
            t["tests"].append({
                "deficiency_id": did, "ord": order, "name": text_of(row["name"]),
                "what_it_shows": text_of(row["what_it_shows"]), "reference_range": text_of(row["reference_range"]),
                "pitfalls": text_of(row.get("pitfalls")), "sources": to_json(row.get("sources"))})
        for order, row in enumerate(mappings(d, "food_sources")):
            t["food_sources"].append({
                "deficiency_id": did, "ord": order, "food": text_of(row["food"]), "serving": text_of(row["serving"]),
                "amount": text_of(row["amount"]), "sources": to_json(row.get("sources"))})
        for order, row in enumerate(mappings(d, "risk_factors")):
            t["risk_factors"].append({
                "deficiency_id": did, "ord": order, "factor": text_of(row["factor"]), "kind": row["kind"],
                "aliases": to_json(row.get("aliases")), "note": text_of(row["note"]),
                "sources": to_json(row.get("sources"))})
            for phrase in [row["factor"], *(row.get("aliases") or [])]:
                self.term(text_of(phrase), "risk", "deficiency", did, 0.6)
        self.term(d["name"], "name", "deficiency", did, 1.0)
        self.term(f"{d['name']} deficiency", "name", "deficiency", did, 1.0)
        for alias in d.get("aliases") or []:
            self.term(text_of(alias), "alias", "deficiency", did, 0.95)
            self.term(f"{alias} deficiency", "alias", "deficiency", did, 0.95)
        for condition in d.get("conditions") or []:
            self.term(text_of(condition), "condition", "deficiency", did, 0.9)
        risk_words = [f"{text_of(r['factor'])} {' '.join(map(text_of, r.get('aliases') or []))}"
                      for r in mappings(d, "risk_factors")]
        linked = [self.symptom_names.get(r["symptom"], "") for r in mappings(d, "symptoms")]
        self.doc("deficiency", did, text_of(d["name"]),
                 [*map(text_of, d.get("aliases") or []), *map(text_of, d.get("conditions") or [])],
                 text_of(d["summary"]),
                 [*(text_of(v) for v in d["sections"].values()), *risk_words, *linked,
                  *(text_of(r["name"]) for r in mappings(d, "tests"))])

    def symptom(self, s: dict) -> None:
        sid = s["id"]
        synonyms = [text_of(x) for x in (s.get("synonyms") or [])]
        hpo = [text_of(x) for x in (s.get("hpo_synonyms") or [])]
        if s.get("hpo_name"):
            hpo.insert(0, text_of(s["hpo_name"]))
        seen = {text_of(s["name"]).casefold()}
        all_synonyms = []
        for phrase in synonyms + hpo:  # ours first; an HPO synonym differing only in case adds nothing
            if phrase and phrase.casefold() not in seen:
                seen.add(phrase.casefold())
                all_synonyms.append(phrase)
        self.tables["symptoms"].append({
            "id": sid, "name": text_of(s["name"]), "hpo_id": text_of(s.get("hpo_id")) or None,
            "hpo_name": text_of(s.get("hpo_name")) or None, "body_system": s["body_system"],
            "synonyms": to_json(all_synonyms), "description": text_of(s["description"]),
            "other_causes": to_json(s.get("other_causes")), "red_flags": to_json(s.get("red_flags")),
            "sources": to_json(s.get("sources"))})
        for broader in [*(s.get("broader") or []), *(s.get("hpo_broader") or [])]:
            self.tables["narrower"].append({"symptom_id": broader, "narrower_id": sid})
        self.term(s["name"], "name", "symptom", sid, 1.0)
        self.term(sid.replace("-", " "), "name", "symptom", sid, 1.0)
        for phrase in all_synonyms:
            self.term(phrase, "synonym", "symptom", sid, 0.95)
        self.doc("symptom", sid, text_of(s["name"]), all_synonyms, text_of(s["description"]),
                 [text_of(item.get("text")) for key in ("other_causes", "red_flags") for item in mappings(s, key)])

    def write(self, db: sqlite_utils.Database) -> None:
        t = self.tables
        for row in self.content.sources.values():
            t["sources"].append({k: (None if row.get(k) in (None, "") else str(row[k])) for k in WORK_COLUMNS})
        insert_rows(db, "deficiencies", t["deficiencies"], pk="id")
        insert_rows(db, "symptoms", t["symptoms"], pk="id")
        db["sources"].create({k: str for k in WORK_COLUMNS}, pk="id")
        insert_rows(db, "sources", t["sources"])
        for name in ("sections", "links", "treatments", "tests", "food_sources", "risk_factors"):
            insert_rows(db, name, t[name])
            db[name].create_index(["deficiency_id"])
        db["links"].create_index(["symptom_id"])
        db["narrower"].create({"symptom_id": str, "narrower_id": str}, pk=("symptom_id", "narrower_id"))
        insert_rows(db, "narrower", _closure(t["narrower"]))
        for i, row in enumerate(t["docs"], start=1):
            row["rowid"] = i
        insert_rows(db, "docs", t["docs"], pk="rowid")
        db["docs"].enable_fts(FTS_COLUMNS, tokenize=FTS_TOKENIZE, create_triggers=False)
        db["docs"].create_index(["type", "ref_id"])
        db["docs"].create_index(["type", "label"])
        write_search_index(db, t["terms"], t["docs"])


def _as_text(value) -> str:
    """A value the validator accepts as text that YAML read as a number (`name: 123`) as text; text
    as it is."""
    return value if isinstance(value, str) else text_of(value)


def write_search_index(db: sqlite_utils.Database, terms: list[dict], docs: list[dict]) -> None:
    """The tables search reads by index: names and synonyms (exact and prefix), symptom-phrase
    stems (for partial matches), and the word list that typos are corrected against."""
    insert_rows(db, "terms", terms)
    db["terms"].create_index(["term"])
    db["terms"].create_index(["norm"])
    symptom_terms = sorted({row["term"] for row in terms if row["ref_type"] in ("symptom", "outcome")})
    db.execute("CREATE VIRTUAL TABLE symptom_terms_fts USING fts5(term, tokenize='unicode61')")
    db.conn.executemany("INSERT INTO symptom_terms_fts(term) VALUES (?)", ((t,) for t in symptom_terms))
    db.execute("CREATE VIRTUAL TABLE symptom_terms_vocab USING fts5vocab(symptom_terms_fts, 'row')")
    words = Counter(w for row in docs for col in FTS_COLUMNS for w in row[col].split())
    named = {w for row in terms for w in row["norm"].split()}
    insert_rows(db, "vocab", [{"word": w, "count": words.get(w, 0), "names": int(w in named)}
                              for w in sorted(set(words) | named)], pk="word")  # the same rows whatever the seed


def _closure(pairs: list[dict]) -> list[dict]:
    """Every (broader, narrower) pair implied by the direct ones: fasciculation < involuntary movement < ..."""
    children: dict[str, set[str]] = {}
    for pair in pairs:
        children.setdefault(pair["symptom_id"], set()).add(pair["narrower_id"])
    out = []
    for top in children:
        seen: set[str] = set()
        stack = list(children[top])
        while stack:
            node = stack.pop()
            if node in seen or node == top:
                continue
            seen.add(node)
            stack.extend(children.get(node, ()))
        out += [{"symptom_id": top, "narrower_id": n} for n in sorted(seen)]
    return out


def _citations(d: dict):
    """A deficiency page's works in order of first citation: symptoms, tests, treatments, food, risks."""
    for key in ("symptoms", "tests", "treatments", "food_sources", "risk_factors"):
        for row in mappings(d, key):
            yield from row.get("sources") or []


def _stamp(db: sqlite_utils.Database, digest: str) -> None:
    insert_rows(db, "meta", [
        {"key": "content_hash", "value": digest},
        {"key": "builder_hash", "value": builder_hash()},
        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
        {"key": "app_version", "value": __version__},
        {"key": "built_at", "value": time.strftime("%Y-%m-%dT%H:%M:%S")},
    ], pk="key")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


TEMP_PREFIX = ".b12ref-build-"  # the temporary file's name: this, the building process's id, "-", a random part


def write_database(content: Content, out: Path, digest: str,
                   extra: Callable[[sqlite_utils.Database], None] | None = None) -> Path:
    """Write content to `out`: built in memory, saved to a temporary file in the same folder (synced),
    then renamed over `out`."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".sqlite", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    conn = open_memory()
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)  # no third-party plugin in the build (~10 ms)
        writer = _Writer(content)
        for symptom in content.symptoms:
            writer.symptom(symptom)
        for deficiency in content.deficiencies:
            writer.deficiency(deficiency)
        sides = SideWriter(content, writer)
        sides.add_all()
        writer.write(db)
        sides.write(db)
        if extra is not None:
            extra(db)
        _stamp(db, digest)
        save(conn, tmp)
        conn.close()
        os.replace(tmp, out)
    finally:
        conn.close()
        for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            if leftover.exists():
                leftover.unlink()
    return out


BUILD_STEPS = ("reading the content files", "checking the content", "writing the database and its search index")


def build(content_root: Path, out: Path, step: Callable[[int, str], None] | None = None) -> Path:
    """Validate the sources under content_root and build the database at out; step(n, what) is told
    as each of BUILD_STEPS begins.

    Raises BuildError (and writes nothing) when the content has problems; an existing
    database at `out` is replaced only once the new one is complete.
    """
    tell = step or (lambda _n, _what: None)
    tell(1, BUILD_STEPS[0])
    content = load_content(content_root)
    tell(2, BUILD_STEPS[1])
    problems = validate(content)
    if problems:
        raise BuildError(problems)
    tell(3, BUILD_STEPS[2])
    return write_database(content, out, content_hash(content_root))
