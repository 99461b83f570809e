"""PERSON: Japanese personal names, from SudachiPy's dictionary tags and the words around them.

Patterns (the `pattern` of each candidate):

- `full_name`: 名詞,固有名詞,人名 morphemes in a row, e.g. 姓 + 名 (山田太郎, 山田 太郎),
  a foreign name (ジョー・バイデン), a 地名 that is also a surname before a 名 (兵庫慎司).
- `surname_oov_given`: a 姓 and, after a space, an unknown word of 1–3 kanji or kana
  (宮戸田 斗菜): given names are the part of a name a dictionary misses most.
- `surname_title`: a surname alone before a title or post (山田様, ○佐藤市民課長 → 佐藤).
- `unknown_title`: an unknown word of 2–3 kanji before a strong title (奇藤さん).
- `label`: the name written after a label (氏名：, 申請者, 代表取締役 …).
- `kana_reading`: a kana reading in brackets right after a name, or after フリガナ/カナ.
- `romanised`: `Taro YAMADA` / `YAMADA Taro` next to a Japanese name, after a label, or in a
  mail header.
- `column`: every non-empty cell of a table column headed 氏名, フリガナ … (`Region.header`).
- `surname` / `given_name` / `person_name`: a lone 姓, 名 or 人名 tag in running text, scored
  0.5 and moved by its context (`_evidence`): a title or 家/ら/本人 after it (+0.3), a role
  before it (歌手の, 哲学者; +0.15/+0.25), a particle after it (は, が, と, を; +0.1); a noun
  that makes it the start of a compound (角川書店, +製/社/グループ) or 「」 around it count
  against it.
- `surname_kanji_given`: a surname and a kanji given name SudachiPy splits or does not know
  (平田玉蘊, 徐平).
- `place_surname_title`: a place name before a personal title that is no office of a place
  (等々力警部, but not 高知県知事).
- `katakana_chain`: katakana words joined by ・ or = (ヴァヒド・ハリルホジッチ), scored by the
  parts' tags (人名 or unknown for; ordinary nouns, places and firm words such as
  グループ/コーポレーション against) and the context above.
- `name_repeated`: a surname or given name written alone after the full name was found with
  good confidence earlier in the same document (山田太郎 … 山田は; ジョー・バイデン … バイデン).
- `katakana_name`: a katakana word the dictionary does not tag as a name, with a title or a
  role (ピニェラ大統領, 酋長ソラノ).

A name-like word followed by a place, company or facility suffix (中野区, 佐藤病院,
山口ミナモリ建設株式会社) is not a person; SudachiPy's 地名 tag is never a name on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment, Candidate, Label
from mamori.pii._packs import DetectorSpec
from mamori.pii._tokens import Tokenizer, Tokens
from mamori.pii.detectors._jp import (
    DEFAULT_PACK,
    Spans,
    alternation,
    column_cells,
    load_keywords,
    words,
)
from mamori.pii.detectors._person_model import (
    PersonModel,
    Span,
    candidate_spans,
    features,
    pos_tags,
)

__all__ = ["PersonDetector"]

_KANJI: Final = "\u3400-\u9fff\uf900-\ufaff々〆ヶ"
_KANA_NAME: Final = r"[ァ-ヺー]{1,12}(?: [ァ-ヺー]{1,12})?|[ぁ-ゖー]{1,12}(?: [ぁ-ゖー]{1,12})?"
_NAME_TEXT: Final = re.compile(rf"[{_KANJI}ぁ-ゖァ-ヺー]")
_GIVEN_OOV: Final = re.compile(rf"[{_KANJI}]{{1,3}}|[ぁ-ゖ]{{2,4}}|[ァ-ヺー]{{2,5}}")
_ROMAN: Final = re.compile(
    r"(?<![A-Za-z])(?:[A-Z][a-z]{1,15} [A-Z]{2,16}|[A-Z]{2,16} [A-Z][a-z]{1,15})(?![A-Za-z])"
)
_ADMIN_SUFFIXES: Final = "都道府県市区町村郡"
_INTRODUCTION: Final = re.compile(
    rf"の(?:(?<=[課係室局部所班]の)|(?<=担当の))(?P<name>[{_KANJI}]{{1,4}})(?=です|と申します|でございます)"
)
_BUILDING: Final = re.compile(r" ?[0-9]{1,5}(?:号室|号館|階|F\b)")
_COMPOUND: Final = re.compile(rf"[{_KANJI}ァ-ヺー]{{1,20}}")
_KATAKANA: Final = re.compile(r"[ァ-ヺー]")
_KANJI_RE: Final = re.compile(rf"[{_KANJI}]")
_KATAKANA_WORD: Final = re.compile(r"[ァ-ヺー]+")
_CHAIN_SPLIT: Final = re.compile(r"[・=]")
# capitalised words, initials between them (Lester T. W. Ho), inside Japanese text
_LATIN_NAME: Final = re.compile(
    r"(?<![A-Za-z.])[A-Z][a-z]{1,15}(?: (?:[A-Z]\. ?)*[A-Z][a-z]{1,15}){1,2}(?![A-Za-z])"
)
_JAPANESE_CHAR: Final = re.compile(r"[ぁ-ゖァ-ヺ\u3400-\u9fff]")
_ROLE_END: Final = re.compile(rf"[{_KANJI}ァ-ヺー・の]")
_KANJI_RUN: Final = re.compile(rf"[{_KANJI}]+")
# katakana words joined by ・ or =, not inside a longer katakana or Latin run
_KATAKANA_UNIT: Final = re.compile(
    r"(?<![ァ-ヺーA-Za-z・=])[ァ-ヺ][ァ-ヺー]+(?:[・=][ァ-ヺ][ァ-ヺー]*){0,5}(?![ァ-ヺー・=A-Za-z])"
)


# full names whose parts may be written alone later in the same document
_REPEATABLE: Final = {  # pattern → the least score that makes its parts names later
    "full_name": 0.75,
    "full_name_title": 0.75,
    "surname_oov_given": 0.75,
    "surname_kanji_given": 0.75,
    "katakana_chain": 0.6,  # a chain of ・-joined words is rarely anything but a name
}


def _in_chain(text: str, start: int, end: int) -> bool:
    """A katakana word joined by ・ or = to another katakana word (ジョー of ジョー・バイデン)."""
    return (
        start >= 2
        and text[start - 1] in "・="
        and _KATAKANA_WORD.match(text, start - 2) is not None
    ) or (
        end + 1 < len(text)
        and text[end] in "・="
        and _KATAKANA_WORD.match(text, end + 1) is not None
    )


# what follows a person as the subject or the source of a statement (ポージーは, ヤマサキによれば)
_SUBJECT_AFTER: Final = ("は", "が", "によれば", "によると")
_SUBJECT_WORDS: Final = frozenset({"は", "が", "に"})

# predicates only a person has, after a place name used as a surname (瀬戸は…落選した)
_PERSON_PREDICATES: Final = (
    "述べ",
    "語っ",
    "語り",
    "話し",
    "生まれ",
    "死去",
    "就任",
    "引退",
    "結婚",
    "出演",
    "当選",
    "落選",
    "比例復活",
    "入団",
    "退団",
    "移籍",
    "受賞",
    "卒業",
    "入学",
    "逝去",
)

_BOUNDARY_BEFORE: Final = " \t\n()（）[]「」『』【】<>〈〉《》:：、。,，・○◯●■□◆◇※-"
# the default pack's reporting threshold: rule spans at or above it are not asked about, the
# model's picks are mapped onto [_REPORTED, 0.69]
_REPORTED: Final = 0.5
_BOUNDARY_AFTER: Final = " \t\n()（）[]「」『』【】<>〈〉《》:：、。,，・"
# a full name written with one space: 1–3 kanji, then 1–3 kanji or 2–5 kana
_SPACED_NAME: Final = re.compile(
    r"(?<![\u3400-\u9fff\uf900-\ufaff々〆ヶ])(?P<left>[\u3400-\u9fff\uf900-\ufaff々〆ヶ]{1,3}) "
    r"(?=(?P<right>[\u3400-\u9fff\uf900-\ufaff々〆ヶ]{1,3}|[ぁ-ゖ]{2,5}|[ァ-ヺー]{2,6})"
    r"(?![\u3400-\u9fff\uf900-\ufaff々〆ヶぁ-ゖァ-ヺー]))"
)  # (the given name is a lookahead: it may be the surname of the next match)


def _after_words(items: tuple[str, ...]) -> re.Pattern[str]:
    """Words after a name; one-kanji words must end there (家 of 伊藤家, not of 家具)."""
    single = tuple(w for w in items if len(w) == 1)
    longer = tuple(w for w in items if len(w) > 1)
    parts = [f"(?:{alternation(longer)})"] if longer else []
    if single:
        parts.append(f"(?:{alternation(single)})(?![{_KANJI}])")
    return re.compile(" ?(?:" + "|".join(parts or ["(?!)"]) + ")")


class PersonDetector:
    """Japanese personal names (detector id `jp.person.sudachi`, label PERSON)."""

    detector_id = "jp.person.sudachi"
    labels = frozenset({Label.PERSON.value})

    def __init__(
        self, tokenizer: Tokenizer | None = None, *, options: Mapping[str, Any] | None = None
    ) -> None:
        self.tokenizer = tokenizer or Tokenizer()
        data = dict(options) if options is not None else load_keywords(self.detector_id, "person")
        titles = data.get("titles", {})
        strong = words(titles, "strong")
        posts = words(titles, "posts")
        self.stop_words = frozenset(words(data, "stop_words"))
        self.honorific_nouns = frozenset(words(data, "honorific_nouns"))
        self._polite = re.compile(r" ?(?:様|さま|殿|さん|氏|君|くん|ちゃん)(?![\u3400-\u9fff])")
        self.not_name_suffixes = words(data, "not_name_suffixes")
        name_headers = words(data, "name_headers")
        labels = words(data, "labels")
        self._json_key = re.compile(
            rf'"(?:{alternation(words(data, "json_keys"))})" ?: ?"(?P<name>[^"\n]{{1,40}})"',
            re.IGNORECASE,
        )
        not_name_headers = words(data, "not_name_headers")
        self._strong_title = re.compile(rf"(?:{alternation(strong)})")
        # a post may follow an office name: 佐藤市民課長, 川橋選挙管理委員会事務局長
        self._title = re.compile(
            rf" ?(?:{alternation(strong)}"
            rf"|[{_KANJI}ァ-ヺー]{{0,14}}?(?:{alternation(posts + strong)}))"
            r"(?![ぁ-ゖ]{0,1}[ァ-ヺ])"
        )
        # a place name that is also a surname, before a personal title (石川委員, 荒川主任)
        offices = frozenset(words(titles, "offices"))
        personal = tuple(w for w in posts if w not in offices)
        self._place_title = re.compile(
            rf" ?(?:{alternation(strong)}|主任|主査|主事|係長|課長|部長|局長|室長)(?![{_KANJI}])"
        )
        # a place name that is also a surname, before a personal title (等々力警部)
        self._place_personal_title = re.compile(rf"(?:{alternation(personal)})(?![{_KANJI}])")
        self._suffix = re.compile(rf"(?:{alternation(self.not_name_suffixes)})")
        # (the lookahead of the labels' first characters lets most positions fail at once)
        label_starts = "".join(sorted({w[0] for w in labels}))
        self._label = re.compile(
            (rf"(?=[{re.escape(label_starts)}])" if label_starts else "")
            + rf"(?:(?:^|(?<=[{re.escape(_BOUNDARY_BEFORE)}]))(?:{alternation(labels)})"
            rf"|(?:{alternation(tuple(w for w in labels if len(w) >= 3))}))"
            rf"(?:[（(][^）)\n]{{0,8}}[）)])?(?: ?[:：] ?| {{1,8}}|\t)"
            rf"(?P<name>[{_KANJI}]{{1,5}}(?: [{_KANJI}]{{1,5}})?|{_KANA_NAME})"
            rf"(?![{_KANJI}ぁ-ゖァ-ヺー])"
        )
        self._kana_label = re.compile(
            rf"(?:{alternation(words(data, 'kana_labels'))})[）)]?(?: ?[:：] ?| )"
            rf"(?P<name>{_KANA_NAME})"
        )
        self._kana_after = re.compile(
            rf" ?[（(](?:(?:{alternation(words(data, 'kana_labels'))}) ?[:：]? ?)?"
            rf"(?P<name>{_KANA_NAME}|[A-Za-z]+ [A-Za-z]+)[）)]"
        )
        self._unknown_title = re.compile(
            rf"(?:^|(?<=[{re.escape(_BOUNDARY_BEFORE)}]))(?P<name>[{_KANJI}]{{1,5}})"
            rf"(?= ?(?:{alternation(strong)}|主任|主査|係長|課長)(?![{_KANJI}]))"
        )

        def header_matches(header: str) -> bool:
            return any(h in header for h in name_headers) and not any(
                n in header for n in not_name_headers
            )

        self._header_matches = header_matches
        self._katakana_title = re.compile(
            rf"(?:{alternation(words(titles, 'after_katakana'))})(?![{_KANJI}])"
        )
        self._person_after = _after_words(words(data, "person_after"))
        self._not_person_after = re.compile(
            rf" ?(?:{alternation(words(data, 'not_person_after'))})"
        )
        self._particles_after = frozenset(words(data, "particles_after"))
        self._not_name_katakana = frozenset(words(data, "not_name_katakana"))
        # a title written straight after the name, not the start of a longer word (選手権)
        self._direct_title = re.compile(rf" ?(?:{alternation(strong + posts)})(?![{_KANJI}ァ-ヺ])")
        self._title_words = frozenset(strong + posts)
        # the same titles, searched for through a whole text: the lookahead of their first
        # characters lets most positions fail at once
        title_starts = re.escape("".join(sorted({w[0] for w in strong + posts})))
        self._title_anywhere = re.compile(
            rf"(?=[{title_starts}])(?:{alternation(strong + posts)})(?![{_KANJI}ァ-ヺ])"
        )
        self._name_after = re.compile(
            "|".join(
                f"(?:{r.pattern})"
                for r in (self._direct_title, self._person_after, self._katakana_title)
            )
        )
        roles = alternation(words(data, "roles_before"))
        # the role, then の, ・ or nothing, right before the name (歌手の宮崎, 哲学者シセラ・ボク);
        # with an explicit end (search is given `endpos`)
        self._role_before = re.compile(
            rf"(?:(?:{roles})|[{_KANJI}](?:者|家|手|師|士|官))(?P<joint>[の・]?)$"
        )
        tk = self.tokenizer
        self._surname = tk.person_surname
        self._given = tk.person_given
        self._other = tk.person_other
        self._person = tk.person_surname | tk.person_given | tk.person_other
        self._place = tk.place
        self._start_pos = self._person | tk.place
        self._country = tk.country
        self._suffix_pos = tk.suffix
        # nouns that make a compound with the word before (シューマン宣言); verbal nouns do
        # not (オバマ当選後)
        self._noun = frozenset(
            p
            for p in tk.common_noun | tk.proper_noun | tk.suffix | tk.numeral
            if "サ変可能" not in tk.pos_name(p)
        )

        # the learned second opinion: `model: {file: person_model.json, threshold: …}`
        model = data.get("model")
        self.model: PersonModel | None = None
        if isinstance(model, Mapping) and model.get("file"):
            path = Path(str(model["file"]))
            threshold = model.get("threshold")
            self.model = PersonModel.load(
                path if path.is_absolute() else DEFAULT_PACK / path,
                threshold=None if threshold is None else float(threshold),
            )
        self._tags = pos_tags(tk)

    # -- the detector -------------------------------------------------------------------

    @classmethod
    def from_spec(cls, spec: DetectorSpec) -> PersonDetector:
        """Built by the registry from the rule pack's entry (its `options`)."""
        return cls(options=spec.options)

    def detect(self, doc: ScanDocument) -> Iterable[Candidate]:
        text = doc.normalized.text
        if not _NAME_TEXT.search(text) and not _ROMAN.search(text):
            return self._columns_only(doc)
        tokens = self.tokenizer.tokens(doc)
        spans = self.rule_spans(text, tokens, doc)
        if self.model is not None:
            self._from_model(text, tokens, spans, self.model)
        return spans.candidates(doc)

    def rule_spans(self, text: str, tokens: Tokens, doc: ScanDocument) -> Spans:
        """The spans of the rules alone (every score; the threshold is applied later)."""
        spans = Spans(Label.PERSON.value, self.detector_id)
        self._from_tokens(text, tokens, spans)
        self._from_katakana(text, tokens, spans)
        self._from_labels(text, tokens, spans)
        self._from_unknown_title(text, tokens, spans)
        self._from_title_readings(text, tokens, spans)
        self._from_self_introduction(text, spans)
        self._from_columns(doc, spans, tokens)
        self._from_records(text, spans)
        self._readings(text, spans)
        self._romanised(text, spans)
        self._latin_names(text, tokens, spans)
        self._repeated_names(text, tokens, spans)
        self._join_spaced_names(text, tokens, spans)
        return spans

    # -- the learned second opinion (_person_model.py) ----------------------------------

    def model_candidates(
        self, text: str, tokens: Tokens, spans: Spans
    ) -> Iterator[tuple[Span, list[str]]]:
        """The spans the model decides, with their features.

        Rule spans scored below the reporting threshold (the rules are unsure) and the candidate
        spans of `_person_model.candidate_spans` that no surer rule span overlaps.
        """
        trusted: list[tuple[int, int]] = []
        unsure: list[tuple[int, int, float, str]] = []
        for start, end, score, pattern, _adj in spans.spans():
            if score >= _REPORTED:
                trusted.append((start, end))
            else:
                unsure.append((start, end, score, pattern))
        trusted_starts = [s for s, _e in trusted]
        unsure_starts = [s for s, *_rest in unsure]
        trusted_ends = {e for _s, e in trusted}
        trusted_begins = set(trusted_starts)
        kinds = self.tokenizer.name_kinds

        def neighbours(before: int, after: int) -> tuple[str, str]:
            # a surer name right before or after, across one separator (、・とや) or none
            left = right = ""
            for gap in (0, 1):
                if not left and before - gap in trusted_ends:
                    left = text[before - gap : before] or "-"
                if not right and after + gap in trusted_begins:
                    right = text[after : after + gap] or "-"
            return left, right

        seen: set[tuple[int, int]] = set()
        for start, end, score, pattern in unsure:
            first, last = tokens.index_at(start), tokens.index_at(end - 1)
            if last >= len(tokens):
                continue
            span = Span(start, end, first, last)
            seen.add((start, end))
            rule = (pattern, score)
            names = features(
                text, tokens, span, self._tags, kinds, rule=rule, neighbours=neighbours(start, end)
            )
            yield span, names
        covered = bytearray(len(tokens))  # the morphemes inside a surer finding
        for start, end in trusted:
            for k in range(tokens.index_at(start), min(len(tokens), tokens.index_at(end - 1) + 1)):
                covered[k] = 1
        for span in candidate_spans(
            text, tokens, self._start_pos, self._surname, self._noun, kinds, covered
        ):
            key = (span.start, span.end)
            if key in seen:
                continue
            seen.add(key)
            at = bisect_right(trusted_starts, span.end - 1)
            if at and trusted[at - 1][1] > span.start:
                continue  # a surer rule span covers this
            # the best unsure rule span over this one (they are disjoint and sorted)
            best: tuple[str, float] | None = None
            at = bisect_right(unsure_starts, span.end - 1)
            while at and unsure[at - 1][1] > span.start:
                at -= 1
                _s, _e, score, pattern = unsure[at]
                if best is None or score > best[1]:
                    best = (pattern, score)
            hood = neighbours(span.start, span.end)
            yield span, features(text, tokens, span, self._tags, kinds, rule=best, neighbours=hood)

    def _from_model(self, text: str, tokens: Tokens, spans: Spans, model: PersonModel) -> None:
        """The model decides the unsure rule spans and the candidates; its picks are added.

        Candidates are scored as they are made (their features are not kept: a 10 MB text
        has some 100,000 of them).
        """
        patterns = {(s, e): (pattern, adj) for s, e, _sc, pattern, adj in spans.spans()}
        threshold, probability = model.threshold, model.probability
        scored = [
            (p, span)
            for span, names in self.model_candidates(text, tokens, spans)
            if (p := probability(names)) >= threshold
        ]
        spans.drop_below(_REPORTED)
        # the best of overlapping candidates, mapped onto the pipeline's scale: the model's
        # threshold → 0.5 (the reporting threshold), certainty → 0.69 (below the rules'
        # confident findings)
        scored.sort(key=lambda ps: (-ps[0], ps[1].start - ps[1].end))
        starts: list[int] = []  # the picks so far, sorted and disjoint
        ends: list[int] = []
        low, high = _REPORTED, 0.69
        for p, span in scored:
            at = bisect_left(starts, span.end)
            if at and ends[at - 1] > span.start:
                continue  # overlaps a better pick
            starts.insert(at, span.start)
            ends.insert(at, span.end)
            score = low + (high - low) * (p - threshold) / max(1e-9, 1 - threshold)
            pattern, adjustments = patterns.get((span.start, span.end), ("model", ()))
            spans.add(
                span.start,
                span.end,
                score,
                pattern,
                (*adjustments, Adjustment(f"person-name model p={p:.2f}", 0.0)),
            )

    def _columns_only(self, doc: ScanDocument) -> list[Candidate]:
        spans = Spans(Label.PERSON.value, self.detector_id)
        self._from_columns(doc, spans)
        self._from_records(doc.normalized.text, spans)
        self._romanised(doc.normalized.text, spans)
        return spans.candidates(doc)

    # -- dictionary tags ----------------------------------------------------------------

    def _not_a_name_after(self, text: str, end: int, tokens: Tokens, j: int) -> bool:
        """A place/company/facility suffix right after the name (佐藤病院, 中野区)."""
        if end < len(text) and self._suffix.match(text, end):
            # ... unless the suffix is really the start of a title (山田課長, 町長)
            return not self._title.match(text, end)
        return (
            j + 1 < len(tokens)
            and tokens.begins[j + 1] == end
            and tokens.pos[j + 1] in (self._place)
            and self._title.match(text, end) is None
        )

    def _from_tokens(self, text: str, tokens: Tokens, spans: Spans) -> None:
        pos, begins, ends = tokens.pos, tokens.begins, tokens.ends
        n = len(tokens)
        person, surname, given, other, place = (
            self._person,
            self._surname,
            self._given,
            self._other,
            self._place,
        )
        # only morphemes tagged 人名 or 地名 can start a name: find them in one pass
        start_pos = self._start_pos
        consumed = 0
        for i in tokens.indices(start_pos):
            if i < consumed:
                continue  # inside the run of the name before
            p = pos[i]
            starts_name = p in person or (
                p in place
                and i + 1 < n
                and text[ends[i] : begins[i + 1]] in ("", " ")
                and text[ends[i] - 1] not in _ADMIN_SUFFIXES
                and (
                    pos[i + 1] in given
                    or self._title.match(text, ends[i]) is not None
                    or self._kanji_given(text, tokens, i, i) is not None
                    or self._place_subject(text, tokens, i)
                )
            )
            surface = text[begins[i] : ends[i]]
            if not starts_name or surface in self.stop_words or surface.isascii():
                continue
            # a run of name morphemes, joined by nothing, one space or ・ (foreign names)
            j = i
            while j + 1 < n and j - i < 3:
                gap = text[ends[j] : begins[j + 1]]
                nxt = pos[j + 1]
                if (
                    (gap == "" and nxt in person)
                    or (gap == " " and pos[j] in place and nxt in given)
                    or (
                        gap == " "
                        and nxt in person
                        and (
                            (pos[j] in surname and nxt in given) or pos[j] in other or nxt in other
                        )
                    )
                ):
                    j += 1
                elif gap == "" and tokens.oov[j + 1] and pos[j] in other:
                    j += 1  # ジョー + unknown katakana
                else:
                    break
            start, end = begins[i], ends[j]
            single = j == i
            consumed = j + 1
            if _in_chain(text, start, end):
                continue  # a part of ジョー・バイデン: the chain is read whole (_from_katakana)
            if (
                self._not_a_name_after(text, end, tokens, j)
                or self._after_company(text, start)
                or self._in_compound(text, start, end, single=single)
            ):
                continue
            titled = self._title.match(text, end) is not None
            self._classify(text, tokens, spans, start, end, titled)

    def _classify(
        self, text: str, tokens: Tokens, spans: Spans, start: int, end: int, titled: bool
    ) -> None:
        first = tokens.index_at(start)
        last = tokens.index_at(end - 1)
        pos = tokens.pos
        adjustments: tuple[Adjustment, ...] = ()
        if titled:
            adjustments = (Adjustment("title after the name", 0.1),)
        if last > first:
            has_surname = any(pos[k] in self._surname for k in range(first, last + 1))
            has_given = any(pos[k] in self._given for k in range(first, last + 1))
            score = 0.9 if has_surname and has_given else 0.8
            spans.add(start, end, score + (0.05 if titled else 0), "full_name", adjustments)
            return
        p = pos[first]
        given_end = self._kanji_given(text, tokens, first, last)
        if given_end is not None:
            evidence = self._evidence(
                text, tokens, start, given_end, tokens.index_at(given_end - 1)
            )
            base = 0.5 if p in self._place else 0.6
            spans.add(start, given_end, base + evidence, "surname_kanji_given")
            return
        if p in self._place:
            marked = start > 0 and text[start - 1] in "○◯"
            if self._place_title.match(text, end) or (marked and self._title.match(text, end)):
                spans.add(start, end, 0.75, "surname_title", adjustments)
            elif p not in self._country and self._place_personal_title.match(text, end):
                spans.add(start, end, 0.7, "place_surname_title", adjustments)
            elif p not in self._country and self._place_subject(text, tokens, first):
                spans.add(start, end, 0.55, "place_surname_subject")
            return
        evidence = self._evidence(text, tokens, start, end, last)
        if p in self._surname:
            given = self._oov_given(text, tokens, last, end)
            if given is not None:
                spans.add(start, given, 0.8, "surname_oov_given")
            elif titled:
                spans.add(start, end, 0.85, "surname_title", adjustments)
            elif self._between_names(tokens, first):
                spans.add(start, end, 0.7, "surname")
            else:
                spans.add(start, end, 0.5 + evidence, "surname")
        elif p in self._other:
            if end - start >= 2:
                spans.add(start, end, 0.5 + evidence, "person_name")
        elif p in self._given:
            if titled and self._strong_title.match(text, end):
                spans.add(start, end, 0.7, "given_name_title", adjustments)
            elif end - start >= 2 and not tokens.oov[first]:
                spans.add(start, end, 0.5 + evidence, "given_name")

    def _evidence(self, text: str, tokens: Tokens, start: int, end: int, last: int) -> float:
        """The context of a one-word name: titles, roles, particles for; compounds against."""
        score = 0.0
        nxt = last + 1
        adjacent = nxt < len(tokens) and tokens.begins[nxt] == end
        # a title written right after the name, also when a word follows the title
        # (大統領指示, 会長夫妻): the morpheme after the name is the title itself
        title_word = adjacent and text[tokens.begins[nxt] : tokens.ends[nxt]] in self._title_words
        if title_word or self._direct_title.match(text, end) or self._person_after.match(text, end):
            score += 0.3
        elif self._not_person_after.match(text, end):
            score -= 0.2
        elif adjacent and text[end : tokens.ends[nxt]] in self._particles_after:
            score += 0.1
        elif adjacent and tokens.pos[nxt] in self._noun:
            score -= 0.3  # シューマン宣言, 角川書店: the first part of a compound noun
        role = self._role(text, start)
        if role is not None:
            score += 0.15 if role == "の" else 0.25
        if start > 0 and text[start - 1] in "「『" and text.startswith(("」", "』"), end):
            score -= 0.2  # the title of a work (「大石恵三」)
        return score

    def _role(self, text: str, start: int) -> str | None:
        """The joint (の, ・ or "") of a role written right before `start`, or None."""
        if start == 0 or not _ROLE_END.match(text, start - 1):
            return None  # (a cheap test first: most words follow a particle)
        role = self._role_before.search(text, max(0, start - 12), start)
        return None if role is None else role.group("joint")

    def _from_katakana(self, text: str, tokens: Tokens, spans: Spans) -> None:
        """Foreign names in katakana that SudachiPy does not tag as names.

        A chain of words joined by ・ or = (ヴァヒド・ハリルホジッチ) is scored by its parts'
        tags (a 人名 or unknown part for, an ordinary noun or place against) and its context;
        a single unknown or ordinary katakana word needs a title, a role or a particle
        (ピニェラ大統領, 哲学者クオレク, フリッチュは).
        """
        pos, oov = tokens.pos, tokens.oov
        person, place, country = self._person, self._place, self._country
        for match in _KATAKANA_UNIT.finditer(text):
            start, end = match.span()
            single = "・" not in match.group() and "=" not in match.group()
            subject = (
                single
                and 3 <= end - start <= 6  # longer unknown words are mostly compounds
                and text.startswith(_SUBJECT_AFTER, end)
                and not self._after_company(text, start)
            )
            if (
                single
                and not subject
                and not self._name_after.match(text, end)
                and self._role(text, start) is None
            ):
                continue  # one word with neither a title nor a role can not reach 0.5
            k = tokens.index_at(start)
            if k >= len(tokens) or tokens.begins[k] != start:
                continue  # the word does not start a morpheme (the end of another word)
            last = tokens.index_at(end - 1)
            if last >= len(tokens) or tokens.ends[last] != end:
                continue
            names = ordinary = parts = 0
            named = unknown = False
            for m in range(k, last + 1):
                p = pos[m]
                if text[tokens.begins[m]] in "・=":
                    parts += 1
                    named = unknown = False
                    continue
                if p in person and not named:
                    named = True
                    names += 1
                elif oov[m] and not (named or unknown):
                    unknown = True
                    names += 1
                elif p in country:
                    ordinary += 2
                elif p not in person and not oov[m]:
                    ordinary += 1 if p not in place else 2
            if parts == 0:
                if (k == last and pos[k] in person) or any(
                    pos[m] in country for m in range(k, last + 1)
                ):
                    continue  # a word tagged as a name (_from_tokens reads it) or a country
                base = 0.35 if names else 0.15
            elif ordinary == 0:
                base = 0.75 if any(pos[m] in person for m in range(k, last + 1)) else 0.6
            elif names == 0:
                base = 0.2
            else:
                base = 0.45 if pos[k] in person or oov[k] else 0.4
            if parts and not self._not_name_katakana.isdisjoint(_CHAIN_SPLIT.split(match.group())):
                base -= 0.3  # リオ・ティント・グループ
            evidence = self._evidence(text, tokens, start, end, last)
            if self._katakana_title.match(text, end):
                evidence += 0.3
            if subject and k == last and oov[k] and self._subject_after(text, tokens, last):
                # ポージーは, ヤマサキによれば: an unknown word as a subject or a source
                evidence += 0.2 if text.startswith("に", end) else 0.1
            score = round(base + evidence, 4)
            if score >= 0.5:
                spans.add(start, end, score, "katakana_name" if parts == 0 else "katakana_chain")

    def _place_subject(self, text: str, tokens: Tokens, k: int) -> bool:
        """A place name used as a surname: the subject of a person's predicate (瀬戸は…落選した).

        A kanji place name of 2+ characters at the start of a clause, then は/が, and a
        predicate only a person has (述べた, 生まれ, 死去 …) later in the same sentence.
        """
        start, end = tokens.begins[k], tokens.ends[k]
        if end - start < 2 or text[end - 1] in _ADMIN_SUFFIXES or not _KANJI_RE.match(text, start):
            return False
        if start > 0 and text[start - 1] not in "、。「（( \n":
            return False
        if not self._subject_after(text, tokens, k) or text.startswith("に", end):
            return False
        stop = text.find("。", end, end + 80)
        clause = text[end : stop if stop >= 0 else end + 80]
        return any(word in clause for word in _PERSON_PREDICATES)

    def _subject_after(self, text: str, tokens: Tokens, last: int) -> bool:
        """The morpheme after `last` is は, が or the に of によれば/によると (not には, がん)."""
        nxt = last + 1
        if nxt >= len(tokens) or tokens.begins[nxt] != tokens.ends[last]:
            return False
        word = text[tokens.begins[nxt] : tokens.ends[nxt]]
        if word not in _SUBJECT_WORDS:
            return False
        return word != "に" or text.startswith(("によれば", "によると"), tokens.begins[nxt])

    def _name_parts(
        self, text: str, tokens: Tokens, start: int, end: int, pattern: str
    ) -> list[str]:
        """The parts of a full name that may be written alone later (surname, given name)."""
        name = text[start:end]
        if pattern == "katakana_chain":
            return [_CHAIN_SPLIT.split(name)[-1]]  # ジョー・バイデン … バイデンは
        k = tokens.index_at(start)
        if k >= len(tokens) or tokens.begins[k] != start or tokens.ends[k] >= end:
            return []
        return [text[start : tokens.ends[k]], text[tokens.ends[k] : end].strip()]

    def _repeated_names(self, text: str, tokens: Tokens, spans: Spans) -> None:
        """Later mentions of a name found whole: 山田太郎 … 山田は, 太郎が;
        ジョー・バイデン … バイデン.

        A surname or given name of 2+ characters, written alone after the full name was
        found with good confidence in the same document, as a word of its own (morpheme
        boundaries on both sides, no place/company suffix after it).
        """
        first_seen: dict[str, int] = {}
        for start, end, score, pattern, _adj in spans.spans():
            if pattern not in _REPEATABLE or score < _REPEATABLE[pattern]:
                continue
            for part in self._name_parts(text, tokens, start, end, pattern):
                if len(part) >= 2 and part not in self.stop_words and _NAME_TEXT.match(part):
                    first_seen[part] = min(first_seen.get(part, end), end)
        if not first_seen:
            return
        # a word of its own: one morpheme whose surface is a part (one pass, no regex; the
        # first character is tested before the surface is cut out)
        begins, ends = tokens.begins, tokens.ends
        firsts = frozenset(part[0] for part in first_seen)
        for k in [
            k
            for k, (b, e) in enumerate(zip(begins, ends, strict=True))
            if text[b] in firsts and text[b:e] in first_seen
        ]:
            start, end = begins[k], ends[k]
            if start < first_seen[text[start:end]]:
                continue  # before the full name: nothing is known yet
            last = k
            if (
                _in_chain(text, start, end)
                or self._not_a_name_after(text, end, tokens, last)
                or self._in_compound(text, start, end, single=True)
            ):
                continue
            spans.add(start, end, 0.75, "name_repeated")

    def _kanji_given(self, text: str, tokens: Tokens, first: int, last: int) -> int | None:
        """The end of a given name written in kanji the dictionary splits (平田|玉|蘊, 徐|平).

        After a surname (or a place name used as one), 1–3 kanji that end at a particle or
        punctuation and that SudachiPy splits into pieces or does not know; after a one-kanji
        surname (徐, 楊), any 1–2 kanji word.
        """
        end = tokens.ends[last]
        n = len(tokens)
        k = last + 1
        p = tokens.pos[first]
        if k >= n or tokens.begins[k] != end or first != last or p in self._other:
            return None
        stop = _KANJI_RUN.match(text, end)
        if stop is None or stop.end() - end > 3:
            return None
        after = stop.end()
        if after < len(text) and (
            _KATAKANA.match(text, after) or (text[after].isascii() and text[after].isalnum())
        ):
            return None
        if self._suffix.search(text, end, after) or self._direct_title.match(text, end):
            return None
        pieces = tokens.index_at(after - 1) - k + 1
        if tokens.ends[k + pieces - 1] != after:
            return None
        unknown = any(tokens.oov[m] for m in range(k, k + pieces))
        if p in self._place:
            # a place name before a compound is mostly a place (水戸二連隊, 大仙陵古墳)
            start = tokens.begins[first]
            role = self._role_before.search(text, max(0, start - 12), start)
            return after if unknown or (role is not None and pieces >= 2) else None
        if end - tokens.begins[first] == 1:
            # a one-kanji surname (徐平, 楊秀麗), not the start of a word (董事長)
            suffixed = tokens.pos[k + pieces - 1] in self._suffix_pos
            return after if after - end <= 2 and not suffixed else None
        return after if pieces >= 2 or unknown else None

    def _between_names(self, tokens: Tokens, k: int) -> bool:
        """A lone 姓 in a list of names (山田、佐藤、鈴木): neighbours are names too."""
        for other in (k - 2, k + 2):
            if 0 <= other < len(tokens) and tokens.pos[other] in self._person:
                return True
        return False

    def _oov_given(self, text: str, tokens: Tokens, k: int, end: int) -> int | None:
        """The end of an unknown given name after surname k (宮戸田 斗菜), or None."""
        if end >= len(text) or text[end] != " ":
            return None
        match = _GIVEN_OOV.match(text, end + 1)
        if match is None:
            return None
        stop = match.end()
        if (
            stop < len(text)
            and (_NAME_TEXT.match(text, stop) or text[stop].isalnum())
            and not self._title.match(text, stop)
        ):
            return None
        nxt = k + 1
        if nxt >= len(tokens) or tokens.begins[nxt] != end + 1:
            return None
        # the given name must not be an ordinary word the dictionary knows whole
        if (
            tokens.ends[nxt] == stop
            and not tokens.oov[nxt]
            and tokens.pos[nxt] not in (self._person)
        ):
            return None
        if self._suffix.fullmatch(text, stop - 1, stop) and not self._title.match(text, stop):
            return None
        return stop

    def _in_compound(self, text: str, start: int, end: int, *, single: bool) -> bool:
        """Part of a building, company or facility name (ハイツ守里 604号室, 山口ミナモリ建設)."""
        if _BUILDING.match(text, end):
            return True
        if self._title.match(text, end) is not None:
            return False
        tail = _COMPOUND.match(text, end)
        if tail is not None and self._suffix.search(tail.group()):
            return True
        if not single:
            return False
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if self._role_before.search(text, max(0, start - 12), start):
            before = ""  # 教授カール, 酋長ソラノ: a role, not the start of a compound
        # a one-kanji name right after kanji (見守印刷) or any name right after katakana
        return bool(
            before and (_KATAKANA.match(before) or (end - start == 1 and _KANJI_RE.match(before)))
        ) or bool(after and _KATAKANA.match(after))

    def _after_company(self, text: str, start: int) -> bool:
        return text.endswith(("株式会社", "有限会社", "(株)", "(有)"), 0, start)

    # -- context: labels, readings, romanised names, columns ----------------------------

    def _from_labels(self, text: str, tokens: Tokens, spans: Spans) -> None:
        for match in self._label.finditer(text):
            start, end = match.span("name")
            name = match.group("name")
            if self._suffix.search(name) and not self._person_tokens(tokens, start, end):
                continue  # 申請者 中野区役所 …
            if not self._plausible(tokens, start, end):
                continue
            spans.add(start, end, 0.85, "label", (Adjustment("label before the name", 0.15),))
        for match in self._kana_label.finditer(text):
            start, end = match.span("name")
            spans.add(start, end, 0.85, "kana_reading")

    def _from_unknown_title(self, text: str, tokens: Tokens, spans: Spans) -> None:
        """An unknown word before a strong title (奇藤さん, ○根本委員長, 永山陽葉様)."""
        for match in self._unknown_title.finditer(text):
            start, end = match.span("name")
            k = tokens.index_at(start)
            if k >= len(tokens) or tokens.begins[k] != start:
                continue
            last = tokens.index_at(end - 1)
            if last >= len(tokens) or tokens.ends[last] != end:
                continue  # the title is not a word of its own (会員様 is one word)
            marked = start > 0 and text[start - 1] in "○◯:："
            named = any(tokens.oov[m] or tokens.pos[m] in self._person for m in range(k, last + 1))
            polite = (
                self._polite.match(text, end) is not None
                and end - start >= 2
                and text[start:end] not in self.honorific_nouns
                and all(tokens.pos[m] not in self._place for m in range(k, last + 1))
            )
            if not (marked or named or polite):
                continue
            first_name = tokens.pos[k] in self._surname and last > k
            pattern = "full_name_title" if first_name else "unknown_title"
            spans.add(start, end, 0.8 if marked or first_name else 0.7 if named else 0.6, pattern)

    def _join_spaced_names(self, text: str, tokens: Tokens, spans: Spans) -> None:
        """姓 + one space + 名 as one name, when a part alone was found (米良 一徹, 日髙 凛).

        Lists, minutes and tables write a full name with a space between its parts; when the
        dictionary knows only one part (or cuts the other into pieces: 蒼|真), the parts are
        found apart or only one is. Redaction must mask both, so the two are joined: the
        part before the space is a kanji word known as a surname (or unknown), the part
        after it 1–3 kanji or 2–5 kana known as a given name, unknown, or ending at a
        boundary after a 姓-tagged surname; both stand between boundaries.
        """
        found = [(s, e, score) for s, e, score, _p, _a in spans.spans() if score >= 0.5]
        found_starts = [s for s, _e, _score in found]
        if not found:
            return
        kinds = self.tokenizer.name_kinds
        for match in _SPACED_NAME.finditer(text):
            left_start, left_end = match.span("left")
            right_start, right_end = match.span("right")
            if right_end < len(text) and not (
                text[right_end] in _BOUNDARY_AFTER or self._title.match(text, right_end)
            ):
                continue
            if left_start and text[left_start - 1] not in _BOUNDARY_BEFORE:
                continue
            left, right = match.group("left"), match.group("right")
            if self._title.fullmatch(right) or right in self.honorific_nouns:
                continue  # 山田 委員長, 佐藤 様: a title, not a given name
            # the findings inside the pair (they are disjoint and sorted by start)
            scores = []
            at = bisect_left(found_starts, left_start)
            while at < len(found) and found[at][0] < right_end:
                if found[at][1] <= right_end:
                    scores.append(found[at][2])
                at += 1
            if not scores:
                continue  # neither part is a name on its own: no evidence
            k = tokens.index_at(left_start)
            surname_tag = (
                k < len(tokens)
                and tokens.begins[k] == left_start
                and tokens.ends[k] == left_end
                and tokens.pos[k] in self._surname
            )
            left_known = "姓" in kinds(left) or self._unknown_within(tokens, left_start, left_end)
            right_known = (
                "名" in kinds(right)
                or self._unknown_within(tokens, right_start, right_end)
                or self._given_within(tokens, right_start, right_end)
            )
            if not (left_known and (right_known or (surname_tag and _KANJI_RE.match(right)))):
                continue
            spans.add(
                left_start,
                right_end,
                min(0.95, max(*scores, 0.75) + 0.01),
                "full_name_spaced",
            )

    def _unknown_within(self, tokens: Tokens, start: int, end: int) -> bool:
        k = tokens.index_at(start)
        while k < len(tokens) and tokens.begins[k] < end:
            if tokens.oov[k]:
                return True
            k += 1
        return False

    def _given_within(self, tokens: Tokens, start: int, end: int) -> bool:
        k = tokens.index_at(start)
        while k < len(tokens) and tokens.begins[k] < end:
            if tokens.pos[k] in self._given:
                return True
            k += 1
        return False

    def _from_title_readings(self, text: str, tokens: Tokens, spans: Spans) -> None:
        """An ordinary noun the dictionary also knows as a surname, before a title (嘉納館長).

        SudachiPy analyses 嘉納 as a verbal noun and 植木 as a plant; before a strong title or
        a post, and after a clause boundary, such a word is the surname it also is.
        """
        kinds = self.tokenizer.name_kinds
        common = self.tokenizer.common_noun
        for match in self._title_anywhere.finditer(text):
            end = match.start()
            k = tokens.index_at(end - 1) if end else 0
            if k >= len(tokens) or tokens.ends[k] != end or tokens.pos[k] not in common:
                continue
            start = tokens.begins[k]
            after_boundary = (
                start == 0
                or text[start - 1] in _BOUNDARY_BEFORE
                or (k > 0 and tokens.pos[k - 1] in self.tokenizer.particle)
            )
            if (
                end - start < 2
                or not after_boundary
                or not _KANJI_RUN.fullmatch(text, start, end)
                or text[start:end] in self.honorific_nouns
                or text[start:end] in self.stop_words
                or not kinds(text[start:end]).startswith("姓")
            ):
                continue
            spans.add(start, end, 0.6, "surname_reading_title")

    def _from_self_introduction(self, text: str, spans: Spans) -> None:
        """An official naming themself: 市民課の山田です, 担当の佐藤と申します."""
        for match in _INTRODUCTION.finditer(text):
            start, end = match.span("name")
            spans.add(start, end, 0.75, "self_introduction")

    def _from_records(self, text: str, spans: Spans) -> None:
        """Values of name keys in JSON-like records ("name": "山田 太郎")."""
        if '"' not in text:
            return
        for match in self._json_key.finditer(text):
            value = match.group("name")
            if _NAME_TEXT.search(value) or _ROMAN.fullmatch(value):
                start, end = match.span("name")
                spans.add(start, end, 0.9, "record_key")

    def _person_tokens(self, tokens: Tokens, start: int, end: int) -> bool:
        k = tokens.index_at(start)
        while k < len(tokens) and tokens.begins[k] < end:
            if tokens.pos[k] in self._person:
                return True
            k += 1
        return False

    def _plausible(self, tokens: Tokens, start: int, end: int) -> bool:
        """A name after a label: not an ordinary noun phrase (環境政策課長, 記入欄)."""
        k = tokens.index_at(start)
        ordinary = False
        while k < len(tokens) and tokens.begins[k] < end:
            if tokens.pos[k] in self._person:
                return True
            if not tokens.oov[k] and tokens.ends[k] - tokens.begins[k] >= 2:
                ordinary = True
            k += 1
        return not ordinary

    def _readings(self, text: str, spans: Spans) -> None:
        for _start, end, _score, _pattern, _adj in spans.spans():
            match = self._kana_after.match(text, end)
            if match is not None:
                s, e = match.span("name")
                spans.add(s, e, 0.85, "kana_reading")

    def _romanised(self, text: str, spans: Spans) -> None:
        ends = sorted(e for _s, e, *_ in spans.spans())
        for match in _ROMAN.finditer(text):
            start, end = match.span()
            before = text[max(0, start - 12) : start]
            at = bisect_right(ends, start)  # a name ending at most 3 characters before
            near_name = at > 0 and start - ends[at - 1] <= 3
            in_header = re.search(r"(?:^|\n)(?:From|To|Cc|差出人|宛先): ?[^\n]*$", before) or (
                text.startswith(("From:", "To:", "Cc:"), text.rfind("\n", 0, start) + 1)
            )
            labelled = re.search(r"(?:Name|NAME|氏名|名前|ローマ字)[):）]? ?[:：]? ?$", before)
            if near_name or labelled or in_header:
                spans.add(start, end, 0.8, "romanised")

    def _latin_names(self, text: str, tokens: Tokens, spans: Spans) -> None:
        """`William Normark` in Japanese text: capitalised words, the first a 人名 to SudachiPy."""
        if not _JAPANESE_CHAR.search(text):
            return
        for match in _LATIN_NAME.finditer(text):
            start, end = match.span()
            after = text[end : end + 1]
            if not after or not _JAPANESE_CHAR.match(after):
                continue  # English text, not a name in a Japanese sentence
            k = tokens.index_at(start)
            if k < len(tokens) and tokens.begins[k] == start and tokens.pos[k] in self._person:
                spans.add(start, end, 0.6, "latin_name")

    def _plain_word(self, tokens: Tokens, start: int, end: int) -> bool:
        k = tokens.index_at(start)
        return (
            k < len(tokens)
            and tokens.begins[k] == start
            and tokens.ends[k] == end
            and end - start >= 2
            and not tokens.oov[k]
            and tokens.pos[k] not in self._person
            and tokens.pos[k] not in self._place
        )

    def _from_columns(self, doc: ScanDocument, spans: Spans, tokens: Tokens | None = None) -> None:
        text = doc.normalized.text
        for start, end in column_cells(doc, self._header_matches):
            cell = text[start:end].strip()
            if not cell or (not _NAME_TEXT.search(cell) and not re.search("[A-Za-z]", cell)):
                continue
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            s = start + lead
            if tokens is not None and self._plain_word(tokens, s, s + len(cell)):
                continue  # 件数, 区分: a header row of another table under the name column
            spans.add(s, s + len(cell), 0.95, "column", (Adjustment("column header", 0.3),))
