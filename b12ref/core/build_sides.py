"""The build's second half: nutrient pages without a deficiency, outcomes, medicines and the sides
of each nutrient (too much, studied, taking it, reference values) as tables, terms and documents."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from b12ref.core.content import Content
from b12ref.core.schema import EXCESS_SECTIONS

# Words that make a search or a name mean "too much of": "vitamin d toxicity", "iron overload".
EXCESS_SUFFIXES = ("toxicity", "overdose", "poisoning", "overload", "excess")
SIDE_TABLES = ("nutrients", "outcomes", "medicines", "excess_links", "studied", "benefits",
               "side_effects", "interactions", "sides")


def _json(value: Any) -> str:
    return json.dumps(value if value is not None else [], ensure_ascii=False)


def _s(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _rows(data: dict, key: str) -> list[dict]:
    return [row for row in data.get(key) or [] if isinstance(row, dict)]


def _public(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("_")}


class SideWriter:
    """Collects the rows of the side tables; `writer` is the main build's (for terms and documents)."""

    def __init__(self, content: Content, writer: Any) -> None:
        self.content = content
        self.writer = writer
        self.tables: dict[str, list[dict]] = {name: [] for name in SIDE_TABLES}
        self.names = {d["id"]: _s(d.get("name")) for folder in ("deficiencies", "nutrients")
                      for d in content.pages.get(folder, []) if isinstance(d.get("id"), str)}

    def add_all(self) -> None:
        for page in self.content.pages.get("nutrients", []):
            self.nutrient(page)
        for page in self.content.pages.get("outcomes", []):
            self.outcome(page)
        for page in self.content.pages.get("medicines", []):
            self.medicine(page)
        aliases = {d["id"]: [*(d.get("aliases") or [])] for folder in ("deficiencies", "nutrients")
                   for d in self.content.pages.get(folder, [])}
        for side, files in self.content.sides.items():
            for nutrient, data in files.items():
                self.tables["sides"].append({"nutrient_id": nutrient, "side": side, "data": _json(_public(data))})
                getattr(self, side)(nutrient, data, aliases.get(nutrient, []))

    # ---- pages -----------------------------------------------------------------------
    def nutrient(self, page: dict) -> None:
        pid = page["id"]
        self.tables["nutrients"].append({
            "id": pid, "name": _s(page["name"]), "category": page["category"],
            "aliases": _json(page.get("aliases")), "summary": _s(page["summary"])})
        self.writer.term(page["name"], "name", "nutrient", pid, 1.0)
        for alias in page.get("aliases") or []:
            self.writer.term(_s(alias), "alias", "nutrient", pid, 0.95)
        self.writer.doc("nutrient", pid, _s(page["name"]), list(map(_s, page.get("aliases") or [])),
                        _s(page["summary"]), [])

    def outcome(self, page: dict) -> None:
        pid = page["id"]
        self.tables["outcomes"].append({
            "id": pid, "name": _s(page["name"]), "synonyms": _json(page.get("synonyms")),
            "description": _s(page["description"])})
        self.writer.term(page["name"], "name", "outcome", pid, 1.0)
        self.writer.term(pid.replace("-", " "), "name", "outcome", pid, 1.0)
        for phrase in page.get("synonyms") or []:
            self.writer.term(_s(phrase), "synonym", "outcome", pid, 0.95)

    def medicine(self, page: dict) -> None:
        pid = page["id"]
        self.tables["medicines"].append({
            "id": pid, "name": _s(page["name"]), "brands": _json(page.get("brands")),
            "aliases": _json(page.get("aliases")), "class": _s(page["class"]),
            "description": _s(page["description"])})
        self.writer.term(page["name"], "name", "medicine", pid, 1.0)
        for phrase in [*(page.get("brands") or []), *(page.get("aliases") or [])]:
            self.writer.term(_s(phrase), "alias", "medicine", pid, 0.9)
        self.writer.doc("medicine", pid, _s(page["name"]),
                        [*map(_s, page.get("brands") or []), *map(_s, page.get("aliases") or [])],
                        _s(page["description"]), [_s(page["class"])])

    # ---- sides -------------------------------------------------------------------------
    def excess(self, nutrient: str, data: dict, aliases: list[str]) -> None:
        for order, row in enumerate(_rows(data, "links")):
            self.tables["excess_links"].append({
                "nutrient_id": nutrient, "symptom_id": row["symptom"], "ord": order, "route": row["route"],
                "dose": _s(row.get("dose")), "frequency": row["frequency"], "evidence": row["evidence"],
                "mechanism": _s(row.get("mechanism")), "note": _s(row.get("note")),
                "red_flag": int(bool(row.get("red_flag"))), "sources": _json(row.get("sources"))})
        name = self.names.get(nutrient, nutrient)
        for base in [name, *aliases]:
            for suffix in EXCESS_SUFFIXES:
                self.writer.term(f"{_s(base)} {suffix}", "excess", "deficiency", nutrient, 0.9)
            self.writer.term(f"too much {_s(base)}", "excess", "deficiency", nutrient, 0.9)
        if name.lower().startswith("vitamin "):
            self.writer.term(f"hypervitaminosis {name.split()[-1]}", "excess", "deficiency", nutrient, 0.95)
        sections = data.get("sections") or {}
        symptom_names = [self.writer.symptom_names.get(r["symptom"], "") for r in _rows(data, "links")]
        self.writer.doc("excess", nutrient, f"Too much {name}",
                        [f"{name} {s}" for s in EXCESS_SUFFIXES], _s(data.get("summary")),
                        [*(_s(sections.get(k)) for k in EXCESS_SECTIONS), *symptom_names],
                        label=f"{name}: too much")

    def studied(self, nutrient: str, data: dict, aliases: list[str]) -> None:
        for row in _rows(data, "records"):
            self.tables["studied"].append({
                "nutrient_id": nutrient, "symptom_id": row["symptom"], "evidence": row["evidence"],
                "note": _s(row["note"]), "sources": _json(row.get("sources"))})

    def taking(self, nutrient: str, data: dict, aliases: list[str]) -> None:
        for order, row in enumerate(_rows(data, "benefits")):
            self.tables["benefits"].append({
                "nutrient_id": nutrient, "outcome_id": row["outcome"], "ord": order, "evidence": row["evidence"],
                "population": _s(row.get("population")), "dose": _s(row.get("dose")),
                "duration": _s(row.get("duration")), "certainty": _s(row.get("certainty")),
                "note": _s(row.get("note")), "sources": _json(row.get("sources"))})
        for order, row in enumerate(_rows(data, "side_effects")):
            self.tables["side_effects"].append({
                "nutrient_id": nutrient, "symptom_id": row["symptom"], "ord": order, "dose": _s(row.get("dose")),
                "frequency": row["frequency"], "evidence": row["evidence"],
                "what_helps": _s(row.get("what_helps")), "note": _s(row.get("note")),
                "sources": _json(row.get("sources"))})
        for order, row in enumerate(_rows(data, "interactions")):
            self.tables["interactions"].append({
                "nutrient_id": nutrient, "medicine_id": row["medicine"], "ord": order, "effect": _s(row["effect"]),
                "severity": row["severity"], "advice": _s(row["advice"]), "sources": _json(row.get("sources"))})

    def reference(self, nutrient: str, data: dict, aliases: list[str]) -> None:
        for form in _rows(data, "forms"):
            for phrase in [form.get("name"), *(form.get("aliases") or [])]:
                if phrase:
                    self.writer.term(_s(phrase), "form", "deficiency" if nutrient in self.writer.deficiency_ids
                                     else "nutrient", nutrient, 0.85)

    def write(self, db: sqlite_utils.Database) -> None:
        for name, spec in COLUMNS.items():
            cols = {c.split(":")[0]: (int if c.endswith(":int") else str) for c in spec.split()}
            pk = "id" if "id" in cols else ("nutrient_id", "side") if name == "sides" else None
            db[name].create(cols, pk=pk) if pk else db[name].create(cols)
            db[name].insert_all(self.tables[name])
            if "nutrient_id" in cols and name != "sides":
                db[name].create_index(["nutrient_id"])
                key = next(c for c in cols if c.endswith("_id") and c != "nutrient_id")
                db[name].create_index([key])


COLUMNS = {
    "nutrients": "id name category aliases summary",
    "outcomes": "id name synonyms description",
    "medicines": "id name brands aliases class description",
    "sides": "nutrient_id side data",
    "excess_links": "nutrient_id symptom_id ord:int route dose frequency evidence mechanism note red_flag:int sources",
    "studied": "nutrient_id symptom_id evidence note sources",
    "benefits": "nutrient_id outcome_id ord:int evidence population dose duration certainty note sources",
    "side_effects": "nutrient_id symptom_id ord:int dose frequency evidence what_helps note sources",
    "interactions": "nutrient_id medicine_id ord:int effect severity advice sources",
}
