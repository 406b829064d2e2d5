"""The records the first screen lists (every deficiency and symptom by name) and the base of all records:
apart from records.py so that a start defines only these. The two summaries are NamedTuples: a start
imports no dataclasses (~1.2 ms with copy) and makes none (each costs ~0.15 ms of generated code)."""

from __future__ import annotations

from typing import Any, NamedTuple


class Record:
    """The base of the records (dataclasses, records.py)."""

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)  # type: ignore[call-overload]


def _fields(summary) -> dict[str, Any]:
    return summary._asdict()


class DeficiencySummary(NamedTuple):
    """A deficiency as lists show it: id, name, group (vitamin, mineral...), other names, one line."""

    id: str
    name: str
    category: str
    aliases: list[str]
    summary: str = ""

    to_dict = _fields


class SymptomSummary(NamedTuple):
    """A symptom as lists show it: id, name, body system, lay names, HPO term."""

    id: str
    name: str
    body_system: str
    synonyms: list[str]
    hpo_id: str | None = None

    to_dict = _fields
