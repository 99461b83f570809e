"""Fixtures for the demo city tests."""

from __future__ import annotations

import datetime as dt

import pytest

from mamori_web.demo.services import DEFAULT_DEMO_PASSWORD, DemoCity, demo_city_create

# A fixed "today" (令和8年度) so that dates in the tests do not move with the calendar.
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo(db: None) -> DemoCity:
    return demo_city_create(password=DEFAULT_DEMO_PASSWORD, today=TODAY)
