"""A learned second opinion on names the PERSON rules leave undecided.

The rules of `person.py` read SudachiPy's dictionary tags and the words around them. They
miss what the dictionary does not know and what no single rule describes: a foreign
surname written alone (レーンは, プラントのソロ), a Chinese or Korean name (林文察, 金載昊),
a given name in hiragana (すみれを演じる), a surname in a list (島、池田、桝の3人). This
module scores such spans with a logistic-regression model over the same evidence the
rules use, as features:

- the span: its script shape (カタカナ, 漢字, ひらがな, Latin), length, number of morphemes,
  the parts of speech and unknown-word flags of its morphemes, its first and last
  characters (郎, 子, ン, フ …);
- its context: the two morphemes before and after (surface and part of speech), the
  characters on either side;
- the rules' own view: the pattern and score of a rule span below the threshold that
  overlaps it.

Only spans that no rule reported at or above the threshold are asked about (`candidates`),
so the model adds findings and never removes one. Its weights are data, like the rule
packs: `packs/default/person_model.json`, written by `tools/train_person_model.py`, with
the training data, the date and the held-out scores in its header. A city can switch the
model off in its pack (`model: null`) or raise its threshold.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, Final

from mamori._exceptions import ConfigurationError
from mamori.pii._tokens import Tokenizer, Tokens

__all__ = ["FORMAT", "PersonModel", "candidate_spans", "features"]

FORMAT: Final = "mamori-person-model/1"
_MAX_MORPHEMES: Final = 3
_MAX_CHARS: Final = 8  # kanji / kana names: 林文察, 未知やすえ, 大海人皇子
_LATIN: Final = re.compile(
    r"(?<![A-Za-z.'-])[A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*){0,3}(?![A-Za-z])"
)
_KATAKANA_UNIT: Final = re.compile(
    r"(?<![ァ-ヺー・=])[ァ-ヺ][ァ-ヺー]*(?:[・=][ァ-ヺ][ァ-ヺー]*){0,5}(?![ァ-ヺー・=])"
)
_KATAKANA_CHAIN: Final = re.compile(  # at least two words joined by ・ or =
    r"(?<![ァ-ヺー・=])[ァ-ヺ][ァ-ヺー]*(?:[・=][ァ-ヺ][ァ-ヺー]*){1,5}(?![ァ-ヺー・=])"
)


def _class_table() -> dict[int, str]:
    """Every character a script class: K katakana, H hiragana, C kanji, L Latin, D digit,
    . a name joint (・ =), _ a space; anything else is S."""
    table: dict[int, str] = {}
    for first, last, cls in (
        ("ァ", "ヺ", "K"),
        ("ぁ", "ゖ", "H"),
        ("\u3400", "\u9fff", "C"),
        ("\uf900", "\ufaff", "C"),
        ("A", "Z", "L"),
        ("a", "z", "L"),
        ("0", "9", "D"),
    ):
        table.update(dict.fromkeys(range(ord(first), ord(last) + 1), cls))
    for chars, cls in (("ーヽヾ", "K"), ("ゝゞ", "H"), ("々〆ヶ", "C"), ("・=", "."), (" ", "_")):
        table.update(dict.fromkeys(map(ord, chars), cls))
    return table


_CLASSES: Final = _class_table()
_ONE: Final = re.compile(b"\x01")  # an unknown word's flag in Tokens.oov


def _char_class(ch: str) -> str:
    return _CLASSES.get(ord(ch), "S")


def _shape(word: str) -> str:
    """The script of a word with runs collapsed: 林文察 → C, 未知やすえ → CH, ル=グウィン → K.K."""
    classes = [_CLASSES.get(ord(ch), "S") for ch in word]
    # runs collapsed by hand: a regex substitution with a back-reference costs more than
    # the whole rest of this function on these short words
    return "".join([c for i, c in enumerate(classes) if not i or c != classes[i - 1]])[:5]


def _length(n: int) -> str:
    return str(n) if n <= 6 else "7-9" if n <= 9 else "10+"


def _context_char(text: str, i: int) -> str:
    if i < 0:
        return "^"
    if i >= len(text):
        return "$"
    ch = text[i]
    c = _CLASSES.get(ord(ch), "S")
    return ch if c in "S.H_" else c


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate: [start, end) in normalised offsets, morphemes first..last."""

    start: int
    end: int
    first: int
    last: int


def _aligned(tokens: Tokens, start: int, end: int) -> Span | None:
    first = tokens.index_at(start)
    if first >= len(tokens) or tokens.begins[first] != start:
        return None
    last = tokens.index_at(end - 1)
    if last >= len(tokens) or tokens.ends[last] != end:
        return None
    return Span(start, end, first, last)


