"""Writing a drawn candidate the way the original was written (spaces, script, width …)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

from mamori.synth._addresses import BUILDING_NAMES
from mamori.synth._pseudonymize import _formats as fmt
from mamori.synth._pseudonymize._domain import u64
from mamori.synth._pseudonymize._draw import AddressCandidate, PersonCandidate
from mamori.synth._pseudonymize._pools import Pools

__all__ = ["AddressPseudonym", "NamePart", "PersonPseudonym", "render_address", "render_person"]

NamePart = Literal["surname", "given_name"]

_BUILDING_WORDS: Final = re.compile(
    r"号室|マンション|ハイツ|アパート|コーポ|ビル|レジデンス|荘|棟|ハイム|メゾン|コート|\d+F$|\d+階"
)
_HYPHEN_BLOCK: Final = re.compile(r"[0-9０-９]([-－‐−ー―ｰ])[0-9０-９]")


def _outer(raw: str) -> tuple[str, str]:
    """The spaces before and after a value."""
    return raw[: len(raw) - len(raw.lstrip(fmt.SPACES))], raw[len(raw.rstrip(fmt.SPACES)) :]


@dataclass(frozen=True, slots=True)
class PersonPseudonym:
    text: str
    surname: str
    given_name: str
    surname_kana: str
    given_name_kana: str

    def part_like(self, raw: str, part: NamePart) -> str:
        """The surname or the given name, with the spaces around `raw` (a 姓 or 名 cell)."""
        lead, trail = _outer(raw)
        return f"{lead}{self.surname if part == 'surname' else self.given_name}{trail}"

    def reading_like(self, raw: str, part: NamePart | None = None) -> str:
        """The reading (or the reading of one part) in the script of the original reading
        `raw` (カタカナ, ひらがな, ﾊﾝｶｸ), with its spacing."""
        script = fmt.kana_script(raw)
        if part is not None:
            lead, trail = _outer(raw)
            kana = self.surname_kana if part == "surname" else self.given_name_kana
            return f"{lead}{fmt.to_script(kana, script)}{trail}"
        layout = fmt.name_layout(raw)
        surname = fmt.to_script(self.surname_kana, script)
        if not self.given_name_kana:
            return f"{layout.lead}{surname}{layout.trail}"
        given = fmt.to_script(self.given_name_kana, script)
        sep = layout.separator
        if script == "half" and sep == "\u3000":
            sep = " "
        return f"{layout.lead}{surname}{sep}{given}{layout.trail}"


@dataclass(frozen=True, slots=True)
class AddressPseudonym:
    text: str
    postal_code: str  # 7 digits


def render_person(pools: Pools, raw: str, cand: PersonCandidate) -> PersonPseudonym:
    """The candidate written with the original's spaces (none, half- or full-width)."""
    s, sex, g = cand
    surname, surname_kana = pools.surnames[s]
    given, given_kana = pools.given[sex][g] if g >= 0 else ("", "")
    layout = fmt.name_layout(raw)
    sep = layout.separator if given else ""
    text = f"{layout.lead}{surname}{sep}{given}{layout.trail}"
    return PersonPseudonym(text, surname, given, surname_kana, given_kana)


def render_address(
    pools: Pools, raw: str, cand: AddressCandidate, building_digest: Callable[[], bytes]
) -> AddressPseudonym:
    """The candidate written like the original: prefecture written or not, 丁目番号 or
    hyphens, digit width, and a fictitious building (from `building_digest`) when the
    original has one."""
    town_index, block = cand
    town = pools.towns[town_index]
    norm = fmt.squeeze(raw)
    pref, _municipality, _end = pools.read_region(norm)
    hyphen = _HYPHEN_BLOCK.search(raw)
    if hyphen and "番" not in norm:
        numbers = re.findall(r"\d+", block)
        block = hyphen[1].join(numbers)
    stripped = raw.strip(fmt.SPACES)
    space = re.search(r"[ \u3000\t]+", stripped)
    building = ""
    if space or _BUILDING_WORDS.search(norm):
        u = u64(building_digest(), 2)
        name = BUILDING_NAMES[u % len(BUILDING_NAMES)]
        floor = 1 + (u >> 8) % 9
        room = 1 + (u >> 16) % 12
        building = f"{space[0] if space else ''}{name} {floor}{room:02d}号室"
    text = f"{town.prefecture if pref else ''}{town.city}{town.town}{block}{building}"
    if fmt.has_fullwidth_digits(raw):
        text = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isdigit() else c for c in text)
    lead, trail = _outer(raw)
    return AddressPseudonym(f"{lead}{text}{trail}", town.postal_code)
