"""Matching a document against EDM indexes: REAL_RESIDENT findings and fictitious datasets.

Values come from two places:

- the scanner's own candidates (after overlap resolution, before thresholds): PERSON as a
  name or a reading, ADDRESS, DATE_OF_BIRTH, PHONE, MY_NUMBER, EMAIL, POSTAL_CODE …;
- a pass of its own over the normalised text for the structured fields, so that they need
  no context words: every date the birth-date detector can read (和暦 and 西暦), every
  phone-shaped and every 12-digit number.

Each value is normalised (``_fields``), fingerprinted under the index's subkey for the
field, and looked up. A **REAL_RESIDENT** finding needs a *primary* hit (name, My Number,
phone) and a hit of another, *corroborating* field (birth date, address, kana, phone, My
Number, e-mail, 住民票コード) of the **same record**, no farther apart than ``window``
characters. A name alone, a birth date alone, or a name with its own reading never match.
The finding spans the matched values and names every field of that record found within
the window.

A *fictitious* index (``build --fictitious``, from ``mamori synth residents``) never yields
REAL_RESIDENT; instead each personal-data finding is checked against it, and the summary
says when every one of them is registered fictitious data.
"""

from __future__ import annotations

import bisect
import logging
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from mamori._keys import load_key
from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment, Candidate, Finding, Label
from mamori.pii._normalize import to_normalized
from mamori.pii._summary import EdmSummary
from mamori.pii._tokens import CACHE_KEY, Tokens
from mamori.pii.detectors.birthdate import date_matches, parse_date
from mamori.pii.edm._fields import (
    CORROBORATING,
    FIELDS,
    LABEL_FIELDS,
    NOT_CORROBORATING,
    PRIMARY,
    name_key,
    normalize_field,
    normalizer,
)
from mamori.pii.edm._format import EdmIndex
from mamori.pii.edm._hashing import FieldHasher

__all__ = ["DEFAULT_KEY_ENV_VAR", "DETECTOR_ID", "EdmMatcher", "RealMatch"]

log = logging.getLogger(__name__)

DETECTOR_ID: Final = "jp.edm"
DEFAULT_KEY_ENV_VAR: Final = "MAMORI_EDM_KEY"
DEFAULT_WINDOW: Final = 300
# A value matching more records than this (a very common name) is no use as evidence of
# one person, and intersecting with it would cost time: it is not looked at.
MAX_ROWS: Final = 5000
_PHONE: Final = re.compile(
    r"(?<![0-9-])(?:\+81[ -]?|0)[0-9]{1,4}(?:-|\(|\) ?| )?[0-9]{1,4}(?:-|\) ?| )?"
    r"[0-9]{3,4}(?![0-9])"
)
_TWELVE: Final = re.compile(r"(?<![0-9])[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])")
# Names are also looked for near every corroborating hit, whatever the PERSON detector made
# of them (a rare surname it missed, a given name it cut short): runs of up to
# _NAME_TOKENS morphemes of kanji/kana (one space, tab or comma allowed between them)
# within _NAME_WINDOW characters of the hit.
_NAME_WINDOW: Final = 80
_NAME_TOKENS: Final = 6
_NAME_MAX: Final = 10
_NAMEISH: Final = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u9fff\uf900-\ufaff々〆ヶ]+")
_NAME_RUN: Final = re.compile(
    r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u9fff\uf900-\ufaff々〆ヶ]+"
    r"(?:[ \t,\u3000][\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u9fff\uf900-\ufaff々〆ヶ]+)?"
)
_SEPARATORS: Final = frozenset(" \t,\u3000")
_KEYS: Final = "jp.edm.keys"  # doc.cache: (field, start, end) → normalised key
_NOT_PERSONAL: Final = frozenset({Label.CORPORATE_NUMBER.value, Label.REAL_RESIDENT.value})
_ORDER: Final = {f: i for i, f in enumerate(FIELDS)}


@dataclass(frozen=True, slots=True)
class _Hit:
    field: str
    start: int
    end: int
    rows: frozenset[int]
    strong: bool = True  # False: a date found only by the matcher's own pass (any date)


@dataclass(frozen=True, slots=True)
class RealMatch:
    """One real record found in a document (row and household stay inside the library)."""

    index: str
    row: int
    household: int
    start: int
    end: int
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Value:
    field: str
    start: int
    end: int
    key: str
    strong: bool = True


class _Source:
    """One opened index with the hasher of its subkeys."""

    __slots__ = ("_states", "hasher", "index")

    def __init__(self, index: EdmIndex, secret: bytes) -> None:
        index.check_key(secret)
        self.index = index
        self.hasher = FieldHasher(secret, index.salt, index.fields)
        self._states = {f: self.hasher.states(f) for f in index.fields}

    def rows(self, value: _Value) -> list[int]:
        states = self._states.get(value.field)
        if states is None:
            return []
        inner = states[0].copy()
        inner.update(value.key.encode("utf-8"))
        outer = states[1].copy()
        outer.update(inner.digest())
        return self.index.lookup(value.field, int.from_bytes(outer.digest()[:8], "little"))


