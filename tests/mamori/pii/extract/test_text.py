"""Plain text, CSV and TSV: encodings, line endings, cells and headers."""

from __future__ import annotations

import pytest

from mamori.pii._model import Status
from mamori.pii.extract import ExtractLimits, extract, extract_bytes

PROSE = "見守 太郎さん（電話 090-0123-4567）から、母について相談。\r\n次回は来週。\r\n"
EXPECTED = PROSE.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (PROSE.encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + PROSE.encode("utf-8"), "UTF-8 with BOM"),
        (PROSE.encode("cp932"), "Shift_JIS / CP932"),
        (PROSE.encode("euc_jp"), "EUC-JP"),
        (PROSE.encode("utf-16"), "UTF-16 with BOM"),
    ],
)
def test_encodings_are_detected_and_crlf_becomes_lf(data: bytes, why: str) -> None:
    result = extract_bytes(data, "memo.txt")
    assert result.status is Status.OK, why
    assert result.text == EXPECTED, why


def test_cp932_only_characters_decode() -> None:
    text = "①髙橋 ㈱ミモリ"  # NEC/IBM extensions: in CP932, not in plain Shift_JIS
    assert extract_bytes(text.encode("cp932"), "a.txt").text == text


def test_lone_cr_is_kept_and_nothing_else_changes() -> None:
    data = '"a,b"\r\n# 見出し\r{"k": "\\u3042"}\n'.encode()
    assert extract_bytes(data, "x.md").text == '"a,b"\n# 見出し\r{"k": "\\u3042"}\n'


def test_undecodable_bytes_are_unscannable_with_advice() -> None:
    result = extract_bytes(b"\x81\x20\xff\xfe\xfd" * 10, "x.txt")
    assert result.status is Status.UNSCANNABLE
    assert "convert it to UTF-8" in (result.error or "")


def test_binary_with_a_text_suffix_is_unscannable() -> None:
    result = extract_bytes(b"\x00\x01\x02binary\x00", "data.txt")
    assert result.status is Status.UNSCANNABLE
    assert "binary" in (result.error or "")


def test_csv_regions_one_per_non_empty_cell_with_header_and_quotes() -> None:
    text = '職員名簿\n氏名,住所,電話\n"見守, 太郎","東京都""X""区",090-0123-4567\n'
    text += "見守 花子,,03-0000\n"
    result = extract_bytes(text.encode("cp932"), "roster.csv")
    assert result.text == text
    by_cell = {r.location.cell: r for r in result.regions}
    assert set(by_cell) == {"A1", "A2", "B2", "C2", "A3", "B3", "C3", "A4", "C4"}
    assert text[by_cell["A3"].start : by_cell["A3"].end] == '"見守, 太郎"'
    assert by_cell["A3"].header == "氏名"
    assert by_cell["B3"].header == "住所"
    assert by_cell["C4"].header == "電話"
    assert by_cell["A1"].header is None  # a title line above the table has no column
    assert by_cell["B2"].header is None  # the header row is not under itself


def test_csv_field_with_a_newline_inside_quotes_is_one_cell() -> None:
    text = 'a,b\n"line1\nline2",x\n'
    regions = extract_bytes(text.encode(), "t.csv").regions
    assert [(r.location.cell, text[r.start : r.end]) for r in regions] == [
        ("A1", "a"), ("B1", "b"), ("A2", '"line1\nline2"'), ("B2", "x"),
    ]  # fmt: skip


def test_unterminated_quote_does_not_hang_or_lose_text() -> None:
    text = 'a,"unterminated\nb,c\n'
    result = extract_bytes(text.encode(), "t.csv")
    assert result.text == text
    assert result.regions


def test_tsv_cells() -> None:
    text = "氏名\t電話\n見守 太郎\t090-0123-4567\n"
    regions = extract_bytes(text.encode(), "t.tsv").regions
    assert [(r.location.cell, r.header) for r in regions] == [
        ("A1", None), ("B1", None), ("A2", "氏名"), ("B2", "電話"),
    ]  # fmt: skip


def test_region_limit_drops_regions_but_keeps_text() -> None:
    text = "a,b\n" * 100
    result = extract_bytes(text.encode(), "t.csv", limits=ExtractLimits(max_regions=10))
    assert result.status is Status.OK
    assert result.text == text
    assert result.regions == ()


def test_a_text_file_over_the_limit_is_refused_before_it_is_read(tmp_path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: large on paper, nothing on disk
        handle.truncate(3 * 1024 * 1024 * 1024)
    result = extract(path)
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("too large: 3.0 GB")


def test_text_limit_is_a_parameter(tmp_path) -> None:
    path = tmp_path / "memo.txt"
    path.write_bytes(b"x" * 1000)
    result = extract(path, limits=ExtractLimits(max_text_chars=100))
    assert result.status is Status.UNSCANNABLE
    assert "character limit" in (result.error or "")
