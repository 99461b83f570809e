"""Pages: links, titles, the footer's department, legacy encodings."""

from __future__ import annotations

import pytest

from mamori.pii.sweep._html import footer_department, looks_like_html, read_page


def test_links_of_every_publishing_tag() -> None:
    info = read_page(
        b"<html><head><title> A \n B </title><link href='s.css'></head><body>"
        b"<a href='x.pdf'>x</a><img src='i.png'><iframe src='f.html'></iframe>"
        b"<object data='o.pdf'></object><a name='anchor'>no href</a>"
        b"<script>var a = '<a href=\"nope.pdf\">';</script></body></html>"
    )
    assert info.links == ("s.css", "x.pdf", "i.png", "f.html", "o.pdf")
    assert info.title == "A B"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("このページに関するお問い合わせ 税務課 電話：06-0000-0000", "税務課"),
        ("このページに関するお問い合わせ\n財政局 税務部 市民税課\n〒999-0000", "市民税課"),
        ("このページについてのお問い合わせ先：子ども未来部 保育課（保育係）", "保育係"),
        ("お問い合わせ先 市民課 住民記録係\n電話", "住民記録係"),
        ("担当課：健康推進課", "健康推進課"),
        ("このページに関するお問合せ 教育委員会 学校教育課 メール", "学校教育課"),
        # no department after the phrase: the text is not guessed at
        ("このページに関するお問い合わせは、下記フォームからどうぞ。", None),
        # a department named in running text, with no contact phrase, is not the footer's
        ("税務課が市民課と協力して実施します。", None),
    ],
)
def test_footer_department(text: str, expected: str | None) -> None:
    assert footer_department(text) == expected


def test_footer_of_a_shift_jis_page() -> None:
    html = (
        "<html><head><meta charset='Shift_JIS'><title>高齢者福祉</title></head><body>"
        "<div id='footer'>このページに関するお問い合わせ<br>高齢福祉課</div></body></html>"
    ).encode("cp932")
    info = read_page(html)
    assert info.title == "高齢者福祉"
    assert info.department == "高齢福祉課"


def test_what_counts_as_a_page() -> None:
    assert looks_like_html("/a/index.html", b"")
    assert looks_like_html("/a/index.php", b"\n<!DOCTYPE html>\n<html>")
    assert not looks_like_html("/a/list.csv", b"a,b\n")
