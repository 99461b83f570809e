"""`mamori synth pseudonymize` (placeholder until its module lands)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add the `pseudonymize` parser to `mamori synth`."""
