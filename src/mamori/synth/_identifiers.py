"""Fictitious identifiers: valid in form and check digit, fictitious by convention where a
convention exists (docs/synth.md).

- Phone numbers: mobile ``0X0-0XXX-XXXX`` (070/080/090, second group starting with 0);
  fixed-line numbers use the prefecture's real area code with a 市内局番 that starts with 0,
  which the numbering plan never assigns (``03-0123-4567``, ``045-012-3456``).
- E-mail: reserved domains only (``example.jp``, ``example.ne.jp`` … RFC 2606/6761 and
  JPRS's reserved ``example`` names).
- Credit cards: the networks' published test prefixes (411111, 555555, 353011), Luhn-valid.
- My Number, 住民票コード, 保険者番号: random bodies with valid check digits
  (:mod:`mamori.checkdigits`); no range is reserved for them, so a random number may exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Final

from mamori.checkdigits import (
    insurer_number_check_digit,
    luhn_check_digit,
    my_number_check_digit,
    resident_code_check_digit,
)

__all__ = [
    "EMAIL_DOMAINS",
    "PREFECTURES",
    "IdentifierFactory",
    "is_fictitious_phone",
    "kana_to_romaji",
]

# (都道府県, JIS code, area code of the capital, 公安委員会 code of driver's licences)
PREFECTURES: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("北海道", "01", "011", "10"),
    ("青森県", "02", "017", "20"),
    ("岩手県", "03", "019", "21"),
    ("宮城県", "04", "022", "22"),
    ("秋田県", "05", "018", "23"),
    ("山形県", "06", "023", "24"),
    ("福島県", "07", "024", "25"),
    ("茨城県", "08", "029", "40"),
    ("栃木県", "09", "028", "41"),
    ("群馬県", "10", "027", "42"),
    ("埼玉県", "11", "048", "43"),
    ("千葉県", "12", "043", "44"),
    ("東京都", "13", "03", "30"),
    ("神奈川県", "14", "045", "45"),
    ("新潟県", "15", "025", "46"),
    ("富山県", "16", "076", "50"),
    ("石川県", "17", "076", "51"),
    ("福井県", "18", "0776", "52"),
    ("山梨県", "19", "055", "47"),
    ("長野県", "20", "026", "48"),
    ("岐阜県", "21", "058", "53"),
    ("静岡県", "22", "054", "49"),
    ("愛知県", "23", "052", "54"),
    ("三重県", "24", "059", "55"),
    ("滋賀県", "25", "077", "60"),
    ("京都府", "26", "075", "61"),
    ("大阪府", "27", "06", "62"),
    ("兵庫県", "28", "078", "63"),
    ("奈良県", "29", "0742", "64"),
    ("和歌山県", "30", "073", "65"),
    ("鳥取県", "31", "0857", "70"),
    ("島根県", "32", "0852", "71"),
    ("岡山県", "33", "086", "72"),
    ("広島県", "34", "082", "73"),
    ("山口県", "35", "083", "74"),
    ("徳島県", "36", "088", "80"),
    ("香川県", "37", "087", "81"),
    ("愛媛県", "38", "089", "82"),
    ("高知県", "39", "088", "83"),
    ("福岡県", "40", "092", "90"),
    ("佐賀県", "41", "0952", "91"),
    ("長崎県", "42", "095", "92"),
    ("熊本県", "43", "096", "93"),
    ("大分県", "44", "097", "94"),
    ("宮崎県", "45", "0985", "95"),
    ("鹿児島県", "46", "099", "96"),
    ("沖縄県", "47", "098", "97"),
)
_BY_PREFECTURE: Final = {row[0]: row for row in PREFECTURES}
_AREA_CODES: Final = frozenset(row[2] for row in PREFECTURES)
_MOBILE_PREFIXES: Final = ("070", "080", "090")
_MOBILE_WEIGHTED: Final = ("070", "080", "080", "090", "090", "090")

EMAIL_DOMAINS: Final = (
    "example.jp",
    "example.ne.jp",
    "example.co.jp",
    "example.or.jp",
    "example.com",
    "example.net",
    "example.org",
)
_EMAIL_CUM: Final = (30, 50, 62, 66, 86, 94, 100)
CARD_PREFIXES: Final = ("411111", "555555", "353011")  # Visa, Mastercard, JCB test cards
PASSPORT_PREFIXES: Final = ("TK", "TR", "TS", "TT", "TZ", "MZ", "MU", "RZ")
BANKS: Final = (
    ("0001", "みずほ銀行"),
    ("0005", "三菱UFJ銀行"),
    ("0009", "三井住友銀行"),
    ("0010", "りそな銀行"),
    ("0033", "PayPay銀行"),
    ("0036", "楽天銀行"),
    ("9900", "ゆうちょ銀行"),
)
DISABILITY_KINDS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("身体障害者手帳", ("1級", "2級", "3級", "4級", "5級", "6級")),
    ("療育手帳", ("A1", "A2", "B1", "B2")),
    ("精神障害者保健福祉手帳", ("1級", "2級", "3級")),
)

_KANA: Final[dict[str, str]] = {
    **dict(zip("アイウエオ", ("a", "i", "u", "e", "o"), strict=True)),
    **dict(zip("カキクケコ", ("ka", "ki", "ku", "ke", "ko"), strict=True)),
    **dict(zip("ガギグゲゴ", ("ga", "gi", "gu", "ge", "go"), strict=True)),
    **dict(zip("サシスセソ", ("sa", "shi", "su", "se", "so"), strict=True)),
    **dict(zip("ザジズゼゾ", ("za", "ji", "zu", "ze", "zo"), strict=True)),
    **dict(zip("タチツテト", ("ta", "chi", "tsu", "te", "to"), strict=True)),
    **dict(zip("ダヂヅデド", ("da", "ji", "zu", "de", "do"), strict=True)),
    **dict(zip("ナニヌネノ", ("na", "ni", "nu", "ne", "no"), strict=True)),
    **dict(zip("ハヒフヘホ", ("ha", "hi", "fu", "he", "ho"), strict=True)),
    **dict(zip("バビブベボ", ("ba", "bi", "bu", "be", "bo"), strict=True)),
    **dict(zip("パピプペポ", ("pa", "pi", "pu", "pe", "po"), strict=True)),
    **dict(zip("マミムメモ", ("ma", "mi", "mu", "me", "mo"), strict=True)),
    **dict(zip("ヤユヨ", ("ya", "yu", "yo"), strict=True)),
    **dict(zip("ラリルレロ", ("ra", "ri", "ru", "re", "ro"), strict=True)),
    **dict(zip("ワヰヱヲン", ("wa", "i", "e", "o", "n"), strict=True)),
    **dict(zip("ァィゥェォヴ", ("a", "i", "u", "e", "o", "vu"), strict=True)),
}
_SMALL_Y: Final = {"ャ": "a", "ュ": "u", "ョ": "o"}


def kana_to_romaji(kana: str) -> str:
    """Katakana to lower-case Hepburn-style romaji (for e-mail local parts)."""
    out: list[str] = []
    i = 0
    while i < len(kana):
        char = kana[i]
        nxt = kana[i + 1] if i + 1 < len(kana) else ""
        if char == "ッ":
            following = kana_to_romaji(nxt)[:1] if nxt else ""
            out.append("t" if following == "c" else following)
        elif char == "ー":
            pass
        elif nxt in _SMALL_Y and char in _KANA:
            base = _KANA[char]
            if base in ("shi", "chi", "ji"):
                out.append(base[:-1] + _SMALL_Y[nxt])
            else:
                out.append(base[:-1] + "y" + _SMALL_Y[nxt])
            i += 1
        else:
            out.append(_KANA.get(char, _SMALL_Y.get(char, "")))
        i += 1
    return "".join(out)


def is_fictitious_phone(text: str) -> bool:
    """Whether ``text`` is a phone number of the fictitious convention (see module doc):
    a mobile 0X0-0XXX-XXXX, or a prefecture's area code with a 市内局番 starting with 0."""
    parts = text.replace("－", "-").split("-")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return False
    if parts[0] in _MOBILE_PREFIXES:
        length = 11
    elif parts[0] in _AREA_CODES:
        length = 10
    else:  # toll-free, IP and other services are never generated
        return False
    return len("".join(parts)) == length and len(parts[2]) == 4 and parts[1].startswith("0")


