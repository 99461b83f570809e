"""Every redactable document of a labelled corpus: the copy opens, keeps its encoding and
line ends, differs from the original only by masks where findings were, loses the gold
values the scanner found, and keeps the look-alikes (office phones, 法人番号)."""

from __future__ import annotations

import html.parser
from collections import Counter
from pathlib import Path

import docx
import openpyxl
import pytest

from mamori.pii import Finding, Scanner
from mamori.pii.extract import extract
from mamori.pii.redact import BLOCK, TAGS, NotRedactableError, redact_file

from .conftest import Corpus

FORMATS = ["txt", "md", "csv", "tsv", "json", "html", "docx", "xlsx"]


def _findings(scanner: Scanner, path: Path) -> list[Finding]:
    return [f for f in scanner.scan(extract(path)).findings if f.type != "CORPORATE_NUMBER"]


def _opens(path: Path, fmt: str, encoding: str, newline: str, original: bytes) -> None:
    data = path.read_bytes()
    if fmt == "xlsx":
        openpyxl.load_workbook(path).close()
    elif fmt == "docx":
        docx.Document(str(path))
    else:
        text = data.decode(encoding)  # CP932 stays CP932, a BOM stays
        assert data.startswith(b"\xef\xbb\xbf") == original.startswith(b"\xef\xbb\xbf")
        assert data.count(b"\r\n") == original.count(b"\r\n")
        if newline == "\r\n":
            assert data.count(b"\n") == data.count(b"\r\n")
        if fmt == "html":
            parser = html.parser.HTMLParser()
            parser.feed(text)
            parser.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_block_masks_only_findings_and_keep_the_rest(
    fmt: str, corpus: Corpus, scanner: Scanner, tmp_path: Path
) -> None:
    documents = corpus.of_format(fmt)
    assert documents, f"the corpus has no {fmt}"
    for meta in documents:
        source = corpus.root / meta["file"]
        out = tmp_path / source.name
        report = redact_file(source, out, scanner=scanner)
        _opens(out, fmt, meta["encoding"], meta["newline"], source.read_bytes())
        before, after = extract(source).text, extract(out).text
        # ■ keeps every length: the texts align character by character.
        assert len(after) == len(before)
        changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert all(after[i] == BLOCK for i in changed)
        assert len(report.masked) >= len(_findings(scanner, source))
        for finding in _findings(scanner, source):
            left = after[finding.start : finding.end]
            assert not any(ch.isalnum() for ch in left), (meta["file"], finding.type)
        found = {(f.start, f.end) for f in _findings(scanner, source)}
        for gold in corpus.gold[meta["file"]]:
            start, end = int(str(gold["start"])), int(str(gold["end"]))
            if gold["type"] == "CORPORATE_NUMBER":
                assert after[start:end] == gold["text"]  # public data, kept by default
            elif (start, end) in found:
                assert str(gold["text"]) not in after[start:end]
        masked = set(changed)
        for trap in corpus.traps[meta["file"]]:
            start, end = int(str(trap["start"])), int(str(trap["end"]))
            if trap["type"] in ("OFFICE_PHONE", "OFFICE_EMAIL") and not masked & set(
                range(start, end)
            ):
                assert after[start:end] == trap["text"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_tag_mode_writes_tags(fmt: str, corpus: Corpus, scanner: Scanner, tmp_path: Path) -> None:
    tags = set(TAGS.values())
    for meta in corpus.of_format(fmt)[:3]:
        source = corpus.root / meta["file"]
        out = tmp_path / source.name
        report = redact_file(source, out, scanner=scanner, mask="tag")
        before, after = extract(source).text, extract(out).text
        assert report.masked
        assert sum(after.count(tag) for tag in tags) >= len(report.masked)
        assert after.count(BLOCK) == before.count(BLOCK)  # tags only, no ■
        # Each finding took one occurrence of its value away (the same value may still
        # stand where it is not a finding, e.g. a surname that is also a place).
        found = Counter(f.text for f in _findings(scanner, source))
        for value, n in found.items():
            assert after.count(value) <= before.count(value) - n, (meta["file"], n)


@pytest.mark.parametrize("fmt", ["pdf", "eml"])
def test_pdf_and_mail_are_refused(
    fmt: str, corpus: Corpus, scanner: Scanner, tmp_path: Path
) -> None:
    source = corpus.root / corpus.of_format(fmt)[0]["file"]
    out = tmp_path / source.name
    with pytest.raises(NotRedactableError, match="not redactable") as caught:
        redact_file(source, out, scanner=scanner)
    if fmt == "pdf":
        assert "redact the source document and export again" in str(caught.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
