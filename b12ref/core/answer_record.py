"""The answer to one question, as `ask --json` gives it and every writer reads it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Answer:
    """What `ask --json` gives, what the answer page shows and what `export --ask` prints."""

    question: str
    kind: str = "question"  # question | page | lab | dose | interaction
    direction: str | None = None  # deficiency | excess | benefit
    verdict: str = "unknown"  # yes | no | uncertain | no-record | unknown (or a band for lab and dose)
    basis: str | None = None  # recorded | studied | not-recorded
    headline: str = ""
    summary: str = ""
    nutrient: dict | None = None
    deficiency: dict | None = None
    symptom: dict | None = None
    symptom_asked: str | None = None  # the words asked, when answered through the nearest concept
    medicine: dict | None = None
    evidence: str | None = None
    frequency: str | None = None
    grade: str | None = None  # the grade in a sentence
    mechanism: str | None = None
    note: str | None = None
    red_flag: bool = False
    at_dose: str | None = None  # excess or side effect: the intake at which it is seen
    what_helps: str | None = None
    population: str | None = None
    certainty: str | None = None
    other_causes: list[dict] = field(default_factory=list)
    red_flags: list[dict] = field(default_factory=list)
    linked_deficiencies: list[dict] = field(default_factory=list)
    excess_causes: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    page: dict | None = None
    lab: dict | None = None
    dose: dict | None = None
    interaction: dict | None = None
    upper_limits: list[dict] = field(default_factory=list)  # too much: each body's limit for adults
    parts: list["Answer"] = field(default_factory=list)
    message: str | None = None  # a clear message for input that cannot be judged

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["parts"] = [p.to_dict() for p in self.parts]
        return data

    @property
    def title(self) -> str:
        """The page title: the question as asked."""
        return " ".join(self.question.split()) or "Answer"
