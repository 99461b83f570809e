"""Fictitious residents in realistic households.

Household types follow the 2020 census shares of 一般世帯 (単独 38.0 %, 夫婦のみ 20.1 %,
夫婦と子 25.0 %, ひとり親と子 9.0 %, 三世代 4.2 %, other relatives 2.6 %, with non-relatives
0.9 %); ages follow the 2020 census 5-year bands, conditioned per role so that children are
20-45 years younger than both parents and spouses are close in age.

Everything is drawn from ``random.Random`` streams seeded from ``seed``: the same seed and
mamori version give the same residents. Identifiers use their own stream, so switching My
Numbers on or off does not change anything else.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, islice
from typing import Final

from mamori._exceptions import InputError
from mamori.synth._addresses import AddressPool, make_address
from mamori.synth._identifiers import IdentifierFactory
from mamori.synth._model import Address, Household, Person
from mamori.synth._names import NamePools

__all__ = ["DEFAULT_AS_OF", "ResidentGenerator", "generate_residents"]

log = logging.getLogger(__name__)

DEFAULT_AS_OF: Final = dt.date(2025, 4, 1)  # ages are computed on this day (令和7年度 starts)
MAX_AGE: Final = 104

# 2020 census, population by 5-year age band in thousands (0-4 … 95-99, 100+).
AGE_BANDS_2020: Final = (
    4541, 4987, 5299, 5544, 5941, 5997, 6476, 7350, 8337, 9780,
    8727, 7886, 7421, 8237, 9193, 7079, 5401, 3727, 1821, 550, 80,
)  # fmt: skip
# 2020 census, shares of 一般世帯 in percent.
HOUSEHOLD_TYPES: Final = (
    ("single", 38.0),
    ("couple", 20.1),
    ("couple_children", 25.0),
    ("single_parent", 9.0),
    ("three_generation", 4.2),
    ("other_relatives", 2.6),
    ("non_relative", 0.9),
)
_TYPE_NAMES: Final = tuple(name for name, _ in HOUSEHOLD_TYPES)
_TYPE_CUM: Final = tuple(accumulate(share for _, share in HOUSEHOLD_TYPES))
_AGE_CUM: Final = tuple(accumulate(AGE_BANDS_2020[min(age // 5, 20)] / 5 for age in range(105)))
_MAX_ADDRESS_TRIES: Final = 50


@dataclass(slots=True)
class _Member:
    relationship: str
    sex: str
    age: int
    family: str  # "head" (the household's surname) or "own" (a surname of their own)

    def __post_init__(self) -> None:
        self.age = min(max(self.age, 0), MAX_AGE)


def _age(rng: random.Random, lo: int, hi: int) -> int:
    """An age in [lo, hi] following the census pyramid."""
    lo, hi = max(lo, 0), min(hi, MAX_AGE)
    below = _AGE_CUM[lo - 1] if lo else 0.0
    point = below + rng.random() * (_AGE_CUM[hi] - below)
    return min(max(bisect.bisect_left(_AGE_CUM, point), lo), hi)


def _age_with(rng: random.Random, lo: int, hi: int, propensity: dict[int, float]) -> int:
    """An age in [lo, hi] from the pyramid times a propensity by decade (rejection)."""
    while True:
        age = _age(rng, lo, hi)
        if rng.random() < propensity.get(age // 10, 1.0):
            return age


_SINGLE = {1: 0.4, 2: 0.8, 3: 0.5, 4: 0.3, 5: 0.3, 6: 0.45, 7: 0.75, 8: 1.0, 9: 1.0, 10: 1.0}
_COUPLE = {2: 0.25, 3: 0.15, 4: 0.12, 5: 0.3, 6: 0.9, 7: 1.0, 8: 0.9, 9: 0.6, 10: 0.3}
_PARENTS = {2: 0.12, 3: 0.6, 4: 1.0, 5: 1.0, 6: 0.45, 7: 0.25, 8: 0.1}
_SINGLE_PARENT = {2: 0.3, 3: 0.8, 4: 1.0, 5: 0.8, 6: 0.5, 7: 0.4, 8: 0.4}


def _spouse_age(rng: random.Random, husband: int) -> int:
    return max(18, husband - round(rng.triangular(-5, 12, 2)))


def _child_ages(rng: random.Random, parents: list[int], count: int) -> list[int]:
    """Children 20-45 years younger than every parent, eldest first, 1-5 years apart."""
    lo, hi = max(parents) - 45, min(parents) - 20
    if hi < 0:
        return []
    ages: list[int] = []
    # the youngest parent's age at the eldest child's birth, 20-42 (most often about 30);
    # redrawn rather than clipped so that young parents do not pile newborns up at age 0
    for _ in range(8):
        at_birth = round(rng.triangular(20, 42, 30))
        if at_birth <= min(parents):
            break
    else:
        at_birth = 20 + int(rng.random() * (min(parents) - 19))
    age = min(max(min(parents) - at_birth, lo, 0), hi)
    while len(ages) < count and age >= max(lo, 0):
        ages.append(age)
        age -= rng.choice((1, 2, 2, 3, 3, 4, 5))
    return ages


class ResidentGenerator:
    """Generates fictitious households and residents.

    ``ResidentGenerator(seed=1).households()`` yields households without end;
    ``persons(n)`` yields exactly ``n`` residents (the last household is drawn to fit).
    Load :class:`NamePools` and :class:`AddressPool` once and pass them to share the cost.
    """

    def __init__(
        self,
        seed: int | str = 0,
        city: str | None = None,
        *,
        with_my_number: bool = False,
        as_of: dt.date = DEFAULT_AS_OF,
        names: NamePools | None = None,
        addresses: AddressPool | None = None,
    ) -> None:
        self.seed = seed
        self.as_of = as_of
        self.with_my_number = with_my_number
        # addresses first: an unknown city fails before the slower name pools load
        pool = addresses if addresses is not None else AddressPool.load()
        self.addresses = pool.restrict(city) if city else pool
        self.names = names if names is not None else NamePools.load()
        self._rng = random.Random(f"{seed}:residents")
        self._ids = IdentifierFactory(random.Random(f"{seed}:identifiers"))
        self._my_numbers = IdentifierFactory(random.Random(f"{seed}:my-number"))
        self._used_addresses: set[str] = set()
        self._household_count = 0
        self._person_count = 0
        # birth_ordinals[age] = (first, last) ordinal of a birth date giving that age on as_of
        self._birth_ordinals = [self._birth_range(age) for age in range(MAX_AGE + 1)]

    def _birth_range(self, age: int) -> tuple[int, int]:
        def years_before(years: int) -> dt.date:
            try:
                return self.as_of.replace(year=self.as_of.year - years)
            except ValueError:  # 29 February
                return self.as_of.replace(year=self.as_of.year - years, day=28)

        return years_before(age + 1).toordinal() + 1, years_before(age).toordinal()

    # -- public API ------------------------------------------------------------------------

    def households(self, n_persons: int | None = None) -> Iterator[Household]:
        """Households without end, or until they hold exactly ``n_persons`` residents."""
        if n_persons is not None and n_persons <= 0:
            raise InputError(f"the number of residents must be at least 1, not {n_persons}")
        remaining = n_persons
        while remaining is None or remaining > 0:
            plan = self._plan()
            while remaining is not None and len(plan) > remaining:
                plan = self._plan()
            household = self._realise(plan)
            if remaining is not None:
                remaining -= len(household.members)
            yield household

    def persons(self, n: int) -> Iterator[Person]:
        """Exactly ``n`` residents, household by household."""
        for household in self.households(n):
            yield from household.members

    # -- household composition -------------------------------------------------------------

    def _plan(self) -> list[_Member]:
        rng = self._rng
        kind = _TYPE_NAMES[bisect.bisect(_TYPE_CUM, rng.random() * _TYPE_CUM[-1])]
        if kind == "single":
            age = _age_with(rng, 18, MAX_AGE, _SINGLE)
            male = rng.random() < (0.58 if age < 60 else 0.38)
            return [_Member("世帯主", "M" if male else "F", age, "head")]
        if kind == "couple":
            husband = _age_with(rng, 22, MAX_AGE, _COUPLE)
            return self._couple(husband, _spouse_age(rng, husband))
        if kind == "couple_children":
            husband = _age_with(rng, 23, 85, _PARENTS)
            wife = _spouse_age(rng, husband)
            count = rng.choices((1, 2, 3, 4), cum_weights=(46, 88, 98, 100))[0]
            members = self._couple(husband, wife)
            return members + self._children([husband, wife], count)
        if kind == "single_parent":
            age = _age_with(rng, 22, 95, _SINGLE_PARENT)
            sex = "F" if rng.random() < 0.82 else "M"
            count = rng.choices((1, 2, 3), cum_weights=(60, 93, 100))[0]
            children = self._children([age], count)
            if not children:
                return [_Member("世帯主", sex, age, "head")]
            return [_Member("世帯主", sex, age, "head"), *children]
        if kind == "three_generation":
            return self._three_generations()
        if kind == "other_relatives":
            return self._siblings()
        head_age = _age_with(rng, 20, 90, _SINGLE)
        head = _Member("世帯主", "M" if rng.random() < 0.5 else "F", head_age, "head")
        lodger = _Member(
            "同居人", rng.choice("MF"), _age(rng, max(18, head_age - 15), head_age + 15), "own"
        )
        return [head, lodger]

    def _couple(self, husband: int, wife: int) -> list[_Member]:
        if self._rng.random() < 0.9:
            return [_Member("世帯主", "M", husband, "head"), _Member("妻", "F", wife, "head")]
        return [_Member("世帯主", "F", wife, "head"), _Member("夫", "M", husband, "head")]

    def _children(self, parents: list[int], count: int) -> list[_Member]:
        rng = self._rng
        return [
            _Member("子", "M" if rng.random() < 0.512 else "F", age, "head")
            for age in _child_ages(rng, parents, count)
        ]

    def _three_generations(self) -> list[_Member]:
        rng = self._rng
        if rng.random() < 0.5:  # a couple with children and the head's parent(s)
            husband = _age_with(rng, 30, 60, _PARENTS)
            wife = _spouse_age(rng, husband)
            members = self._couple(husband, wife)
            members += self._children([husband, wife], rng.choice((1, 2, 2, 3)))
            head_is_male = members[0].sex == "M"
            head_age = husband if head_is_male else wife
            father = min(MAX_AGE, head_age + rng.randint(24, 40))
            mother = max(head_age + 20, father - round(rng.triangular(-3, 8, 2)))
            parents = [
                _Member("父", "M", father, "head"),
                _Member("母", "F", min(MAX_AGE, mother), "head"),
            ]
            keep = rng.choice(((0, 1), (1,), (0, 1), (1,), (0,)))
            if head_is_male:
                return members + [parents[i] for i in keep]
            # the wife is head: her parents have her maiden name
            in_laws = [_Member(("父", "母")[i], p.sex, p.age, "own") for i, p in enumerate(parents)]
            return members + [in_laws[i] for i in keep]
        # an elderly couple, their son with his wife, and grandchildren
        husband = _age_with(rng, 55, 90, _COUPLE)
        wife = _spouse_age(rng, husband)
        members = self._couple(husband, wife)
        son_ages = _child_ages(rng, [husband, wife], 1)
        if not son_ages or son_ages[0] < 22:
            return members
        son = son_ages[0]
        daughter_in_law = max(20, son - round(rng.triangular(-5, 10, 2)))
        members += [
            _Member("子", "M", son, "head"),
            _Member("子の妻", "F", daughter_in_law, "head"),
        ]
        for age in _child_ages(rng, [son, daughter_in_law], rng.choice((1, 2, 2, 3))):
            members.append(_Member("孫", "M" if rng.random() < 0.512 else "F", age, "head"))
        return members

    def _siblings(self) -> list[_Member]:
        rng = self._rng
        head = _age_with(rng, 25, 90, _COUPLE)
        head_sex = "M" if rng.random() < 0.5 else "F"
        members = [_Member("世帯主", head_sex, head, "head")]
        for _ in range(rng.choice((1, 1, 2))):
            age = max(18, head + rng.randint(-8, 8))
            sex = "M" if rng.random() < 0.5 else "F"
            older = age > head
            relation = {
                ("M", True): "兄",
                ("M", False): "弟",
                ("F", True): "姉",
                ("F", False): "妹",
            }
            members.append(_Member(relation[(sex, older)], sex, age, "head"))
        return members

    # -- turning a plan into persons ---------------------------------------------------------

    def _address(self) -> Address:
        rng = self._rng
        town = self.addresses.draw_town(rng)
        for _ in range(_MAX_ADDRESS_TRIES):
            address = make_address(town, rng)
            key = address.full()
            if key not in self._used_addresses:
                self._used_addresses.add(key)
                return address
        raise InputError(
            f"cannot find a free fictitious address in {town.prefecture}{town.city}{town.town}; "
            "generate fewer residents or do not restrict the city"
        )

    def _realise(self, plan: list[_Member]) -> Household:
        rng, ids, names = self._rng, self._ids, self.names
        self._household_count += 1
        household_id = f"H{self._household_count:07d}"
        address = self._address()
        surname, surname_kana = names.surname(rng)
        head_age = plan[0].age
        fixed_line = ""
        if rng.random() < (0.85 if head_age >= 60 else 0.55 if head_age >= 40 else 0.2):
            fixed_line = ids.fixed_phone(address.prefecture)
        insurance = self._insurance(address.prefecture)
        own_surname: tuple[str, str] | None = None
        given_used: set[str] = set()
        members = []
        for branch, member in enumerate(plan):
            if member.family == "own":
                if own_surname is None or member.relationship == "同居人":
                    own_surname = names.surname(rng)
                family, family_kana = own_surname
            else:
                family, family_kana = surname, surname_kana
            first, last = self._birth_ordinals[member.age]
            birth = dt.date.fromordinal(first + int(rng.random() * (last - first + 1)))
            while True:
                given, given_kana = names.given_name(rng, member.sex, birth.year)
                if given not in given_used:
                    given_used.add(given)
                    break
            self._person_count += 1
            members.append(
                Person(
                    resident_id=f"R{self._person_count:07d}",
                    household_id=household_id,
                    relationship=member.relationship,
                    surname=family,
                    given_name=given,
                    surname_kana=family_kana,
                    given_name_kana=given_kana,
                    sex=member.sex,
                    birth_date=birth,
                    address=address,
                    phone=self._phone(member.age, fixed_line),
                    email=self._email(member.age, family_kana, given_kana, birth.year),
                    my_number=self._my_numbers.my_number() if self.with_my_number else "",
                    resident_code=ids.resident_code(),
                    pension_number=ids.pension_number() if member.age >= 20 else "",
                    extra=self._extra(member, address.prefecture, birth.year, insurance, branch),
                )
            )
        return Household(household_id=household_id, address=address, members=tuple(members))

    def _phone(self, age: int, fixed_line: str) -> str:
        rng = self._ids.rng
        if age >= 13:
            share = 0.7 if age < 18 else 0.95 if age < 70 else 0.8 if age < 80 else 0.55
            if rng.random() < share:
                return self._ids.mobile_phone()
        return fixed_line if age >= 18 else ""

    def _email(self, age: int, surname_kana: str, given_kana: str, birth_year: int) -> str:
        share = 0.0 if age < 13 else 0.7 if age < 60 else 0.45 if age < 80 else 0.1
        if self._ids.rng.random() < share:
            return self._ids.email(surname_kana, given_kana, birth_year)
        return ""

    def _insurance(self, prefecture: str) -> tuple[str, str, str]:
        """The household's 保険者番号, 記号 and 番号 (国保 or 協会けんぽ)."""
        ids = self._ids
        kind = "kyokai" if ids.rng.random() < 0.6 else "kokuho"
        symbol = f"{1 + int(ids.rng.random() * 9999):04d}"
        return (
            ids.insurer_number(prefecture, kind=kind),
            symbol,
            f"{1 + int(ids.rng.random() * 999999)}",
        )

    def _extra(
        self,
        member: _Member,
        prefecture: str,
        birth_year: int,
        insurance: tuple[str, str, str],
        branch: int,
    ) -> dict[str, str]:
        ids, age = self._ids, member.age
        rng = ids.rng
        extra: dict[str, str] = {}
        if age >= 75:  # 後期高齢者医療: own insurer and an 8-digit number, no 記号
            extra["health_insurer_number"] = ids.insurer_number(prefecture, kind="koki")
            extra["health_insurance_number"] = f"{int(rng.random() * 10**8):08d}"
        else:
            extra["health_insurer_number"] = insurance[0]
            extra["health_insurance_symbol"] = insurance[1]
            extra["health_insurance_number"] = insurance[2]
            extra["health_insurance_branch"] = f"{branch:02d}"
        if rng.random() < 0.18:
            extra["passport"] = ids.passport()
        if 18 <= age <= 90 and rng.random() < (0.85 if member.sex == "M" else 0.7):
            acquired = min(birth_year + 18 + int(rng.random() * 13), self.as_of.year)
            extra["drivers_license"] = ids.drivers_license(prefecture, acquired)
        if rng.random() < (0.95 if age >= 18 else 0.3):
            code, name, branch_code, kind, number = ids.bank_account()
            extra.update(
                bank_code=code,
                bank_name=name,
                bank_branch_code=branch_code,
                bank_account_type=kind,
                bank_account_number=number,
            )
        if age >= 18 and rng.random() < 0.65:
            extra["credit_card"] = ids.credit_card()
        certificate = ids.disability_certificate(age)
        if certificate is not None:
            extra["disability_certificate"], extra["disability_grade"] = certificate
        return extra


def generate_residents(
    n: int,
    *,
    seed: int | str = 0,
    city: str | None = None,
    with_my_number: bool = False,
    as_of: dt.date = DEFAULT_AS_OF,
    names: NamePools | None = None,
    addresses: AddressPool | None = None,
) -> Iterator[Person]:
    """Exactly ``n`` fictitious residents (see :class:`ResidentGenerator`)."""
    if n <= 0:
        raise InputError(f"the number of residents must be at least 1, not {n}")
    generator = ResidentGenerator(
        seed,
        city,
        with_my_number=with_my_number,
        as_of=as_of,
        names=names,
        addresses=addresses,
    )
    return islice(generator.persons(n), n)
