"""HTML pages (docs/corpus.md, "HTML").

The text of <body> with character references decoded; whitespace-only text nodes dropped;
a TAB before every <td>/<th> except the first of its <tr>; LF for <br>; LF at the end of a
block element unless the text is empty or already ends with LF; <script>, <style> and
<head> left out. A page without a <body> tag is read whole (minus <head>).

One region per table cell, with the column header of its table.
"""

from __future__ import annotations

from html.parser import HTMLParser

from mamori.pii._model import Region
from mamori.pii.extract._common import Context, Part, table_regions
from mamori.pii.extract._text import decode

_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "ul", "ol",
    "header", "footer", "main", "nav", "section",
})  # fmt: skip
_SKIP = frozenset(("script", "style", "head", "title", "template"))


class _BodyText(HTMLParser):
    def __init__(self, *, whole: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.size = 0
        self.last = ""
        self.in_body = whole
        self.saw_body = False
        self.skip = 0
        self.first_cell = True
        # Tables: a stack of open tables, each a list of rows of (start, end) cells.
        self.tables: list[list[list[list[int]]]] = []
        self.done: list[list[list[list[int]]]] = []

    def _add(self, text: str) -> None:
        self.out.append(text)
        self.size += len(text)
        self.last = text[-1]

    def _close_cell(self) -> None:
        if self.tables and self.tables[-1] and self.tables[-1][-1]:
            cell = self.tables[-1][-1][-1]
            if cell[1] < 0:
                cell[1] = self.size

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = self.saw_body = True
            self.skip = 0  # an unclosed <head> must not hide the body
        elif tag in _SKIP:
            self.skip += 1
        elif not self.in_body:
            return
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.first_cell = True
            self._close_cell()
            if self.tables:
                self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._close_cell()
            if not self.first_cell:
                self._add("\t")
            self.first_cell = False
            if self.tables:
                if not self.tables[-1]:
                    self.tables[-1].append([])
                self.tables[-1][-1].append([self.size, -1])
        elif tag == "br":
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "body":
            self.in_body = False
        elif tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif not self.in_body:
            return
        if tag in ("td", "th", "tr"):
            self._close_cell()
        elif tag == "table" and self.tables:
            self._close_cell()
            self.done.append(self.tables.pop())
        if tag in _BLOCKS and self.in_body and self.size and self.last != "\n":
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if self.in_body and not self.skip and data.strip():
            self._add(data)


def _parse(text: str, *, whole: bool) -> _BodyText:
    parser = _BodyText(whole=whole)
    parser.feed(text)
    parser.close()
    return parser


def extract_html(data: bytes, ctx: Context) -> Part:
    ctx.check_text(len(data))
    source, _ = decode(data)
    parser = _parse(source, whole=False)
    if not parser.saw_body:
        parser = _parse(source, whole=True)
    text = "".join(parser.out)
    regions: list[Region] = []
    for table in (*parser.done, *parser.tables):
        rows = [
            [(s, e if e >= 0 else len(text), _cell_text(text, s, e)) for s, e in row]
            for row in table
        ]
        regions += table_regions(rows, ctx)
    regions.sort(key=lambda r: r.start)
    return Part(text, regions, "text/html")


def _cell_text(text: str, start: int, end: int) -> str:
    return text[start : end if end >= 0 else len(text)].strip()
