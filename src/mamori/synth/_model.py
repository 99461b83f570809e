"""The fictitious resident as the generators share it.

`Person` and `Household` are frozen dataclasses. Every field is fictitious by construction
(see docs/synth.md for the conventions that make them recognisably so where possible).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Address:
    """A real 都道府県・市区町村・町域 with its real postal code, plus fictitious 番地."""

    postal_code: str  # 7 digits, no hyphen: "1000001"
    prefecture: str  # 東京都
    city: str  # 千代田区 (政令市: 堺市北区)
    town: str  # 千代田 (町域; may be empty)
    block: str  # 丁目・番地・号 as written, e.g. "1丁目901番5号" (fictitious, see conventions)
    building: str = ""  # building and room, e.g. "メゾン見守 203号室" (may be empty)
    prefecture_kana: str = ""
    city_kana: str = ""
    town_kana: str = ""

    @property
    def postal_code_display(self) -> str:
        return f"{self.postal_code[:3]}-{self.postal_code[3:]}"

    def full(self, *, with_building: bool = True) -> str:
        text = f"{self.prefecture}{self.city}{self.town}{self.block}"
        if with_building and self.building:
            text += f" {self.building}"
        return text


@dataclass(frozen=True, slots=True)
class Person:
    resident_id: str  # stable id within a generated dataset: "R0000001"
    household_id: str  # "H0000001"
    relationship: str  # 続柄: 世帯主, 妻, 夫, 子, 父, 母, 孫, 兄, 姉, 弟, 妹, 祖父, 祖母, 同居人 …
    surname: str
    given_name: str
    surname_kana: str  # katakana
    given_name_kana: str
    sex: str  # "M" or "F"
    birth_date: dt.date
    address: Address
    phone: str = ""  # as written, e.g. "090-0123-4567" (fictitious range)
    email: str = ""  # at a reserved domain (example.jp …)
    my_number: str = ""  # 12 digits, valid check digit
    resident_code: str = ""  # 住民票コード, 11 digits, valid check digit
    pension_number: str = ""  # 基礎年金番号 "1234-567890"
    extra: dict[str, str] = field(default_factory=dict)  # other identifiers of spec/pii.md

    @property
    def name(self) -> str:
        return f"{self.surname} {self.given_name}"

    @property
    def name_kana(self) -> str:
        return f"{self.surname_kana} {self.given_name_kana}"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


@dataclass(frozen=True, slots=True)
class Household:
    household_id: str
    address: Address
    members: tuple[Person, ...]

    @property
    def head(self) -> Person:
        return self.members[0]
