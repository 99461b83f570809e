"""SudachiPy tokens: chunked under SudachiPy's 49,149-byte limit, with nothing lost at a cut."""

from __future__ import annotations

from itertools import pairwise

import pytest

from mamori.pii._tokens import CACHE_KEY, MAX_CHUNK_BYTES, OVERLAP_CHARS, Tokenizer, chunks
from mamori.pii.detectors.person import PersonDetector
from tests.mamori.pii._jp_docs import make_doc


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def test_chunks_stay_under_the_byte_limit_and_cover_the_text() -> None:
    text = ("市民課の窓口で受け付けた。" * 40 + "\n") * 400  # ~200 KB of UTF-8
    windows = chunks(text)
    assert len(windows) > 4
    assert windows[0][0] == 0
    assert windows[-1][1] == len(text)
    for (start, end, clean), (next_start, _e, _c) in pairwise(windows):
        assert len(text[start:end].encode("utf-8")) <= MAX_CHUNK_BYTES
        assert clean  # every cut at a line or sentence end (the lines are 520 characters)
        assert next_start == end
        assert text[end - 1] in "\n。"


def test_a_line_longer_than_a_chunk_is_cut_with_overlap() -> None:
    text = "あ" * 50_000  # one 150 KB line: no line or sentence boundary at all
    windows = chunks(text)
    for (_s, end, clean), (next_start, _e, _c) in pairwise(windows):
        assert not clean
        assert end - OVERLAP_CHARS <= next_start < end  # the next window overlaps this one


@pytest.mark.parametrize("newlines", [True, False])
def test_names_at_every_chunk_boundary_are_found(tokenizer: Tokenizer, newlines: bool) -> None:
    """200 KB of text; a name is put across each place a chunk would otherwise be cut."""
    filler = "本日の会議では予算の執行状況について説明があった" + ("\n" if newlines else "、")
    name = "山田太郎様"
    text = filler * 5000
    for start, end, _clean in chunks(text)[:-1]:
        del start
        # overwrite the text around the cut so the name straddles it
        at = end - 2
        text = text[:at] + name + text[at + len(name) :]
    assert len(text.encode("utf-8")) > 200_000
    cuts = [end for _s, end, _c in chunks(filler * 5000)[:-1]]
    detector = PersonDetector(tokenizer)
    doc = make_doc(text)
    spans = {(c.start, c.end) for c in detector.detect(doc) if c.score >= 0.5}
    for cut in cuts:
        assert (cut - 2, cut + 2) in spans, cut  # 山田太郎 without 様
    tokens = doc.cache[CACHE_KEY]
    assert list(tokens.begins) == sorted(tokens.begins)
    assert all(b < e for b, e in zip(tokens.begins, tokens.ends, strict=True))
    assert all(e <= b for e, b in zip(tokens.ends, tokens.begins[1:], strict=False))


def test_tokens_are_cached_per_document(tokenizer: Tokenizer) -> None:
    doc = make_doc("山田太郎")
    first = tokenizer.tokens(doc)
    assert tokenizer.tokens(doc) is first
    assert [first.surface(i) for i in range(len(first))] == ["山田", "太郎"]
    assert first.pos[0] in tokenizer.person_surname
    assert first.pos[1] in tokenizer.person_given


def test_text_without_kana_or_kanji_is_not_analysed(tokenizer: Tokenizer) -> None:
    doc = make_doc("090-1234-5678, ABC 123\n" * 10)
    assert len(tokenizer.tokens(doc)) == 0