_LIST_MARK: Final = re.compile("[、・とや]")
_KANJI_OR_KANA: Final = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶぁ-ゖ]+")
_KANJI_WORD: Final = re.compile(
    r"(?<![\u3400-\u9fff\uf900-\ufaff々〆ヶ])[\u3400-\u9fff\uf900-\ufaff々〆ヶ]{2,4}"
    r"(?![\u3400-\u9fff\uf900-\ufaff々〆ヶ])"
)


def _runs(
    text: str, tokens: Tokens, k: int, surname: bool, covered: Sequence[int]
) -> Iterator[Span]:
    """Spans from morpheme k over up to three morphemes of kanji (after a 姓, then kana)."""
    begins, ends = tokens.begins, tokens.ends
    start = begins[k]
    if text[start] <= "ゖ":  # a hiragana word: a given name alone (すみれ)
        yield Span(start, ends[k], k, k)
        return
    for m in range(k, min(len(tokens), k + _MAX_MORPHEMES)):
        if m > k:
            gap = text[ends[m - 1] : begins[m]]
            if gap not in ("", " ") or (gap == " " and m > k + 1):
                return  # one space, between surname and given name, at most
            if text[begins[m]] <= "ゖ" and not (surname and m == k + 1 and ends[m] - begins[m] > 1):
                return  # kana after kanji: only a given name after a surname (藤田あかり)
        if (
            covered[m]
            or ends[m] - start > _MAX_CHARS
            or not _KANJI_OR_KANA.fullmatch(text[begins[m] : ends[m]])
        ):
            return
        yield Span(start, ends[m], k, m)


def candidate_spans(
    text: str,
    tokens: Tokens,
    name_pos: frozenset[int],
    surname_pos: frozenset[int],
    nouns: frozenset[int],
    kinds: Callable[[str], str],
    covered: Sequence[int],
) -> Iterator[Span]:
    """Spans that could be a name, on morpheme boundaries (the model decides which are).

    `covered[k]` is true for the morphemes a surer finding already covers: no span
    includes them.

    Only kinds of span that are names often enough to matter are proposed (measured on
    held-out training data: a kanji compound or a katakana word the dictionary knows, even
    when it knows it as a name too, was accepted by the model rarely and mostly wrongly):

    - ・/=-joined katakana chains, and katakana words the dictionary does not know;
    - runs of up to three kanji morphemes that start with a 人名 morpheme, an unknown word,
      or a 地名 or noun the dictionary also knows as a name (島、池田、桝の3人), with one
      space allowed between surname and given name; a hiragana given name after a surname
      (藤田あかり); a hiragana name alone next to a particle (主人公・すみれを);
    - kanji words the dictionary cuts into pieces after a one-kanji surname (馬建常, 韓丙起);
    - capitalised Latin words the dictionary knows as names, and unknown multi-word ones.
    """
    begins, ends, pos, oov = tokens.begins, tokens.ends, tokens.pos, tokens.oov
    n = len(tokens)
    unknown_words = [match.start() for match in _ONE.finditer(oov.tobytes())]
    # katakana: every chain, and the words around an unknown katakana morpheme
    units = {match.span() for match in _KATAKANA_CHAIN.finditer(text)}
    for k in unknown_words:
        start = begins[k]
        if _char_class(text[start]) != "K":
            continue
        while start > 0 and _CLASSES.get(ord(text[start - 1])) in ("K", "."):
            start -= 1
        match = _KATAKANA_UNIT.match(text, start)
        if match is not None and match.end() > begins[k]:
            units.add(match.span())
    for unit in sorted(units):
        span = _aligned(tokens, *unit)
        if span is not None and not covered[span.first] and not covered[span.last]:
            yield span
    # morphemes that may begin a name: 人名/地名, unknown, or a noun the dictionary also
    # knows as a name written in a list (島、池田、桝の3人; 主人公・すみれ)
    starts = set(tokens.indices(name_pos))
    starts.update(unknown_words)
    for match in _LIST_MARK.finditer(text):
        at = tokens.index_at(match.start())
        if at >= n or ends[at] - begins[at] != 1:
            continue  # と or や inside a word (ところ, やはり), not between names
        for k in (at - 1, at + 1):
            if 0 <= k < n and pos[k] in nouns:
                starts.add(k)
    for k in sorted(starts):
        if covered[k]:
            continue
        start = begins[k]
        if not _KANJI_OR_KANA.match(text, start):
            continue  # (katakana and Latin words are read whole)
        if not oov[k] and not kinds(text[start : ends[k]]):
            continue  # (a 人名 morpheme is always known as a name; a 地名 may not be)
        yield from _runs(text, tokens, k, pos[k] in surname_pos, covered)
    for run in _KANJI_WORD.finditer(text):
        start, end = run.span()
        # a one-kanji surname morpheme the dictionary knows as one, then more morphemes
        if "姓" not in kinds(text[start]):
            continue  # (the cheaper test first: most words start with no surname)
        k = tokens.index_at(start)
        if k + 1 >= n or begins[k] != start or ends[k] != start + 1 or ends[k + 1] > end:
            continue
        if covered[k]:
            continue
        span = _aligned(tokens, start, end)
        if span is not None:
            yield span  # 馬建常, 韓丙起: a one-kanji surname and a name cut into pieces
    for match in _LATIN.finditer(text):
        s, e = match.span()
        if e - s < 2:
            continue
        span = _aligned(tokens, s, e)
        if (
            span is not None
            and not covered[span.first]
            and (
                kinds(match.group())
                or (
                    span.last > span.first and any(oov[m] for m in range(span.first, span.last + 1))
                )
            )
        ):
            yield span


