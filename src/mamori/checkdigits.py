"""Check digits of Japanese identifiers, shared by the scanner (validate) and the generator.

Each ``*_check_digit`` takes the digits without the check digit and returns it; each
``is_valid_*`` takes the full number (digits only; strip separators first).

- 個人番号 (My Number), 12 digits: the last is ``11 - (Σ Pn·Qn mod 11)`` over the other 11
  digits, Pn the n-th digit from the right, Qn = n+1 for n ≤ 6 and n-5 for n ≥ 7; a
  remainder of 0 or 1 gives 0 (行政手続における特定の個人を識別するための番号の利用等に
  関する法律施行令 第8条).
- 法人番号 (corporate number), 13 digits: the *first* is ``9 - (Σ Pn·Qn mod 9)`` over
  the other 12 digits, Pn the n-th digit from the right, Qn = 1 for odd n, 2 for even n.
- 住民票コード, 11 digits: the same modulus-11 rule as My Number over the first 10 digits.
- 保険者番号 (health-insurance insurer number), 8 digits (6 for 国民健康保険): the last
  digit makes the Luhn-style sum with weights 2,1,2,1… from the left a multiple of 10.
- Card numbers: the Luhn algorithm.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "corporate_number_check_digit",
    "insurer_number_check_digit",
    "is_valid_corporate_number",
    "is_valid_insurer_number",
    "is_valid_luhn",
    "is_valid_my_number",
    "is_valid_resident_code",
    "luhn_check_digit",
    "my_number_check_digit",
    "resident_code_check_digit",
]


def _digits(text: str, length: int | Sequence[int]) -> list[int] | None:
    lengths = (length,) if isinstance(length, int) else tuple(length)
    if len(text) not in lengths or not text.isascii() or not text.isdigit():
        return None
    return [ord(c) - 48 for c in text]


def _mod11(body: list[int]) -> int:
    total = 0
    for n, digit in enumerate(reversed(body), start=1):
        total += digit * (n + 1 if n <= 6 else n - 5)
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def my_number_check_digit(first11: str) -> int:
    body = _digits(first11, 11)
    if body is None:
        raise ValueError("a My Number body is 11 ASCII digits")
    return _mod11(body)


def is_valid_my_number(number: str) -> bool:
    digits = _digits(number, 12)
    return digits is not None and _mod11(digits[:11]) == digits[11]


def resident_code_check_digit(first10: str) -> int:
    body = _digits(first10, 10)
    if body is None:
        raise ValueError("a 住民票コード body is 10 ASCII digits")
    return _mod11(body)


def is_valid_resident_code(code: str) -> bool:
    digits = _digits(code, 11)
    return digits is not None and _mod11(digits[:10]) == digits[10]


def corporate_number_check_digit(last12: str) -> int:
    body = _digits(last12, 12)
    if body is None:
        raise ValueError("a 法人番号 body is 12 ASCII digits")
    total = sum(d * (1 if n % 2 else 2) for n, d in enumerate(reversed(body), start=1))
    return 9 - total % 9


def is_valid_corporate_number(number: str) -> bool:
    digits = _digits(number, 13)
    if digits is None:
        return False
    return corporate_number_check_digit(number[1:]) == digits[0]


def _luhn_sum(digits: list[int], double_first: bool) -> int:
    total = 0
    for i, d in enumerate(digits):
        if (i % 2 == 0) == double_first:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total


def luhn_check_digit(body: str) -> int:
    digits = _digits(body, range(1, 30))
    if digits is None:
        raise ValueError("a Luhn body is ASCII digits")
    # The check digit is appended on the right, so the body's last digit is doubled.
    total = _luhn_sum(digits[::-1], double_first=True)
    return (10 - total % 10) % 10


def is_valid_luhn(number: str) -> bool:
    digits = _digits(number, range(2, 31))
    return digits is not None and _luhn_sum(digits[::-1], double_first=False) % 10 == 0


def insurer_number_check_digit(body: str) -> int:
    digits = _digits(body, (5, 7))
    if digits is None:
        raise ValueError("a 保険者番号 body is 5 or 7 ASCII digits")
    total = _luhn_sum(digits, double_first=True)  # weights 2,1,2,1… from the left
    return (10 - total % 10) % 10


def is_valid_insurer_number(number: str) -> bool:
    digits = _digits(number, (6, 8))
    return digits is not None and insurer_number_check_digit(number[:-1]) == digits[-1]
