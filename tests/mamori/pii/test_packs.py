"""Rule packs: validation with clear messages, overrides, and the registry built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori._exceptions import ConfigurationError
from mamori.pii import Registry, Scanner
from mamori.pii._packs import load_pack
from mamori.pii._registry import default_pack_path
from tests.mamori.pii._structured import STRUCTURED


def _write(tmp_path: Path, text: str, name: str = "city.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_pack_loads_and_names_every_structured_detector() -> None:
    pack = load_pack([default_pack_path()])
    ids = {spec.id for spec in pack.detectors}
    assert set(STRUCTURED) <= ids
    assert pack.priority.index("CORPORATE_NUMBER") < pack.priority.index("MY_NUMBER")
    assert pack.priority.index("MY_NUMBER") < pack.priority.index("PHONE")


def test_a_city_switches_a_detector_off(tmp_path: Path) -> None:
    override = _write(tmp_path, "version: 1\ndetectors:\n  - {id: jp.phone, enabled: false}\n")
    registry = Registry.from_config(override, only=["jp.my_number"])
    assert [d.detector_id for d in registry.detectors] == ["jp.my_number"]
    registry = Registry.from_config(override, labels=["PHONE", "MY_NUMBER"])
    assert "jp.phone" not in {d.detector_id for d in registry.detectors}
    assert Scanner(registry).scan_text("電話 090-0123-4567") == []


def test_a_city_changes_a_threshold_and_words(tmp_path: Path) -> None:
    override = _write(
        tmp_path,
        "thresholds: {PHONE: 0.95}\n"
        "detectors:\n  - id: jp.passport\n    context: {words: [旅行証明]}\n",
    )
    registry = Registry.from_config(override, labels=["PHONE", "PASSPORT"])
    scanner = Scanner(registry)
    assert scanner.scan_text("電話 090-0123-4567") == []
    assert [f.type for f in scanner.scan_text("旅行証明 TZ0212312")] == ["PASSPORT"]
    assert scanner.scan_text("旅券 TZ0212312") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 2\n", "version 2 is not supported"),
        ("detectors: [{id: jp.new_thing, label: PHONE}]\n", "needs 'impl'"),
        ("detectors: [{id: jp.phone, score: 1.5}]\n", "between 0 and 1"),
        ("detectors: [{id: jp.phone, scroe: 0.5}]\n", "unknown keys ['scroe']"),
        ("detectors: [{id: jp.phone, label: TELEPHONE}]\n", "not a label of spec/pii.md"),
        ("detectors: [{id: jp.phone, patterns: {x: '(('}}]\n", "not a valid regex"),
        ("detectors: [{id: jp.phone, context: {words: 電話}}]\n", "must be a list"),
        ("detectors: [{id: jp.phone, context: {before: -1}}]\n", "must not be negative"),
        ("detectors: [{id: Phone}]\n", "dotted lower case"),
        ("thresholds: {PHONES: 0.5}\n", "not a label"),
        ("priority: [PHONE, FAX]\n", "unknown labels ['FAX']"),
        ("detectors: [{id: jp.phone, enabled: yes please}]\n", "must be a bool"),
        ("- just a list\n", "the top level must be a dict"),
        ("detectors: [\n", "is not valid YAML"),
    ],
)
def test_invalid_packs_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigurationError, match=r"rule pack .*city\.yaml") as info:
        load_pack([default_pack_path(), path])
    assert message in str(info.value)


def test_a_detector_id_must_match_its_class(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "detectors: [{id: jp.my_number2, impl: 'my_number:MyNumberDetector', label: MY_NUMBER}]\n",
    )
    with pytest.raises(ConfigurationError, match="detector_id is permanent"):
        Registry.from_config(path, only=["jp.my_number2"])


def test_an_impl_outside_the_detector_package_cannot_be_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "detectors: [{id: jp.evil, impl: 'os:system', label: PHONE}]\n")
    with pytest.raises(ConfigurationError, match=r"cannot import mamori\.pii\.detectors\.os"):
        Registry.from_config(path, only=["jp.evil"])


def test_a_missing_pack_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        Registry.from_config(tmp_path / "nope.yaml")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigurationError, match=r"holds no \.yaml files"):
        Registry.from_config(empty)