def features(
    text: str,
    tokens: Tokens,
    span: Span,
    tags: Sequence[str],
    kinds: Callable[[str], str],
    *,
    rule: tuple[str, float] | None = None,
    neighbours: tuple[str, str] = ("", ""),
) -> list[str]:
    """The feature names of a candidate span (see the module docstring).

    `tags` names every part-of-speech id (`pos_tags`), `kinds` gives the dictionary's 人名
    readings of a surface (`Tokenizer.name_kinds`), `rule` the pattern and score of the
    best rule span below the threshold that overlaps the span, `neighbours` the separator
    before and after when a surer name is written right next to it.
    """
    start, end, first, last = span.start, span.end, span.first, span.last
    word = text[start:end]
    begins, ends, pos, oov = tokens.begins, tokens.ends, tokens.pos, tokens.oov
    n = len(begins)
    shape = _shape(word)
    p1 = text[begins[first - 1] : ends[first - 1]] if first >= 1 else "^"
    p2 = text[begins[first - 2] : ends[first - 2]] if first >= 2 else "^"
    n1 = text[begins[last + 1] : ends[last + 1]] if last + 1 < n else "$"
    n2 = text[begins[last + 2] : ends[last + 2]] if last + 2 < n else "$"
    p1t = tags[pos[first - 1]] if first >= 1 else "^"
    n1t = tags[pos[last + 1]] if last + 1 < n else "$"
    pc = _context_char(text, start - 1)
    nc = _context_char(text, end)
    # the dictionary's 人名 readings of the words, whatever the analysis chose
    found = [
        kinds(text[begins[m] : ends[m]])
        for m in range(first, last + 1)
        if text[begins[m]] not in "・= "
    ] or [""]
    out = [
        "bias",
        "sh=" + shape,
        "len=" + shape + _length(end - start),
        "nm=" + str(min(last - first + 1, _MAX_MORPHEMES)),
        "fp=" + tags[pos[first]],
        "lp=" + tags[pos[last]],
        "oov=" + str(min(2, oov[first : last + 1].count(1))),
        "k1=" + found[0],
        "k1|n1=" + found[0] + "|" + n1,
        # context: morphemes and characters on either side
        "p1=" + p1,
        "p1t=" + p1t,
        "p2w=" + p2,
        "p2t=" + (tags[pos[first - 2]] if first >= 2 else "^"),
        "n1=" + n1,
        "n1t=" + n1t,
        "n2w=" + n2,
        "n2t=" + (tags[pos[last + 2]] if last + 2 < n else "$"),
        "pc=" + pc,
        "nc=" + nc,
        "pcnc=" + pc + nc,
        "sh|n1=" + shape + "|" + n1,
        "sh|p1=" + shape + "|" + p1,
        "sh|n1t=" + shape + "|" + n1t,
        "fp|n1=" + tags[pos[first]] + "|" + n1,
    ]
    out.extend(["ip=" + tags[pos[m]] for m in range(first, last + 1)])
    if len(found) > 1:
        out.append("kl=" + found[-1])
        out.append("kn=" + str(sum(1 for k in found if k)) + "/" + str(len(found)))
        out.append("kw=" + kinds(word.replace(" ", "")))
    if shape == "C" and 2 <= len(word) <= 4:
        # a one-kanji surname and a given name the dictionary cuts (金|正恩, 馬|建常)
        out.append("fk=" + kinds(word[0]) + "|" + kinds(word[1:]))
    if rule is not None:
        pattern, score = rule
        out.append(f"r={pattern}|{min(9, int(score * 10))}")
        out.append("r=" + pattern)
    left, right = neighbours
    if left:
        out.append("lname=" + left)  # a name found just before: 島、[池田], ゲイリーと[レーン]
    if right:
        out.append("rname=" + right)
    return out


