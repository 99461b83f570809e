"""Fictitious identifiers: valid forms and check digits, fictitious conventions where they exist."""

from __future__ import annotations

import random
import re

import pytest

from mamori.checkdigits import (
    is_valid_insurer_number,
    is_valid_luhn,
    is_valid_my_number,
    is_valid_resident_code,
)
from mamori.synth._identifiers import (
    CARD_PREFIXES,
    EMAIL_DOMAINS,
    PREFECTURES,
    IdentifierFactory,
    is_fictitious_phone,
    kana_to_romaji,
)

# What a scanner accepts as a Japanese phone number: 10 digits fixed, 11 digits mobile.
PHONE = re.compile(r"^(0\d{1,4})-(\d{1,4})-(\d{4})$")


@pytest.fixture
def ids() -> IdentifierFactory:
    return IdentifierFactory(random.Random(11))


def test_my_numbers_have_valid_check_digits_and_are_unique(ids: IdentifierFactory) -> None:
    numbers = [ids.my_number() for _ in range(20_000)]
    assert all(len(n) == 12 and is_valid_my_number(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_resident_codes_have_valid_check_digits_and_are_unique(ids: IdentifierFactory) -> None:
    codes = [ids.resident_code() for _ in range(20_000)]
    assert all(len(c) == 11 and is_valid_resident_code(c) for c in codes)
    assert len(set(codes)) == len(codes)


def test_mobile_numbers_are_in_the_fictitious_range(ids: IdentifierFactory) -> None:
    for _ in range(1000):
        number = ids.mobile_phone()
        match = PHONE.match(number)
        assert match, number
        assert match.group(1) in ("070", "080", "090")
        assert match.group(2).startswith("0")
        assert len(number.replace("-", "")) == 11
        assert is_fictitious_phone(number)


@pytest.mark.parametrize(("prefecture", "area"), [(p[0], p[2]) for p in PREFECTURES])
def test_fixed_numbers_use_the_area_code_and_an_unassigned_exchange(
    prefecture: str, area: str
) -> None:
    number = IdentifierFactory(random.Random(1)).fixed_phone(prefecture)
    match = PHONE.match(number)
    assert match, number
    assert match.group(1) == area
    assert match.group(2).startswith("0")  # no real 市内局番 starts with 0
    assert len(number.replace("-", "")) == 10
    assert is_fictitious_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "090-1234-5678",  # a real-looking mobile number: the second group starts with 1
        "03-3581-0000",  # a real-looking Tokyo number
        "0120-000-000",  # wrong length for this convention
        "090-0123-567",  # too short
    ],
)
def test_real_looking_numbers_are_not_fictitious(number: str) -> None:
    assert not is_fictitious_phone(number)


def test_emails_use_reserved_domains_only(ids: IdentifierFactory) -> None:
    for _ in range(500):
        email = ids.email("サトウ", "ハナコ", 1987)
        local, domain = email.split("@")
        assert domain in EMAIL_DOMAINS
        assert re.fullmatch(r"[a-z0-9._]+", local)
    assert all(d.split(".")[0] == "example" for d in EMAIL_DOMAINS)


def test_credit_cards_use_test_prefixes_and_pass_luhn(ids: IdentifierFactory) -> None:
    for _ in range(1000):
        card = ids.credit_card()
        assert len(card) == 16
        assert is_valid_luhn(card)
        assert card[:6] in CARD_PREFIXES


def test_other_identifier_shapes(ids: IdentifierFactory) -> None:
    for _ in range(300):
        assert re.fullmatch(r"\d{4}-\d{6}", ids.pension_number())
        assert re.fullmatch(r"[A-Z]{2}\d{7}", ids.passport())
        licence = ids.drivers_license("東京都", 2001)
        assert re.fullmatch(r"\d{12}", licence)
        assert licence.startswith("3001")
        code, name, branch, kind, number = ids.bank_account()
        assert re.fullmatch(r"\d{4}", code)
        assert name.endswith("銀行")
        assert re.fullmatch(r"\d{3}", branch)
        assert kind in ("普通", "当座")
        assert re.fullmatch(r"\d{7}", number)


@pytest.mark.parametrize(
    ("kind", "length", "prefix"), [("kokuho", 6, "13"), ("kyokai", 8, "0113"), ("koki", 8, "3913")]
)
def test_insurer_numbers_have_valid_check_digits(kind: str, length: int, prefix: str) -> None:
    ids = IdentifierFactory(random.Random(2))
    for _ in range(200):
        number = ids.insurer_number("東京都", kind=kind)
        assert len(number) == length
        assert number.startswith(prefix)
        assert is_valid_insurer_number(number)


def test_disability_certificates_are_a_small_share_mostly_of_the_old() -> None:
    ids = IdentifierFactory(random.Random(3))
    young = [ids.disability_certificate(30) for _ in range(20_000)]
    old = [ids.disability_certificate(80) for _ in range(20_000)]
    young_share = sum(c is not None for c in young) / len(young)
    old_share = sum(c is not None for c in old) / len(old)
    assert 0.02 < young_share < 0.07
    assert 0.07 < old_share < 0.14
    certificate, grade = next(c for c in old if c is not None)
    assert re.fullmatch(r"(身体障害者手帳|療育手帳|精神障害者保健福祉手帳) 第\d{6}号", certificate)
    assert grade


@pytest.mark.parametrize(
    ("kana", "romaji"),
    [
        ("サトウ", "satou"),
        ("ハナコ", "hanako"),
        ("キョウコ", "kyouko"),
        ("ショウタ", "shouta"),
        ("ハットリ", "hattori"),
        ("マッチャ", "matcha"),
        ("ジュン", "jun"),
        ("ユウキー", "yuuki"),
    ],
)
def test_kana_to_romaji(kana: str, romaji: str) -> None:
    assert kana_to_romaji(kana) == romaji
