"""Read the sides of a nutrient from the content database: too much, studied records, taking it
(benefits, side effects, interactions) and reference values, plus nutrient, outcome and medicine pages."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from b12ref.core.database_schema import loads_json
from b12ref.core.records import Graded, Record


def where(sql: str, **filters: str | None) -> tuple[str, list[str]]:
    """sql (ending in a WHERE clause) with "AND column = ?" for each filter that is not None."""
    params = []
    for column, value in filters.items():
        if value is not None:
            sql += f" AND {column.replace('__', '.')} = ?"
            params.append(value)
    return sql, params


@dataclass
class SideRecord(Graded):
    """One graded record of a side: an excess link, a studied record, a benefit or a side effect.
    `subject` is the symptom (or outcome) id, `side` one of excess, studied, benefit, side-effect."""

    side: str
    nutrient_id: str
    nutrient_name: str
    subject_id: str
    subject_name: str
    evidence: str
    sources: list[str]
    frequency: str = ""
    mechanism: str = ""
    note: str = ""
    red_flag: bool = False
    route: str = ""
    dose: str = ""
    population: str = ""
    duration: str = ""
    certainty: str = ""
    what_helps: str = ""


@dataclass
class Interaction(Record):
    nutrient_id: str
    nutrient_name: str
    medicine_id: str
    medicine_name: str
    effect: str
    severity: str
    advice: str
    sources: list[str]


@dataclass
class NutrientSides(Record):
    """Everything but the deficiency side of one nutrient."""

    nutrient_id: str
    nutrient_name: str
    excess: dict = field(default_factory=dict)  # the excess file: summary, sections, no_upper_limit
    excess_links: list[SideRecord] = field(default_factory=list)
    studied: list[SideRecord] = field(default_factory=list)
    benefits: list[SideRecord] = field(default_factory=list)
    side_effects: list[SideRecord] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    reference: dict = field(default_factory=dict)  # the reference file: intake values, conversions, labs


SIDE_QUERIES = {
    "excess": ("excess_links", "symptom_id", "symptoms"),
    "studied": ("studied", "symptom_id", "symptoms"),
    "side-effect": ("side_effects", "symptom_id", "symptoms"),
}


# The subjects a nutrient has records for, by side.
SUBJECT_QUERIES = {
    "deficiency": ("SELECT symptom_id FROM links WHERE deficiency_id = ?",
                   "SELECT symptom_id FROM studied WHERE nutrient_id = ?"),
    "excess": ("SELECT symptom_id FROM excess_links WHERE nutrient_id = ?",
               "SELECT symptom_id FROM side_effects WHERE nutrient_id = ?"),
    "benefit": ("SELECT outcome_id FROM benefits WHERE nutrient_id = ?",),
}
ORDERED = {"excess_links", "benefits", "side_effects"}  # tables that keep the content's order in `ord`


class SideReader:
    """Plain records of the side tables; one instance per connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._names: dict[str, str] | None = None
        self._reference: dict[str, dict] | None = None

    def nutrient_names(self) -> dict[str, str]:
        if self._names is None:
            self._names = dict(self.conn.execute("SELECT id, name FROM deficiencies UNION ALL "
                                                 "SELECT id, name FROM nutrients"))
        return self._names

    def records(self, side: str, nutrient_id: str | None = None, subject_id: str | None = None) -> list[SideRecord]:
        if side == "benefit":
            table, key, names = "benefits", "outcome_id", None
        else:
            table, key, names = SIDE_QUERIES[side]
        sql, params = where(f"SELECT * FROM {table} WHERE 1=1", nutrient_id=nutrient_id, **{key: subject_id})
        if table in ORDERED:
            sql += " ORDER BY ord"
        out = []
        for row in self.conn.execute(sql, params):
            r = dict(row)
            subject = r[key]
            out.append(SideRecord(
                side=side, nutrient_id=r["nutrient_id"], nutrient_name=self.nutrient_names().get(r["nutrient_id"], ""),
                subject_id=subject, subject_name=self.subject_name(subject), evidence=r["evidence"],
                sources=loads_json(r["sources"]), frequency=r.get("frequency") or "", mechanism=r.get("mechanism") or "",
                note=r.get("note") or "", red_flag=bool(r.get("red_flag")), route=r.get("route") or "",
                dose=r.get("dose") or "", population=r.get("population") or "", duration=r.get("duration") or "",
                certainty=r.get("certainty") or "", what_helps=r.get("what_helps") or ""))
        return out

    def subjects(self, nutrient_id: str, side: str) -> list[tuple[str, str, list[str]]]:
        """The symptoms and outcomes a nutrient has records for on one side (deficiency: links and
        studied records; excess: harms and side effects; benefit: benefits), each with its type and
        the phrases that name it (name and synonyms)."""
        ids: dict[str, None] = {}
        for sql in SUBJECT_QUERIES.get(side, ()):
            for (subject,) in self.conn.execute(sql, (nutrient_id,)):
                ids.setdefault(subject, None)
        out = []
        for subject in ids:
            for kind, sql in (("symptom", "SELECT name, synonyms FROM symptoms WHERE id = ?"),
                              ("outcome", "SELECT name, synonyms FROM outcomes WHERE id = ?")):
                row = self.conn.execute(sql, (subject,)).fetchone()
                if row:
                    out.append((subject, kind, [row[0], *loads_json(row[1])]))
                    break
        return out

    def subject_name(self, subject_id: str) -> str:
        row = self.conn.execute("SELECT name FROM symptoms WHERE id = ? UNION ALL SELECT name FROM outcomes "
                                "WHERE id = ?", (subject_id, subject_id)).fetchone()
        return row[0] if row else subject_id

    def interactions(self, nutrient_id: str | None = None, medicine_id: str | None = None) -> list[Interaction]:
        sql, params = where("SELECT i.*, m.name AS medicine_name FROM interactions i JOIN medicines m "
                            "ON m.id = i.medicine_id WHERE 1=1", i__nutrient_id=nutrient_id, i__medicine_id=medicine_id)
        return [Interaction(r["nutrient_id"], self.nutrient_names().get(r["nutrient_id"], ""), r["medicine_id"],
                            r["medicine_name"], r["effect"], r["severity"], r["advice"], loads_json(r["sources"]))
                for r in self.conn.execute(sql + " ORDER BY i.ord", params)]

    def side_file(self, nutrient_id: str, side: str) -> dict:
        row = self.conn.execute("SELECT data FROM sides WHERE nutrient_id = ? AND side = ?",
                                (nutrient_id, side)).fetchone()
        return json.loads(row[0]) if row else {}

    def references(self) -> dict[str, dict]:
        """Every nutrient's reference file (intake values, conversions, forms, lab tests)."""
        if self._reference is None:
            self._reference = {r[0]: json.loads(r[1]) for r in self.conn.execute(
                "SELECT nutrient_id, data FROM sides WHERE side = 'reference'")}
        return self._reference

    def sides(self, nutrient_id: str) -> NutrientSides:
        return NutrientSides(
            nutrient_id=nutrient_id, nutrient_name=self.nutrient_names().get(nutrient_id, nutrient_id),
            excess=self.side_file(nutrient_id, "excess"),
            excess_links=sorted(self.records("excess", nutrient_id), key=lambda r: r.rank),
            studied=self.records("studied", nutrient_id),
            benefits=self.records("benefit", nutrient_id),
            side_effects=self.records("side-effect", nutrient_id),
            interactions=self.interactions(nutrient_id),
            reference=self.references().get(nutrient_id, {}))

    def page_row(self, table: str, page_id: str) -> dict | None:
        row = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (page_id,)).fetchone()
        return dict(row) if row else None
