"""What each declared column does with a row, in both passes of a file.

Pass 1 *observes* the value of each cell (:func:`observer`), pass 2 *maps* it (:func:`mapper`).
Followers read their row: a reading its name, a postal code its address, a 名 its 姓, and
everything its household. A name kept in parts (姓, 名, セイ, メイ) is mapped as the one name
「姓 名」, so its cells agree with a full-name column of the same row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mamori.synth._pseudonymize._columns import TOKEN_KINDS, ColumnSpec, Kind
from mamori.synth._pseudonymize._core import Pseudonymizer
from mamori.synth._pseudonymize._render import NamePart
from mamori.synth._tabular import Cell

__all__ = ["Mapper", "Observer", "cell", "household_index", "mapper", "observer"]

Mapper = Callable[[list[Cell]], Cell]  # the row → the new value of one cell
Observer = Callable[[Cell, str | None, list[Cell]], None]  # (value, household, row)


def _text(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _column(header: Sequence[str], name: str | None) -> int | None:
    return header.index(name) if name is not None and name in header else None


def household_index(specs: Sequence[ColumnSpec], header: Sequence[str]) -> int | None:
    spec = next((s for s in specs if s.kind is Kind.HOUSEHOLD), None)
    return _column(header, spec.column) if spec else None


def cell(row: list[Cell], i: int | None) -> str | None:
    if i is None or i >= len(row):
        return None
    value = row[i]
    if value is None:
        return None
    return value if isinstance(value, str) else _text(value)


@dataclass(frozen=True, slots=True)
class _NameInParts:
    """Where one name kept in parts sits in a table: 姓, 名 and their first reading columns
    (None: not in this table)."""

    surname: int | None
    given_name: int | None
    surname_kana: int | None
    given_name_kana: int | None

    def kanji(self, row: list[Cell]) -> tuple[str, str] | None:
        """(姓, 名) of the row; None when both are blank."""
        return _pair(row, self.surname, self.given_name)

    def kana(self, row: list[Cell], part: NamePart, value: str) -> tuple[str, str]:
        """(セイ, メイ) of the row, with `value` as the `part`."""
        surname, given = _pair(row, self.surname_kana, self.given_name_kana) or ("", "")
        return (value, given) if part == "surname" else (surname, value)

    def kanji_blank(self, row: list[Cell], part: NamePart) -> bool:
        return _is_blank(cell(row, self.surname if part == "surname" else self.given_name))


def _pair(row: list[Cell], i: int | None, j: int | None) -> tuple[str, str] | None:
    first, second = cell(row, i), cell(row, j)
    if _is_blank(first) and _is_blank(second):
        return None
    return (first or "", second or "")


_NameColumn = tuple[_NameInParts, NamePart]


def _names_in_parts(specs: Sequence[ColumnSpec], header: Sequence[str]) -> dict[str, _NameColumn]:
    """SURNAME, GIVEN_NAME and the KANA columns following them → (their name, their part)."""
    out: dict[str, _NameColumn] = {}
    for surname in (s for s in specs if s.kind is Kind.SURNAME):
        given = next(
            (s for s in specs if s.kind is Kind.GIVEN_NAME and s.follows == surname.column), None
        )
        surname_kana = _readings(specs, surname)
        given_kana = _readings(specs, given)
        name = _NameInParts(
            _column(header, surname.column),
            _column(header, given.column if given else None),
            _first_present(header, surname_kana),
            _first_present(header, given_kana),
        )
        for column in (surname.column, *surname_kana):
            out[column] = (name, "surname")
        for column in (*((given.column,) if given else ()), *given_kana):
            out[column] = (name, "given_name")
    return out


def _readings(specs: Sequence[ColumnSpec], of: ColumnSpec | None) -> list[str]:
    if of is None:
        return []
    return [s.column for s in specs if s.kind is Kind.KANA and s.follows == of.column]


def _first_present(header: Sequence[str], columns: Sequence[str]) -> int | None:
    return next((header.index(c) for c in columns if c in header), None)


def _name_part_mapper(
    ps: Pseudonymizer, spec: ColumnSpec, i: int, column: _NameColumn, hh_i: int | None
) -> Mapper:
    """The cell of a name kept in parts: the part of the pseudonym of the row's (姓, 名); a
    reading whose 姓 (名) is blank comes from the row's readings instead."""
    name, part = column
    if spec.kind is not Kind.KANA:

        def kanji(row: list[Cell]) -> Cell:
            surname, given = name.kanji(row) or ("", "")
            pseudonym = ps.name(surname, given, household=cell(row, hh_i))
            return pseudonym.part_like(_text(row[i]), part)

        return kanji

    def reading(row: list[Cell]) -> Cell:
        value = _text(row[i])
        household = cell(row, hh_i)
        if name.kanji_blank(row, part):
            surname, given = name.kana(row, part, value)
            return ps.name(surname, given, household=household, kana=True).reading_like(value, part)
        surname, given = name.kanji(row) or ("", "")
        return ps.name(surname, given, household=household).reading_like(value, part)

    return reading


