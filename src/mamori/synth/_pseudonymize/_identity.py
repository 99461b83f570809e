"""Reading a value into its *identity*: what counts as "the same value" for each simple kind.

Names and addresses also need the pools and per-run tables; they live in :mod:`._core`.
A value that cannot be read as its kind raises :class:`InvalidValue` (it is never copied
through).
"""

from __future__ import annotations

import datetime as dt
import re

from mamori._exceptions import InputError
from mamori.synth._pseudonymize import _formats as fmt

__all__ = [
    "InvalidValue",
    "date_ident",
    "digits_ident",
    "email_ident",
    "phone_ident",
    "postal_ident",
    "token_ident",
]


class InvalidValue(InputError):
    """A value cannot be read as its declared kind (it is never copied through)."""


def phone_ident(value: str) -> tuple[str, int, bool]:
    """(digits, length of the area code, whether the value was written in groups).

    The area code is the first group when the number is written with separators, else a
    guess: 2 digits for 03 and 06, 3 for the others."""
    digits = fmt.digits_of(value)
    if len(digits) < 6:
        raise InvalidValue("a phone number needs at least 6 digits")
    groups = [len(g) for g in re.findall(r"\d+", fmt.nfkc(value))]
    grouped = len(groups) >= 2
    if grouped and digits.startswith("0"):
        area = groups[0]
    elif digits.startswith(("03", "06")):
        area = 2
    else:
        area = 3
    return digits, area, grouped


def postal_ident(value: str) -> str:
    digits = fmt.digits_of(value)
    if len(digits) != 7:
        raise InvalidValue("a postal code has 7 digits")
    return digits


def date_ident(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = fmt.parse_date(str(value))
    if parsed is None:
        raise InvalidValue(
            "not a date (西暦 2001-04-12, 2001/4/12, 2001年4月12日, 20010412 or 和暦 "
            "昭和58年4月12日, S58.4.12)"
        )
    return parsed[0]


def email_ident(value: str) -> str:
    norm = fmt.squeeze(value).lower()
    if norm.count("@") != 1 or norm.startswith("@") or norm.endswith("@"):
        raise InvalidValue("not an e-mail address")
    return norm


def digits_ident(value: str, length: int, what: str) -> str:
    digits = fmt.digits_of(value)
    if len(digits) != length:
        raise InvalidValue(f"{what} has {length} digits")
    return digits


def token_ident(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    norm = fmt.nfkc(str(value)).strip()
    if not norm:
        raise InvalidValue("an empty identifier")
    return norm
