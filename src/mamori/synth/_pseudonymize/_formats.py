"""Reading the layout of an original value and writing a pseudonym in the same layout.

Everything here is pure string work: normalising (NFKC), splitting names, kana scripts and
widths, digits in place, and dates in 西暦 or 和暦.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from mamori.jpdate import ERAS, era_year

SPACES: Final = " \u3000\t"
_SPACE_RE: Final = re.compile(r"[ \u3000\t]+")
_FW_OFFSET: Final = 0xFEE0


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def squeeze(text: str) -> str:
    """NFKC with every space (half- and full-width, tabs) removed: the key of names."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


# --- names -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameLayout:
    lead: str  # spaces before the name
    separator: str  # between surname and given name: "", " " or "\u3000" …
    trail: str


def name_parts(raw: str) -> tuple[NameLayout, str, str] | None:
    """(layout, surname part, given part) when the raw name is written with a space."""
    stripped = raw.strip(SPACES)
    match = _SPACE_RE.search(stripped)
    if match is None:
        return None
    lead = raw[: len(raw) - len(raw.lstrip(SPACES))] if raw[:1] in SPACES else ""
    trail = raw[len(raw.rstrip(SPACES)) :] if raw[-1:] in SPACES else ""
    layout = NameLayout(lead, match[0], trail)
    return layout, stripped[: match.start()], stripped[match.end() :]


def name_layout(raw: str) -> NameLayout:
    parts = name_parts(raw)
    if parts is not None:
        return parts[0]
    lead = raw[: len(raw) - len(raw.lstrip(SPACES))]
    trail = raw[len(raw.rstrip(SPACES)) :]
    return NameLayout(lead, "", trail)


# --- kana --------------------------------------------------------------------------------

_HALF_TO_FULL: dict[str, str] = {}
for _code in range(0xFF61, 0xFFA0):
    _HALF_TO_FULL[chr(_code)] = unicodedata.normalize("NFKC", chr(_code))
_FULL_TO_HALF: dict[str, str] = {full: half for half, full in _HALF_TO_FULL.items()}
for _full, _base, _mark in (
    *((chr(ord(c) + 1), c, "ﾞ") for c in "カキクケコサシスセソタチツテトハヒフヘホ"),
    *((chr(ord(c) + 2), c, "ﾟ") for c in "ハヒフヘホ"),
):
    _FULL_TO_HALF[_full] = _FULL_TO_HALF[_base] + _mark
_FULL_TO_HALF["ヴ"] = "ｳﾞ"


def kana_script(raw: str) -> str:
    """ "half" (ｶﾀｶﾅ), "hiragana" or "katakana" (the default)."""
    for char in raw:
        code = ord(char)
        if 0xFF66 <= code <= 0xFF9F:
            return "half"
        if 0x3041 <= code <= 0x3096:
            return "hiragana"
    return "katakana"


def to_script(katakana: str, script: str) -> str:
    if script == "hiragana":
        return "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in katakana)
    if script == "half":
        return "".join(_FULL_TO_HALF.get(c, c) for c in katakana)
    return katakana


def to_katakana(text: str) -> str:
    """NFKC (half-width kana become full-width) and hiragana to katakana."""
    normal = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(c) + 0x60) if 0x3041 <= ord(c) <= 0x3096 else c for c in normal)


# --- digits and widths -------------------------------------------------------------------


def is_fullwidth(char: str) -> bool:
    return 0xFF01 <= ord(char) <= 0xFF5E


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + _FW_OFFSET) if "!" <= c <= "~" else c for c in text)


_FW_DIGITS: Final = str.maketrans("０１２３４５６７８９", "0123456789")
_NON_DIGIT: Final = re.compile(r"[^0-9]+")
_DIGIT_RUN: Final = re.compile(r"([0-9０-９]+)")


def digits_of(text: str) -> str:
    """The ASCII digits of a value written with ASCII or full-width digits."""
    return _NON_DIGIT.sub("", text.translate(_FW_DIGITS))


def put_digits(raw: str, digits: str) -> str:
    """Write `digits` into the digit positions of `raw`, keeping every other character and the
    width of each run of digits. `digits` has as many digits as `raw`."""
    parts = _DIGIT_RUN.split(raw)
    at = 0
    for i in range(1, len(parts), 2):
        run = parts[i]
        new = digits[at : at + len(run)]
        at += len(run)
        parts[i] = to_fullwidth(new) if "０" <= run[0] <= "９" else new
    return "".join(parts)


