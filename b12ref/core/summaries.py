"""The records the first screen lists (every deficiency and symptom by name) and the base of all records:
apart from records.py so that a start defines only these."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


class Record:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


@dataclass
class DeficiencySummary(Record):
    """A deficiency as lists show it: id, name, group (vitamin, mineral...), other names, one line."""

    id: str
    name: str
    category: str
    aliases: list[str]
    summary: str = ""


@dataclass
class SymptomSummary(Record):
    """A symptom as lists show it: id, name, body system, lay names, HPO term."""

    id: str
    name: str
    body_system: str
    synonyms: list[str]
    hpo_id: str | None = None
