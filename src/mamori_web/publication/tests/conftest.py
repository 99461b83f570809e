"""Fixtures of the 公開前チェック tests: a private MAMORI_HOME per test, fictitious letters
(generator data only), and a helper that makes a scanned request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mamori.synth import Person, generate_residents
from mamori_web.publication import services
from mamori_web.publication.models import PublicationRequest
from mamori_web.scanning import jobs
from mamori_web.testing import World


@pytest.fixture(autouse=True)
def _private_home(private_home: Path) -> None:
    """Every test has a MAMORI_HOME of its own (the root conftest's fixture)."""


@pytest.fixture(scope="session")
def residents() -> list[Person]:
    return [p for p in generate_residents(12, seed=77) if p.phone][:4]


def letter(person: Person) -> str:
    """A notice to a fictitious resident, with the office's contact at the end."""
    a = person.address
    return (
        "住民票の写しの交付について\n"
        f"申請者 {person.surname} {person.given_name} 様\n"
        f"住所 {a.prefecture}{a.city}{a.town}{a.block}\n"
        f"電話 {person.phone}\n"
        "上記のとおり交付します。\n"
    )


CLEAN_NOTICE = (
    "令和7年度 市民課窓口の開庁時間のお知らせ\n平日 8時30分から17時15分まで開庁します。\n"
)

MakeRequest = Callable[..., PublicationRequest]


@pytest.fixture
def make_request(world: World, residents: list[Person]) -> MakeRequest:
    def make(
        *,
        user_key: str = "staff",
        files: list[tuple[str, bytes]] | None = None,
        scan: bool = True,
    ) -> PublicationRequest:
        uploads = files or [("お知らせ.txt", letter(residents[0]).encode("utf-8"))]
        pub_request = services.publication_request_create(
            user=world.users[user_key],
            target_page="https://www.city.example.jp/shimin/notice.html",
            publish_on=dt.date(2026, 5, 1),
            note="試験",
            uploads=uploads,
        )
        if scan:
            while jobs.run_pending():
                pass
        pub_request.refresh_from_db()
        return pub_request

    return make


def decide_all(
    world: World, pub_request: PublicationRequest, decision: str = "mask", **kw: Any
) -> None:
    from mamori_web.publication import selectors

    for state in selectors.request_readiness(pub_request).files:
        for finding in state.file.job.findings.all():
            services.finding_decide(
                user=world.users["staff"],
                pub_request=pub_request,
                finding=finding,
                decision=decision,
                reason=kw.get("reason", "理由"),
            )
