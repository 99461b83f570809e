"""Hostile input: the extractor never raises, never hangs, and never calls a damaged file
clean. Each example is bounded by a hypothesis deadline."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mamori.pii._model import Extracted, Status
from mamori.pii.extract import extract_bytes

SUFFIXES = [
    ".txt", ".md", ".csv", ".tsv", ".json", ".html", ".htm", ".eml", ".docx", ".docm",
    ".xlsx", ".xlsm", ".xls", ".doc", ".pptx", ".pdf", ".zip", ".png", ".bin", "",
]  # fmt: skip
FUZZ = settings(  # examples: the profile's (100 by default; raise it for a long run)
    deadline=timedelta(seconds=5),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _well_formed(result: Extracted) -> None:
    """OK with text, or UNSCANNABLE with a reason and no text: nothing in between."""
    if result.status is Status.OK:
        assert result.error is None
        for region in result.regions:
            assert 0 <= region.start <= region.end <= len(result.text)
    else:
        assert result.status is Status.UNSCANNABLE
        assert result.error
        assert result.text == ""


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_with_every_suffix(data: bytes, suffix: str) -> None:
    _well_formed(extract_bytes(data, "fuzz" + suffix))


@FUZZ
@given(
    magic=st.sampled_from([b"PK\x03\x04", b"%PDF-1.4\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                           b"<html><body>", b"From: a\nTo: b\n\n", b"\xef\xbb\xbf"]),
    rest=st.binary(max_size=2048),
    suffix=st.sampled_from(SUFFIXES),
)  # fmt: skip
def test_random_bytes_behind_real_magic(magic: bytes, rest: bytes, suffix: str) -> None:
    _well_formed(extract_bytes(magic + rest, "fuzz" + suffix))


@FUZZ
@given(data=st.data())
def test_truncated_files_are_never_clean(samples: dict[str, bytes], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(samples)))
    full = samples[name]
    cut = data.draw(st.integers(min_value=0, max_value=len(full) - 1))
    result = extract_bytes(full[:cut], name)
    _well_formed(result)
    if cut < len(full) - 30:
        # the ZIP directory or the PDF's %%EOF is at the end: a real cut loses it
        assert result.status is Status.UNSCANNABLE, (name, cut)
    elif result.status is Status.OK:
        assert result.text == extract_bytes(full, name).text


@FUZZ
@given(data=st.data())
def test_flipped_bytes_in_real_files(samples: dict[str, bytes], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(samples)))
    raw = bytearray(samples[name])
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        at = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
        raw[at] = data.draw(st.integers(min_value=0, max_value=255))
    _well_formed(extract_bytes(bytes(raw), name))


@FUZZ
@given(
    text=st.text(max_size=300),
    codec=st.sampled_from(["utf-8", "utf-8-sig", "cp932", "euc_jp", "utf-16"]),
    junk=st.binary(max_size=8),
    suffix=st.sampled_from([".txt", ".csv", ".tsv", ".json", ".md", ".html"]),
)
def test_text_in_any_encoding_with_junk(text: str, codec: str, junk: bytes, suffix: str) -> None:
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    _well_formed(extract_bytes(data + junk, "t" + suffix))


@settings(max_examples=12, deadline=timedelta(seconds=10), database=None)
@given(depth=st.integers(min_value=0, max_value=10))
def test_zip_nesting_is_read_to_three_levels_and_refused_beyond(depth: int) -> None:
    data, name = "見守 太郎\n".encode(), "leaf.txt"
    for level in range(depth):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        data, name = out.getvalue(), f"level{level}.zip"
    result = extract_bytes(data, name)
    _well_formed(result)
    if depth <= 3:
        assert result.status is Status.OK
        assert "見守 太郎" in result.text
    else:
        assert "too deeply nested" in (result.error or "")
