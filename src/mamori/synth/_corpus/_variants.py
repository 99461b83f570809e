"""The ways Japanese documents write the same datum: full-width digits, kanji numerals,
hyphen look-alikes, 和暦 and 西暦, kana readings in three scripts, romanised names."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata

from mamori.jpdate import to_wareki
from mamori.synth._model import Address, Person

# Characters offices type between digit groups (ASCII, minus, hyphen, bar, 長音, full-width).
HYPHENS = ("-", "−", "‐", "―", "ー", "－")

_FULLWIDTH = str.maketrans(
    {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000", "-": "－"}
)
_KANJI_DIGITS = "〇一二三四五六七八九"


def fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def kanji_number(n: int) -> str:
    """901 → 九百一, 10 → 十, 1234 → 千二百三十四 (the style of 住居表示)."""
    if n == 0:
        return "〇"
    out = ""
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, unit)
        if q:
            out += ("" if q == 1 else _KANJI_DIGITS[q]) + name
    return out + (_KANJI_DIGITS[n] if n else "")


def _to_hiragana(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


def _build_halfwidth() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in range(0xFF61, 0xFFA0):
        half = chr(code)
        full = unicodedata.normalize("NFKC", half)
        if len(full) == 1:
            table.setdefault(full, half)
    for code in range(ord("ァ"), ord("ヶ") + 1):
        full = chr(code)
        decomposed = unicodedata.normalize("NFD", full)
        base, marks = decomposed[0], decomposed[1:]
        if marks and base in table:
            table[full] = table[base] + ("ﾞ" if marks[0] == "\u3099" else "ﾟ")
    table["ー"] = "ｰ"
    table["\u3000"] = " "
    return table


_HALFWIDTH = _build_halfwidth()


def halfwidth_kana(kana: str) -> str:
    return "".join(_HALFWIDTH.get(c, c) for c in kana)


_SYLLABLES = (
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu "
    "he ho ma mi mu me mo ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo "
    "da ji zu de do ba bi bu be bo pa pi pu pe po vu"
)
_ROMAJI = dict(
    zip(
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
        "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ",
        _SYLLABLES.split(),
        strict=True,
    )
)
_SMALL = {"ャ": "ya", "ュ": "yu", "ョ": "yo", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}


def romaji(kana: str) -> str:
    """Passport-style Hepburn of a katakana reading, long vowels dropped (オオタ → OTA)."""
    out: list[str] = []
    double = False
    for ch in kana:
        if ch == "ッ":
            double = True
            continue
        if ch == "ー":
            continue
        if ch in _SMALL and out:
            prev = out.pop()
            stem = prev[:-1] if prev.endswith("i") and len(prev) > 1 else prev
            syllable = stem + (_SMALL[ch][1:] if stem.endswith(("sh", "ch", "j")) else _SMALL[ch])
        else:
            syllable = _ROMAJI.get(ch, "")
        if double and syllable:
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double = False
        if out and syllable in ("u", "o") and out[-1].endswith(("o", "u")) and ch == "ウ":
            continue  # オウ, ウウ → o, u (passport style)
        out.append(syllable)
    word = "".join(out)
    return word.replace("nb", "mb").replace("nm", "mm").replace("np", "mp")


def person_name(rng: random.Random, p: Person) -> str:
    sep = rng.choice((" ", " ", "\u3000", "\u3000", ""))
    return f"{p.surname}{sep}{p.given_name}"


def person_kana(rng: random.Random, p: Person, *, script: str | None = None) -> str:
    script = script or rng.choice(("katakana", "katakana", "katakana", "hiragana", "halfwidth"))
    sep = rng.choice((" ", "\u3000")) if script != "halfwidth" else " "
    kana = f"{p.surname_kana}{sep}{p.given_name_kana}"
    if script == "hiragana":
        return _to_hiragana(kana)
    if script == "halfwidth":
        return halfwidth_kana(kana)
    return kana


def person_romaji(rng: random.Random, p: Person) -> str:
    given = romaji(p.given_name_kana).capitalize()
    surname = romaji(p.surname_kana)
    return rng.choice((f"{given} {surname.upper()}", f"{surname.upper()} {given}"))


def birth_date(rng: random.Random, day: dt.date, style: str | None = None) -> str:
    """A birth date as offices write it (the span never includes 生 or 生まれ)."""
    style = style or rng.choice(("wareki", "wareki", "short", "slash", "kanji", "wareki_fw"))
    if style == "wareki":
        return to_wareki(day)
    if style == "wareki_fw":
        return fullwidth(to_wareki(day))
    if style == "short":
        return to_wareki(day, short=True)
    if style == "slash":
        return day.strftime("%Y/%m/%d")
    if style == "iso":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def digits_of(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isdigit())


def phone(rng: random.Random, number: str) -> str:
    """A phone number in one of the forms people type (090-0123-4567, ０９０－…, 090ー…)."""
    groups = re.findall(r"\d+", unicodedata.normalize("NFKC", number))
    if len(groups) != 3 or not groups[0].startswith("0"):
        return number
    digits = "".join(groups)
    style = rng.random()
    if style < 0.45:
        return "-".join(groups)
    if style < 0.65:
        return fullwidth("-".join(groups))
    if style < 0.75:
        return f"{groups[0]}({groups[1]}){groups[2]}"
    if style < 0.85:
        return digits
    return rng.choice(HYPHENS[1:5]).join(groups)


def postal_code(rng: random.Random, code: str) -> tuple[str, str]:
    """(prefix outside the span, the code): ("〒", "123-4567")."""
    display = f"{code[:3]}-{code[3:]}"
    style = rng.random()
    if style < 0.5:
        return "〒", display
    if style < 0.7:
        return "〒", fullwidth(display)
    if style < 0.8:
        return "〒", code
    return "", display


_BLOCK_UNITS = re.compile(r"(\d+)(丁目|番地の|番地|番|号|の|-)?")


def address_block(rng: random.Random, block: str) -> str:
    """1丁目901番5号 as written: as is, kanji numerals, hyphenated, full-width digits."""
    style = rng.random()
    if style < 0.4:
        return block
    if style < 0.6:
        return re.sub(r"\d+", lambda m: kanji_number(int(m.group())), block)
    if style < 0.8:
        numbers = re.findall(r"\d+", block)
        if len(numbers) >= 2 and not re.search(r"[^\d丁目番地号の\-]", block):
            prefix = block[: block.index(numbers[0])]
            return prefix + rng.choice(("-", "-", "－", "−", "‐")).join(numbers)
        return block
    return fullwidth(block)


def address(rng: random.Random, a: Address, *, prefecture: bool | None = None) -> str:
    """The address from prefecture (or municipality) to 号 and room, as one span."""
    with_pref = rng.random() < 0.6 if prefecture is None else prefecture
    text = (a.prefecture if with_pref else "") + a.city + a.town + address_block(rng, a.block)
    if a.building:
        text += rng.choice((" ", "\u3000", "")) + a.building
    return text


def grouped(rng: random.Random, digits: str, sizes: tuple[int, ...]) -> str:
    """Digits split in groups by a space, a hyphen or nothing (1234 5678 9012)."""
    sep = rng.choice(("", "", " ", "-", "\u3000"))
    parts, i = [], 0
    for size in sizes:
        parts.append(digits[i : i + size])
        i += size
    text = sep.join(parts)
    return fullwidth(text) if rng.random() < 0.15 else text


def amount(n: int) -> str:
    return f"{n:,}円"