class EdmMatcher:
    """Matches documents against real and fictitious EDM indexes (module docstring).

    ``EdmMatcher.open(paths, key_file=…)`` loads the key (file or ``$MAMORI_EDM_KEY``) and
    the indexes; every index must have been built with that key.
    """

    def __init__(
        self, indexes: Sequence[EdmIndex], secret: bytes, *, window: int = DEFAULT_WINDOW
    ) -> None:
        if window < 1:
            raise ValueError("window must be positive")
        sources = [_Source(index, secret) for index in indexes]
        self.secret = secret
        self.window = window
        self.real = [s for s in sources if not s.index.fictitious]
        self.fictitious = [s for s in sources if s.index.fictitious]
        self.indexes = tuple(indexes)

    @classmethod
    def open(
        cls,
        paths: Iterable[str | os.PathLike[str]],
        *,
        key_file: str | os.PathLike[str] | None = None,
        secret: bytes | None = None,
        env_var: str = DEFAULT_KEY_ENV_VAR,
        window: int = DEFAULT_WINDOW,
        verify: bool = True,
    ) -> EdmMatcher:
        if secret is None:
            secret = load_key(key_file, env_var, create_hint="mamori synth keygen -o {path}")
        indexes = [EdmIndex.open(p) for p in paths]
        if verify:
            for index in indexes:
                index.verify()
        return cls(indexes, secret, window=window)

    def close(self) -> None:
        for index in self.indexes:
            index.close()

    # --- values of a document ---------------------------------------------------------

    def _values(self, doc: ScanDocument, candidates: Iterable[Candidate]) -> list[_Value]:
        text = doc.text
        seen: set[tuple[str, int, int]] = set()
        out: list[_Value] = []

        keys: dict[tuple[str, int, int], str | None] = {}
        doc.cache[_KEYS] = keys

        def add(field: str, start: int, end: int, raw: str) -> None:
            if (field, start, end) in seen:
                return
            key = keys[(field, start, end)] = normalizer(field)(raw) if raw else None
            if key is not None:
                seen.add((field, start, end))
                out.append(_Value(field, start, end, key))

        birth_dates: list[tuple[int, int]] = []
        for c in candidates:
            if c.label == "DATE_OF_BIRTH":  # read by the date pass below, marked strong
                birth_dates.append((c.start, c.end))
                continue
            for field in LABEL_FIELDS.get(c.label, ()):
                add(field, c.start, c.end, text[c.start : c.end])
        normalized = doc.normalized
        ntext = normalized.text
        for match in date_matches(ntext):
            day = parse_date(match)
            if day is not None:
                start, end = normalized.to_original(*match.span())
                strong = any(s < end and start < e for s, e in birth_dates)
                key = keys[("birth_date", start, end)] = day.strftime("%Y%m%d")
                out.append(_Value("birth_date", start, end, key, strong=strong))
        for pattern, field in ((_PHONE, "phone"), (_TWELVE, "my_number")):
            for match in pattern.finditer(ntext):
                start, end = normalized.to_original(*match.span())
                add(field, start, end, match.group())
        return out

    # --- real residents ---------------------------------------------------------------

    def match(self, doc: ScanDocument, candidates: Sequence[Candidate]) -> list[RealMatch]:
        """The real records of the document (one per record and place)."""
        if not self.real:
            return []
        values = self._values(doc, candidates)
        matches: list[RealMatch] = []
        for source in self.real:
            hits = []
            for value in values:
                rows = source.rows(value)
                if rows and len(rows) <= MAX_ROWS:
                    rowset = frozenset(rows)
                    hits.append(_Hit(value.field, value.start, value.end, rowset, value.strong))
            if "name" in source.index.fields:
                persons = [(c.start, c.end) for c in candidates if c.label == "PERSON"]
                hits.extend(self._name_hits(doc, source, hits, persons))
            matches.extend(self._pair(source.index, hits))
        return matches

    def _name_hits(
        self,
        doc: ScanDocument,
        source: _Source,
        hits: list[_Hit],
        persons: list[tuple[int, int]],
    ) -> list[_Hit]:
        """Name hits near corroborating hits, from name-shaped spans (see _NAME_WINDOW).

        Where the PERSON detector proposed something near the hit, the spans that overlap
        it are tried (it may have cut a rare name short). Where it proposed nothing, every
        name-shaped span within the window is tried — around strong hits only (a birth date
        the detector saw as one, a phone, a My Number, an address …), not around dates
        found only by the matcher's own pass (施行日 as well as 生年月日). An anchor that
        already pairs with a name hit is skipped.
        """
        names = [h for h in hits if h.field == "name"]
        anchors = []
        for h in hits:
            if h.field not in CORROBORATING or h.field == "kana":
                continue
            if any(
                max(n.start - h.end, h.start - n.end) <= self.window
                and not n.rows.isdisjoint(h.rows)
                for n in names
            ):
                continue  # already paired
            anchors.append(h)
        if not anchors:
            return []
        normalized = doc.normalized
        ntext = normalized.text
        cached = doc.cache.get(CACHE_KEY)
        tokens = cached if isinstance(cached, Tokens) and cached.text is ntext else None
        known = {(h.start, h.end) for h in names}
        spans: set[tuple[int, int]] = set()
        done: set[tuple[int, int]] = set()
        for anchor in anchors:
            near = [
                p
                for p in persons
                if p[1] >= anchor.start - _NAME_WINDOW and p[0] <= anchor.end + _NAME_WINDOW
            ]
            if not near:
                if anchor.strong:  # no PERSON candidate at all: every name-shaped span
                    start, end = to_normalized(normalized, anchor.start, anchor.end)
                    lo, hi = max(0, start - _NAME_WINDOW), min(len(ntext), end + _NAME_WINDOW)
                    spans.update(_name_spans(ntext, tokens, lo, hi))
                continue
            for person in near:  # the name contains what the PERSON detector saw
                if person in done:
                    continue
                done.add(person)
                ps, pe = to_normalized(normalized, *person)
                spans.update(_extensions(ntext, tokens, ps, pe))
        fingerprint = source.hasher.fingerprint
        index = source.index
        out: list[_Hit] = []
        for start, end in spans:
            key = name_key(ntext[start:end].replace(",", " "))
            if key is None:
                continue
            rows = index.lookup("name", fingerprint("name", key))
            if rows and len(rows) <= MAX_ROWS:
                span = normalized.to_original(start, end)
                if span not in known:
                    known.add(span)
                    out.append(_Hit("name", span[0], span[1], frozenset(rows)))
        return out

    def _pair(self, index: EdmIndex, hits: list[_Hit]) -> list[RealMatch]:
        hits.sort(key=lambda h: h.start)
        window = self.window
        # row → list of [start, end, fields] clusters
        found: dict[int, list[list[int]]] = {}
        for primary in hits:
            if primary.field not in PRIMARY:
                continue
            for other in hits:
                if other.field == primary.field or other.field not in CORROBORATING:
                    continue
                if (primary.field, other.field) in NOT_CORROBORATING:
                    continue
                gap = max(other.start - primary.end, primary.start - other.end, 0)
                if gap > window:
                    continue
                for row in primary.rows & other.rows:
                    start = min(primary.start, other.start)
                    end = max(primary.end, other.end)
                    clusters = found.setdefault(row, [])
                    for cluster in clusters:
                        if start <= cluster[1] + window and end >= cluster[0] - window:
                            cluster[0] = min(cluster[0], start)
                            cluster[1] = max(cluster[1], end)
                            break
                    else:
                        clusters.append([start, end])
        out: list[RealMatch] = []
        for row, clusters in found.items():
            for cluster in clusters:
                start, end = cluster
                fields = {
                    h.field
                    for h in hits
                    if row in h.rows and h.start >= start - window and h.end <= end + window
                }
                out.append(
                    RealMatch(
                        index=index.name,
                        row=row,
                        household=index.household(row),
                        start=start,
                        end=end,
                        fields=tuple(sorted(fields, key=_ORDER.__getitem__)),
                    )
                )
        out.sort(key=lambda m: (m.start, m.row))
        return out

    @staticmethod
    def candidates(matches: Iterable[RealMatch]) -> list[Candidate]:
        """REAL_RESIDENT candidates for the pipeline, one per match."""
        return [
            Candidate(
                label=Label.REAL_RESIDENT.value,
                start=m.start,
                end=m.end,
                score=1.0,
                detector=DETECTOR_ID,
                pattern="+".join(m.fields),
                adjustments=(Adjustment(f"exact data match: {m.index}", 0.0),),
                matched_fields=m.fields,
            )
            for m in matches
        ]

    # --- fictitious datasets and the summary --------------------------------------------

    def summarize(
        self,
        matches: Sequence[RealMatch],
        findings: Iterable[Finding],
        doc: ScanDocument | None = None,
    ) -> EdmSummary:
        persons = {(m.index, m.row) for m in matches}
        households = {
            (m.index, m.household) if m.household else (m.index, -m.row - 1) for m in matches
        }
        personal = [f for f in findings if f.type not in _NOT_PERSONAL]
        datasets: set[str] = set()
        every = bool(personal) and bool(self.fictitious) and not persons
        memo: dict[tuple[str, str], str | None] = {}
        keys = doc.cache.get(_KEYS, {}) if doc is not None else {}
        for finding in personal if every else ():
            # stops at the first finding that is not registered fictitious data
            name = memo.get((finding.type, finding.text), "")
            if name == "":
                name = memo[(finding.type, finding.text)] = self._fictitious_dataset(finding, keys)
            if name is None:
                every = False
                datasets.clear()
                break
            datasets.add(name)
        return EdmSummary(
            real_persons=len(persons),
            real_households=len(households),
            personal_findings=len(personal),
            all_fictitious=every,
            fictitious_datasets=tuple(sorted(datasets)),
        )

    def _fictitious_dataset(
        self, finding: Finding, keys: dict[tuple[str, int, int], str | None]
    ) -> str | None:
        for field in LABEL_FIELDS.get(finding.type, ()):
            span = (field, finding.start, finding.end)
            key = keys[span] if span in keys else normalize_field(field, finding.text)
            if key is None:
                continue
            value = _Value(field, finding.start, finding.end, key)
            for source in self.fictitious:
                if source.rows(value):
                    return source.index.name
        return None


