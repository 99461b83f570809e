"""`mamori synth residents` (placeholder until its module lands)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add the `residents` parser to `mamori synth`."""
