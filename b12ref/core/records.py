"""Plain records that the core hands to the CLI, the window and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from b12ref.core.summaries import DeficiencySummary, Record, SymptomSummary  # noqa: F401 - re-exported

EVIDENCE_ORDER = {"established": 0, "probable": 1, "reported": 2, "disputed": 3, "not-supported": 4}
FREQUENCY_ORDER = {"common": 0, "occasional": 1, "rare": 2, "unknown": 3}


@dataclass
class Source(Record):
    """A work of the bibliography, as `show --json` gives it."""

    id: str
    title: str
    kind: str | None = None
    authors: str | None = None
    journal: str | None = None
    publisher: str | None = None
    year: str | None = None
    accessed: str | None = None
    url: str | None = None
    doi: str | None = None
    pmid: str | None = None
    isbn: str | None = None

    @property
    def link(self) -> str | None:
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return None

    def citation(self) -> str:
        """One line: authors. Title. Journal or publisher, year (a web page: "updated 2024 · accessed 2026-11")."""
        if self.kind == "web-page":
            dated = "undated" if self.year == "n.d." else (f"updated {self.year}" if self.year else "")
            when = " · ".join(p for p in (dated, f"accessed {self.accessed}" if self.accessed else "") if p)
            parts = [p for p in (self.authors, self.title, self.publisher, when) if p]
        else:
            parts = [p for p in (self.authors, self.title, self.journal or self.publisher, self.year) if p]
        return ". ".join(p.rstrip(".") for p in parts) + "."


@dataclass
class CitedItem(Record):
    """A red flag or other cause, with the works that state it."""

    text: str
    sources: list[str]


class Graded(Record):
    """A record with a grade (`evidence`, `frequency`): a link, or a record of a nutrient's side."""

    evidence: str
    frequency: str

    @property
    def rank(self) -> tuple[int, int]:
        """Best first: by evidence, then by how common."""
        return EVIDENCE_ORDER.get(self.evidence, 9), FREQUENCY_ORDER.get(self.frequency, 9)


@dataclass
class Link(Graded):
    """A graded deficiency–symptom link, seen from either side."""

    deficiency_id: str
    deficiency_name: str
    symptom_id: str
    symptom_name: str
    body_system: str
    frequency: str
    evidence: str
    mechanism: str
    note: str
    red_flag: bool
    hallmark: bool
    sources: list[str]
    synonyms: list[str] = field(default_factory=list)


@dataclass
class Section(Record):
    key: str
    title: str
    body: str


@dataclass
class Treatment(Record):
    name: str
    route: str
    adult_dose: str
    duration: str
    monitoring: str
    first_line: bool
    notes: str
    clinician_plan: str
    sources: list[str]


@dataclass
class LabTest(Record):
    name: str
    what_it_shows: str
    reference_range: str
    pitfalls: str
    sources: list[str]


@dataclass
class FoodSource(Record):
    food: str
    serving: str
    amount: str
    sources: list[str]


@dataclass
class RiskFactor(Record):
    factor: str
    kind: str
    aliases: list[str]
    note: str
    sources: list[str]


@dataclass
class DeficiencyPage(Record):
    id: str
    name: str
    category: str
    aliases: list[str]
    conditions: list[str]
    summary: str
    reviewed: str
    sections: list[Section]
    symptoms: list[Link]
    treatments: list[Treatment]
    tests: list[LabTest]
    food_sources: list[FoodSource]
    risk_factors: list[RiskFactor]
    sources: list[Source]
    related: list[dict] = field(default_factory=list)  # other deficiencies sharing the most symptoms
    type: str = "deficiency"

    @property
    def title(self) -> str:
        return f"{self.name} deficiency"


@dataclass
class SymptomPage(Record):
    id: str
    name: str
    hpo_id: str | None
    hpo_name: str | None
    body_system: str
    synonyms: list[str]
    description: str
    causes: list[Link]
    other_causes: list[CitedItem]
    red_flags: list[CitedItem]
    sources: list[Source]
    type: str = "symptom"

    @property
    def title(self) -> str:
        return self.name
