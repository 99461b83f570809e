"""Normalise extracted text for the detectors, keeping a map back to the original offsets.

The stages, in order (each keeps its own offset bookkeeping):

1. ``str.translate`` with a 1:1 table: full-width ASCII (U+FF01–FF5E) → ASCII and the
   ideographic space → space. Offsets are unchanged, so the common case (full-width digits,
   letters, hyphens) costs one C-level pass.
2. NFKC, but only where it can change anything: a regular expression finds the runs of
   characters outside a set known to be NFKC-stable (ASCII, kana, CJK ideographs, CJK
   punctuation); each run is split into base-plus-marks groups (so ``ﾊﾟ`` → ``パ`` and
   ``か`` + U+3099 → ``が``) and each group is normalised on its own. A group whose output
   length differs maps every output character to the whole group's original span.
3. Dashes between digits (− ‐ ‑ ‒ – — ― ー and friends) → ``-`` (1:1, offsets unchanged).
4. Kanji numerals in address blocks (``一丁目二番三号`` → ``1丁目2番3号``), only before
   丁目/番地/番+numeral/号 or after 丁目/番地/番 — never in running text.

〒 is kept. Spaces between a surname and a given name are left for the person detector.

When no stage changes the length (most documents), the maps are ``range`` objects: no
per-character work at all.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Sequence

from mamori.pii._document import NormalizedText

__all__ = ["kanji_number", "normalize", "to_normalized"]

_WIDTH_TABLE: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
_FULL_WIDTH_RUN = re.compile("[\uff01-\uff5e\u3000]+")


def _half_width(match: re.Match[str]) -> str:
    return match.group().translate(_WIDTH_TABLE)


# Characters that NFKC leaves alone and that never combine with a neighbour. Verified
# exhaustively by tests/mamori/pii/test_normalize.py.
_STABLE = (
    "\x00-\x7f"
    "\u3001-\u3029\u3030-\u3035\u3037\u303b-\u3096\u309d\u309e\u30a0-\u30fe"
    "\u3400-\u4dbf\u4e00-\u9fff"
    "\u2010\u2012-\u2016\u2018-\u2023\u2030\u203b\u2190-\u2199\u25a0-\u25ff\u2605\u2606"
)
_UNSTABLE_RUN = re.compile(f"[^{_STABLE}]+")
# A base character followed by any combining or voicing marks.
_MARKS = "\u0300-\u036f\u3099\u309a\uff9e\uff9f"
_VOICING = "\u3099\u309a\uff9e\uff9f"
_GROUP = re.compile(f"[^{_MARKS}][{_MARKS}]*|[{_MARKS}]+")

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u30fc\uff0d\uff70\ufe63"
# The dash comes first (the look-behind after it), so the scan skips to dash characters.
_DIGIT_DASH = re.compile(f"[{_DASHES}](?<=[0-9].)(?=[0-9])")

_KANJI_DIGITS = "〇一二三四五六七八九"
_K = "[〇一二三四五六七八九十百千]"
# A numeral before 丁目/番地/番+numeral/号, or one after 丁目/番地/番 (group 1). Every
# alternative starts with a character, not a look-behind, so the scan skips fast.
_KANJI_ADDRESS = re.compile(f"{_K}+(?=丁目|番地|番(?:{_K}|[0-9])|号)|(?:丁目|番地|番)({_K}+)")
_K_CHARS = frozenset("〇一二三四五六七八九十百千")
_ANCHOR = re.compile("丁目|番地|番|号")
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}


def kanji_number(numeral: str) -> int:
    """The value of a kanji numeral: positional (``一〇二``) or with 十/百/千 (``九百一``)."""
    if not any(c in _KANJI_UNITS for c in numeral):
        return int("".join(str(_KANJI_DIGITS.index(c)) for c in numeral))
    total = 0
    digit = 0
    for c in numeral:
        unit = _KANJI_UNITS.get(c)
        if unit is None:
            digit = digit * 10 + _KANJI_DIGITS.index(c)
        else:
            total += (digit or 1) * unit
            digit = 0
    return total + digit


_Edit = tuple[int, int, str]  # [start, end) of the current text replaced by the string


_IOTA = array("l")


def _identity(offsets: range) -> array[int]:
    """``offsets`` (a step-1 range) as an array, copied from a cached 0, 1, 2, … array."""
    global _IOTA
    if offsets.step != 1:
        return array("l", offsets)
    if len(_IOTA) < offsets.stop:
        _IOTA = array("l", range(max(offsets.stop, 2 * len(_IOTA))))
    return _IOTA[offsets.start : offsets.stop]


def _apply(
    text: str, edits: list[_Edit], starts: Sequence[int], ends: Sequence[int]
) -> tuple[str, Sequence[int], Sequence[int]]:
    """Apply sorted, non-overlapping edits; compose the offset maps."""
    if all(end - start == len(replacement) for start, end, replacement in edits):
        return _splice_same_length(text, edits), starts, ends  # the maps are unchanged
    if isinstance(starts, range):
        starts = _identity(starts)
    if isinstance(ends, range):
        ends = _identity(ends)
    pieces: list[str] = []
    new_starts = array("l")
    new_ends = array("l")
    position = 0
    for start, end, replacement in edits:
        pieces.append(text[position:start])
        new_starts.extend(starts[position:start])
        new_ends.extend(ends[position:start])
        pieces.append(replacement)
        if end - start == len(replacement):
            new_starts.extend(starts[start:end])
            new_ends.extend(ends[start:end])
        else:
            origin_start = starts[start]
            origin_end = ends[end - 1] if end > start else origin_start
            new_starts.extend(array("l", (origin_start,)) * len(replacement))
            new_ends.extend(array("l", (origin_end,)) * len(replacement))
        position = end
    pieces.append(text[position:])
    new_starts.extend(starts[position:])
    new_ends.extend(ends[position:])
    return "".join(pieces), new_starts, new_ends


def _nfkc_edits(text: str) -> tuple[list[_Edit], bool]:
    """Edits that NFKC-normalise the unstable runs; whether any changes a length."""
    edits: list[_Edit] = []
    resized = False
    for run in _UNSTABLE_RUN.finditer(text):
        start, end = run.span()
        if start > 0 and (unicodedata.combining(text[start]) or text[start] in _VOICING):
            start = max(start - 1, 0)  # a mark composes with the stable character before it
        segment = text[start:end]
        if unicodedata.is_normalized("NFKC", segment):
            continue
        for group in _GROUP.finditer(segment):
            chars = group.group()
            normalised = unicodedata.normalize("NFKC", chars)
            if normalised != chars:
                edits.append((start + group.start(), start + group.end(), normalised))
                resized = resized or len(normalised) != len(chars)
    return edits, resized


def _kanji_edits(text: str) -> list[_Edit]:
    if "丁目" not in text and "番" not in text and "号" not in text:
        return []
    # Equivalent to _KANJI_ADDRESS.finditer, but driven by the (rare) anchors: every match
    # is a maximal numeral run, either just before an anchor or just after 丁目/番地/番.
    runs: dict[int, int] = {}
    n = len(text)
    for anchor in _ANCHOR.finditer(text):
        position = anchor.start()
        word = anchor.group()
        after = anchor.end()
        # 番 (not 番地) ends a numeral only when a numeral follows it
        before_ok = word != "番" or (
            after < n and (text[after] in _K_CHARS or "0" <= text[after] <= "9")
        )
        if before_ok and position > 0 and text[position - 1] in _K_CHARS:
            start = position - 1
            while start > 0 and text[start - 1] in _K_CHARS:
                start -= 1
            runs[start] = position
        if word != "号" and after < n and text[after] in _K_CHARS:
            end = after + 1
            while end < n and text[end] in _K_CHARS:
                end += 1
            runs[after] = end
    return [
        (start, runs[start], str(kanji_number(text[start : runs[start]]))) for start in sorted(runs)
    ]


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` (see the module docstring) with the map back to its offsets."""
    current = _FULL_WIDTH_RUN.sub(_half_width, text)
    starts: Sequence[int] = range(len(text))
    ends: Sequence[int] = range(1, len(text) + 1)

    edits, resized = _nfkc_edits(current)
    if edits and not resized:
        current = _splice_same_length(current, edits)
    elif edits:
        current, starts, ends = _apply(current, edits, starts, ends)

    current = _DIGIT_DASH.sub("-", current)

    kanji = _kanji_edits(current)
    if kanji:
        current, starts, ends = _apply(current, kanji, starts, ends)
    return NormalizedText(current, starts, ends)


def _splice_same_length(text: str, edits: list[_Edit]) -> str:
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def to_normalized(normalized: NormalizedText, start: int, end: int) -> tuple[int, int]:
    """The normalised span covering the original span [start, end) (inverse of to_original)."""
    starts = normalized.starts
    if isinstance(starts, range):
        return start, end
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_right(normalized.ends, end)
    return first, max(first, last)
