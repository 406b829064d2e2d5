"""What a content database must hold to be current, and the errors of building and reading one."""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 6  # of the content database; bump when the build writes different tables
REQUIRED_TABLES = {"deficiencies", "symptoms", "links", "sections", "treatments", "tests",
                   "food_sources", "risk_factors", "sources", "docs", "docs_fts", "terms", "vocab",
                   "meta", "narrower", "symptom_terms_fts", "nutrients", "outcomes", "medicines", "sides",
                   "excess_links", "studied", "benefits", "side_effects", "interactions"}


class BuildError(Exception):
    """The content did not validate; `problems` says where and why. Nothing was written."""

    def __init__(self, problems: list) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems


class NotFound(LookupError):
    """No page has that id."""


class DatabaseDamaged(Exception):
    """The file is not a usable content database."""


def loads_json(value: str | None) -> Any:
    """A JSON column read back (a missing value is an empty list)."""
    import json  # (imported when a page is read: the start reads none)

    return json.loads(value) if value else []
