"""Percentile summaries (p50/p95/max) that the bench scripts print."""

from __future__ import annotations

import math


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def summary_ms(values_s: list[float]) -> dict[str, float]:
    """p50, p95 and max of durations given in seconds, in milliseconds."""
    ms = [v * 1000 for v in values_s]
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "max": max(ms) if ms else 0.0}


def line(label: str, values_s: list[float]) -> str:
    s = summary_ms(values_s)
    return f"{label:<28} p50 {s['p50']:8.2f} ms   p95 {s['p95']:8.2f} ms   max {s['max']:8.2f} ms   (n={len(values_s)})"