@dataclass(slots=True)
class IdentifierFactory:
    """Draws identifiers from ``rng``; My Numbers and 住民票コード are unique per factory."""

    rng: random.Random
    _my_numbers: set[str] = field(default_factory=set)
    _resident_codes: set[str] = field(default_factory=set)
    _romaji: dict[str, str] = field(default_factory=dict)

    def _digits(self, count: int) -> str:
        # random() has 53 bits: plenty for the at most 11 digits drawn here, and much faster
        # than randrange
        return f"{int(self.rng.random() * 10**count):0{count}d}"

    def _between(self, lo: int, hi: int) -> int:
        return lo + int(self.rng.random() * (hi - lo + 1))

    def _to_romaji(self, kana: str) -> str:
        romaji = self._romaji.get(kana)
        if romaji is None:
            romaji = self._romaji[kana] = kana_to_romaji(kana)
        return romaji

    def my_number(self) -> str:
        while True:
            body = self._digits(11)
            number = f"{body}{my_number_check_digit(body)}"
            if number not in self._my_numbers:
                self._my_numbers.add(number)
                return number

    def resident_code(self) -> str:
        while True:
            body = self._digits(10)
            code = f"{body}{resident_code_check_digit(body)}"
            if code not in self._resident_codes:
                self._resident_codes.add(code)
                return code

    def pension_number(self) -> str:
        return f"{self._between(1000, 9999)}-{self._digits(6)}"

    def mobile_phone(self) -> str:
        prefix = _MOBILE_WEIGHTED[int(self.rng.random() * len(_MOBILE_WEIGHTED))]
        return f"{prefix}-0{self._digits(3)}-{self._digits(4)}"

    def fixed_phone(self, prefecture: str) -> str:
        area = _BY_PREFECTURE[prefecture][2] if prefecture in _BY_PREFECTURE else "03"
        local = 6 - len(area)  # area code and 市内局番 together have 6 digits
        return f"{area}-0{self._digits(local - 1)}-{self._digits(4)}"

    def email(self, surname_kana: str, given_kana: str, birth_year: int) -> str:
        rng = self.rng
        surname, given = self._to_romaji(surname_kana), self._to_romaji(given_kana)
        style = rng.randrange(4)
        if style == 0:
            local = f"{given}.{surname}"
        elif style == 1:
            local = f"{surname}.{given}{birth_year % 100:02d}"
        elif style == 2:
            local = f"{given[:1]}{surname}{self._between(1, 999)}"
        else:
            local = f"{given}_{self._between(10, 9999)}"
        domain = rng.choices(EMAIL_DOMAINS, cum_weights=_EMAIL_CUM)[0]
        return f"{local}@{domain}"

    def passport(self) -> str:
        return f"{self.rng.choice(PASSPORT_PREFIXES)}{self._digits(7)}"

    def drivers_license(self, prefecture: str, year_acquired: int) -> str:
        code = _BY_PREFECTURE[prefecture][3] if prefecture in _BY_PREFECTURE else "30"
        return f"{code}{year_acquired % 100:02d}{self._digits(6)}{self._digits(1)}0"

    def insurer_number(self, prefecture: str, *, kind: str) -> str:
        """A 保険者番号 with a valid check digit: ``kind`` is "kokuho" (6 digits),
        "kyokai" (協会けんぽ, 01…) or "koki" (後期高齢者医療, 39…)."""
        pref = _BY_PREFECTURE[prefecture][1] if prefecture in _BY_PREFECTURE else "13"
        if kind == "kokuho":
            body = f"{pref}{self._digits(3)}"
        else:
            body = f"{'39' if kind == 'koki' else '01'}{pref}{self._digits(3)}"
        return f"{body}{insurer_number_check_digit(body)}"

    def bank_account(self) -> tuple[str, str, str, str, str]:
        """(bank code, bank name, branch code, account type, account number)."""
        rng = self.rng
        code, name = rng.choice(BANKS)
        kind = "普通" if rng.random() < 0.93 else "当座"
        return code, name, f"{self._between(100, 899)}", kind, self._digits(7)

    def credit_card(self) -> str:
        body = f"{self.rng.choice(CARD_PREFIXES)}{self._digits(9)}"
        return f"{body}{luhn_check_digit(body)}"

    def disability_certificate(self, age: int) -> tuple[str, str] | None:
        """(certificate with number, grade) for a realistic small share, else None."""
        rng = self.rng
        roll = rng.random()
        physical = 0.09 if age >= 65 else 0.02 if age >= 18 else 0.005
        intellectual = 0.011 if age < 40 else 0.006
        mental = 0.012 if 18 <= age < 75 else 0.004
        if roll < physical:
            kind, grades = DISABILITY_KINDS[0]
        elif roll < physical + intellectual:
            kind, grades = DISABILITY_KINDS[1]
        elif roll < physical + intellectual + mental:
            kind, grades = DISABILITY_KINDS[2]
        else:
            return None
        return f"{kind} 第{self._digits(6)}号", rng.choice(grades)
