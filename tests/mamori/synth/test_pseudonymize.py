"""The keyed mapping: consistency, collision-freedom, layouts (fictitious values only)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from mamori._exceptions import ConfigurationError, InputError
from mamori.checkdigits import is_valid_my_number, is_valid_resident_code
from mamori.synth._addresses import AddressPool
from mamori.synth._identifiers import EMAIL_DOMAINS, is_fictitious_phone
from mamori.synth._pseudonymize import (
    ColumnSpec,
    InvalidValue,
    Kind,
    Pools,
    Pseudonymizer,
    parse_columns,
)
from tests.mamori.synth.pseudonymize_pools import SURNAMES, TOWNS, small_pools

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
TODAY = dt.date(2026, 4, 1)


@pytest.fixture(scope="module")
def pools():
    return small_pools()


def make(pools, key: bytes = KEY, **kwargs) -> Pseudonymizer:
    return Pseudonymizer(key, pools=pools, today=TODAY, **kwargs)


# --- column declarations -------------------------------------------------------------------


def test_parse_columns_with_followers_and_full_width_punctuation() -> None:
    specs = parse_columns("氏名:PERSON，氏名カナ：KANA（氏名）,住所:ADDRESS,郵便番号:POSTAL_CODE")
    assert specs == (
        ColumnSpec("氏名", Kind.PERSON),
        ColumnSpec("氏名カナ", Kind.KANA, "氏名"),
        ColumnSpec("住所", Kind.ADDRESS),
        ColumnSpec("郵便番号", Kind.POSTAL_CODE, "住所"),  # the only ADDRESS column
    )


def test_parse_columns_keeps_a_colon_in_the_header() -> None:
    assert parse_columns(["区分:番号:ID"]) == (ColumnSpec("区分:番号", Kind.ID),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("氏名", "COLUMN:KIND"),
        ("氏名:NAMAE", "unknown kind"),
        ("氏名:PERSON,氏名:ADDRESS", "declared twice"),
        ("カナ:KANA(氏名)", "not declared as a PERSON"),
        ("a:PERSON,b:PERSON,カナ:KANA", "name the one it follows"),
        ("a:PHONE(b)", "only KANA and POSTAL_CODE"),
        ("a:HOUSEHOLD,b:HOUSEHOLD", "at most one HOUSEHOLD"),
        ("", "no columns"),
    ],
)
def test_parse_columns_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_columns(text)


# --- keys and determinism ------------------------------------------------------------------


def test_short_key_refused(pools) -> None:
    with pytest.raises(ConfigurationError, match="32 bytes"):
        Pseudonymizer(b"short", pools=pools)


def test_same_key_same_output_new_instance(pools) -> None:
    a, b = make(pools), make(pools)
    for kind, value in [
        (Kind.PERSON, "架空 一郎"),
        (Kind.ADDRESS, "東京都千代田区千代田1-1"),
        (Kind.PHONE, "090-0000-1111"),
        (Kind.DATE_OF_BIRTH, "昭和50年1月2日"),
        (Kind.ID, "R0000001"),
    ]:
        assert a.value(kind, value) == b.value(kind, value)
        assert a.value(kind, value) != value


def test_different_key_different_output(pools) -> None:
    a, b = make(pools), make(pools, OTHER_KEY)
    values = [f"09000{i:06d}" for i in range(20)]
    assert [a.value(Kind.PHONE, v) for v in values] != [b.value(Kind.PHONE, v) for v in values]
    ids = [f"ID{i:08d}" for i in range(20)]
    assert [a.value(Kind.ID, v) for v in ids] != [b.value(Kind.ID, v) for v in ids]


# --- names -----------------------------------------------------------------------------------


def test_name_layout_kept_and_spaces_do_not_change_the_identity(pools) -> None:
    ps = make(pools)
    spaced = ps.person("架空 一郎").text
    wide = ps.person("架空\u3000一郎").text
    joined = ps.person("架空一郎").text
    assert " " in spaced
    assert "\u3000" in wide
    assert " " not in joined
    assert "\u3000" not in joined
    assert spaced.replace(" ", "") == wide.replace("\u3000", "") == joined
    assert ps.person(" 架空 一郎 ").text == f" {spaced} "


def test_surname_comes_from_the_pool_and_is_shared_by_the_same_real_surname(pools) -> None:
    ps = make(pools)
    a = ps.person("架空 一郎")
    b = ps.person("架空 花子")
    assert (a.surname, a.surname_kana) in SURNAMES
    assert a.surname == b.surname
    assert a.text != b.text


def test_reading_column_follows_the_name_in_the_same_row(pools) -> None:
    ps = make(pools)
    person = ps.person("架空 一郎")
    assert ps.kana("カクウ イチロウ", name="架空 一郎") == (
        f"{person.surname_kana} {person.given_name_kana}"
    )
    hira = ps.kana("かくういちろう", name="架空 一郎")
    assert hira == "".join(chr(ord(c) - 0x60) for c in person.surname_kana + person.given_name_kana)
    half = ps.kana("ｶｸｳ ｲﾁﾛｳ", name="架空 一郎")
    assert all(0xFF61 <= ord(c) <= 0xFF9F or c == " " for c in half)
    assert ps.kana("", name="架空 一郎") == ""


def test_reading_without_a_name_is_mapped_on_its_own(pools) -> None:
    ps = make(pools)
    reading = ps.kana("カクウ イチロウ")
    assert reading != "カクウ イチロウ"
    assert reading == make(pools).kana("カクウ　イチロウ").replace("\u3000", " ")


def test_many_names_from_a_tiny_pool_never_collide_and_order_does_not_matter(pools) -> None:
    # 4 surnames x 7 given names = 28 pseudonyms for 25 different real names.
    names = [f"架空 {a}{b}" for a, b in itertools.product("一二三四五", "郎子夫美男")]
    forward, backward = make(pools), make(pools)
    for name in names:
        forward.observe(Kind.PERSON, name)
    for name in reversed(names):
        backward.observe(Kind.PERSON, name)
    forward.resolve()
    backward.resolve()
    mapped = [forward.person(n).text for n in names]
    assert len(set(mapped)) == len(names)
    assert mapped == [backward.person(n).text for n in names]


def test_household_members_share_surname_and_address(pools) -> None:
    ps = make(pools)
    head = ps.person("架空 一郎", household="H001")
    wife = ps.person("架空 花子", household="H001")
    other = [ps.person("架空 二郎", household=f"H{i:03d}") for i in range(2, 12)]
    assert head.surname == wife.surname
    assert len({p.surname for p in other}) > 1  # the surname depends on the household
    a1 = ps.address("東京都千代田区千代田1-1", household="H001")
    a2 = ps.address("東京都千代田区千代田1-1 見守荘 101", household="H001")
    assert a1.postal_code == a2.postal_code
    assert a2.text.startswith(a1.text)


# --- addresses ---------------------------------------------------------------------------------


def test_address_keeps_prefecture_and_municipality_and_uses_the_fictitious_block(pools) -> None:
    ps = make(pools)
    new = ps.address("大阪府堺市北区長曽根町1-2").text
    assert new.startswith("大阪府堺市北区")
    assert "-9" in new  # hyphen style kept, block 901-999
    no_pref = ps.address("堺市北区百舌鳥梅町１丁目２番３号").text
    assert no_pref.startswith("堺市北区")
    assert not no_pref.startswith("大阪府")
    assert any("０" <= c <= "９" for c in no_pref)  # full-width digits kept


def test_address_keep_prefecture_and_none(pools) -> None:
    ps = make(pools, address_keep="prefecture")
    assert ps.address("東京都千代田区千代田1-1").text.startswith("東京都千代田区")  # only one city
    anywhere = make(pools, address_keep="none")
    towns = {anywhere.address(f"東京都千代田区千代田{i}-1").postal_code for i in range(30)}
    assert {t.postal_code for t in TOWNS if t.prefecture != "東京都"} & towns


def test_postal_code_follows_the_address_in_its_layout(pools) -> None:
    ps = make(pools)
    address = ps.address("東京都千代田区千代田1-1")
    code = address.postal_code
    assert ps.postal_code("〒100-0001", address="東京都千代田区千代田1-1") == (
        f"〒{code[:3]}-{code[3:]}"
    )
    assert ps.postal_code("１０００００１", address="東京都千代田区千代田1-1") == "".join(
        chr(ord(c) + 0xFEE0) for c in code
    )


def test_address_pool_exhaustion_is_a_clear_error(pools) -> None:
    one_town = Pools(names=pools.names, addresses=AddressPool.from_towns(TOWNS[3:4]))
    ps = make(one_town)
    assigned = set()

    def fill() -> None:
        for i in range(99 * 30 + 1):  # 長曽根町 has 99 x 30 blocks (901-999番地1-30)
            assigned.add(ps.address(f"大阪府堺市北区長曽根町{i}").text)

    with pytest.raises(ConfigurationError, match="too small"):
        fill()
    assert len(assigned) > 2500  # it gives up only when the pool is nearly full


# --- numbers, dates, e-mail --------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone", ["090-0000-1234", "０９０－００００－１２３４", "090(0000)1234", "03-0000-1234"]
)
def test_phone_keeps_its_layout_and_is_in_the_fictitious_range(pools, phone: str) -> None:
    new = make(pools).value(Kind.PHONE, phone)
    assert len(new) == len(phone)
    assert [c.isdigit() for c in new] == [c.isdigit() for c in phone]
    normal = new.translate({ord("－"): "-", ord("("): "-", ord(")"): "-"})
    normal = "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in normal)
    assert is_fictitious_phone(normal)
    if phone.startswith("03"):
        assert new.startswith("03-0")  # the area code survives


def test_dates_keep_their_format_and_move_within_the_window(pools) -> None:
    ps = make(pools, date_window_days=10)
    cases = {
        "昭和58年4月12日": "昭和",
        "S58.04.12": "S",
        "1983-04-12": "1983-04-",
        "1983/4/12": "1983/4/",
        "19830412": "198304",
        "１９８３年４月１２日": "１９８３年４月",
    }
    for raw, prefix in cases.items():
        new = ps.value(Kind.DATE_OF_BIRTH, raw)
        assert new.startswith(prefix), (raw, new)
        assert new != raw
    moved = ps.date(dt.date(1983, 4, 12))
    assert 1 <= abs((moved - dt.date(1983, 4, 12)).days) <= 10
    assert ps.value(Kind.DATE_OF_BIRTH, "1983-04-12") == moved.isoformat()


def test_dates_are_a_permutation_even_when_every_day_is_taken(pools) -> None:
    ps = make(pools, date_window_days=3)
    days = [dt.date(1990, 1, 1) + dt.timedelta(days=i) for i in range(200)]
    for day in days:
        ps.observe(Kind.DATE_OF_BIRTH, day)
    ps.resolve()
    moved = [ps.date(day) for day in days]
    assert len(set(moved)) == len(days)
    assert all(1 <= abs((m - d).days) <= 3 for m, d in zip(moved, days, strict=True))
    # a bijection: the result does not depend on which other dates are in the data
    alone = make(pools, date_window_days=3)
    assert [alone.date(day) for day in days[::7]] == moved[::7]


def test_date_of_birth_never_moves_into_the_future(pools) -> None:
    ps = make(pools)
    assert all(ps.date(TODAY - dt.timedelta(days=i)) <= TODAY for i in range(5))


def test_my_number_and_resident_code_are_valid_with_the_same_spacing(pools) -> None:
    ps = make(pools)
    number = ps.value(Kind.MY_NUMBER, "1234 5678 9018")
    assert number[4] == " "
    assert number[9] == " "
    assert is_valid_my_number(number.replace(" ", ""))
    code = ps.value(Kind.RESIDENT_CODE, "12345678903")
    assert is_valid_resident_code(code)
    assert code != "12345678903"


def test_identifiers_keep_length_prefix_and_character_classes(pools) -> None:
    ps = make(pools)
    new = ps.value(Kind.ID, "R-0000123ab")
    assert new.startswith("R-")
    assert len(new) == len("R-0000123ab")
    assert new[2:9].isdigit()
    assert new[9:].islower()


def test_small_identifier_space_is_a_permutation(pools) -> None:
    ps = make(pools)
    ids = [f"{i:02d}" for i in range(100)]
    for value in ids:
        ps.observe(Kind.ID, value)
    ps.resolve()
    assert sorted(ps.value(Kind.ID, v) for v in ids) == ids


def test_email_uses_reserved_domains(pools) -> None:
    new = make(pools).value(Kind.EMAIL, "Kakuu.Ichiro@example.com")
    assert new.split("@")[1] in EMAIL_DOMAINS
    assert new != "kakuu.ichiro@example.com"


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Kind.DATE_OF_BIRTH, "不詳"),
        (Kind.MY_NUMBER, "12345"),
        (Kind.PHONE, "なし"),
        (Kind.EMAIL, "no-at-sign"),
        (Kind.ID, "－"),
    ],
)
def test_unreadable_values_are_refused_never_copied(pools, kind: Kind, value: str) -> None:
    with pytest.raises(InvalidValue):
        make(pools).value(kind, value)
