"""Per-file summary: counts by type and an estimate of persons and households ("4世帯7人分").

The heuristic (it estimates; a reviewer confirms):

- **persons** — distinct PERSON texts, normalised (NFKC, whitespace removed). Kana readings
  and romanised names repeat a name written in kanji, so when any PERSON text contains a
  kanji only those are counted. A short name (≤ 3 characters: a surname alone, as in
  ``○佐藤委員``) that begins a longer counted name is the same person and is merged into it.
- **households** — distinct ADDRESS texts, normalised: NFKC and kanji numerals
  (``normalize``), 丁目/番地/番/号 written as hyphens, the prefecture dropped, and cut after
  the block number (building and room dropped: one building is one household's address as
  far as an estimate goes). At least 1 when there are persons but no addresses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mamori.pii._model import Finding, Label
from mamori.pii._normalize import normalize

__all__ = ["EdmSummary", "Summary", "address_key", "person_key", "summarize"]

_SPACE = re.compile(r"\s+")
_KANJI = re.compile(r"[\u3400-\u9fff々]")
_BLOCK_WORDS = re.compile(r"丁目|番地|番|号(?!室)|の(?=[0-9])")
_BLOCK = re.compile(r"[0-9]+(?:-[0-9]+){1,3}")
_PREFECTURE = re.compile(r"^(?:北海道|東京都|京都府|大阪府|[\u4e00-\u9fff]{2,3}県)")
_SURNAME_MAX = 3


@dataclass(frozen=True, slots=True)
class EdmSummary:
    """What exact data matching (``mamori.pii.edm``) found in one file.

    ``real_persons`` / ``real_households`` are distinct records (and their households) of a
    real register that REAL_RESIDENT findings name. ``all_fictitious``: the file has
    personal-data findings, none of them real, and every one matches a registered
    fictitious dataset (``fictitious_datasets`` names them; empty otherwise).
    """

    real_persons: int = 0
    real_households: int = 0
    personal_findings: int = 0
    all_fictitious: bool = False
    fictitious_datasets: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "real_persons": self.real_persons,
            "real_households": self.real_households,
            "fictitious": {"all": self.all_fictitious, "datasets": list(self.fictitious_datasets)},
        }

    def describe(self) -> str:
        if self.real_persons:
            return f"実在住民 {self.real_households}世帯{self.real_persons}人"
        if self.all_fictitious:
            return f"登録済み架空データのみ ({', '.join(self.fictitious_datasets)})"
        return "実在住民なし"


@dataclass(frozen=True, slots=True)
class Summary:
    persons: int = 0
    households: int = 0
    by_type: Mapping[str, int] = field(default_factory=dict)
    edm: EdmSummary | None = None  # only when the scan used an EDM index

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "persons": self.persons,
            "households": self.households,
            "by_type": dict(self.by_type),
        }
        if self.edm is not None:
            out["edm"] = self.edm.to_json()
        return out

    def describe(self) -> str:
        """Japanese shorthand as the incident reports write it: 4世帯7人分."""
        text = f"{self.households}世帯{self.persons}人分"
        return text if self.edm is None else f"{text} ({self.edm.describe()})"


def person_key(text: str) -> str:
    return _SPACE.sub("", normalize(text).text)


def address_key(text: str) -> str:
    normal = _SPACE.sub(" ", normalize(text).text).strip()
    normal = _BLOCK_WORDS.sub("-", normal)
    normal = re.sub(r"-{2,}", "-", normal)
    block = _BLOCK.search(normal)
    normal = normal[: block.end()] if block else normal.split(" ", 1)[0].rstrip("-")
    return _PREFECTURE.sub("", normal)


def _persons(texts: Iterable[str]) -> int:
    keys = {person_key(t) for t in texts}
    keys.discard("")
    kanji = {k for k in keys if _KANJI.search(k)}
    if kanji:
        keys = kanji
    full = [k for k in keys if len(k) > _SURNAME_MAX]
    # a surname alone is someone already counted when a full name starts with it
    # (every full name is longer than any surname key: a prefix is a proper one)
    prefixes = {f[:n] for f in full for n in range(1, _SURNAME_MAX + 1)}
    return len(full) + sum(1 for k in keys if len(k) <= _SURNAME_MAX and k not in prefixes)


def summarize(findings: Iterable[Finding]) -> Summary:
    by_type: Counter[str] = Counter()
    names: list[str] = []
    addresses: set[str] = set()
    for finding in findings:
        by_type[finding.type] += 1
        if finding.type == Label.PERSON:
            names.append(finding.text)
        elif finding.type == Label.ADDRESS:
            key = address_key(finding.text)
            if key:
                addresses.add(key)
    persons = _persons(names)
    households = len(addresses) or (1 if persons else 0)
    return Summary(persons=persons, households=households, by_type=dict(sorted(by_type.items())))