def restore_width(raw: str, canonical: str) -> str:
    """`canonical` (NFKC) written with the widths of `raw`, character by character."""
    if len(raw) != len(canonical):
        return canonical
    return "".join(
        chr(ord(c) + _FW_OFFSET) if is_fullwidth(r) and "!" <= c <= "~" else c
        for r, c in zip(raw, canonical, strict=True)
    )


_FW_DIGIT_RE: Final = re.compile("[０-９]")


def has_fullwidth_digits(text: str) -> bool:
    return _FW_DIGIT_RE.search(text) is not None


# --- dates -------------------------------------------------------------------------------

_ERA_BY_NAME: Final = {name: first for name, _abbr, first in ERAS}
_ERA_BY_ABBR: Final = {abbr: first for _name, abbr, first in ERAS}
_ABBR_BY_NAME: Final = {name: abbr for name, abbr, _first in ERAS}
_WESTERN_RE: Final = re.compile(
    r"^(\d{4})\s*([-/.]|年)\s*(\d{1,2})\s*([-/.]|月)\s*(\d{1,2})\s*(日?)$"
)
_COMPACT_RE: Final = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WAREKI_RE: Final = re.compile(
    r"^(明治|大正|昭和|平成|令和|[MTSHRmtshr])\.?\s*(元|\d{1,2})\s*([-/.]|年)\s*(\d{1,2})\s*"
    r"([-/.]|月)\s*(\d{1,2})\s*(日?)$"
)


@dataclass(frozen=True, slots=True)
class DateLayout:
    style: str  # "western", "compact", "wareki"
    era_style: str = ""  # "kanji", "upper", "lower"
    year_sep: str = "-"
    month_sep: str = "-"
    day_suffix: str = ""
    pad_year: bool = False  # 和暦 year with two digits (S05)
    pad_month: bool = False
    pad_day: bool = False
    fullwidth: bool = False


def parse_date(raw: str) -> tuple[dt.date, DateLayout] | None:
    text = nfkc(raw).strip()
    fullwidth = has_fullwidth_digits(raw)
    try:
        if match := _WESTERN_RE.match(text):
            day = dt.date(int(match[1]), int(match[3]), int(match[5]))
            return day, DateLayout(
                "western",
                year_sep=match[2],
                month_sep=match[4],
                day_suffix=match[6],
                pad_month=len(match[3]) == 2,
                pad_day=len(match[5]) == 2,
                fullwidth=fullwidth,
            )
        if match := _COMPACT_RE.match(text):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return day, DateLayout("compact", fullwidth=fullwidth)
        if match := _WAREKI_RE.match(text):
            era = match[1]
            if era in _ERA_BY_NAME:
                first, era_style = _ERA_BY_NAME[era], "kanji"
            else:
                first = _ERA_BY_ABBR[era.upper()]
                era_style = "upper" if era.isupper() else "lower"
            year = 1 if match[2] == "元" else int(match[2])
            if year < 1:
                return None
            day = dt.date(first.year + year - 1, int(match[4]), int(match[6]))
            return day, DateLayout(
                "wareki",
                era_style=era_style,
                year_sep=match[3],
                month_sep=match[5],
                day_suffix=match[7],
                pad_year=len(match[2]) == 2 and match[2].startswith("0"),
                pad_month=len(match[4]) == 2,
                pad_day=len(match[6]) == 2,
                fullwidth=fullwidth,
            )
    except ValueError:
        return None
    return None


def format_date(day: dt.date, layout: DateLayout) -> str:
    month = f"{day.month:02d}" if layout.pad_month else str(day.month)
    dom = f"{day.day:02d}" if layout.pad_day else str(day.day)
    if layout.style == "compact":
        text = f"{day.year:04d}{day.month:02d}{day.day:02d}"
    elif layout.style == "western":
        text = f"{day.year}{layout.year_sep}{month}{layout.month_sep}{dom}{layout.day_suffix}"
    else:
        name, year = era_year(day)
        if layout.era_style == "kanji":
            era = name
            year_text = "元" if year == 1 else (f"{year:02d}" if layout.pad_year else str(year))
        else:
            era = _ABBR_BY_NAME[name]
            era = era if layout.era_style == "upper" else era.lower()
            year_text = f"{year:02d}" if layout.pad_year else str(year)
        text = f"{era}{year_text}{layout.year_sep}{month}{layout.month_sep}{dom}{layout.day_suffix}"
    if layout.fullwidth:
        text = "".join(chr(ord(c) + _FW_OFFSET) if c.isascii() and c.isdigit() else c for c in text)
    return text
