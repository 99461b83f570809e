"""Dispatch, the file system, and batch extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from mamori.pii._model import Status
from mamori.pii.extract import ExtractLimits, extract, extract_bytes, extract_many
from tests.mamori.pii.extract.conftest import make_pdf


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n", "unsupported type: image/png has no text; OCR is not supported"),
        (b"\xff\xd8\xff\xe0", "unsupported type: image/jpeg has no text; OCR is not supported"),
        (b"\x1f\x8b\x08", "unsupported type: gzip archive (.gz); convert or unpack it and scan "
         "the result"),
        (b"{\\rtf1\\ansi", "unsupported type: RTF document; convert or unpack it and scan the "
         "result"),
    ],
)  # fmt: skip
def test_types_without_text_are_unscannable_whatever_the_suffix(head: bytes, reason: str) -> None:
    result = extract_bytes(head + bytes(32), "innocent.txt")
    assert (result.status, result.error) == (Status.UNSCANNABLE, reason)


def test_a_pdf_named_txt_is_read_as_pdf() -> None:
    result = extract_bytes(make_pdf([["見守 太郎"]]), "notes.txt")
    assert result.media_type == "application/pdf"
    assert result.text == "見守 太郎\n"


def test_missing_file_and_directory_are_unscannable(tmp_path: Path) -> None:
    assert extract(tmp_path / "nope.txt").error == "missing: the file does not exist"
    assert extract(tmp_path).error == "unsupported: a directory, not a regular file"


def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    assert extract(fifo).error == "unsupported: a device, pipe or socket, not a regular file"


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf([["x"]]))
    result = extract(path, limits=ExtractLimits(max_file_bytes=100))
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("too large:")
    assert (result.error or "").endswith("limit; split the file")


def test_extract_many_continues_after_failures(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("見守 太郎\n", encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    results = list(extract_many([bad, tmp_path / "missing.csv", good]))
    assert [r.status for r in results] == [Status.UNSCANNABLE, Status.UNSCANNABLE, Status.OK]
    assert results[2].text == "見守 太郎\n"
    assert all(r.error for r in results[:2])


def test_empty_text_file_is_ok_and_empty() -> None:
    # an empty file was read completely: there is nothing in it to leak
    result = extract_bytes(b"", "empty.txt")
    assert (result.status, result.text) == (Status.OK, "")
