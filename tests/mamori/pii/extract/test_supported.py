"""`unsupported_reason`: which files extraction does not read, asked before reading them."""

from __future__ import annotations

import pytest

from mamori.pii.extract import SUPPORTED_SUFFIXES, extract_bytes, unsupported_reason


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"\x89PNG\r\n\x1a\n0000", "photo.png"),
        (b"\x89PNG\r\n\x1a\n0000", "photo.pdf"),  # the content wins over the suffix
        (b"\xff\xd8\xff\xe0", "scan.jpg"),
        (b"Rar!\x1a\x07\x00", "files.rar"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.doc"),
        (b"MZ\x90\x00", "setup.exe"),
        (b"plain words", "README"),  # no suffix: the caller must name the type
    ],
)
def test_types_without_text_or_unknown_are_refused(head: bytes, name: str) -> None:
    reason = unsupported_reason(head, name)
    assert reason is not None
    assert reason.startswith("unsupported")


@pytest.mark.parametrize(
    ("head", "name"),
    [
        ("お知らせ".encode(), "notice.txt"),
        (b"a,b\n1,2\n", "list.CSV"),
        (b"%PDF-1.7", "spec.pdf"),
        (b"PK\x03\x04", "roster.xlsx"),
        (b"<html>", "page.html"),
        # a damaged file of a supported type is not refused here: extraction reports it
        (b"not a zip", "broken.docx"),
    ],
)
def test_supported_types_pass(head: bytes, name: str) -> None:
    assert unsupported_reason(head, name) is None


def test_every_supported_suffix_is_read_and_none_is_refused_by_name() -> None:
    assert list(SUPPORTED_SUFFIXES) == sorted(SUPPORTED_SUFFIXES)
    for suffix in (".txt", ".csv", ".docx", ".xlsx", ".xls", ".pptx", ".pdf", ".eml", ".zip"):
        assert suffix in SUPPORTED_SUFFIXES
    for suffix in (".doc", ".ppt", ".msg", ".png"):
        assert suffix not in SUPPORTED_SUFFIXES
    assert extract_bytes("本文".encode(), "a.md").text.startswith("本文")
