"""The fields an EDM index holds and the one normalisation each gets, on both sides.

The same function turns a register cell (at build time) and a span found in a document (at
scan time) into the key that is hashed, so the two meet whatever the writing:

- ``name``: NFKC, every space (and ・) removed, old and variant kanji folded to the common
  form (髙→高, 﨑→崎, 邊/邉→辺, 齋/齊→斎, 澤→沢 …). ``山田　太郎`` = ``山田太郎``.
- ``kana``: NFKC (half-width katakana → full width), hiragana → katakana, small kana → large
  (ッ→ツ, ャ→ヤ), spaces and ・ removed. Only kana (and ー) are accepted.
- ``birth_date``: any date form the scanner reads — 和暦 (昭和58年4月12日, S58.4.12, 令和元年),
  西暦 (1983-04-12, 1983/4/12, 1983年4月12日, 19830412) — to ``YYYYMMDD``.
- ``address``: the scanner's household key (as ``mamori.pii._summary.address_key``, with a
  fast path when there are no kanji numerals): NFKC, kanji numerals, 丁目/番地/号 as
  hyphens, prefecture dropped, building and room dropped, spaces removed. A value without
  a block number is not an address key (a bare town is shared by thousands of homes).
- ``phone``: half-width digits only, +81 → 0; 10 or 11 digits starting with 0.
- ``my_number``: 12 digits; ``resident_code``: 11; ``pension_number``: 10;
  ``postal_code``: 7 (spaces, hyphens, 〒 dropped).
- ``email``: NFKC, lower case.

A value that does not normalise (empty, unparseable) returns ``None`` and is not indexed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Final

from mamori.pii._normalize import normalize
from mamori.pii.detectors.birthdate import date_matches, parse_date

__all__ = [
    "CORROBORATING",
    "FIELDS",
    "LABEL_FIELDS",
    "PRIMARY",
    "normalize_field",
]

# Field names are part of the file format and the output: never rename one.
FIELDS: Final[tuple[str, ...]] = (
    "name",
    "kana",
    "birth_date",
    "address",
    "phone",
    "my_number",
    "email",
    "postal_code",
    "resident_code",
    "pension_number",
)
# A REAL_RESIDENT finding needs one primary field and one corroborating field of the same
# record, and they must be two different fields. Kana never corroborates a name on its own
# (the reading follows from the name: 佐藤洋子 is サトウヨウコ for almost everyone).
PRIMARY: Final = frozenset({"name", "my_number", "phone"})
CORROBORATING: Final = frozenset(
    {"birth_date", "address", "kana", "phone", "my_number", "email", "resident_code"}
)
NOT_CORROBORATING: Final = {("name", "kana"), ("kana", "name")}
# Which fields a scanner finding of each label may be (for candidate values in documents).
LABEL_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "PERSON": ("name", "kana"),
    "ADDRESS": ("address",),
    "DATE_OF_BIRTH": ("birth_date",),
    "PHONE": ("phone",),
    "MY_NUMBER": ("my_number",),
    "EMAIL": ("email",),
    "POSTAL_CODE": ("postal_code",),
    "RESIDENT_CODE": ("resident_code",),
    "PENSION_NUMBER": ("pension_number",),
}

_VARIANTS: Final = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "㟢": "崎",
    "邊": "辺",
    "邉": "辺",
    "齋": "斎",
    "齊": "斉",
    "濵": "浜",
    "濱": "浜",
    "澤": "沢",
    "櫻": "桜",
    "廣": "広",
    "國": "国",
    "實": "実",
    "惠": "恵",
    "榮": "栄",
    "德": "徳",
    "眞": "真",
    "冨": "富",
    "槇": "槙",
    "瀨": "瀬",
    "圓": "円",
    "藏": "蔵",
    "龜": "亀",
    "曾": "曽",
    "彌": "弥",
    "傳": "伝",
    "戶": "戸",
    "黑": "黒",
    "淸": "清",
    "靜": "静",
    "來": "来",
}
_NAME_TABLE: Final = str.maketrans({**_VARIANTS, "・": "", "･": "", "=": ""})
_SPACE: Final = re.compile(r"\s+")
_SMALL: Final = dict(zip("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ", strict=True))
_KANA_TABLE: Final = str.maketrans(
    {
        **{chr(c): chr(c + 0x60) for c in range(0x3041, 0x3097)},  # hiragana → katakana
        **_SMALL,
        "・": "",
        "･": "",
    }
)
_SMALL_HIRAGANA: Final = str.maketrans(
    dict(zip("ぁぃぅぇぉっゃゅょゎゕゖ", "アイウエオツヤユヨワカケ", strict=True))
)
_KANA_ONLY: Final = re.compile(r"[\u30a1-\u30faー\u30fd\u30fe]+")
_ISO: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_COMPACT: Final = re.compile(r"((?:18|19|20)[0-9]{2})([0-9]{2})([0-9]{2})")
_NON_DIGIT: Final = re.compile(r"[^0-9]")
_ASCII: Final = re.compile(r"[\x00-\x7f]*")


def _nfkc(value: str) -> str:
    return value if _ASCII.fullmatch(value) else unicodedata.normalize("NFKC", value)


_FOLDED: Final = re.compile(f"[{''.join(_VARIANTS)}・･=]")
_PLAIN_KATAKANA: Final = re.compile(r"[\u30a1-\u30faー\u30fd\u30fe 　]+")
_SMALL_KATAKANA: Final = re.compile(f"[{''.join(_SMALL)}]")


def name_key(value: str) -> str | None:
    key = _nfkc(value)
    key = key.replace("\u3000", "").replace(" ", "")
    if not key.isprintable() or "\t" in key:
        key = _SPACE.sub("", key)
    if _FOLDED.search(key):
        key = key.translate(_NAME_TABLE)
    return key if len(key) >= 2 else None


_IDEOGRAPH: Final = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def kana_key(value: str) -> str | None:
    if _IDEOGRAPH.search(value):  # a name in kanji is not a reading
        return None
    if _PLAIN_KATAKANA.fullmatch(value):  # the register's usual writing: the fast path
        key = value.replace("\u3000", "").replace(" ", "")
        if _SMALL_KATAKANA.search(key):
            key = key.translate(_KANA_TABLE)
        return key if len(key) >= 2 else None
    key = _SPACE.sub("", _nfkc(value).translate(_SMALL_HIRAGANA)).translate(_KANA_TABLE)
    return key if len(key) >= 2 and _KANA_ONLY.fullmatch(key) else None


def birth_date_key(value: str | dt.date) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    text = _SPACE.sub(" ", _nfkc(value)).strip()
    iso = _ISO.fullmatch(text)
    if iso:
        try:
            day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
        return day.strftime("%Y%m%d")
    compact = _COMPACT.fullmatch(text)
    if compact:
        try:
            day = dt.date(int(compact[1]), int(compact[2]), int(compact[3]))
        except ValueError:
            return None
        return day.strftime("%Y%m%d")
    text = re.sub(r"(?<=[0-9])[\u2010-\u2015\u2212\u30fc\uff0d](?=[0-9])", "-", text)
    for match in date_matches(text):
        parsed = parse_date(match)
        return parsed.strftime("%Y%m%d") if parsed is not None else None
    return None


_KANJI_NUMERAL: Final = re.compile(
    "[〇一二三四五六七八九十百千](?:丁目|番|号)|(?:丁目|番地|番)[〇一二三四五六七八九十百千]"
)
_DASH_BETWEEN_DIGITS: Final = re.compile(
    "(?<=[0-9])[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u30fc\uff0d\uff70\ufe63](?=[0-9])"
)
_BLOCK_WORDS: Final = re.compile(r"丁目|番地|番|号(?!室)|の(?=[0-9])")
_HYPHENS: Final = re.compile(r"-{2,}")
_BLOCK: Final = re.compile(r"[0-9]+(?:-[0-9]+){1,3}")
_PREFECTURE: Final = re.compile(r"^(?:北海道|東京都|京都府|大阪府|[\u4e00-\u9fff]{2,3}県)")


def address_field_key(value: str) -> str | None:
    # The steps of mamori.pii._summary.address_key (a test keeps the two equal), with the
    # full normaliser only where kanji numerals may need it.
    text = normalize(value).text if _KANJI_NUMERAL.search(value) else _nfkc(value)
    text = _DASH_BETWEEN_DIGITS.sub("-", text)
    text = _SPACE.sub(" ", text).strip()
    text = _HYPHENS.sub("-", _BLOCK_WORDS.sub("-", text))
    block = _BLOCK.search(text)
    if block is None:
        return None  # a town without a block number is thousands of homes
    key = _PREFECTURE.sub("", text[: block.end()]).replace(" ", "")
    return key if len(key) >= 4 else None


def _digits(value: str) -> str:
    return _NON_DIGIT.sub("", _nfkc(value))


def phone_key(value: str) -> str | None:
    text = _nfkc(value).strip()
    digits = _NON_DIGIT.sub("", text)
    if text.startswith("+81"):
        digits = "0" + digits[2:]
    return digits if len(digits) in (10, 11) and digits[0] == "0" else None


def _fixed(length: int) -> Callable[[str], str | None]:
    def key(value: str) -> str | None:
        digits = _digits(value)
        return digits if len(digits) == length else None

    return key


def email_key(value: str) -> str | None:
    key = _nfkc(value).strip().lower()
    return key if "@" in key and " " not in key else None


_NORMALIZERS: Final[dict[str, Callable[[str], str | None]]] = {
    "name": name_key,
    "kana": kana_key,
    "birth_date": birth_date_key,
    "address": address_field_key,
    "phone": phone_key,
    "my_number": _fixed(12),
    "email": email_key,
    "postal_code": _fixed(7),
    "resident_code": _fixed(11),
    "pension_number": _fixed(10),
}


def normalize_field(field: str, value: object) -> str | None:
    """The key of `value` as field `field` (module docstring), or None if it has none."""
    if value is None:
        return None
    if isinstance(value, dt.date) and field == "birth_date":
        return birth_date_key(value)
    text = str(value).strip()
    if not text:
        return None
    return _NORMALIZERS[field](text)


def normalizer(field: str) -> Callable[[str], str | None]:
    """The normaliser of `field` for non-empty strings (the build's hot path)."""
    return _NORMALIZERS[field]
