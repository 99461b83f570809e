"""The column declaration.

``氏名:PERSON,氏名カナ:KANA(氏名),住所:ADDRESS,郵便番号:POSTAL_CODE(住所)``
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mamori._exceptions import InputError

__all__ = ["ColumnSpec", "Kind", "parse_columns"]


class Kind(StrEnum):
    """What a column holds; the value decides how it is replaced."""

    PERSON = "PERSON"
    KANA = "KANA"  # the reading of a PERSON column: KANA(氏名)
    ADDRESS = "ADDRESS"
    POSTAL_CODE = "POSTAL_CODE"  # POSTAL_CODE(住所) follows an ADDRESS column
    PHONE = "PHONE"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    EMAIL = "EMAIL"
    MY_NUMBER = "MY_NUMBER"
    RESIDENT_CODE = "RESIDENT_CODE"
    HOUSEHOLD = "HOUSEHOLD"  # 世帯番号: members share surname and address
    ID = "ID"  # any other identifier: a keyed token of the same length and character classes
    PENSION_NUMBER = "PENSION_NUMBER"
    DRIVERS_LICENSE = "DRIVERS_LICENSE"
    PASSPORT = "PASSPORT"
    HEALTH_INSURANCE = "HEALTH_INSURANCE"
    BANK_ACCOUNT = "BANK_ACCOUNT"


# Identifier kinds replaced like ID, each in its own keyed domain.
TOKEN_KINDS = frozenset(
    {
        Kind.ID,
        Kind.HOUSEHOLD,
        Kind.PENSION_NUMBER,
        Kind.DRIVERS_LICENSE,
        Kind.PASSPORT,
        Kind.HEALTH_INSURANCE,
        Kind.BANK_ACCOUNT,
    }
)
_ALIASES = {
    "PERSON_KANA": Kind.KANA,
    "NAME": Kind.PERSON,
    "NAME_KANA": Kind.KANA,
    "DOB": Kind.DATE_OF_BIRTH,
    "BIRTH_DATE": Kind.DATE_OF_BIRTH,
    "POSTAL": Kind.POSTAL_CODE,
    "ZIP": Kind.POSTAL_CODE,
    "HOUSEHOLD_ID": Kind.HOUSEHOLD,
}
_FOLLOWS = {Kind.KANA: Kind.PERSON, Kind.POSTAL_CODE: Kind.ADDRESS}
_ITEM_RE = re.compile(r"^(?P<column>.+):\s*(?P<kind>[A-Za-z_]+)\s*(?:\((?P<follows>.+)\))?$")


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One declared column: its header, its kind, and the column it follows (KANA, POSTAL_CODE)."""

    column: str
    kind: Kind
    follows: str | None = None

    def __str__(self) -> str:
        follows = f"({self.follows})" if self.follows else ""
        return f"{self.column}:{self.kind.value}{follows}"


def _split_items(text: str) -> list[str]:
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _kind(name: str, item: str) -> Kind:
    upper = name.upper()
    if upper in _ALIASES:
        return _ALIASES[upper]
    try:
        return Kind(upper)
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        raise InputError(f"unknown kind {name!r} in {item!r}; the kinds are: {known}.") from None


def parse_columns(declarations: str | Iterable[str]) -> tuple[ColumnSpec, ...]:
    """Parse ``COLUMN:KIND`` items separated by commas (or given as several strings).

    ``KANA`` and ``POSTAL_CODE`` may name the column they follow in parentheses:
    ``氏名カナ:KANA(氏名)``, ``郵便番号:POSTAL_CODE(住所)``. Without parentheses they follow
    the only PERSON (ADDRESS) column when there is exactly one. Full-width ``：（），`` are
    accepted. A header containing a colon works (the last colon separates the kind).
    """
    texts = [declarations] if isinstance(declarations, str) else list(declarations)
    items: list[str] = []
    for text in texts:
        normal = text.replace("：", ":").replace("（", "(").replace("）", ")").replace("，", ",")
        items.extend(_split_items(normal))
    if not items:
        raise InputError("no columns declared; e.g. --columns 氏名:PERSON,住所:ADDRESS")
    specs: list[ColumnSpec] = []
    for item in items:
        match = _ITEM_RE.match(item)
        if not match:
            raise InputError(
                f"cannot read the column declaration {item!r}; write COLUMN:KIND, e.g. 氏名:PERSON "
                "or 氏名カナ:KANA(氏名)."
            )
        kind = _kind(unicodedata.normalize("NFKC", match["kind"]), item)
        follows = match["follows"].strip() if match["follows"] else None
        if follows and kind not in _FOLLOWS:
            raise InputError(f"{item!r}: only KANA and POSTAL_CODE follow another column.")
        specs.append(ColumnSpec(match["column"].strip(), kind, follows))
    return _check(specs)


def _check(specs: Sequence[ColumnSpec]) -> tuple[ColumnSpec, ...]:
    seen: set[str] = set()
    for spec in specs:
        if spec.column in seen:
            raise InputError(f"column {spec.column!r} is declared twice.")
        seen.add(spec.column)
    by_column = {spec.column: spec for spec in specs}
    households = [spec for spec in specs if spec.kind is Kind.HOUSEHOLD]
    if len(households) > 1:
        raise InputError("declare at most one HOUSEHOLD column.")
    out: list[ColumnSpec] = []
    for spec in specs:
        target_kind = _FOLLOWS.get(spec.kind)
        if target_kind is None:
            out.append(spec)
            continue
        follows = spec.follows
        if follows is None:
            candidates = [s.column for s in specs if s.kind is target_kind]
            if len(candidates) > 1:
                raise InputError(
                    f"{spec}: several {target_kind.value} columns ({', '.join(candidates)}); "
                    f"name the one it follows, e.g. {spec.column}:{spec.kind.value}"
                    f"({candidates[0]})."
                )
            follows = candidates[0] if candidates else None
        elif follows not in by_column or by_column[follows].kind is not target_kind:
            raise InputError(
                f"{spec}: {follows!r} is not declared as a {target_kind.value} column."
            )
        out.append(ColumnSpec(spec.column, spec.kind, follows))
    return tuple(out)
