"""HTML pages: the rules of docs/corpus.md and table-cell regions."""

from __future__ import annotations

from mamori.pii._model import Status
from mamori.pii.extract import extract_bytes

PAGE = """<!DOCTYPE html><html><head><title>見守 太郎</title>
<style>p { color: red }</style></head>
<body><nav><ul><li>ホーム</li></ul></nav>
<h1>表彰</h1>
<p>受賞者 見守&nbsp;太郎 さん &amp; 家族<br>以上</p>
<script>var x = "見守";</script>
<table><tr><th>氏名</th><th>電話</th></tr>
<tr><td>見守 花子</td><td>090-0123-4567</td></tr></table>
</body></html>"""


def test_html_text_follows_the_rules() -> None:
    result = extract_bytes(PAGE.encode(), "page.html")
    assert result.status is Status.OK
    assert result.text == (
        "ホーム\n表彰\n受賞者 見守\xa0太郎 さん & 家族\n以上\n"
        "氏名\t電話\n見守 花子\t090-0123-4567\n"
    )


def test_html_table_cells_are_regions_with_headers() -> None:
    result = extract_bytes(PAGE.encode(), "page.html")
    cells = {r.location.cell: (result.text[r.start : r.end], r.header) for r in result.regions}
    assert cells["A2"] == ("見守 花子", "氏名")
    assert cells["B2"] == ("090-0123-4567", "電話")


def test_a_fragment_without_body_is_read_whole() -> None:
    result = extract_bytes("<p>見守 太郎</p><p>090-0123-4567</p>".encode(), "frag.html")
    assert result.text == "見守 太郎\n090-0123-4567\n"


def test_unclosed_head_does_not_hide_the_body() -> None:
    result = extract_bytes(b"<html><head><title>t</title><body><p>abc</p></body>", "a.htm")
    assert result.text == "abc\n"


def test_shift_jis_page_is_decoded() -> None:
    page = "<html><body><p>見守 太郎 様</p></body></html>"
    assert extract_bytes(page.encode("cp932"), "sjis.html").text == "見守 太郎 様\n"


def test_html_is_sniffed_without_a_suffix() -> None:
    result = extract_bytes(b"<!doctype html><html><body><p>x</p></body></html>", "noext")
    assert result.media_type == "text/html"
