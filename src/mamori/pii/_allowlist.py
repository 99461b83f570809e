"""Allowlist of values a city has decided are not findings (its own office numbers …).

An entry is a keyed hash, never the value: HMAC-SHA256 with the installation key
(``mamori._keys.load_key``) over ``TYPE`` + NUL + the normalised finding text. Normalised
means ``normalize()`` (full width, dashes …) and then, for numbers, only the digits and
capital letters (``03-1234-5678`` and ``03(1234)5678`` are one entry); for names,
addresses and e-mail addresses, without whitespace. A bare hash of a phone number is
trivially reversed; a keyed one is not.

The file is JSON or YAML: a list of hex digests, or ``{"entries": [{"hash": …, "note": …}]}``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mamori._exceptions import ConfigurationError
from mamori.pii._model import Finding, Label
from mamori.pii._normalize import normalize

__all__ = ["Allowlist", "allowlist_entry", "canonical_value"]

_TEXT_LABELS = frozenset(
    {Label.PERSON, Label.ADDRESS, Label.EMAIL, Label.DATE_OF_BIRTH, Label.REAL_RESIDENT}
)
_NOT_ID = re.compile(r"[^0-9A-Z]")
_SPACE = re.compile(r"\s+")
_HEX = re.compile(r"^[0-9a-f]{64}$")


def canonical_value(label: str, text: str) -> str:
    """The form of a finding's text that is hashed (see the module docstring)."""
    normal = normalize(text).text
    if label in _TEXT_LABELS:
        return _SPACE.sub("", normal).lower() if label == Label.EMAIL else _SPACE.sub("", normal)
    return _NOT_ID.sub("", normal.upper())


def allowlist_entry(key: bytes, label: str, text: str) -> str:
    """The hex HMAC-SHA256 that allowlists ``text`` as ``label``."""
    message = f"{label}\x00{canonical_value(label, text)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Allowlist:
    key: bytes
    hashes: frozenset[str]

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], key: bytes) -> Allowlist:
        file = Path(path)
        try:
            raw = file.read_text(encoding="utf-8")
        except OSError as err:
            raise ConfigurationError(f"allowlist {file} cannot be read: {err.strerror}") from err
        try:
            data: Any = json.loads(raw) if file.suffix == ".json" else yaml.safe_load(raw)
        except (json.JSONDecodeError, yaml.YAMLError) as err:
            raise ConfigurationError(f"allowlist {file} is not valid JSON/YAML: {err}") from err
        return cls(key, frozenset(_hashes(file, data)))

    @classmethod
    def of(cls, key: bytes, values: Iterable[tuple[str, str]]) -> Allowlist:
        return cls(key, frozenset(allowlist_entry(key, label, text) for label, text in values))

    def __contains__(self, finding: object) -> bool:
        if not isinstance(finding, Finding):
            return False
        return allowlist_entry(self.key, finding.type, finding.text) in self.hashes

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        if not self.hashes:
            return list(findings)
        return [f for f in findings if f not in self]


def _hashes(file: Path, data: Any) -> list[str]:
    if data is None:
        return []
    entries = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ConfigurationError(
            f"allowlist {file}: expected a list of hashes or {{entries: [...]}}"
        )
    out: list[str] = []
    for i, entry in enumerate(entries):
        value = entry.get("hash") if isinstance(entry, dict) else entry
        if not isinstance(value, str) or not _HEX.match(value.lower()):
            raise ConfigurationError(
                f"allowlist {file}: entry {i} is not a 64-digit hex HMAC "
                "(raw values are never stored)"
            )
        out.append(value.lower())
    return out
