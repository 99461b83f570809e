"""Check digits: worked examples from the published rules, and generated round trips."""

from __future__ import annotations

import random

import pytest

from mamori import checkdigits as cd


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("123456789018", True),  # the example used in the 番号法施行令 walkthroughs
        ("123456789012", False),  # same body, wrong check digit
        ("12345678901", False),  # 11 digits: too short
        ("12345678901８", False),  # a full-width digit: callers normalise first
    ],
)
def test_my_number(number: str, valid: bool) -> None:
    assert cd.is_valid_my_number(number) is valid


def test_my_number_remainder_zero_or_one_gives_zero() -> None:
    # Find bodies whose weighted sum is 0 or 1 mod 11: the check digit must be 0.
    rng = random.Random(7)
    seen = 0
    while seen < 20:
        body = "".join(rng.choice("0123456789") for _ in range(11))
        weights = [n + 1 if n <= 6 else n - 5 for n in range(1, 12)]
        total = sum(int(d) * w for d, w in zip(reversed(body), weights, strict=True))
        if total % 11 <= 1:
            assert cd.my_number_check_digit(body) == 0
            seen += 1


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("7000012050002", True),  # 国税庁's published corporate number (a public body)
        ("8000012050002", False),
        ("700001205000", False),
    ],
)
def test_corporate_number(number: str, valid: bool) -> None:
    assert cd.is_valid_corporate_number(number) is valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("4111111111111111", True),  # the well-known test card number
        ("4111111111111112", False),
        ("79927398713", True),  # the Luhn article's example
        ("79927398710", False),
    ],
)
def test_luhn(number: str, valid: bool) -> None:
    assert cd.is_valid_luhn(number) is valid


@pytest.mark.parametrize(
    ("make", "check", "length"),
    [
        (cd.my_number_check_digit, cd.is_valid_my_number, 11),
        (cd.resident_code_check_digit, cd.is_valid_resident_code, 10),
        (cd.luhn_check_digit, cd.is_valid_luhn, 15),
        (cd.insurer_number_check_digit, cd.is_valid_insurer_number, 7),
        (cd.insurer_number_check_digit, cd.is_valid_insurer_number, 5),
    ],
)
def test_generated_numbers_validate_and_one_digit_changes_are_caught(make, check, length) -> None:
    rng = random.Random(length)
    for _ in range(200):
        body = "".join(rng.choice("0123456789") for _ in range(length))
        full = body + str(make(body))
        assert check(full)
        i = rng.randrange(len(full))
        wrong = full[:i] + str((int(full[i]) + rng.randrange(1, 10)) % 10) + full[i + 1 :]
        # Mod-11 and Luhn catch every single-digit error except mod-11's 0/1 collapse.
        if make is not cd.my_number_check_digit and make is not cd.resident_code_check_digit:
            assert not check(wrong)


def test_corporate_round_trip() -> None:
    rng = random.Random(13)
    for _ in range(200):
        body = "".join(rng.choice("0123456789") for _ in range(12))
        assert cd.is_valid_corporate_number(str(cd.corporate_number_check_digit(body)) + body)


def test_bodies_of_the_wrong_shape_are_refused() -> None:
    with pytest.raises(ValueError, match="11 ASCII digits"):
        cd.my_number_check_digit("123")
    with pytest.raises(ValueError, match="12 ASCII digits"):
        cd.corporate_number_check_digit("12345678901a")
