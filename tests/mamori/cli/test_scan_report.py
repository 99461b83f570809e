"""The streamed reports write exactly what the whole document, dumped at once, would be."""

from __future__ import annotations

import io
import json

import pytest

from mamori.cli._scan_report import JsonReport, TextReport, make_report
from mamori.pii import Extracted, FileResult, Location, Region, Status, to_sarif
from mamori.pii._sarif import SarifWriter
from tests.mamori.pii._structured import structured_scanner

_TEXT = "連絡先：090-0123-4567\n法人番号 7969864922506\n個人番号 1234 5678 9018\n"


@pytest.fixture(scope="module")
def results() -> list[FileResult]:
    scanner = structured_scanner()
    cell = Region(0, 18, Location(sheet="名簿", cell="B2", part="a.zip/名簿.xlsx"), "電話")
    return [
        scanner.scan(Extracted(path="docs/manual.txt", text=_TEXT)),
        scanner.scan(Extracted(path="docs/名簿.xlsx", text=_TEXT, regions=(cell,))),
        scanner.scan(Extracted(path="docs/clean.txt", text="本日は晴天なり。\n")),
        FileResult(path="secret.zip", status=Status.UNSCANNABLE, error="encrypted: 暗号化"),
        scanner.scan(Extracted(path='odd "name"\n.txt', text="電話 03-1234-5678\n")),
    ]


def _streamed(report_type: type, results: list[FileResult], **kwargs: object) -> str:
    out = io.StringIO()
    report = report_type(out.write, **kwargs)
    for result in results:
        report.add(result)
    report.close()
    return out.getvalue()


@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("count", [0, 1, 5])
def test_json_is_byte_for_byte_the_whole_document(
    results: list[FileResult], explain: bool, count: int
) -> None:
    chosen = results[:count]
    whole = {"files": [r.to_json(explain=explain) for r in chosen]}
    expected = json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    assert _streamed(JsonReport, chosen, explain=explain) == expected


@pytest.mark.parametrize(
    "chosen", [[], [3], [2], [0, 1, 2, 3, 4], [4, 3, 1]], ids=["none", "bad", "clean", "all", "mix"]
)
def test_sarif_is_byte_for_byte_to_sarif(results: list[FileResult], chosen: list[int]) -> None:
    files = [results[i] for i in chosen]
    expected = json.dumps(to_sarif(files), ensure_ascii=False, indent=2) + "\n"
    assert _streamed(SarifWriter, files) == expected
    rules = {"jp.email": "EMAIL"}
    expected = json.dumps(to_sarif(files, rules=rules), ensure_ascii=False, indent=2) + "\n"
    assert _streamed(SarifWriter, files, rules=rules) == expected


def test_text_report_counts_and_masks(results: list[FileResult]) -> None:
    out = _streamed(TextReport, results, explain=True)
    lines = out.splitlines()
    assert lines[0] == "ファイル\t状態\t件数\t人数\t世帯\t種類"
    assert lines[-1] == "5 ファイル: 検出あり 3, 読めない 1"
    assert "secret.zip\t読めません (encrypted: 暗号化)" in out
    assert "090-0123-4567" not in out  # masked


def test_nothing_is_written_before_the_first_result() -> None:
    for fmt in ("text", "json", "sarif"):
        out = io.StringIO()
        make_report(fmt, out.write, explain=False)
        assert out.getvalue() == ""
