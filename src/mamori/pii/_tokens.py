"""SudachiPy morphemes of a document's normalised text, computed once and shared.

The language detectors (person, address, date of birth) need the same morphological
analysis. `Tokenizer.tokens(doc)` runs SudachiPy once per document (split mode C, the
packaged `sudachidict_core` dictionary, loaded from the package: nothing reaches the
network) and keeps the result in `doc.cache[CACHE_KEY]`.

SudachiPy refuses inputs longer than 49,149 bytes of UTF-8, so the text is cut into chunks
of at most `MAX_CHUNK_BYTES`:

- a chunk ends after the last line break (or, failing that, the last 。！？) inside the
  window, so a chunk boundary falls where no name or address can straddle it;
- when a window holds no such boundary (one very long line), the chunk is cut anyway, but
  the morphemes within `OVERLAP_CHARS` of the cut are dropped and the next chunk starts
  again at the end of the last morpheme kept: whatever straddled the cut is analysed again
  whole, with context on both sides.

Chunks without any kana or kanji are not analysed at all (tables of digits, ASCII logs).

`Tokens` keeps plain parallel arrays (begin, end, part-of-speech id, out-of-vocabulary
flag) instead of SudachiPy's `Morpheme` objects: the detectors only need these, and reading
them once is cheaper than keeping a Python object per morpheme alive. They are typed arrays
rather than lists of int objects: a 10 MB text has about two million morphemes, whose
offsets as Python ints took some 150 MB.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from mamori.pii._document import ScanDocument

__all__ = [
    "CACHE_KEY",
    "MAX_CHUNK_BYTES",
    "OVERLAP_CHARS",
    "TARGET_CHARS",
    "Tokenizer",
    "Tokens",
    "chunks",
]

CACHE_KEY: Final = "jp.tokens"
MAX_CHUNK_BYTES: Final = 40_000  # SudachiPy's hard limit is 49,149 bytes
OVERLAP_CHARS: Final = 64
TARGET_CHARS: Final = 500  # a preferred chunk length: SudachiPy is ~10% faster on short inputs
_JAPANESE: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f々〆]")
_SENTENCE_END: Final = "。！？!?"


@dataclass(slots=True)
class Tokens:
    """Morphemes of one text as parallel lists; offsets are into that text."""

    text: str
    begins: array[int] = field(default_factory=lambda: array("q"))
    ends: array[int] = field(default_factory=lambda: array("q"))
    pos: array[int] = field(default_factory=lambda: array("i"))
    oov: array[int] = field(default_factory=lambda: array("b"))  # 1: an unknown word
    _indices: dict[frozenset[int], list[int]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __len__(self) -> int:
        return len(self.begins)

    def indices(self, pos_ids: frozenset[int]) -> list[int]:
        """The indices of the morphemes whose part of speech is in `pos_ids`, in order.

        Cached per set: several detectors ask for the same one (the morphemes that may
        start a name) and one pass over the parts of speech is the cost.
        """
        found = self._indices.get(pos_ids)
        if found is None:
            found = [k for k, p in enumerate(self.pos) if p in pos_ids]
            self._indices[pos_ids] = found
        return found

    def surface(self, i: int) -> str:
        return self.text[self.begins[i] : self.ends[i]]

    def index_at(self, offset: int) -> int:
        """The index of the first morpheme that ends after `offset` (len(self) if none)."""
        return bisect_right(self.ends, offset)


def _cut(text: str, start: int, max_bytes: int) -> tuple[int, bool]:
    """(end, clean) of the chunk that starts at `start`; clean = ends at a line/sentence.

    A chunk ends at the last line break within `TARGET_CHARS` when there is one, else at
    the last sentence end there (SudachiPy is faster on short inputs), else at the last
    line break or sentence end within the byte limit, else it is cut at the limit (not
    clean).
    """
    n = len(text)
    if start + TARGET_CHARS >= n and len(text[start:].encode("utf-8")) <= max_bytes:
        return n, True
    newline = text.rfind("\n", start, start + TARGET_CHARS)
    if newline > start:
        return newline + 1, True
    sentence = max(text.rfind(mark, start, start + TARGET_CHARS) for mark in _SENTENCE_END)
    if sentence > start:
        return sentence + 1, True
    # Japanese is 3 bytes a character in UTF-8; start from that guess and shrink if needed.
    end = min(n, start + max_bytes // 3)
    while len(text[start:end].encode("utf-8")) > max_bytes:
        end = start + (end - start) * 9 // 10
    if end == n:
        return end, True
    newline = text.rfind("\n", start, end)
    if newline > start:
        return newline + 1, True
    sentence = max(text.rfind(mark, start, end) for mark in _SENTENCE_END)
    if sentence > start:
        return sentence + 1, True
    return end, False


def chunks(text: str, max_bytes: int = MAX_CHUNK_BYTES) -> list[tuple[int, int, bool]]:
    """The windows [start, end) a text is analysed in, with whether each ends cleanly.

    Windows that do not end cleanly are followed by one that overlaps them; `Tokenizer`
    decides where the overlap is resolved. Exposed for tests.
    """
    out: list[tuple[int, int, bool]] = []
    start = 0
    while start < len(text):
        end, clean = _cut(text, start, max_bytes)
        out.append((start, end, clean))
        start = end if clean else max(start + 1, end - OVERLAP_CHARS)
    return out


class Tokenizer:
    """SudachiPy (split mode C) with the parts of speech the detectors ask about.

    `person_surname`, `person_given`, `person_other` and `place` are sets of part-of-speech
    ids (名詞,固有名詞,人名,姓 / 名 / 一般 and 名詞,固有名詞,地名,*), so detectors compare
    integers instead of tuples of strings.
    """

    def __init__(self, *, max_chunk_bytes: int = MAX_CHUNK_BYTES) -> None:
        from sudachipy import Dictionary, SplitMode  # type: ignore[import-untyped]

        self._dictionary = Dictionary(dict="core")
        self._tokenizer = self._dictionary.tokenizer(mode=SplitMode.C)
        self.max_chunk_bytes = max_chunk_bytes
        self.person_surname: frozenset[int] = self._pos_ids(("名詞", "固有名詞", "人名", "姓"))
        self.person_given: frozenset[int] = self._pos_ids(("名詞", "固有名詞", "人名", "名"))
        self.person_other: frozenset[int] = self._pos_ids(("名詞", "固有名詞", "人名", "一般"))
        self.place: frozenset[int] = self._pos_ids(("名詞", "固有名詞", "地名"))
        self.country: frozenset[int] = self._pos_ids(("名詞", "固有名詞", "地名", "国"))
        self.organization: frozenset[int] = self._pos_ids(("名詞", "固有名詞", "組織"))
        self.proper_noun: frozenset[int] = self._pos_ids(("名詞", "固有名詞"))
        self.common_noun: frozenset[int] = self._pos_ids(("名詞", "普通名詞"))
        self.numeral: frozenset[int] = self._pos_ids(("名詞", "数詞"))
        self.suffix: frozenset[int] = self._pos_ids(("接尾辞",))
        self.symbol: frozenset[int] = self._pos_ids(("補助記号",)) | self._pos_ids(("空白",))
        self.particle: frozenset[int] = self._pos_ids(("助詞",)) | self._pos_ids(("助動詞",))
        self.verb: frozenset[int] = self._pos_ids(("動詞",))
        self._whitespace = self._pos_ids(("空白",))
        self._lookup = self._dictionary.lookup
        self._kinds_cache: dict[str, str] = {}
        self._name_kind: defaultdict[int, str] = defaultdict(str)
        for kind, ids in (
            ("姓", self.person_surname),
            ("名", self.person_given),
            ("一般", self.person_other),
        ):
            for pos_id in ids:
                self._name_kind[pos_id] = kind
        # the parts of speech SudachiPy gives unknown words (kanji, kana and Latin runs)
        self._unknown_pos = self._pos_ids(("名詞", "普通名詞", "一般")) | self.person_other

    def name_kinds(self, surface: str) -> str:
        """Which 人名 readings the dictionary has for `surface`, whatever the analysis chose.

        "姓", "名", "一般" (a foreign or full name) in that order, or "" — レーン is analysed
        as the common noun (lane) but the dictionary also knows it as a name. Cached.
        """
        kinds = self._kinds_cache.get(surface)
        if kinds is None:
            found = {self._name_kind[m.part_of_speech_id()] for m in self._lookup(surface)}
            kinds = "".join(k for k in ("姓", "名", "一般") if k in found)
            if len(self._kinds_cache) >= 100_000:
                self._kinds_cache.clear()
            self._kinds_cache[surface] = kinds
        return kinds

    def _pos_ids(self, prefix: tuple[str, ...]) -> frozenset[int]:
        ids: set[int] = set()
        pos_id = 0
        while True:
            try:
                pos = self._dictionary.pos_of(pos_id)
            except (IndexError, ValueError):
                break
            if pos is None:
                break
            if tuple(pos[: len(prefix)]) == prefix:
                ids.add(pos_id)
            pos_id += 1
        return frozenset(ids)

    def pos_name(self, pos_id: int) -> tuple[str, ...]:
        return tuple(self._dictionary.pos_of(pos_id) or ())

    def tokenize(self, text: str) -> Tokens:
        """Morphemes of `text`, analysed in chunks that SudachiPy accepts."""
        tokens = Tokens(text)
        add_begin, add_end = tokens.begins.append, tokens.ends.append
        add_pos, add_oov = tokens.pos.append, tokens.oov.append
        whitespace, unknown_pos = self._whitespace, self._unknown_pos
        analyse = self._tokenizer.tokenize
        start = 0
        n = len(text)
        while start < n:
            end, clean = _cut(text, start, self.max_chunk_bytes)
            window = text[start:end]
            next_start = end
            if _JAPANESE.search(window) is None:
                start = next_start
                continue
            keep_until = end if clean else end - OVERLAP_CHARS
            e = start  # morphemes cover the window without gaps: each begins where the last ended
            for morpheme in analyse(window):
                b = e
                e = morpheme.end() + start
                p = morpheme.part_of_speech_id()
                if p in whitespace:
                    continue  # whitespace morphemes are never looked at
                # past the overlap: start the next chunk here (a single morpheme longer than
                # the overlap, at the chunk's start, is kept)
                if e > keep_until and not clean and b > start:
                    next_start = b
                    break
                add_begin(b)
                add_end(e)
                add_pos(p)
                # only ordinary nouns can be unknown words worth asking about; is_oov() is
                # not called for the rest (it is the loop's most frequent call)
                add_oov(p in unknown_pos and morpheme.is_oov())
            start = next_start
        return tokens

    def tokens(self, doc: ScanDocument) -> Tokens:
        """The document's morphemes (normalised text), analysed once and cached."""
        cached = doc.cache.get(CACHE_KEY)
        if isinstance(cached, Tokens) and cached.text is doc.normalized.text:
            return cached
        tokens = self.tokenize(doc.normalized.text)
        doc.cache[CACHE_KEY] = tokens
        return tokens
