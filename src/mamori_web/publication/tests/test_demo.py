"""The demo city's sample requests: three states, fictitious data, created once."""

from __future__ import annotations

import datetime as dt

import pytest

from mamori_web.demo.services import DEFAULT_DEMO_PASSWORD, demo_city_create
from mamori_web.publication import selectors
from mamori_web.publication.demo import demo_publication_create, residents
from mamori_web.publication.models import PublicationRequest, RequestStatus

pytestmark = pytest.mark.django_db


def test_samples_in_three_states_once(db: None) -> None:
    demo_city_create(password=DEFAULT_DEMO_PASSWORD, today=dt.date(2026, 11, 23))
    created = demo_publication_create(today=dt.date(2026, 11, 23))
    assert [r.status for r in PublicationRequest.objects.order_by("pk")] == [
        RequestStatus.REVIEW,
        RequestStatus.SUBMITTED,
        RequestStatus.APPROVED,
    ]
    review, submitted, approved = created
    assert selectors.request_readiness(review).unresolved > 0
    assert selectors.request_readiness(submitted).persons >= 2
    assert any(a.masked for a in selectors.approved_files(approved))
    assert demo_publication_create() == []  # a second run adds nothing
    assert PublicationRequest.objects.count() == 3


def test_without_the_demo_city_nothing_is_made(db: None) -> None:
    assert demo_publication_create() == []


def test_demo_residents_carry_the_fictitious_markers() -> None:
    from mamori.synth import is_fictitious_phone

    for r in residents(10):
        block = int(r.address.split("丁目")[-1].split("町")[-1].split("番")[0][-3:])
        assert 901 <= block <= 999
        assert is_fictitious_phone(r.phone)
