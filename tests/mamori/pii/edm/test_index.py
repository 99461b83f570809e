"""The index file: keyed fingerprints only, versioned, atomic, key checked; updates."""

from __future__ import annotations

import hashlib
import hmac
import logging
import struct
from pathlib import Path

import pytest

from mamori._exceptions import ConfigurationError, InputError
from mamori.pii.edm import EdmIndex, build_index, load_schema, normalize_field, update_index
from mamori.pii.edm._hashing import FieldHasher
from mamori.synth import generate_residents, write_residents

from .conftest import World

OTHER_KEY = bytes(range(32))


def _fingerprints(index: EdmIndex, field: str) -> set[int]:
    return set(index.section(f"{field}.hash"))


def test_the_index_holds_no_value_and_no_key(world: World) -> None:
    data = world.real_index.read_bytes()
    assert world.key not in data
    assert world.key.hex().encode() not in data
    for person in world.real[:50]:
        for value in (person.surname, person.my_number, person.phone, person.address.block):
            if value:
                assert value.encode("utf-8") not in data
        assert person.birth_date.strftime("%Y%m%d").encode() not in data


def test_a_dictionary_without_the_key_finds_nothing(world: World) -> None:
    # An attacker with the index but not the key hashes every candidate birth date, phone
    # and My Number the obvious ways; none of those fingerprints is in the index.
    person = world.real[0]
    with EdmIndex.open(world.real_index) as index:
        for field, raw in (
            ("birth_date", person.birth_date),
            ("my_number", person.my_number),
            ("phone", person.phone or "090-0000-0000"),
        ):
            key = normalize_field(field, raw)
            assert key is not None
            guesses = {
                int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "little"),
                int.from_bytes(hmac.digest(b"", key.encode(), "sha256")[:8], "little"),
                FieldHasher(OTHER_KEY, index.salt, (field,)).fingerprint(field, key),
            }
            assert not guesses & _fingerprints(index, field)
            right = FieldHasher(world.key, index.salt, (field,)).fingerprint(field, key)
            if field != "phone" or person.phone:
                assert right in _fingerprints(index, field)


def test_hashes_differ_under_another_key(world: World, tmp_path: Path) -> None:
    salt = b"0" * 16
    mine = FieldHasher(world.key, salt, ("my_number",)).fingerprint("my_number", "123456789018")
    other = FieldHasher(OTHER_KEY, salt, ("my_number",)).fingerprint("my_number", "123456789018")
    assert mine != other
    # and a rebuild under another key (key rotation) shares no fingerprint with the old index
    schema = load_schema(world.schema_file)
    rotated = tmp_path / "rotated.edm"
    build_index(world.real_csv, schema, OTHER_KEY, rotated, jobs=1)
    with EdmIndex.open(world.real_index) as old, EdmIndex.open(rotated) as new:
        assert not _fingerprints(old, "birth_date") & _fingerprints(new, "birth_date")
        with pytest.raises(ConfigurationError, match="different key"):
            new.check_key(world.key)


def test_the_fast_hmac_is_hmac_sha256() -> None:
    from mamori.pii.edm._hashing import _Hmac

    key = bytes(range(32))
    expected = int.from_bytes(hmac.digest(key, "高橋一郎".encode(), "sha256")[:8], "little")
    assert _Hmac(key).fingerprint("高橋一郎".encode()) == expected


