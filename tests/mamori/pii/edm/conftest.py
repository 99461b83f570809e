"""Fixtures: two fictitious registers from the generator (never real data), one playing the
real register and one registered as fictitious, a key file, a schema and built indexes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from mamori._keys import generate_key_file, load_key
from mamori.pii import Registry, Scanner
from mamori.pii.edm import EdmMatcher, build_index, load_schema
from mamori.synth import Person, generate_residents, write_residents

SCHEMA = """\
version: 1
name: テスト市住民記録
record_id: 住民ID
household_id: 世帯ID
fields:
  name: 氏名
  kana: 氏名カナ
  birth_date: 生年月日
  address: 住所
  phone: 電話番号
  my_number: 個人番号
"""


@dataclass(frozen=True)
class World:
    folder: Path
    key_file: Path
    key: bytes
    schema_file: Path
    real_csv: Path
    fict_csv: Path
    real_index: Path
    fict_index: Path
    real: list[Person]
    fict: list[Person]


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("edm")
    key_file = generate_key_file(folder / "edm.key")
    schema_file = folder / "schema.yaml"
    schema_file.write_text(SCHEMA, encoding="utf-8")
    real = list(generate_residents(400, seed="edm-real", with_my_number=True))
    fict = list(generate_residents(400, seed="edm-fict", with_my_number=True))
    write_residents(real, folder / "real.csv")
    write_residents(fict, folder / "fict.csv")
    key = load_key(key_file)
    schema = load_schema(schema_file)
    build_index(folder / "real.csv", schema, key, folder / "real.edm", jobs=1)
    fict_index = folder / "fict.edm"
    build_index(
        folder / "fict.csv", schema, key, fict_index, fictitious=True, name="架空-1", jobs=1
    )
    return World(
        folder=folder,
        key_file=key_file,
        key=key,
        schema_file=schema_file,
        real_csv=folder / "real.csv",
        fict_csv=folder / "fict.csv",
        real_index=folder / "real.edm",
        fict_index=folder / "fict.edm",
        real=real,
        fict=fict,
    )


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.from_config()


@pytest.fixture
def scanner(world: World, registry: Registry) -> Scanner:
    edm = EdmMatcher.open([world.real_index, world.fict_index], secret=world.key)
    return Scanner(registry, edm=edm)


def copy_key(world: World, path: Path, mode: int = 0o600) -> Path:
    path.write_bytes(world.key_file.read_bytes())
    os.chmod(path, mode)
    return path
