"""The schema of a register export: which columns hold which EDM field.

A YAML file, validated by hand (as the rule packs are)::

    version: 1
    name: 住民基本台帳 2026年12月    # optional; shown in findings and summaries
    record_id: 住民ID              # optional; needed for `mamori edm update`
    household_id: 世帯ID           # optional; without it every person is a household
    fields:                        # field: column, or a list of columns joined
      name: 氏名                   #   (name: [姓, 名])
      kana: 氏名カナ
      birth_date: 生年月日
      address: 住所
      phone: 電話番号
      my_number: 個人番号

The fields are those of ``mamori.pii.edm._fields.FIELDS``. Column names are matched after
trimming spaces; a missing column is an error that lists the columns the file has.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mamori._exceptions import ConfigurationError
from mamori.pii.edm._fields import FIELDS, PRIMARY

__all__ = ["Schema", "load_schema"]


@dataclass(frozen=True, slots=True)
class Schema:
    fields: Mapping[str, tuple[str, ...]]  # field → the columns joined into its value
    record_id: str | None = None
    household_id: str | None = None
    name: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the schema reads, in a stable order without repeats."""
        names: list[str] = []
        for column in (self.record_id, self.household_id):
            if column is not None:
                names.append(column)
        for columns in self.fields.values():
            names.extend(columns)
        return tuple(dict.fromkeys(names))

    def to_json(self) -> dict[str, Any]:
        return {
            "fields": {f: list(c) for f, c in self.fields.items()},
            "record_id": self.record_id,
            "household_id": self.household_id,
        }

    @classmethod
    def from_mapping(cls, data: Any, *, source: str = "schema") -> Schema:
        if not isinstance(data, Mapping):
            raise ConfigurationError(f"{source}: expected a mapping with 'fields'.")
        unknown = set(data) - {"version", "name", "record_id", "household_id", "fields"}
        if unknown:
            raise ConfigurationError(
                f"{source}: unknown keys {sorted(unknown)}; allowed: version, name, "
                "record_id, household_id, fields."
            )
        if data.get("version", 1) != 1:
            raise ConfigurationError(f"{source}: version must be 1.")
        raw = data.get("fields")
        if not isinstance(raw, Mapping) or not raw:
            raise ConfigurationError(
                f"{source}: 'fields' must map fields to columns, e.g. 'name: 氏名'."
            )
        fields: dict[str, tuple[str, ...]] = {}
        for field, columns in raw.items():
            if field not in FIELDS:
                raise ConfigurationError(
                    f"{source}: unknown field {field!r}; known: {', '.join(FIELDS)}."
                )
            if isinstance(columns, str):
                columns = [columns]
            if (
                not isinstance(columns, list)
                or not columns
                or not all(isinstance(c, str) and c.strip() for c in columns)
            ):
                raise ConfigurationError(
                    f"{source}: field {field!r} needs a column name or a list of them."
                )
            fields[field] = tuple(c.strip() for c in columns)
        if not PRIMARY & fields.keys():
            raise ConfigurationError(
                f"{source}: index at least one of {', '.join(sorted(PRIMARY))}: a match "
                "needs a primary field."
            )
        ordered = {f: fields[f] for f in FIELDS if f in fields}

        def column(key: str) -> str | None:
            value = data.get(key)
            if value is None:
                return None
            if not isinstance(value, str) or not value.strip():
                raise ConfigurationError(f"{source}: {key} must be a column name.")
            return value.strip()

        name = data.get("name")
        if name is not None and not isinstance(name, str):
            raise ConfigurationError(f"{source}: name must be text.")
        return cls(
            fields=ordered,
            record_id=column("record_id"),
            household_id=column("household_id"),
            name=name,
        )


def load_schema(path: str | os.PathLike[str]) -> Schema:
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"schema {p} does not exist.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigurationError(f"schema {p} cannot be read: {err}.") from err
    except yaml.YAMLError as err:
        raise ConfigurationError(f"schema {p} is not valid YAML: {err}.") from err
    return Schema.from_mapping(data, source=str(p))