_EXTEND_BEFORE: Final = 4  # 藤久 賢次 when the detector saw 賢次
_EXTEND_AFTER: Final = 3  # 小笠原 彰夏 when it saw 小笠原 彰
_SHRINK: Final = 3  # 本成 颯香 when it saw 本成 颯香様 (a title, さん, 課長 …)


def _extensions(
    text: str, tokens: Tokens | None, start: int, end: int
) -> Iterator[tuple[int, int]]:
    """Spans around [start, end): extended by a few kanji/kana characters or shrunk by a
    title's length at either end (at morpheme boundaries when the text was tokenised)."""
    lo = max(0, start - _EXTEND_BEFORE)
    hi = min(len(text), end + _EXTEND_AFTER)
    inner_lo = min(end, start + _SHRINK)
    inner_hi = max(start, end - _SHRINK)
    starts: Sequence[int]
    stops: Sequence[int]
    if tokens is not None:
        begins, ends = tokens.begins, tokens.ends
        starts = begins[bisect.bisect_left(begins, lo) : bisect.bisect_right(begins, inner_lo)]
        stops = ends[bisect.bisect_left(ends, inner_hi) : bisect.bisect_right(ends, hi)]
    else:
        starts = list(range(lo, inner_lo + 1))
        stops = list(range(inner_hi, hi + 1))
    firsts = [s for s in {*starts, start} if _joinable(text, s, start) or start < s <= inner_lo]
    lasts = [e for e in {*stops, end} if _joinable(text, end, e) or inner_hi <= e < end]
    for first in firsts:
        for last in lasts:
            if (first, last) != (start, end) and 2 <= last - first <= _NAME_MAX + 1:
                yield first, last


