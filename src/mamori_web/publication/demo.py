"""Sample 公開前チェック requests of the demo city (みなと守市), from fictitious documents.

Three requests in three states, so that every screen has something to show: a notice
naming a fictitious resident awaiting review (`staff`), a roster table awaiting the 所属長's
approval (`kaikei-staff`), and an approved press release whose resident's name was masked.
The residents are invented the demo city's way (its name list, `demo.names`) with the
fictitious markers of docs/synth.md: 番地 901–999 and phones from `mamori.synth`'s
`IdentifierFactory` (the full resident generator takes seconds to load its pools, and
`mamori up` must stay fast). The scans run synchronously (`jobs.run_pending`).
Idempotent: nothing is added when the samples exist already. `mamori up` runs it
through `mamori manage demo_publication`.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from mamori.synth import IdentifierFactory
from mamori_web.demo.names import pick_names
from mamori_web.publication import services
from mamori_web.publication.models import PublicationRequest
from mamori_web.scanning import jobs
from mamori_web.scanning.models import ScanFinding

SITE = "https://www.city.minato-mamori.example.jp"
OFFICIAL_PHONE = "03-0123-4567"  # the 市民課 switchboard: public, published on purpose


# Real towns (so the address reads as one) with fictitious block numbers (901–999).
_TOWNS = (
    ("東京都", "港区", "芝公園四丁目"),
    ("神奈川県", "横浜市中区", "山下町"),
    ("千葉県", "千葉市中央区", "中央二丁目"),
    ("埼玉県", "さいたま市浦和区", "高砂三丁目"),
)


@dataclass(frozen=True)
class Resident:
    name: str
    address: str
    birth: str
    phone: str


def residents(n: int, *, seed: int = 20260401) -> list[Resident]:
    rng = random.Random(f"{seed}:publication-demo")
    ids = IdentifierFactory(random.Random(f"{seed}:publication-demo-ids"))
    out = []
    for name, _kana in pick_names(rng, n):
        pref, city, town = rng.choice(_TOWNS)
        block = f"{rng.randint(901, 999)}番{rng.randint(1, 30)}号"
        birth = dt.date(rng.randint(1945, 2005), rng.randint(1, 12), rng.randint(1, 28))
        out.append(
            Resident(
                name=name,
                address=f"{pref}{city}{town}{block}",
                birth=f"{birth:%Y年%-m月%-d日}",
                phone=ids.mobile_phone(),
            )
        )
    return out


def notice_docx(person: Resident) -> bytes:
    """A 交付通知 that names a fictitious resident (the 市川市 2008 mistake, in small)."""
    import docx

    document = docx.Document()
    document.add_heading("住民票の写しの交付について（記載例）", level=1)
    document.add_paragraph(f"申請者　{person.name} 様")
    document.add_paragraph(f"住所　{person.address}")
    document.add_paragraph(f"電話　{person.phone}")
    document.add_paragraph("上記のとおり交付します。窓口では本人確認書類をご提示ください。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def roster_xlsx(people: list[Resident]) -> bytes:
    """A 参加者名簿 table: name, address, birth date, phone per row."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "参加者名簿"
    sheet.append(["氏名", "住所", "生年月日", "電話番号"])
    for p in people:
        sheet.append([p.name, p.address, p.birth, p.phone])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def press_release(person: Resident) -> bytes:
    text = (
        "報道発表資料\n"
        "みなと守市 市民課窓口の土曜開庁について\n"
        "令和8年5月から、第2・第4土曜日に市民課窓口を開庁します。\n"
        f"当日の受付第1号は {person.name} 様でした。\n"
        f"問合せ先：市民課 代表 {OFFICIAL_PHONE}\n"
    )
    return text.encode("utf-8")


CLEAN_NOTICE = (
    "令和8年度 市民課窓口の開庁時間のお知らせ\n"
    "平日 8時30分から17時15分まで開庁します。祝日と年末年始は閉庁します。\n"
).encode()


def _scan_all() -> None:
    for _ in range(20):
        if not jobs.run_pending():
            return


def _decide(user: Any, pub_request: PublicationRequest, keep_phone: str = "") -> None:
    from mamori_web.publication import selectors

    for state in selectors.request_readiness(pub_request).files:
        for finding in ScanFinding.objects.filter(job=state.job):
            publish = finding.type == "PHONE" and finding.preview.endswith(keep_phone[-2:])
            services.finding_decide(
                user=user,
                pub_request=pub_request,
                finding=finding,
                decision="publish" if publish and keep_phone else "mask",
                reason="市民課の代表番号（公表済み）" if publish and keep_phone else "",
            )


def demo_publication_exists() -> bool:
    return PublicationRequest.objects.filter(target_page__startswith=SITE).exists()


def demo_publication_create(*, today: dt.date | None = None) -> list[PublicationRequest]:
    """Create the three sample requests; [] when they exist or the demo city does not."""
    if demo_publication_exists():
        return []
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["staff", "kaikei-staff", "shiminka-kacho"]
        )
    }
    if len(users) < 3:
        return []
    today = today or timezone.localdate()
    people = residents(10)
    staff, kaikei, manager = users["staff"], users["kaikei-staff"], users["shiminka-kacho"]
    review = services.publication_request_create(
        user=staff,
        target_page=f"{SITE}/shimin/juminhyo.html",
        publish_on=today + dt.timedelta(days=14),
        note="窓口案内ページの記載例を更新します。",
        uploads=[("住民票交付の記載例.docx", notice_docx(people[0]))],
    )
    submitted = services.publication_request_create(
        user=kaikei,
        target_page="市民講座の開催報告",
        publish_on=today + dt.timedelta(days=7),
        note="参加者名簿は掲載前に確認をお願いします。",
        uploads=[("市民講座_参加者名簿.xlsx", roster_xlsx(people[1:9]))],
    )
    approved = services.publication_request_create(
        user=staff,
        target_page=f"{SITE}/press/doyo-kaicho.html",
        publish_on=today + dt.timedelta(days=3),
        uploads=[
            ("報道発表_土曜開庁.txt", press_release(people[9])),
            ("開庁時間のお知らせ.txt", CLEAN_NOTICE),
        ],
    )
    _scan_all()
    for pub_request, user in ((submitted, kaikei), (approved, staff)):
        pub_request.refresh_from_db()
        _decide(user, pub_request, keep_phone=OFFICIAL_PHONE if pub_request == approved else "")
        services.publication_submit(
            user=user, pub_request=pub_request, comment="確認をお願いします"
        )
    approved.refresh_from_db()
    services.publication_approve(user=manager, pub_request=approved, comment="確認しました")
    return [review, submitted, approved]
