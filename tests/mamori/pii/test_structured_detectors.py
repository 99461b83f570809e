"""Per-detector tables of positive and negative cases (STYLE.md).

Each positive case names the label and the exact span that must be reported; each negative
case says in its comment why nothing of that label may be reported.
"""

from __future__ import annotations

import pytest

from mamori.pii import Scanner
from tests.mamori.pii._structured import found, structured_scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return structured_scanner()


def _check(scanner: Scanner, label: str, text: str, expected: str | None) -> None:
    got = {span for kind, span in found(scanner, text) if kind == label}
    if expected is None:
        assert got == set(), f"{label} must not match in {text!r}"
    else:
        assert expected in got, f"{label} {expected!r} not found in {text!r}: {got}"


MY_NUMBER = [
    ("個人番号 123456789018", "123456789018"),
    ("1234 5678 9018", "1234 5678 9018"),
    ("1234-5678-9018", "1234-5678-9018"),
    ("個人番号　１２３４　５６７８　９０１８", "１２３４　５６７８　９０１８"),
    ('"kojin_no": "846141108910"', "846141108910"),
    # the check digit fails: an ordinary 12-digit number (a 整理番号), not a My Number
    ("整理番号（例：262833111744）", None),
    # 13 digits: a corporate number or something else, never a 12-digit My Number inside it
    ("1234567890183", None),
    # grouped 4-4-4 must be grouped consistently, 6-6 is not how the number is written
    ("123456 789018", None),
    # part of an identifier with letters (a file name, a product code)
    ("ABC123456789018", None),
]


@pytest.mark.parametrize(("text", "expected"), MY_NUMBER)
def test_my_number(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "MY_NUMBER", text, expected)


CORPORATE_NUMBER = [
    ("株式会社ミモリ（法人番号 7969864922506）", "7969864922506"),
    ("落札者\t法人番号\n株式会社A\t5709444514842", "5709444514842"),
    # the check digit (the first digit) is wrong
    ("法人番号 8969864922506", None),
    # 12 digits is not a corporate number
    ("法人番号 969864922506", None),
]


@pytest.mark.parametrize(("text", "expected"), CORPORATE_NUMBER)
def test_corporate_number(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "CORPORATE_NUMBER", text, expected)


def test_a_corporate_number_is_never_a_my_number(scanner: Scanner) -> None:
    assert found(scanner, "法人番号 7969864922506") == {("CORPORATE_NUMBER", "7969864922506")}


PHONE = [
    ("電話番号　090-0808-6692", "090-0808-6692"),
    ("連絡先：０９０－０２３１－３０１２", "０９０－０２３１－３０１２"),
    ("携帯 080(0837)7590", "080(0837)7590"),
    ("TEL 07000482470", "07000482470"),
    ("自宅 0776−00−5353", "0776−00−5353"),
    ("自宅 03-0123-4567", "03-0123-4567"),  # fictitious (exchange 0…) but the plan's shape
    ("自宅 045-012-3456", "045-012-3456"),
    ("自宅 0952082262", "0952082262"),
    ("IP電話 050-1234-5678", "050-1234-5678"),
    ("フリーダイヤル 0120-123-456", "0120-123-456"),
    ("090ー0479ー0275", "090ー0479ー0275"),
    ("（03）1234-5678", "（03）1234-5678"),
    # 9 digits: no Japanese number is that short
    ("電話 03-123-456", None),
    # a mobile number has 11 digits, 090 with 10 is not a number
    ("電話 090-123-4567", None),
    # 00 is the international prefix, not a domestic number
    ("電話 0012-345-6789", None),
    # the area code may not be longer than five digits
    ("電話 012345-6-789", None),
    # the city's switchboard and a department's direct line are the office's contact points
    ("代表電話 027-038-0842", None),
    ("担当：市民課　佐藤 太郎　電話： 027-066-1836（内線2046）", None),
    ("委託先の窓口 038-049-0478", None),
    # a number that does not start with 0 is not a phone number
    ("番号 1234567890", None),
]


@pytest.mark.parametrize(("text", "expected"), PHONE)
def test_phone(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "PHONE", text, expected)


