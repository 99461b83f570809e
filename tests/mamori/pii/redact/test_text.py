"""TXT, MD, CSV, TSV, JSON: the encoding, BOM and line ends stay; lines without a finding
are byte-identical; separators, quotes and JSON syntax are never masked."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from mamori.pii import Scanner
from mamori.pii.redact import redact_file
from mamori.synth import Person

from .conftest import CORPORATE, OFFICE_PHONE, letter_lines, secrets_of


@pytest.mark.parametrize(
    ("encoding", "newline", "suffix"),
    [
        ("cp932", "\r\n", ".txt"),
        ("utf-8-sig", "\r\n", ".txt"),
        ("utf-8", "\n", ".md"),
        ("utf-16", "\n", ".txt"),
    ],
)
def test_encoding_and_line_ends_stay(
    encoding: str,
    newline: str,
    suffix: str,
    persons: list[Person],
    scanner: Scanner,
    tmp_path: Path,
) -> None:
    p = persons[0]
    lines = ["# 窓口対応記録", "", *letter_lines(p), "以上"]
    source = tmp_path / f"memo{suffix}"
    original = newline.join(lines).encode(encoding) + newline.encode(encoding)
    source.write_bytes(original)
    out = tmp_path / f"out{suffix}"
    report = redact_file(source, out, scanner=scanner)
    data = out.read_bytes()
    text = data.decode(encoding)  # raises if the encoding changed
    assert data[:3] == original[:3]  # the BOM, if any, stays
    assert text.count("\r\n") == original.decode(encoding).count("\r\n")
    for value in secrets_of(p):
        assert value not in text
    assert OFFICE_PHONE in text
    assert CORPORATE in text
    assert report.counts["MY_NUMBER"] == 1
    # Lines without a finding are the same bytes; the others keep their length in ■.
    before = original.decode(encoding).split(newline)
    after = text.split(newline)
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        assert len(old) == len(new)
        if "■" not in new:
            assert old == new
    if encoding == "cp932":
        unchanged = original.split(b"\r\n")[0]
        assert data.split(b"\r\n")[0] == unchanged


def test_csv_keeps_rows_columns_and_quotes(
    persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    rows = [["No", "氏名", "住所", "電話番号", "備考"]]
    for i, p in enumerate(persons, start=1):
        rows.append([str(i), p.name, p.address.full(), p.phone, f"代表 {OFFICE_PHONE}, 内線"])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)
    source = tmp_path / "list.csv"
    source.write_bytes(buffer.getvalue().encode("cp932"))
    for mask in ("■", "tag"):
        out = tmp_path / f"out-{mask}.csv"
        redact_file(source, out, scanner=scanner, mask=mask)
        got = list(csv.reader(io.StringIO(out.read_bytes().decode("cp932"), newline="")))
        assert [len(r) for r in got] == [len(r) for r in rows]
        assert got[0] == rows[0]
        for row, old in zip(got[1:], rows[1:], strict=True):
            assert row[0] == old[0]
            assert row[4] == old[4]  # the office number stays
            if mask == "■":
                assert row[1] == "■" * len(old[1])
            else:
                assert row[1:4] == ["[氏名]", "[住所]", "[電話番号]"]


def test_json_stays_json(persons: list[Person], scanner: Scanner, tmp_path: Path) -> None:
    records = [
        {"id": i, "name": p.name, "phone": p.phone, "my_number": p.my_number}
        for i, p in enumerate(persons)
    ]
    source = tmp_path / "export.json"
    source.write_text(json.dumps({"records": records}, ensure_ascii=False, indent=2), "utf-8")
    for mask in ("■", "tag"):
        out = tmp_path / f"out-{mask}.json"
        redact_file(source, out, scanner=scanner, mask=mask)
        data = json.loads(out.read_text("utf-8"))
        assert [r["id"] for r in data["records"]] == list(range(len(persons)))
        for got, p in zip(data["records"], persons, strict=True):
            assert p.name not in got["name"]
            assert got["my_number"] == ("■" * 12 if mask == "■" else "[個人番号]")


def test_nothing_to_mask_is_a_byte_identical_copy(scanner: Scanner, tmp_path: Path) -> None:
    source = tmp_path / "clean.txt"
    source.write_bytes("本日は晴天なり。\r\n代表 03-0123-4567\r\n".encode("cp932"))
    out = tmp_path / "out.txt"
    report = redact_file(source, out, scanner=scanner)
    assert report.masked == ()
    assert out.read_bytes() == source.read_bytes()
