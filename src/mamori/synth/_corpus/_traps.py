"""Text that looks like personal data but is not (never in the gold, listed in traps.jsonl).

Trap kinds: PLACE (a place name that is also a surname), ORGANIZATION (a company or
facility), OFFICE_PHONE (the city's 代表 or a department's 直通), OFFICE_EMAIL (a
department's shared mailbox), AMOUNT, DOCUMENT_NUMBER, DATE (施行日, 開催日 …),
INVALID_MY_NUMBER (12 digits failing the check digit), NUMBER (a code shaped like a postal
code or phone number).
"""

from __future__ import annotations

import datetime as dt
import random

from mamori.jpdate import to_wareki
from mamori.synth._corpus._doc import Seg
from mamori.synth._corpus._ids import fictitious_phone, invalid_my_number
from mamori.synth._corpus._variants import amount

# Real municipalities and prefectures whose names are also common surnames.
PLACES_THAT_ARE_SURNAMES = (
    "中野区",
    "宮崎県",
    "大和市",
    "佐賀市",
    "福島県",
    "岡山市",
    "長野市",
    "石川県",
    "山口県",
    "千葉市",
    "吉川市",
    "上田市",
    "前橋市",
    "松本市",
    "小松市",
    "岩田町",
    "藤沢市",
    "熊谷市",
)

_COINED = ("ミモリ情報", "マモリ設備", "ひかり見守", "ミナモリ建設", "アオバ見守", "モリテック")
_KINDS = ("システム", "サービス", "工業", "商事", "印刷", "ビルメンテナンス")
FACILITIES = (
    "市民会館",
    "中央公民館",
    "市立図書館",
    "保健センター",
    "市民体育館",
    "第一小学校",
    "子育て支援センター",
    "市役所本庁舎",
)

DEPARTMENTS = (
    ("市民課", "shimin"),
    ("保険年金課", "hoken"),
    ("福祉課", "fukushi"),
    ("子育て支援課", "kosodate"),
    ("総務課", "somu"),
    ("情報政策課", "johoseisaku"),
    ("税務課", "zeimu"),
    ("選挙管理委員会事務局", "senkan"),
    ("企画課", "kikaku"),
    ("環境政策課", "kankyo"),
)

CITY_DOMAIN = "city.minatomori.example.jp"


def place(rng: random.Random) -> Seg:
    return Seg(rng.choice(PLACES_THAT_ARE_SURNAMES), trap="PLACE")


def company(rng: random.Random) -> Seg:
    style = rng.random()
    stem = rng.choice(PLACES_THAT_ARE_SURNAMES)[:-1] if style < 0.5 else ""
    name = stem + rng.choice(_COINED) + rng.choice(_KINDS)
    text = f"株式会社{name}" if rng.random() < 0.6 else f"{name}株式会社"
    return Seg(text, trap="ORGANIZATION")


def facility(rng: random.Random) -> Seg:
    return Seg(rng.choice(FACILITIES), trap="ORGANIZATION")


def office_phone(rng: random.Random) -> Seg:
    """The city's 代表電話 or a department's 直通: an office number, not personal data."""
    return Seg(fictitious_phone(rng, mobile=False), trap="OFFICE_PHONE")


def office_email(dept_romaji: str) -> Seg:
    return Seg(f"{dept_romaji}@{CITY_DOMAIN}", trap="OFFICE_EMAIL")


def money(rng: random.Random) -> Seg:
    return Seg(amount(rng.randrange(10, 90000) * 1000 + rng.choice((0, 0, 567))), trap="AMOUNT")


def document_number(rng: random.Random, dept: str = "") -> Seg:
    prefix = rng.choice((dept[:2], "", "総務", "市民")) if dept else ""
    return Seg(f"{prefix}第{rng.randrange(1, 3000)}号", trap="DOCUMENT_NUMBER")


def date(rng: random.Random, base: dt.date) -> Seg:
    """An event, issue or enforcement date near `base` (never a birth date)."""
    day = base + dt.timedelta(days=rng.randrange(-60, 60))
    text = to_wareki(day) if rng.random() < 0.7 else f"{day.year}年{day.month}月{day.day}日"
    return Seg(text, trap="DATE")


def bad_my_number(rng: random.Random) -> Seg:
    return Seg(invalid_my_number(rng), trap="INVALID_MY_NUMBER")


def code_number(rng: random.Random) -> Seg:
    """A code shaped like a postal code (事業コード 110-2031), not a postal code."""
    return Seg(f"{rng.randrange(100, 1000)}-{rng.randrange(10000):04d}", trap="NUMBER")
