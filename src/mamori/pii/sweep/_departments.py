"""Which department publishes a URL: a YAML map of URL path prefixes, longest prefix wins.

    # departments.yaml
    /kurashi/zeimu/: 税務課
    /kurashi/koseki/: {name: 市民課, code: A1}
    https://www.city.example.lg.jp/kosodate/: 子育て支援課   # a full URL: its path counts

The map may also sit under a ``departments:`` key (with ``version: 1`` beside it). Prefixes
are compared with the URL's percent-decoded path; a URL no prefix covers is unmapped, and
the sweep then falls back on the page's footer (「このページに関するお問い合わせ」), then on
the pages that link the file, and finally on 「所属不明」.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from mamori._exceptions import ConfigurationError

__all__ = ["UNKNOWN", "Department", "DepartmentMap"]


@dataclass(frozen=True, slots=True)
class Department:
    """A department as the sweep names it; ``code`` matches the organisation register."""

    name: str
    code: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "code": self.code}


UNKNOWN = Department("所属不明")


def url_path(url: str) -> str:
    """The percent-decoded path of ``url`` ('/' when it has none)."""
    return unquote(urlsplit(url).path) or "/"


@dataclass(frozen=True, slots=True)
class DepartmentMap:
    """URL path prefixes → departments; `lookup` gives the longest matching prefix's."""

    prefixes: tuple[tuple[str, Department], ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> DepartmentMap:
        entries: list[tuple[str, Department]] = []
        for raw_prefix, value in data.items():
            prefix = str(raw_prefix).strip()
            if "://" in prefix:
                prefix = url_path(prefix)
            if not prefix.startswith("/"):
                raise ConfigurationError(
                    f"department map: {raw_prefix!r} is not a URL path; write it as "
                    "/kurashi/zeimu/ (starting with /)"
                )
            if isinstance(value, str) and value.strip():
                entries.append((prefix, Department(value.strip())))
            elif isinstance(value, Mapping) and str(value.get("name") or "").strip():
                code = value.get("code")
                entries.append(
                    (
                        prefix,
                        Department(str(value["name"]).strip(), str(code) if code else None),
                    )
                )
            else:
                raise ConfigurationError(
                    f"department map: {raw_prefix!r} needs a department name "
                    "(税務課, or {name: 税務課, code: B1})"
                )
        entries.sort(key=lambda e: (-len(e[0]), e[0]))
        return cls(tuple(entries))

    @classmethod
    def from_file(cls, path: str | Path) -> DepartmentMap:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as err:
            raise ConfigurationError(f"cannot read department map {path}: {err}") from err
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            raise ConfigurationError(f"department map {path} is not valid YAML: {err}") from err
        if data is None:
            return cls()
        if isinstance(data, Mapping) and isinstance(data.get("departments"), Mapping):
            data = data["departments"]
        elif isinstance(data, Mapping):
            data = {k: v for k, v in data.items() if k != "version"}
        if not isinstance(data, Mapping):
            raise ConfigurationError(
                f"department map {path}: expected a mapping of URL prefixes to departments"
            )
        return cls.from_mapping(data)

    def lookup(self, url: str) -> tuple[str, Department] | None:
        """(prefix, department) of the longest prefix that covers ``url``, or None."""
        path = url_path(url)
        for prefix, department in self.prefixes:
            if path.startswith(prefix) or path + "/" == prefix:
                return prefix, department
        return None

    def named(self, name: str) -> Department:
        """The department called ``name`` (with its code, when the map gives one)."""
        for _prefix, department in self.prefixes:
            if department.name == name:
                return department
        return Department(name)
