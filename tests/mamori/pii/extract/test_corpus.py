"""The key test: the extractor reproduces the corpus's canonical text, file by file."""

from __future__ import annotations

import hashlib
from collections import Counter

from mamori.pii._model import Status
from mamori.pii.extract import extract
from tests.mamori.pii.extract.conftest import Corpus


def test_every_corpus_file_matches_its_manifest_hash_and_gold(corpus: Corpus) -> None:
    formats = Counter(str(f["format"]) for f in corpus.files)
    matched: Counter[str] = Counter()
    failures = []
    for record in corpus.files:
        name = str(record["file"])
        result = extract(corpus.root / name)
        digest = hashlib.sha256(result.text.encode("utf-8")).hexdigest()
        spans_ok = all(
            result.text[int(g["start"]) : int(g["end"])] == g["text"] for g in corpus.gold[name]
        )
        if result.status is Status.OK and digest == record["sha256"] and spans_ok:
            matched[str(record["format"])] += 1
        else:
            failures.append((name, result.status, result.error))
    assert failures == []
    assert matched == formats
    # every format of docs/corpus.md is present, so none is checked vacuously
    assert set(formats) >= {"csv", "docx", "eml", "html", "json", "md", "pdf", "tsv", "txt"}
    assert "xlsx" in formats


def test_gold_cells_and_pages_lie_in_a_region_with_that_location(corpus: Corpus) -> None:
    checked = 0
    for record in corpus.files:
        name = str(record["file"])
        located = [g for g in corpus.gold[name] if "cell" in g or "page" in g]
        if not located:
            continue
        regions = extract(corpus.root / name).regions
        for g in located:
            start, end = int(g["start"]), int(g["end"])
            around = [r for r in regions if r.start <= start and end <= r.end]
            if "page" in g:
                assert any(r.location.page == g["page"] for r in around), (name, g)
            else:
                assert any(
                    r.location.cell == g["cell"] and r.location.sheet == g.get("sheet")
                    for r in around
                ), (name, g)
            checked += 1
    assert checked > 1000


def test_table_cells_carry_their_column_header(corpus: Corpus) -> None:
    headers: Counter[str] = Counter()
    for record in corpus.files:
        if record["format"] in ("xlsx", "csv", "tsv"):
            for region in extract(corpus.root / str(record["file"])).regions:
                if region.header:
                    headers[region.header] += 1
    assert headers["氏名"] > 50
