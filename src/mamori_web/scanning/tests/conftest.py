from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_home(private_home: Path) -> None:
    """Every scanning test has a MAMORI_HOME of its own (the root conftest's fixture)."""
