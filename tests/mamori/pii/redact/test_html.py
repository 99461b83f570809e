"""HTML: only text nodes change; tags, attributes, comments, scripts and character
references outside the masks stay byte-identical."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from mamori.pii import Scanner
from mamori.pii.extract import extract
from mamori.pii.redact import redact_file
from mamori.synth import Person

from .conftest import OFFICE_PHONE, secrets_of

_TAG = re.compile(r"<[^>]*>")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _page(p: Person, q: Person) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><title>表彰</title>'
        "<style>td { color: #333 }</style></head>\n<body>\n"
        '<h1 class="title">市民表彰 &amp; 感謝状</h1>\n'
        f"<p>受賞者：<b>{p.name}</b>さん（{p.address.full()}）</p>\n"
        "<!-- 担当メモ -->\n"
        '<table class="list"><tr><th>氏名</th><th>電話番号</th></tr>\n'
        f'<tr><td data-id="r1">{q.name}</td><td>{q.phone}</td></tr></table>\n'
        f"<p>お問い合わせ：代表&nbsp;{OFFICE_PHONE}<br>メール：{p.email}</p>\n"
        "<script>var x = 1;</script>\n</body></html>\n"
    )


def test_only_text_nodes_change(persons: list[Person], scanner: Scanner, tmp_path: Path) -> None:
    p, q = persons[0], persons[1]
    source = tmp_path / "page.html"
    source.write_text(_page(p, q), encoding="utf-8")
    for mask in ("■", "tag"):
        out = tmp_path / f"out-{mask}.html"
        redact_file(source, out, scanner=scanner, mask=mask)
        before, after = source.read_text("utf-8"), out.read_text("utf-8")
        assert _TAG.findall(after) == _TAG.findall(before)  # every tag, byte for byte
        parsed = _Tags()
        parsed.feed(after)
        assert ("td", [("data-id", "r1")]) in parsed.tags
        assert "&amp;" in after
        assert "&nbsp;" in after
        assert "<!-- 担当メモ -->" in after
        text = extract(out).text
        for value in [*secrets_of(p)[1:3], q.name, q.phone, p.email]:
            assert value not in text
        assert OFFICE_PHONE in text
        if mask == "tag":
            assert "<b>[氏名]</b>" in after
        else:
            assert f"<b>{'■' * len(p.name)}</b>" in after


def test_character_references_in_a_value_are_masked_whole(
    persons: list[Person], scanner: Scanner, tmp_path: Path
) -> None:
    p = persons[0]
    phone = p.phone.replace("-", "&#x2D;")  # 090&#x2D;0573&#x2D;9909
    source = tmp_path / "page.html"
    source.write_text(f"<html><body><p>携帯電話：{phone}</p></body></html>", encoding="utf-8")
    out = tmp_path / "out.html"
    redact_file(source, out, scanner=scanner)
    assert out.read_text("utf-8") == (
        f"<html><body><p>携帯電話：{'■' * len(p.phone)}</p></body></html>"
    )