def test_the_key_is_never_logged(
    world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    build_index(world.real_csv, load_schema(world.schema_file), world.key, tmp_path / "x.edm")
    text = caplog.text
    assert world.key.hex() not in text
    assert repr(world.key) not in text


def test_header_is_versioned_and_other_versions_are_refused(world: World, tmp_path: Path) -> None:
    with EdmIndex.open(world.real_index) as index:
        assert index.header["format"] == 1
        assert index.rows == 400
        assert index.fields == ("name", "kana", "birth_date", "address", "phone", "my_number")
        assert "key" not in index.header
    data = bytearray(world.real_index.read_bytes())
    struct.pack_into("<I", data, 8, 99)
    future = tmp_path / "future.edm"
    future.write_bytes(bytes(data))
    with pytest.raises(InputError, match="format 99"):
        EdmIndex.open(future)
    junk = tmp_path / "junk.edm"
    junk.write_bytes(b"not an index at all")
    with pytest.raises(InputError, match="not an EDM index"):
        EdmIndex.open(junk)


def test_a_damaged_index_fails_verification(world: World, tmp_path: Path) -> None:
    data = bytearray(world.real_index.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the fingerprint arrays
    damaged = tmp_path / "damaged.edm"
    damaged.write_bytes(bytes(data))
    with EdmIndex.open(damaged) as index, pytest.raises(InputError, match="damaged"):
        index.verify()


def test_a_failed_build_leaves_nothing_behind(world: World, tmp_path: Path) -> None:
    schema = load_schema(world.schema_file)
    bad = tmp_path / "bad.csv"
    bad.write_text("氏名,生年月日\n山田 太郎,1980-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column"):
        build_index(bad, schema, world.key, tmp_path / "out.edm")
    assert list(tmp_path.iterdir()) == [bad]


def test_the_build_reads_shift_jis_and_xlsx(world: World, tmp_path: Path) -> None:
    people = world.real[:30]
    schema = load_schema(world.schema_file)
    write_residents(people, tmp_path / "sjis.csv", encoding="cp932")
    write_residents(people, tmp_path / "book.xlsx", "xlsx")
    for source in ("sjis.csv", "book.xlsx"):
        report = build_index(tmp_path / source, schema, world.key, tmp_path / f"{source}.edm")
        assert report.rows == 30
        assert report.indexed["birth_date"] == 30
        assert report.invalid["name"] == 0


def test_parallel_and_serial_builds_agree(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mamori.pii.edm import _build

    monkeypatch.setattr(_build, "_CHUNK", 64)  # several chunks over two processes
    schema = load_schema(world.schema_file)
    build_index(world.real_csv, schema, world.key, tmp_path / "p.edm", jobs=2)
    with EdmIndex.open(tmp_path / "p.edm") as p, EdmIndex.open(world.real_index) as s:
        person = world.real[123]
        key = normalize_field("name", person.name)
        assert key is not None
        pf = FieldHasher(world.key, p.salt, ("name",)).fingerprint("name", key)
        sf = FieldHasher(world.key, s.salt, ("name",)).fingerprint("name", key)
        assert p.lookup("name", pf) == s.lookup("name", sf)
        assert p.header["households"] == s.header["households"]


def _rows_of(index: EdmIndex, secret: bytes, field: str, raw: object) -> list[int]:
    key = normalize_field(field, raw)
    assert key is not None
    return index.lookup(field, FieldHasher(secret, index.salt, (field,)).fingerprint(field, key))


def test_update_moves_in_and_out_without_rebuilding(world: World, tmp_path: Path) -> None:
    schema = load_schema(world.schema_file)
    index_path = tmp_path / "live.edm"
    build_index(world.real_csv, schema, world.key, index_path, jobs=1)
    leaving = world.real[10]
    newcomers = list(generate_residents(5, seed="edm-newcomers", with_my_number=True))
    moved_in = tmp_path / "in.csv"
    write_residents(newcomers, moved_in)
    moved_out = tmp_path / "out.csv"
    moved_out.write_text(f"住民ID\n{leaving.resident_id}\nR9999999\n", encoding="utf-8")
    # the newcomers' ids are R0000001…: they replace the register's rows with those ids
    report = update_index(index_path, schema, world.key, add=moved_in, remove=moved_out)
    assert report.added == 5
    assert report.not_found == 1  # R9999999 was never registered
    assert report.removed == 1 + 5
    with EdmIndex.open(index_path) as index:
        index.verify()
        assert index.header["generation"] == 2
        assert index.live_rows == 400 - 6 + 5
        assert _rows_of(index, world.key, "my_number", leaving.my_number) == []
        assert _rows_of(index, world.key, "my_number", newcomers[0].my_number) == [400]
        replaced = world.real[0]  # R0000001, now a newcomer's id
        assert _rows_of(index, world.key, "my_number", replaced.my_number) == []
        assert _rows_of(index, world.key, "my_number", world.real[50].my_number) == [50]


def test_update_needs_the_same_key_and_schema(world: World, tmp_path: Path) -> None:
    schema = load_schema(world.schema_file)
    out = tmp_path / "out.csv"
    out.write_text("住民ID\nR0000001\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="different key"):
        update_index(world.real_index, schema, OTHER_KEY, remove=out, output=tmp_path / "x.edm")
    narrow = load_schema(world.schema_file)
    narrow = type(narrow)(fields={"name": ("氏名",)}, record_id="住民ID")
    with pytest.raises(ConfigurationError, match="schema"):
        update_index(world.real_index, narrow, world.key, remove=out, output=tmp_path / "x.edm")
    no_id = type(narrow)(fields=schema.fields, record_id=None)
    with pytest.raises(ConfigurationError, match="record_id"):
        update_index(world.real_index, no_id, world.key, remove=out, output=tmp_path / "x.edm")
