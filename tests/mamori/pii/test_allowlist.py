"""Allowlist files: JSON or YAML lists of keyed hashes; raw values are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori._exceptions import ConfigurationError
from mamori.pii import Allowlist, allowlist_entry

KEY = b"k" * 32


def test_from_json_and_yaml(tmp_path: Path) -> None:
    entry = allowlist_entry(KEY, "PHONE", "03-0123-4567")
    as_json = tmp_path / "allow.json"
    as_json.write_text(json.dumps([entry]), encoding="utf-8")
    as_yaml = tmp_path / "allow.yaml"
    as_yaml.write_text(f"entries:\n  - hash: {entry}\n    note: 代表電話\n", encoding="utf-8")
    for path in (as_json, as_yaml):
        assert Allowlist.from_file(path, KEY).hashes == frozenset({entry})


@pytest.mark.parametrize(
    "content",
    [
        '["03-0123-4567"]',  # a raw value: never stored
        '{"entries": "x"}',  # not a list
        "[",  # not JSON
    ],
)
def test_bad_files_are_configuration_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / "allow.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError, match="allowlist"):
        Allowlist.from_file(path, KEY)


def test_a_missing_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot be read"):
        Allowlist.from_file(tmp_path / "nope.json", KEY)