def _name_part_observer(ps: Pseudonymizer, spec: ColumnSpec, column: _NameColumn) -> Observer:
    name, part = column
    if spec.kind is not Kind.KANA:

        def kanji(value: Cell, household: str | None, row: list[Cell]) -> None:
            surname, given = name.kanji(row) or ("", "")
            ps.observe_name(surname, given, household=household)

        return kanji

    def reading(value: Cell, household: str | None, row: list[Cell]) -> None:
        if name.kanji_blank(row, part):  # else the 姓 / 名 column observes the name
            surname, given = name.kana(row, part, _text(value))
            ps.observe_name(surname, given, household=household, kana=True)

    return reading


def mapper(
    ps: Pseudonymizer,
    spec: ColumnSpec,
    specs: Sequence[ColumnSpec],
    header: Sequence[str],
    hh_i: int | None,
) -> Mapper:
    """A function of the row that returns the new value of `spec`'s cell (not blank)."""
    i = header.index(spec.column)
    kind = spec.kind
    follow_i = _column(header, spec.follows)
    in_parts = _names_in_parts(specs, header).get(spec.column)
    if in_parts is not None:
        return _name_part_mapper(ps, spec, i, in_parts, hh_i)
    if kind is Kind.PERSON:
        if hh_i is None:
            return lambda row: ps.person(_text(row[i])).text
        return lambda row: ps.person(_text(row[i]), household=cell(row, hh_i)).text
    if kind is Kind.KANA:
        return lambda row: ps.kana(
            _text(row[i]), name=cell(row, follow_i), household=cell(row, hh_i)
        )
    if kind is Kind.ADDRESS:
        if hh_i is None:
            return lambda row: ps.address(_text(row[i])).text
        return lambda row: ps.address(_text(row[i]), household=cell(row, hh_i)).text
    if kind is Kind.POSTAL_CODE:
        return lambda row: ps.postal_code(
            _text(row[i]), address=cell(row, follow_i), household=cell(row, hh_i)
        )
    if kind is Kind.DATE_OF_BIRTH:

        def date(row: list[Cell]) -> Cell:
            value = row[i]
            if isinstance(value, dt.date):
                return ps.date(value)
            return ps.value(kind, _text(value))

        return date
    if kind in TOKEN_KINDS:

        def token(row: list[Cell]) -> Cell:
            value = row[i]
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            if numeric and float(value).is_integer():  # type: ignore[arg-type]
                return ps.token(kind, int(value))  # type: ignore[arg-type]
            return ps.value(kind, _text(value))

        return token
    return lambda row: ps.value(kind, _text(row[i]))


def observer(
    ps: Pseudonymizer, spec: ColumnSpec, specs: Sequence[ColumnSpec], header: Sequence[str]
) -> Observer:
    kind = spec.kind
    follow_i = _column(header, spec.follows)
    in_parts = _names_in_parts(specs, header).get(spec.column)
    if in_parts is not None:
        return _name_part_observer(ps, spec, in_parts)
    if kind in (Kind.KANA, Kind.POSTAL_CODE):

        def follower(value: Cell, household: str | None, row: list[Cell]) -> None:
            followed = cell(row, follow_i)
            if followed is None or _is_blank(followed):  # no name / address in this row
                ps.observe(kind, _text(value), household=household)

        return follower
    fast = ps.observer(kind)

    def observe(value: Cell, household: str | None, row: list[Cell]) -> None:
        if isinstance(value, str):
            fast(value, household)
        elif isinstance(value, dt.date):
            ps.observe(kind, value, household=household)
        else:
            fast(_text(value), household)

    return observe


def _is_blank(value: Cell) -> bool:
    if value is None:
        return True
    return isinstance(value, str) and (not value or value.isspace())
