"""Overlap resolution and thresholds.

1. Candidates with the same span and different labels: the label listed first in the
   pack's ``priority`` wins (a 13-digit 法人番号 over anything else, a 運転免許証 number
   confirmed by context over a My Number that happens to pass the check digit …).
2. Overlapping candidates: the higher score wins; on a tie the longer span; then priority;
   then the earlier start (deterministic).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from mamori.pii._model import Candidate

__all__ = ["apply_thresholds", "resolve_overlaps"]


def _rank(priority: Sequence[str]) -> Callable[[str], int]:
    order = {label: i for i, label in enumerate(priority)}
    last = len(order)
    return lambda label: order.get(label, last)


def resolve_overlaps(candidates: Iterable[Candidate], priority: Sequence[str]) -> list[Candidate]:
    """Keep a set of non-overlapping candidates (see the module docstring), in text order."""
    rank = _rank(priority)
    by_span: dict[tuple[int, int], Candidate] = {}
    for candidate in candidates:
        if candidate.end <= candidate.start:
            continue
        key = (candidate.start, candidate.end)
        held = by_span.get(key)
        if held is None:
            by_span[key] = candidate
            continue
        held_key = (rank(held.label), -held.score)
        if (rank(candidate.label), -candidate.score) < held_key:
            by_span[key] = candidate
    ordered = sorted(
        by_span.values(),
        key=lambda c: (-c.score, -(c.end - c.start), rank(c.label), c.start),
    )
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Candidate] = []
    for candidate in ordered:
        i = bisect.bisect_left(starts, candidate.start)
        if i > 0 and ends[i - 1] > candidate.start:
            continue
        if i < len(starts) and starts[i] < candidate.end:
            continue
        starts.insert(i, candidate.start)
        ends.insert(i, candidate.end)
        kept.insert(i, candidate)
    return kept


def apply_thresholds(
    candidates: Iterable[Candidate], threshold: Callable[[str], float]
) -> list[Candidate]:
    """Candidates whose score reaches their label's threshold."""
    return [c for c in candidates if c.score >= threshold(c.label) - 1e-9]
