"""Shared pytest fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    from mamori_web.testing import make_world

    return make_world()
