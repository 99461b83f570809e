"""The labelled corpus of `-n 300`: files, gold, traps, manifest, determinism."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from mamori._exceptions import InputError
from mamori.checkdigits import is_valid_corporate_number, is_valid_my_number
from mamori.synth._corpus import KINDS, CorpusSummary, generate_corpus
from mamori.synth._corpus._doc import LABELS
from mamori.synth._corpus._variants import digits_of
from tests.mamori.synth.test_corpus_readers import canonical_text, decode_text

N = 300


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CorpusSummary]:
    out = tmp_path_factory.mktemp("corpus") / "out"
    return out, generate_corpus(out, n=N, seed=7)


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def gold(corpus: tuple[Path, CorpusSummary]) -> list[dict[str, object]]:
    return _lines(corpus[0] / "gold.jsonl")


@pytest.fixture(scope="module")
def traps(corpus: tuple[Path, CorpusSummary]) -> list[dict[str, object]]:
    return _lines(corpus[0] / "traps.jsonl")


@pytest.fixture(scope="module")
def texts(corpus: tuple[Path, CorpusSummary]) -> dict[str, str]:
    """The canonical text of every file, as the independent readers extract it."""
    out = corpus[0]
    return {str(p.relative_to(out)): canonical_text(p) for p in (out / "documents").iterdir()}


def test_at_least_300_files_of_at_least_8_kinds(corpus: tuple[Path, CorpusSummary]) -> None:
    out, summary = corpus
    files = sorted((out / "documents").iterdir())
    assert len(files) == N == len(summary.files)
    assert len(summary.by_kind) >= 8
    assert set(summary.by_kind) == set(KINDS)
    assert set(summary.by_format) == {
        "csv", "docx", "eml", "html", "json", "md", "pdf", "tsv", "txt", "xlsx",
    }  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == [
        "corpus.jsonl", "documents", "gold.jsonl", "traps.jsonl",
    ]  # fmt: skip


def test_readers_extract_exactly_the_canonical_text_of_the_manifest(
    corpus: tuple[Path, CorpusSummary], texts: dict[str, str]
) -> None:
    out, _summary = corpus
    manifest = _lines(out / "corpus.jsonl")
    assert len(manifest) == N
    mismatched = []
    for entry in manifest:
        text = texts[str(entry["file"])]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if (digest, len(text)) != (entry["sha256"], entry["chars"]):
            mismatched.append(entry["file"])
    assert mismatched == []


def test_text_files_use_the_encoding_the_manifest_names(
    corpus: tuple[Path, CorpusSummary],
) -> None:
    out, _summary = corpus
    encodings: Counter[str] = Counter()
    for entry in _lines(out / "corpus.jsonl"):
        if entry["format"] in ("txt", "md", "csv", "tsv", "json"):
            _text, encoding = decode_text((out / str(entry["file"])).read_bytes())
            assert encoding == entry["encoding"], entry["file"]
            encodings[encoding] += 1
    assert encodings["cp932"] >= 5  # legacy Shift_JIS files are part of the mix
    assert encodings["utf-8"] >= 5


def test_every_gold_annotation_is_its_slice_of_the_canonical_text(
    gold: list[dict[str, object]], texts: dict[str, str]
) -> None:
    assert len(gold) > 3000
    bad = [
        a
        for a in gold
        if texts[str(a["file"])][int(str(a["start"])) : int(str(a["end"]))] != a["text"]
    ]
    assert bad == []
    assert all(str(a["text"]).strip() == a["text"] and a["text"] for a in gold)


def test_every_label_except_real_resident_appears_several_times(
    gold: list[dict[str, object]],
) -> None:
    counts = Counter(str(a["type"]) for a in gold)
    assert set(counts) == set(LABELS)
    assert "REAL_RESIDENT" not in counts
    assert min(counts.values()) >= 5, counts


def test_table_annotations_carry_sheet_and_cell(gold: list[dict[str, object]]) -> None:
    in_xlsx = [a for a in gold if str(a["file"]).endswith(".xlsx")]
    assert in_xlsx
    assert all("sheet" in a and "cell" in a for a in in_xlsx)
    in_csv = [a for a in gold if str(a["file"]).endswith(".csv") and "cell" in a]
    assert in_csv
    assert all(str(a["cell"])[0].isalpha() for a in in_csv)
    assert all("page" in a for a in gold if str(a["file"]).endswith(".pdf"))


def test_titles_are_outside_person_spans(
    gold: list[dict[str, object]], texts: dict[str, str]
) -> None:
    titles = ("様", "委員", "議員", "課長", "氏", "さん")
    persons = [a for a in gold if a["type"] == "PERSON"]
    assert not [a for a in persons if str(a["text"]).endswith(titles)]
    followed = Counter()
    for a in persons:
        after = texts[str(a["file"])][int(str(a["end"])) :].lstrip(" \u3000")
        for title in titles:
            if after.startswith(title):
                followed[title] += 1
    assert set(followed) >= {"様", "委員", "氏", "さん"}, followed


def test_identifier_annotations_are_valid(gold: list[dict[str, object]]) -> None:
    for a in gold:
        digits = digits_of(str(a["text"]))
        if a["type"] == "MY_NUMBER":
            assert is_valid_my_number(digits), a
        elif a["type"] == "CORPORATE_NUMBER":
            assert is_valid_corporate_number(digits), a


def test_traps_are_present_and_never_annotated(
    traps: list[dict[str, object]], gold: list[dict[str, object]], texts: dict[str, str]
) -> None:
    kinds = Counter(str(t["type"]) for t in traps)
    assert set(kinds) == {
        "AMOUNT", "DATE", "DOCUMENT_NUMBER", "INVALID_MY_NUMBER", "NUMBER", "OFFICE_EMAIL",
        "OFFICE_PHONE", "ORGANIZATION", "PLACE",
    }  # fmt: skip
    spans = defaultdict(list)
    for a in gold:
        spans[a["file"]].append((int(str(a["start"])), int(str(a["end"]))))
    for t in traps:
        start, end = int(str(t["start"])), int(str(t["end"]))
        assert texts[str(t["file"])][start:end] == t["text"]
        # No gold span overlaps a trap.
        assert not [s for s in spans[t["file"]] if s[0] < end and start < s[1]], t
    invalid = [t for t in traps if t["type"] == "INVALID_MY_NUMBER"]
    assert invalid
    assert not any(is_valid_my_number(digits_of(str(t["text"]))) for t in invalid)
    places = {str(t["text"]) for t in traps if t["type"] == "PLACE"}
    assert {"中野区", "宮崎県", "大和市", "佐賀市"} & places


def test_the_variety_the_issue_asks_for(texts: dict[str, str], gold: list[dict[str, object]]):
    by_type = defaultdict(list)
    for a in gold:
        by_type[a["type"]].append(str(a["text"]))
    dates = by_type["DATE_OF_BIRTH"]
    assert any(d.startswith("昭和") for d in dates)
    assert any(d.startswith(("S", "H")) and "." in d for d in dates)
    assert any("/" in d for d in dates)
    assert any(d[:4].isdigit() and "年" in d for d in dates)
    phones = by_type["PHONE"]
    assert any("０" in p for p in phones)  # full-width digits
    assert any(h in p for p in phones for h in "−‐―ー")
    addresses = by_type["ADDRESS"]
    assert any("丁目" in a and any(k in a for k in "一二三四五六七八九") for a in addresses)
    persons = by_type["PERSON"]
    assert any("\u3000" in p for p in persons)
    assert any(" " not in p and "\u3000" not in p for p in persons)
    assert any(all("ｦ" <= c <= "ﾟ" or c == " " for c in p) for p in persons)  # half-width kana
    numbers = by_type["MY_NUMBER"]
    assert any(" " in n for n in numbers)
    assert any("-" in n for n in numbers)
    assert any(n.isdigit() and len(n) == 12 for n in numbers)
    joined = "".join(texts.values())
    assert "記載例" in joined
    assert "令和" in joined


def test_same_seed_same_bytes(tmp_path: Path, corpus: tuple[Path, CorpusSummary]) -> None:
    first, _summary = corpus
    again = tmp_path / "again"
    generate_corpus(again, n=N, seed=7)
    for path in sorted(first.rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (again / path.relative_to(first)).read_bytes(), path


def test_another_seed_other_documents(tmp_path: Path) -> None:
    a = generate_corpus(tmp_path / "a", n=12, seed=1)
    b = generate_corpus(tmp_path / "b", n=12, seed=2)
    assert [f.sha256 for f in a.files] != [f.sha256 for f in b.files]


def test_refuses_a_non_empty_directory_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="--force"):
        generate_corpus(out, n=3, seed=0)
    assert (out / "keep.txt").exists()
    generate_corpus(out, n=3, seed=0, force=True)
    assert not (out / "keep.txt").exists()
    assert len(list((out / "documents").iterdir())) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left


def test_rejects_zero_documents(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="at least 1"):
        generate_corpus(tmp_path / "out", n=0)


def test_a_failed_run_leaves_nothing_behind(tmp_path: Path) -> None:
    from itertools import islice

    from mamori.synth._residents import ResidentGenerator

    few = list(islice(ResidentGenerator(5).households(), 3))
    with pytest.raises(InputError, match="ran out of households"):
        generate_corpus(tmp_path / "out", n=20, seed=0, households=few)
    assert list(tmp_path.iterdir()) == []


def test_a_given_household_source_is_used(tmp_path: Path) -> None:
    from itertools import islice

    from mamori.synth._residents import ResidentGenerator

    source = list(islice(ResidentGenerator(9, "佐賀市").households(), 400))
    ids = {p.resident_id for h in source for p in h.members}
    generate_corpus(tmp_path / "out", n=10, seed=0, households=source)
    gold = _lines(tmp_path / "out" / "gold.jsonl")
    assert {a["resident_id"] for a in gold if "resident_id" in a} <= ids
    assert all("佐賀市" in str(a["text"]) for a in gold if a["type"] == "ADDRESS")
