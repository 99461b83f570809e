"""The column declaration.

``氏名:PERSON,氏名カナ:KANA(氏名),住所:ADDRESS,郵便番号:POSTAL_CODE(住所)``; a name kept in
parts: ``姓:SURNAME,名:GIVEN_NAME(姓),セイ:KANA(姓),メイ:KANA(名)``.
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
    SURNAME = "SURNAME"  # 姓 of a name kept in parts
    GIVEN_NAME = "GIVEN_NAME"  # 名: GIVEN_NAME(姓) follows the SURNAME column of the name
    KANA = "KANA"  # the reading of a PERSON, SURNAME or GIVEN_NAME column: KANA(氏名)
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
# KANA written as the reading of one part: SURNAME_KANA(姓), GIVEN_NAME_KANA(名).
_READING_ALIASES = {"SURNAME_KANA": Kind.SURNAME, "GIVEN_NAME_KANA": Kind.GIVEN_NAME}
# The kinds a follower may follow; without parentheses it follows the only column of the
# first kind (KANA: the only PERSON column).
_FOLLOWS: dict[Kind, tuple[Kind, ...]] = {
    Kind.KANA: (Kind.PERSON, Kind.SURNAME, Kind.GIVEN_NAME),
    Kind.POSTAL_CODE: (Kind.ADDRESS,),
    Kind.GIVEN_NAME: (Kind.SURNAME,),
}
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
    if upper in _READING_ALIASES:
        return Kind.KANA
    if upper in _ALIASES:
        return _ALIASES[upper]
    try:
        return Kind(upper)
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        raise InputError(f"unknown kind {name!r} in {item!r}; the kinds are: {known}.") from None


def parse_columns(declarations: str | Iterable[str]) -> tuple[ColumnSpec, ...]:
    """Parse ``COLUMN:KIND`` items separated by commas (or given as several strings).

    ``KANA``, ``POSTAL_CODE`` and ``GIVEN_NAME`` may name the column they follow in
    parentheses: ``氏名カナ:KANA(氏名)``, ``郵便番号:POSTAL_CODE(住所)``, ``名:GIVEN_NAME(姓)``,
    ``セイ:KANA(姓)``. Without parentheses they follow the only PERSON (ADDRESS, SURNAME)
    column when there is exactly one. ``SURNAME_KANA`` and ``GIVEN_NAME_KANA`` are KANA
    following a SURNAME (GIVEN_NAME) column. Full-width ``：（），`` are accepted. A header
    containing a colon works (the last colon separates the kind).
    """
    texts = [declarations] if isinstance(declarations, str) else list(declarations)
    items: list[str] = []
    for text in texts:
        normal = text.replace("：", ":").replace("（", "(").replace("）", ")").replace("，", ",")
        items.extend(_split_items(normal))
    if not items:
        raise InputError("no columns declared; e.g. --columns 氏名:PERSON,住所:ADDRESS")
    specs: list[tuple[ColumnSpec, tuple[Kind, ...]]] = []
    for item in items:
        match = _ITEM_RE.match(item)
        if not match:
            raise InputError(
                f"cannot read the column declaration {item!r}; write COLUMN:KIND, e.g. 氏名:PERSON "
                "or 氏名カナ:KANA(氏名)."
            )
        kind_name = unicodedata.normalize("NFKC", match["kind"])
        kind = _kind(kind_name, item)
        follows = match["follows"].strip() if match["follows"] else None
        if follows and kind not in _FOLLOWS:
            raise InputError(
                f"{item!r}: only KANA and POSTAL_CODE follow another column "
                "(and GIVEN_NAME its SURNAME column)."
            )
        reading_of = _READING_ALIASES.get(kind_name.upper())
        targets = (reading_of,) if reading_of else _FOLLOWS.get(kind, ())
        specs.append((ColumnSpec(match["column"].strip(), kind, follows), targets))
    return _check(specs)


def _check(specs: Sequence[tuple[ColumnSpec, tuple[Kind, ...]]]) -> tuple[ColumnSpec, ...]:
    seen: set[str] = set()
    for spec, _targets in specs:
        if spec.column in seen:
            raise InputError(f"column {spec.column!r} is declared twice.")
        seen.add(spec.column)
    by_column = {spec.column: spec for spec, _targets in specs}
    households = [spec for spec, _targets in specs if spec.kind is Kind.HOUSEHOLD]
    if len(households) > 1:
        raise InputError("declare at most one HOUSEHOLD column.")
    out: list[ColumnSpec] = []
    for spec, targets in specs:
        if not targets:
            out.append(spec)
            continue
        follows = spec.follows
        wanted = " or ".join(k.value for k in targets)
        if follows is None:
            candidates = [s.column for s, _t in specs if s.kind is targets[0]]
            if len(candidates) > 1:
                raise InputError(
                    f"{spec}: several {targets[0].value} columns ({', '.join(candidates)}); "
                    f"name the one it follows, e.g. {spec.column}:{spec.kind.value}"
                    f"({candidates[0]})."
                )
            others = [s.column for s, _t in specs if s.kind in targets[1:]]
            if not candidates and others:
                raise InputError(
                    f"{spec}: name the column it follows, e.g. {spec.column}:{spec.kind.value}"
                    f"({others[0]})."
                )
            follows = candidates[0] if candidates else None
        elif follows not in by_column or by_column[follows].kind not in targets:
            raise InputError(f"{spec}: {follows!r} is not declared as a {wanted} column.")
        if spec.kind is Kind.GIVEN_NAME and follows is None:
            raise InputError(
                f"{spec}: a given name is mapped with its surname; declare the surname column "
                f"too, e.g. 姓:SURNAME,{spec.column}:GIVEN_NAME(姓)."
            )
        out.append(ColumnSpec(spec.column, spec.kind, follows))
    given_of = [s.follows for s in out if s.kind is Kind.GIVEN_NAME]
    twice = sorted({f for f in given_of if f is not None and given_of.count(f) > 1})
    if twice:
        raise InputError(f"several GIVEN_NAME columns follow {', '.join(twice)}; declare one.")
    return tuple(out)
