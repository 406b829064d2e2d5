"""The build's second half: nutrient pages without a deficiency, outcomes, medicines and the sides
of each nutrient (too much, studied, taking it, reference values) as tables, terms and documents."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from b12ref.core.build_db import insert_rows
from b12ref.core.content import Content
from b12ref.core.schema import EXCESS_SECTIONS

# Words that make a search or a name mean "too much of": "vitamin d toxicity", "iron overload".
EXCESS_SUFFIXES = ("toxicity", "overdose", "poisoning", "overload", "excess")
SIDE_TABLES = ("nutrients", "outcomes", "medicines", "excess_links", "studied", "benefits",
               "side_effects", "interactions", "sides")


def to_json(value: Any) -> str:
    """A column's JSON (a missing list is an empty one)."""
    return json.dumps(value if value is not None else [], ensure_ascii=False)


def text_of(value: Any) -> str:
    """A column's text: stripped, empty for a missing value."""
    return "" if value is None else str(value).strip()


def mappings(data: dict, key: str) -> list[dict]:
    """The records of a list field (anything that is not a mapping is left out)."""
    return [row for row in data.get(key) or [] if isinstance(row, dict)]


def _public(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("_")}


class SideWriter:
    """Collects the rows of the side tables; `writer` is the main build's (for terms and documents)."""

    def __init__(self, content: Content, writer: Any) -> None:
        self.content = content
        self.writer = writer
        self.tables: dict[str, list[dict]] = {name: [] for name in SIDE_TABLES}
        self.names = {d["id"]: text_of(d.get("name")) for folder in ("deficiencies", "nutrients")
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
                self.tables["sides"].append({"nutrient_id": nutrient, "side": side, "data": to_json(_public(data))})
                getattr(self, side)(nutrient, data, aliases.get(nutrient, []))

    # ---- pages -----------------------------------------------------------------------
    def nutrient(self, page: dict) -> None:
        pid = page["id"]
        self.tables["nutrients"].append({
            "id": pid, "name": text_of(page["name"]), "category": page["category"],
            "aliases": to_json(page.get("aliases")), "summary": text_of(page["summary"])})
        self.writer.term(page["name"], "name", "nutrient", pid, 1.0)
        for alias in page.get("aliases") or []:
            self.writer.term(text_of(alias), "alias", "nutrient", pid, 0.95)
        self.writer.doc("nutrient", pid, text_of(page["name"]), list(map(text_of, page.get("aliases") or [])),
                        text_of(page["summary"]), [])

    def outcome(self, page: dict) -> None:
        pid = page["id"]
        self.tables["outcomes"].append({
            "id": pid, "name": text_of(page["name"]), "synonyms": to_json(page.get("synonyms")),
            "description": text_of(page["description"])})
        self.writer.term(page["name"], "name", "outcome", pid, 1.0)
        self.writer.term(pid.replace("-", " "), "name", "outcome", pid, 1.0)
        for phrase in page.get("synonyms") or []:
            self.writer.term(text_of(phrase), "synonym", "outcome", pid, 0.95)

    def medicine(self, page: dict) -> None:
        pid = page["id"]
        self.tables["medicines"].append({
            "id": pid, "name": text_of(page["name"]), "brands": to_json(page.get("brands")),
            "aliases": to_json(page.get("aliases")), "class": text_of(page["class"]),
            "description": text_of(page["description"])})
        self.writer.term(page["name"], "name", "medicine", pid, 1.0)
        for phrase in [*(page.get("brands") or []), *(page.get("aliases") or [])]:
            self.writer.term(text_of(phrase), "alias", "medicine", pid, 0.9)
        self.writer.doc("medicine", pid, text_of(page["name"]),
                        [*map(text_of, page.get("brands") or []), *map(text_of, page.get("aliases") or [])],
                        text_of(page["description"]), [text_of(page["class"])])

    # ---- sides -------------------------------------------------------------------------
    def excess(self, nutrient: str, data: dict, aliases: list[str]) -> None:
        for order, row in enumerate(mappings(data, "links")):
            self.tables["excess_links"].append({
                "nutrient_id": nutrient, "symptom_id": row["symptom"], "ord": order, "route": row["route"],
                "dose": text_of(row.get("dose")), "frequency": row["frequency"], "evidence": row["evidence"],
                "mechanism": text_of(row.get("mechanism")), "note": text_of(row.get("note")),
                "red_flag": int(bool(row.get("red_flag"))), "sources": to_json(row.get("sources"))})
        name = self.names.get(nutrient, nutrient)
        for base in [name, *aliases]:
            for suffix in EXCESS_SUFFIXES:
                self.writer.term(f"{text_of(base)} {suffix}", "excess", "deficiency", nutrient, 0.9)
            self.writer.term(f"too much {text_of(base)}", "excess", "deficiency", nutrient, 0.9)
        if name.lower().startswith("vitamin "):
            self.writer.term(f"hypervitaminosis {name.split()[-1]}", "excess", "deficiency", nutrient, 0.95)
        sections = data.get("sections") or {}
        symptom_names = [self.writer.symptom_names.get(r["symptom"], "") for r in mappings(data, "links")]
        self.writer.doc("excess", nutrient, f"Too much {name}",
                        [f"{name} {s}" for s in EXCESS_SUFFIXES], text_of(data.get("summary")),
                        [*(text_of(sections.get(k)) for k in EXCESS_SECTIONS), *symptom_names],
                        label=f"{name}: too much")

    def studied(self, nutrient: str, data: dict, aliases: list[str]) -> None:
        for row in mappings(data, "records"):
            self.tables["studied"].append({
                "nutrient_id": nutrient, "symptom_id": row["symptom"], "evidence": row["evidence"],
                "note": text_of(row["note"]), "sources": to_json(row.get("sources"))})

    def taking(self, nutrient: str, data: dict, aliases: list[str]) -> None:
        for order, row in enumerate(mappings(data, "benefits")):
            self.tables["benefits"].append({
                "nutrient_id": nutrient, "outcome_id": row["outcome"], "ord": order, "evidence": row["evidence"],
                "population": text_of(row.get("population")), "dose": text_of(row.get("dose")),
                "duration": text_of(row.get("duration")), "certainty": text_of(row.get("certainty")),
                "note": text_of(row.get("note")), "sources": to_json(row.get("sources"))})
        for order, row in enumerate(mappings(data, "side_effects")):
            self.tables["side_effects"].append({
                "nutrient_id": nutrient, "symptom_id": row["symptom"], "ord": order, "dose": text_of(row.get("dose")),
                "frequency": row["frequency"], "evidence": row["evidence"],
                "what_helps": text_of(row.get("what_helps")), "note": text_of(row.get("note")),
                "sources": to_json(row.get("sources"))})
        for order, row in enumerate(mappings(data, "interactions")):
            self.tables["interactions"].append({
                "nutrient_id": nutrient, "medicine_id": row["medicine"], "ord": order, "effect": text_of(row["effect"]),
                "severity": row["severity"], "advice": text_of(row["advice"]), "sources": to_json(row.get("sources"))})

    def reference(self, nutrient: str, data: dict, aliases: list[str]) -> None:
        for form in mappings(data, "forms"):
            for phrase in [form.get("name"), *(form.get("aliases") or [])]:
                if phrase:
                    self.writer.term(text_of(phrase), "form", "deficiency" if nutrient in self.writer.deficiency_ids
                                     else "nutrient", nutrient, 0.85)

    def write(self, db: sqlite_utils.Database) -> None:
        for name, spec in COLUMNS.items():
            cols = {c.split(":")[0]: (int if c.endswith(":int") else str) for c in spec.split()}
            pk = "id" if "id" in cols else ("nutrient_id", "side") if name == "sides" else None
            db[name].create(cols, pk=pk) if pk else db[name].create(cols)
            insert_rows(db, name, self.tables[name])
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
