"""Integrity of the hand-written city documents' gold (tests/data/citydocs).

Only the gold is checked here, not the scanner: the set is for honest measurement with
bench/bench_pii_citydocs.py, and carries no score thresholds.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from mamori.checkdigits import is_valid_corporate_number, is_valid_my_number
from mamori.pii import Label

DIR = Path(__file__).resolve().parents[2] / "data" / "citydocs"
DOCS = sorted(p for p in DIR.iterdir() if p.is_file() and p.name != "gold.jsonl")
GOLD = [
    json.loads(line)
    for line in (DIR / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
LABELS = set(Label.__members__)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def test_documents_exist() -> None:
    assert len(DOCS) >= 10
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        assert 5 <= len(text.splitlines()) <= 40, path.name


def test_every_document_has_gold_and_gold_names_documents() -> None:
    names = {p.name for p in DOCS}
    annotated = {g["file"] for g in GOLD}
    assert annotated == names


@pytest.mark.parametrize("g", GOLD, ids=lambda g: f"{g['file']}:{g['start']}")
def test_span_matches_text(g: dict[str, object]) -> None:
    assert set(g) == {"file", "type", "start", "end", "text"}
    assert g["type"] in LABELS
    text = (DIR / str(g["file"])).read_text(encoding="utf-8")
    start, end = g["start"], g["end"]
    assert isinstance(start, int)
    assert isinstance(end, int)
    assert 0 <= start < end <= len(text)
    assert text[start:end] == g["text"]
    assert g["text"] == str(g["text"]).strip()


def test_no_duplicate_or_overlapping_spans() -> None:
    by_file: dict[str, list[tuple[int, int]]] = {}
    for g in GOLD:
        by_file.setdefault(g["file"], []).append((g["start"], g["end"]))
    for name, spans in by_file.items():
        spans.sort()
        for (_, e1), (s2, _) in itertools.pairwise(spans):
            assert e1 <= s2, name


def test_identifiers_pass_their_check_digits() -> None:
    for g in GOLD:
        if g["type"] == "MY_NUMBER":
            assert is_valid_my_number(_digits(g["text"])), g
        if g["type"] == "CORPORATE_NUMBER":
            assert is_valid_corporate_number(_digits(g["text"])), g
        if g["type"] == "DRIVERS_LICENSE":
            assert not is_valid_my_number(_digits(g["text"])), g


def test_person_spans_exclude_titles() -> None:
    for g in GOLD:
        if g["type"] == "PERSON":
            assert not re.search(r"(様|氏|さん|君|委員|議員|課長|部長|主任)$", g["text"]), g