def _joinable(text: str, start: int, end: int) -> bool:
    """Kanji/kana only, with at most one separator (a space between surname and name)."""
    if start == end:
        return True
    piece = text[start:end]
    if _NAMEISH.fullmatch(piece):
        return True
    stripped = piece.strip(" \u3000")
    return (
        stripped != piece
        and len(piece) - len(stripped) == 1
        and (not stripped or _NAMEISH.fullmatch(stripped) is not None)
    )


def _name_spans(text: str, tokens: Tokens | None, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """Name-shaped spans of ``text[lo:hi]``: morpheme runs when the document was tokenised,
    else every substring of the kanji/kana runs."""
    if tokens is None:
        for run in _NAME_RUN.finditer(text, lo, hi):
            s, e = run.span()
            for i in range(s, e):
                if text[i] in _SEPARATORS:
                    continue
                for j in range(i + 2, min(e, i + _NAME_MAX + 1) + 1):
                    if text[j - 1] not in _SEPARATORS:
                        yield i, j
        return
    begins, ends = tokens.begins, tokens.ends
    n = len(begins)
    i = bisect.bisect_left(begins, lo)
    while i < n and begins[i] < hi:
        start = begins[i]
        if _NAMEISH.fullmatch(text, start, ends[i]):
            separators = 0
            for j in range(i, min(n, i + _NAME_TOKENS)):
                end = ends[j]
                if end > hi or end - start > _NAME_MAX + 1:
                    break
                piece_start = begins[j]
                if not _NAMEISH.fullmatch(text, piece_start, end):
                    if end - piece_start == 1 and text[piece_start] in _SEPARATORS:
                        separators += 1
                        if separators > 1:
                            break
                        continue
                    break
                if end - start >= 2:
                    yield start, end
        i += 1
