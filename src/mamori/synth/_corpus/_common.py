"""What every document kind needs: a draw of fictitious persons, the issuing office, and
labelled segments for each datum of a person."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from mamori._exceptions import InputError
from mamori.synth._corpus import _traps, _variants
from mamori.synth._corpus._doc import Seg
from mamori.synth._corpus._ids import PersonIds, for_person
from mamori.synth._model import Address, Household, Person

SEX = {"M": "男", "F": "女"}


class People:
    """Draws households from a generator, in order (the corpus is deterministic per seed)."""

    def __init__(self, households: Iterator[Household]) -> None:
        self._households = households

    def household(self) -> Household:
        try:
            return next(self._households)
        except StopIteration as err:
            raise InputError(
                "the resident generator ran out of households; ask for fewer documents "
                "or pass a larger household source"
            ) from err


@dataclass(slots=True)
class Ctx:
    """One document's random source, persons and issuing office."""

    rng: random.Random
    people: People
    today: dt.date
    city: str = ""
    prefecture: str = ""
    dept: str = ""
    dept_romaji: str = ""
    _ids: dict[str, PersonIds] = field(default_factory=dict)
    _pending: Household | None = None

    @classmethod
    def create(cls, rng: random.Random, people: People) -> Ctx:
        """A context whose issuing city is that of the first household it will hand out."""
        today = dt.date(2025, 4, 1) + dt.timedelta(days=rng.randrange(365))
        dept, romaji = rng.choice(_traps.DEPARTMENTS)
        first = people.household()
        ctx = cls(rng, people, today, dept=dept, dept_romaji=romaji)
        ctx.city, ctx.prefecture = first.address.city, first.address.prefecture
        ctx._pending = first
        return ctx

    def household(self) -> Household:
        if self._pending is not None:
            household, self._pending = self._pending, None
            return household
        return self.people.household()

    def household_with_children(self, *, tries: int = 30) -> Household:
        """A household with a child under 18 (児童手当), or the last one drawn."""
        household = self.household()
        for _ in range(tries):
            if any(p.relationship == "子" and p.age_on(self.today) < 18 for p in household.members):
                break
            household = self.household()
        return household

    def person(self, *, max_age: int = 120, tries: int = 30) -> Person:
        """An adult (20 to `max_age`) of a fresh household: a caller, an official, a member;
        the oldest member of the last household drawn if none fits."""
        for _ in range(tries):
            members = self.household().members
            fit = [p for p in members if 20 <= p.age_on(self.today) <= max_age]
            if fit:
                return fit[0]
        return max(members, key=lambda p: p.age_on(self.today))

    def official(self) -> Person:
        """A member of the city's staff (20 to 64)."""
        return self.person(max_age=64)

    def ids(self, p: Person) -> PersonIds:
        if p.resident_id not in self._ids:
            self._ids[p.resident_id] = for_person(p)
        return self._ids[p.resident_id]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # Labelled segments -------------------------------------------------------------------

    def name(self, p: Person) -> Seg:
        return Seg(_variants.person_name(self.rng, p), "PERSON", resident_id=p.resident_id)

    def surname(self, p: Person) -> Seg:
        return Seg(p.surname, "PERSON", resident_id=p.resident_id)

    def kana(self, p: Person, script: str | None = None) -> Seg:
        text = _variants.person_kana(self.rng, p, script=script)
        return Seg(text, "PERSON", resident_id=p.resident_id)

    def romaji(self, p: Person) -> Seg:
        return Seg(_variants.person_romaji(self.rng, p), "PERSON", resident_id=p.resident_id)

    def dob(self, p: Person, style: str | None = None) -> Seg:
        text = _variants.birth_date(self.rng, p.birth_date, style)
        return Seg(text, "DATE_OF_BIRTH", resident_id=p.resident_id)

    def address(self, a: Address, rid: str = "", *, prefecture: bool | None = None) -> Seg:
        return Seg(
            _variants.address(self.rng, a, prefecture=prefecture), "ADDRESS", resident_id=rid
        )

    def postal(self, a: Address, rid: str = "") -> tuple[Seg, Seg]:
        mark, code = _variants.postal_code(self.rng, a.postal_code)
        return Seg(mark), Seg(code, "POSTAL_CODE", resident_id=rid)

    def phone(self, p: Person) -> Seg:
        number = _variants.phone(self.rng, self.ids(p).phone)
        return Seg(number, "PHONE", resident_id=p.resident_id)

    def email(self, p: Person) -> Seg:
        return Seg(self.ids(p).email, "EMAIL", resident_id=p.resident_id)

    def my_number(self, p: Person) -> Seg:
        text = _variants.grouped(self.rng, self.ids(p).my_number, (4, 4, 4))
        return Seg(text, "MY_NUMBER", resident_id=p.resident_id)

    def resident_code(self, p: Person) -> Seg:
        return Seg(self.ids(p).resident_code, "RESIDENT_CODE", resident_id=p.resident_id)

    def pension(self, p: Person) -> Seg:
        digits = _variants.digits_of(self.ids(p).pension_number)
        text = _variants.grouped(self.rng, digits, (4, 6))
        return Seg(text, "PENSION_NUMBER", resident_id=p.resident_id)

    def license(self, p: Person) -> Seg:
        number = self.ids(p).drivers_license
        return Seg(number, "DRIVERS_LICENSE", resident_id=p.resident_id)

    def passport(self, p: Person) -> Seg:
        return Seg(self.ids(p).passport, "PASSPORT", resident_id=p.resident_id)

    def insurance(self, p: Person) -> tuple[Seg, Seg, Seg]:
        """(保険者番号, 記号, 番号); 記号 is a plain "－" for 後期高齢者医療 (it has none)."""
        ids = self.ids(p)
        rid = p.resident_id
        return (
            Seg(ids.insurer_number, "HEALTH_INSURANCE", resident_id=rid),
            Seg(ids.insurance_symbol, "HEALTH_INSURANCE", resident_id=rid)
            if ids.insurance_symbol
            else Seg("－"),
            Seg(ids.insurance_number, "HEALTH_INSURANCE", resident_id=rid),
        )

    def disability(self, p: Person) -> tuple[str, Seg, Seg]:
        """(手帳の種類, number, grade)."""
        ids = self.ids(p)
        kind = ids.disability_kind or self.rng.choice(("身体障害者手帳", "精神障害者保健福祉手帳"))
        grade = ids.disability_grade
        rid = p.resident_id
        return (
            kind,
            Seg(ids.disability_number, "DISABILITY_CERT", resident_id=rid),
            Seg(grade, "DISABILITY_CERT", resident_id=rid),
        )

    def bank(self, p: Person) -> tuple[str, str, Seg]:
        """(bank, "branch type", account number)."""
        ids = self.ids(p)
        account = Seg(ids.account, "BANK_ACCOUNT", resident_id=p.resident_id)
        return ids.bank, f"{ids.branch}　{ids.account_type}", account

    def card(self, p: Person) -> Seg:
        text = _variants.grouped(self.rng, self.ids(p).card, (4, 4, 4, 4))
        return Seg(text, "CREDIT_CARD", resident_id=p.resident_id)

    # The office ---------------------------------------------------------------------------

    def contact(self, official: Person, *, email: bool = True) -> list[Seg]:
        """担当 block of a publication: the official's name is personal data, the office's
        direct line and shared mailbox are not."""
        segs: list[Seg] = [
            Seg(f"担当：{self.city}{self.dept}　"),
            self.name(official),
            Seg(f"　電話：{self.rng.choice(('直通', '代表', ''))} "),
            _traps.office_phone(self.rng),
            Seg(f"（内線{self.rng.randrange(2000, 4000)}）"),
        ]
        if email:
            segs += [Seg("　E-mail："), _traps.office_email(self.dept_romaji)]
        return segs

    def sex(self, p: Person) -> str:
        return SEX.get(p.sex, "")