EMAIL = [
    ("連絡先 mail922@example.jp です", "mail922@example.jp"),
    ("From: 林 <hayashi-m70@city.minatomori.example.jp>", "hayashi-m70@city.minatomori.example.jp"),
    (
        "ｔａｒｏ．ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ",
        "ｔａｒｏ．ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    ),
    # a department's shared mailbox: the organisation's contact, not a person's
    ("E-mail：somu@city.minatomori.example.jp", None),
    # marked as the shared address of the office
    ("共用 senkan2@city.minatomori.example.jp", None),
    # no top-level domain: not an address
    ("user@localhost", None),
    # a Twitter-style handle, not an address
    ("@mamori_city をフォロー", None),
]


@pytest.mark.parametrize(("text", "expected"), EMAIL)
def test_email(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "EMAIL", text, expected)


POSTAL_CODE = [
    ("〒717-0741\n真庭市若代976番地10", "717-0741"),
    ("〒１２０－０００５", "１２０－０００５"),
    ("住所　〒1000001", "1000001"),
    ('"postal_code": "5100831"', "5100831"),
    ("新住所：990-2235　山形市中里938番地14", "990-2235"),
    ("郵便番号 100-0001", "100-0001"),
    # a page number shaped like a postal code
    ("更新日：令和8年1月28日　ページ番号 875-7305", None),
    # the code does not exist in Japan Post's data
    ("〒000-0000", None),
    # seven digits alone, without 〒, 郵便番号 or an address after: an ordinary number
    ("受付 1000001 件", None),
]


@pytest.mark.parametrize(("text", "expected"), POSTAL_CODE)
def test_postal_code(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "POSTAL_CODE", text, expected)


CREDIT_CARD = [
    ("カード番号 4111 1156 4757 8354 は", "4111 1156 4757 8354"),
    ("カード決済（4012-8837-8423-9367）", "4012-8837-8423-9367"),
    ("４１１１　１１６１　９１９７　２４８０", "４１１１　１１６１　９１９７　２４８０"),
    ("3530112382101141", "3530112382101141"),
    # Luhn fails
    ("カード番号 4111 1156 4757 8355", None),
    # Luhn passes but no card network issues numbers starting with 9
    ("9111111111111119", None),
    # grouped like a card but 4-4-4 is 12 digits (a My Number shape)
    ("4111 1111 1111", None),
]


@pytest.mark.parametrize(("text", "expected"), CREDIT_CARD)
def test_credit_card(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "CREDIT_CARD", text, expected)


PASSPORT = [
    ("旅券番号 TZ0212312", "TZ0212312"),
    ("本人確認：旅券（旅券番号 MX1282041）", "MX1282041"),
    ("パスポート: ＴＲ８０７１３６８", "ＴＲ８０７１３６８"),
    # no context: two letters and seven digits are also order and model numbers
    ("型番 AB1234567", None),
    # eight digits after the letters
    ("旅券番号 TZ02123120", None),
]


@pytest.mark.parametrize(("text", "expected"), PASSPORT)
def test_passport(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "PASSPORT", text, expected)


RESIDENT_CODE = [
    ("住民票コード 09495206090", "09495206090"),
    ("続柄\t氏名\t住民票コード\n世帯主\t山田 太郎\t58314959610", "58314959610"),
    ("| 氏名 | 住民票コード |\n|---|---|\n| 山田 | 45882093739 |", "45882093739"),
    ("続柄  氏名  住民票コード\n世帯主  辻 兼次  69780585560", "69780585560"),
    # the check digit fails
    ("住民票コード 09495206091", None),
    # no context: 11 digits are also phone numbers and account numbers
    ("番号 58314959610", None),
]


@pytest.mark.parametrize(("text", "expected"), RESIDENT_CODE)
def test_resident_code(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "RESIDENT_CODE", text, expected)


PENSION_NUMBER = [
    ("基礎年金番号　7020 019832", "7020 019832"),
    ("年金の相談。基礎年金番号 6147151465。", "6147151465"),
    ("基礎年金番号 1514-808999", "1514-808999"),
    ("基礎年金番号 ８５３７　０９００３５", "８５３７　０９００３５"),
    # no context: ten digits are phone numbers too
    ("番号 7020 019832", None),
    # 5 + 5 is not how the number is grouped
    ("基礎年金番号 70200 19832", None),
]


@pytest.mark.parametrize(("text", "expected"), PENSION_NUMBER)
def test_pension_number(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "PENSION_NUMBER", text, expected)


DRIVERS_LICENSE = [
    ("本人確認：運転免許証（第526783169840号）", "526783169840"),
    ("No,氏名,運転免許証番号\n1,山田 太郎,440914194530", "440914194530"),
    # no context: twelve digits are My Numbers or something else
    ("番号 526783169840", None),
]


@pytest.mark.parametrize(("text", "expected"), DRIVERS_LICENSE)
def test_drivers_license(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "DRIVERS_LICENSE", text, expected)


def test_a_license_number_that_passes_the_my_number_check_is_a_license(scanner: Scanner) -> None:
    # 123456789018 passes the My Number check digit; the context says it is a licence
    assert found(scanner, "運転免許証 123456789018") == {("DRIVERS_LICENSE", "123456789018")}


HEALTH_INSURANCE = [
    ("健康保険証　保険者番号 01167550　記号 7242　番号 203082", "01167550"),
    ("健康保険証　保険者番号 01167550　記号 7242　番号 203082", "7242"),
    ("健康保険証　保険者番号 01167550　記号 7242　番号 203082", "203082"),
    ("被保険者証　記号 3154　番号 795128", "795128"),
    ("保険者番号　232835", "232835"),
    ("受付番号,氏名,保険者番号,記号,番号\n第1号,山田 太郎,239897,3585,787165", "787165"),
    ("受付番号,氏名,保険者番号,記号,番号\n第1号,山田 太郎,239897,3585,787165", "3585"),
    ("受付番号,氏名,保険者番号,記号,番号\n第1号,山田 太郎,239897,3585,787165", "239897"),
    # the insurer number's check digit fails
    ("保険者番号 01167551", None),
    # 記号 and 番号 of something that is not health insurance (no 保険 on the line)
    ("文書 記号 7242　番号 203082", None),
    # the 番号 column of a voter list is a row number
    ("番号\t氏名\t住所\n806\t森 亜子\t南国市領石995番地20", None),
]


@pytest.mark.parametrize(("text", "expected"), HEALTH_INSURANCE)
def test_health_insurance(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "HEALTH_INSURANCE", text, expected)


DISABILITY_CERT = [
    ("身体障害者手帳　第87799号　等級 1級", "87799"),
    ("身体障害者手帳　第87799号　等級 1級", "1級"),
    ("精神障害者保健福祉手帳\t481287\t6級", "481287"),
    ("精神障害者保健福祉手帳,102454,2級", "2級"),
    ("療育手帳 第123456号 A1", "A1"),
    # a document number: 第…号 without a certificate kind
    ("総務第913号", None),
    # the certificate kind mentioned without a number
    ("身体障害者手帳をお持ちの方は窓口へ", None),
    # a date after the kind is not a certificate number
    ("身体障害者手帳 2025年4月1日交付", None),
]


@pytest.mark.parametrize(("text", "expected"), DISABILITY_CERT)
def test_disability_cert(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "DISABILITY_CERT", text, expected)


BANK_ACCOUNT = [
    ("振込先 みずほ銀行 支店番号298　普通 2549035", "2549035"),
    ("振込先　楽天銀行　支店番号810　普通　口座番号 7595027", "7595027"),
    ("中央支店　当座　口座番号 1234567", "1234567"),
    # no bank, branch or account word: 普通 followed by a number is not an account
    ("普通 1234567 件の申請", None),
    # eight digits are not a Japanese account number
    ("みずほ銀行 普通 12345678", None),
]


@pytest.mark.parametrize(("text", "expected"), BANK_ACCOUNT)
def test_bank_account(scanner: Scanner, text: str, expected: str | None) -> None:
    _check(scanner, "BANK_ACCOUNT", text, expected)


def test_every_finding_explains_itself(scanner: Scanner) -> None:
    (finding,) = scanner.scan_text("個人番号 1234 5678 9018")
    assert finding.explanation.detector == "jp.my_number"
    assert finding.explanation.pattern == "grouped"
    assert finding.explanation.validated is True
    assert "context '個人番号'" in finding.explanation.describe()
