"""Identifiers of a person as documents quote them.

The resident generator fills `Person.my_number`, `resident_code`, `pension_number`, `phone`
and `extra`; anything it leaves empty is derived here from the person's `resident_id`, so a
person carries the same numbers in every document of a corpus.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from mamori.checkdigits import (
    corporate_number_check_digit,
    insurer_number_check_digit,
    is_valid_my_number,
    luhn_check_digit,
    my_number_check_digit,
    resident_code_check_digit,
)
from mamori.synth._model import Person

# Issuer ranges of card brands' public test numbers: no real card carries these.
_TEST_CARD_PREFIXES = ("411111", "555555", "353011", "401288")


@dataclass(frozen=True, slots=True)
class PersonIds:
    phone: str
    email: str
    my_number: str
    resident_code: str
    pension_number: str
    insurer_number: str  # 保険者番号 (国民健康保険: 6 digits)
    insurance_symbol: str  # 被保険者証の記号
    insurance_number: str  # 被保険者証の番号
    drivers_license: str
    passport: str
    disability_kind: str  # empty: the document picks one
    disability_number: str
    disability_grade: str
    bank: str
    branch: str
    account_type: str
    account: str
    card: str


def my_number(rng: random.Random) -> str:
    body = f"{rng.randrange(10**11):011d}"
    return body + str(my_number_check_digit(body))


def invalid_my_number(rng: random.Random) -> str:
    """Twelve digits whose last digit is NOT the My Number check digit."""
    number = my_number(rng)
    wrong = (int(number[-1]) + rng.randrange(1, 10)) % 10
    result = number[:-1] + str(wrong)
    assert not is_valid_my_number(result)
    return result


def corporate_number(rng: random.Random) -> str:
    body = f"{rng.randrange(10**12):012d}"
    return str(corporate_number_check_digit(body)) + body


def resident_code(rng: random.Random) -> str:
    body = f"{rng.randrange(10**10):010d}"
    return body + str(resident_code_check_digit(body))


def card_number(rng: random.Random) -> str:
    body = rng.choice(_TEST_CARD_PREFIXES) + f"{rng.randrange(10**9):09d}"
    return body + str(luhn_check_digit(body))


def fictitious_phone(rng: random.Random, *, mobile: bool = True) -> str:
    """A number in an unassigned range (the subscriber part starts with 0)."""
    if mobile:
        prefix = rng.choice(("090", "080", "070"))
        return f"{prefix}-0{rng.randrange(1000):03d}-{rng.randrange(10000):04d}"
    if rng.random() < 0.3:  # Tokyo, Osaka: 2-digit area code
        return f"0{rng.choice((3, 6))}-0{rng.randrange(1000):03d}-{rng.randrange(10000):04d}"
    return f"0{rng.randrange(11, 100)}-0{rng.randrange(100):02d}-{rng.randrange(10000):04d}"


_BANKS = ("みなと守銀行", "見守信用金庫", "さくら野銀行", "ひかり農業協同組合", "あおば信用組合")
_BRANCHES = ("本店", "駅前支店", "市役所出張所", "中央支店", "北支店", "南口支店")


def for_person(p: Person) -> PersonIds:
    rng = random.Random(f"mamori-corpus-ids:{p.resident_id}")
    extra = p.extra
    insurer_body = f"{rng.randrange(10**5):05d}"
    certificate = re.fullmatch(r"(\S+) 第(\d+)号", extra.get("disability_certificate", ""))
    return PersonIds(
        phone=p.phone or fictitious_phone(rng),
        email=p.email or f"{rng.choice(('user', 'mail', 'home'))}{rng.randrange(1000)}@example.jp",
        my_number=p.my_number or my_number(rng),
        resident_code=p.resident_code or resident_code(rng),
        pension_number=p.pension_number
        or f"{rng.randrange(1000, 10000)}-{rng.randrange(10**6):06d}",
        insurer_number=extra.get("health_insurer_number")
        or insurer_body + str(insurer_number_check_digit(insurer_body)),
        # 後期高齢者医療 (75+) has no 記号: the generator leaves it out, and so do we.
        insurance_symbol=extra.get("health_insurance_symbol", "")
        if "health_insurer_number" in extra
        else f"{rng.randrange(1, 10000):04d}",
        insurance_number=extra.get("health_insurance_number") or f"{rng.randrange(1, 100000)}",
        drivers_license=extra.get("drivers_license") or f"{rng.randrange(10**12):012d}",
        passport=extra.get("passport")
        or f"{rng.choice(('TZ', 'TX', 'MX'))}{rng.randrange(10**7):07d}",
        disability_kind=certificate.group(1) if certificate else "",
        disability_number=certificate.group(2) if certificate else f"{rng.randrange(1, 10**6)}",
        disability_grade=extra.get("disability_grade") or f"{rng.randrange(1, 7)}級",
        bank=extra.get("bank_name") or rng.choice(_BANKS),
        branch=f"支店番号{extra['bank_branch_code']}"
        if "bank_branch_code" in extra
        else rng.choice(_BRANCHES),
        account_type=extra.get("bank_account_type", "普通"),
        account=extra.get("bank_account_number") or f"{rng.randrange(10**7):07d}",
        card=extra.get("credit_card") or card_number(rng),
    )
