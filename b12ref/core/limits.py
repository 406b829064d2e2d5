"""The tolerable upper intake levels of a nutrient for a life stage, from its reference values, to name in
an answer about too much."""

from __future__ import annotations

from typing import Any

from b12ref.core.dose import best_values  # the one life-stage matcher, shared with judging an intake


def upper_limits(reference: dict[str, Any], age: int | None = None, sex: str | None = None,
                 stage: str | None = None) -> list[dict]:
    """Each body's upper limit for the person (adults by default), with what counts and its sources."""
    values = [v for v in reference.get("intake_values") or [] if isinstance(v, dict)]
    return [{"kind": v["kind"], "value": v["value"], "unit": v["unit"], "group": v.get("group"),
             "body": v.get("body"), "counts": v.get("counts") or "", "note": v.get("note") or "",
             "sources": list(v.get("sources") or [])} for v in best_values(values, ("UL",), age, sex, stage)]