def pos_tags(tokenizer: Tokenizer, count: int = 2048) -> list[str]:
    """A short tag for every part-of-speech id: 名詞-固有名詞-人名-姓, 助詞-格助詞 …"""
    out: list[str] = []
    for pos_id in range(count):
        try:
            name = tokenizer.pos_name(pos_id)
        except (IndexError, ValueError):
            break
        if not name:
            break
        out.append("-".join(p for p in name[:4] if p != "*"))
    return out


class PersonModel:
    """Logistic regression over `features`: weights by feature name, a bias, a threshold."""

    def __init__(
        self,
        weights: Mapping[str, float],
        *,
        threshold: float = 0.5,
        info: Mapping[str, Any] | None = None,
    ) -> None:
        self.weights = dict(weights)
        self.threshold = threshold
        self.info = dict(info or {})

    @classmethod
    def load(cls, path: Path, *, threshold: float | None = None) -> PersonModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ConfigurationError(
                f"cannot read the person-name model {path}: {err}; "
                "restore it from the package or set `model: null` in the rule pack"
            ) from err
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ConfigurationError(
                f"{path} is not a person-name model ({FORMAT}); "
                "write one with tools/train_person_model.py"
            )
        weights = data.get("weights")
        if not isinstance(weights, dict):
            raise ConfigurationError(f"{path}: `weights` must be a mapping")
        return cls(
            {str(k): float(v) for k, v in weights.items()},
            threshold=float(data.get("threshold", 0.5)) if threshold is None else threshold,
            info=data.get("info") or {},
        )

    def save(self, path: Path) -> None:
        """Write the model as JSON: a header, then one weight a line (diffs stay readable)."""
        head = json.dumps(
            {"format": FORMAT, "info": self.info, "threshold": self.threshold},
            ensure_ascii=False,
            indent=1,
        )
        lines = [
            json.dumps(name, ensure_ascii=False) + f": {weight:.3f}"
            for name, weight in sorted(self.weights.items())
            if abs(weight) >= 0.01  # (smaller weights change no decision)
        ]
        body = head[: head.rindex("}")].rstrip() + ',\n "weights": {\n' + ",\n".join(lines)
        path.write_text(body + "\n }\n}\n", encoding="utf-8")

    def probability(self, names: Sequence[str]) -> float:
        z = sum(map(self.weights.get, names, repeat(0.0, len(names))))
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


def train(
    examples: Sequence[tuple[Sequence[str], int]],
    *,
    epochs: int = 12,
    rate: float = 0.2,
    l2: float = 1e-5,
    seed: int = 0,
    runs: int = 1,
    sample_weights: Sequence[float] | None = None,
    progress: Callable[[int, float], None] | None = None,
) -> dict[str, float]:
    """Logistic regression by AdaGrad with L2, in plain Python (no numpy in the library).

    `runs` > 1 learns that many times, each in its own random order of the examples
    (seeds `seed`, `seed + 1` …), and averages the weights: one linear model again (the
    same file, the same cost per call), with less of the noise a single pass over a few
    hundred positives leaves in the weights. `sample_weights` scales each example's
    gradient (1.0 when not given): examples of another kind than the model's own
    candidates count for less.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if sample_weights is not None and len(sample_weights) != len(examples):
        raise ValueError("one sample weight per example")
    total: dict[str, float] = {}
    for run in range(runs):
        weights = _train_once(examples, epochs, rate, l2, seed + run, sample_weights, progress)
        for name, weight in weights.items():
            total[name] = total.get(name, 0.0) + weight / runs
    return {k: v for k, v in total.items() if abs(v) >= 1e-3}


def _train_once(
    examples: Sequence[tuple[Sequence[str], int]],
    epochs: int,
    rate: float,
    l2: float,
    seed: int,
    sample_weights: Sequence[float] | None,
    progress: Callable[[int, float], None] | None,
) -> dict[str, float]:
    import random

    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        loss = 0.0
        for i in order:
            names, label = examples[i]
            scale = 1.0 if sample_weights is None else sample_weights[i]
            z = sum(weights.get(name, 0.0) for name in names)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            loss -= math.log(p if label else 1.0 - p + 1e-12) if p > 0 else 30.0
            g = scale * (p - label)
            for name in names:
                w = weights.get(name, 0.0)
                grad = g + l2 * w
                sq = squares.get(name, 1e-8) + grad * grad
                squares[name] = sq
                weights[name] = w - rate * grad / math.sqrt(sq)
        if progress is not None:
            progress(epoch, loss / max(1, len(examples)))
    return weights
