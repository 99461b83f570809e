"""The department map: longest prefix wins, the YAML shapes, errors that say what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori._exceptions import ConfigurationError
from mamori.pii.sweep import Department, DepartmentMap


def test_longest_prefix_wins() -> None:
    departments = DepartmentMap.from_mapping(
        {
            "/kurashi/": "市民部",
            "/kurashi/zeimu/": {"name": "税務課", "code": "B1"},
            "https://www.city.example.lg.jp/kosodate/": "子育て支援課",
        }
    )
    found = departments.lookup("https://www.city.example.lg.jp/kurashi/zeimu/a.pdf")
    assert found == ("/kurashi/zeimu/", Department("税務課", "B1"))
    assert departments.lookup("/kurashi/gomi/index.html") == ("/kurashi/", Department("市民部"))
    assert departments.lookup("/kosodate/") == ("/kosodate/", Department("子育て支援課"))
    assert departments.lookup("/kurashi") == ("/kurashi/", Department("市民部"))
    # /kurashi/zeimu-old/ is not under /kurashi/zeimu/
    assert departments.lookup("/kurashi/zeimu-old/x.pdf") == ("/kurashi/", Department("市民部"))
    assert departments.lookup("/other/x.pdf") is None


def test_percent_encoded_urls_match_japanese_prefixes() -> None:
    departments = DepartmentMap.from_mapping({"/税務/": "税務課"})
    assert departments.lookup("https://x.jp/%E7%A8%8E%E5%8B%99/a.pdf") is not None


def test_named_carries_the_code_from_the_map() -> None:
    departments = DepartmentMap.from_mapping({"/zeimu/": {"name": "税務課", "code": "B1"}})
    assert departments.named("税務課") == Department("税務課", "B1")
    assert departments.named("保育課") == Department("保育課")


@pytest.mark.parametrize(
    "text",
    [
        "/kurashi/zeimu/: 税務課\n",
        "version: 1\ndepartments:\n  /kurashi/zeimu/: 税務課\n",
        "version: 1\n/kurashi/zeimu/: 税務課\n",
    ],
)
def test_yaml_shapes(tmp_path: Path, text: str) -> None:
    (tmp_path / "d.yaml").write_text(text, encoding="utf-8")
    departments = DepartmentMap.from_file(tmp_path / "d.yaml")
    assert departments.prefixes == (("/kurashi/zeimu/", Department("税務課")),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kurashi/zeimu/: 税務課\n", "starting with /"),
        ("/kurashi/: {code: B1}\n", "needs a department name"),
        ("- /kurashi/\n", "expected a mapping"),
        ("/a/: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_maps_are_configuration_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "d.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=message):
        DepartmentMap.from_file(tmp_path / "d.yaml")
