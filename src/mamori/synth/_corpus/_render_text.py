"""Plain-text formats: TXT, Markdown, CSV, TSV, JSON. Their canonical text is the decoded file
(byte-order mark dropped, CRLF read as LF)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from mamori.synth._corpus._doc import Cell, Doc, Para, Span, Table, TextBuilder, column_letter


@dataclass(slots=True)
class Rendered:
    """A rendered file: its bytes, canonical text, gold and trap spans."""

    data: bytes
    text: str
    gold: list[Span]
    traps: list[Span]
    encoding: str = "utf-8"
    newline: str = "\n"
    extra: dict[str, str] = field(default_factory=dict)


def encode(text: str, rng: random.Random, *, legacy: bool) -> tuple[bytes, str, str]:
    """Bytes, encoding and newline of a text file. `legacy` files (what office PCs and old
    business systems write) are CP932 or UTF-8 with BOM and CRLF, when the text allows it."""
    if legacy and rng.random() < 0.6:
        crlf = text.replace("\n", "\r\n")
        try:
            data = crlf.encode("cp932")
        except UnicodeEncodeError:
            data = b""
        if data and data.decode("cp932") == crlf:
            return data, "cp932", "\r\n"
    if legacy and rng.random() < 0.5:
        return ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"), "utf-8-sig", "\r\n"
    return text.encode("utf-8"), "utf-8", "\n"


def _finish(b: TextBuilder, rng: random.Random, *, legacy: bool) -> Rendered:
    text = b.text
    data, encoding, newline = encode(text, rng, legacy=legacy)
    return Rendered(data, text, b.gold, b.traps, encoding, newline)


def _rows(doc: Doc) -> list[tuple[Cell, ...]]:
    """Every block as table rows: a paragraph is a one-cell row."""
    rows: list[tuple[Cell, ...]] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            if block.segs:
                rows.append((block.segs,))
        else:
            rows.extend(block.rows)
    return rows


def render_txt(doc: Doc, rng: random.Random) -> Rendered:
    b = TextBuilder()
    for block in [*doc.header, *doc.blocks, *doc.footer]:
        if isinstance(block, Para):
            if block.style == "heading":
                b.add("■")
            b.segs(block.segs)
            b.add("\n")
            if block.style == "title":
                b.add("=" * 20 + "\n")
        else:
            for row in block.rows:
                for i, c in enumerate(row):
                    b.add("\t" if i else "")
                    b.segs(c)
                b.add("\n")
    return _finish(b, rng, legacy=True)


def render_md(doc: Doc, rng: random.Random) -> Rendered:
    b = TextBuilder()
    for block in [*doc.header, *doc.blocks, *doc.footer]:
        if isinstance(block, Para):
            b.add({"title": "# ", "heading": "## "}.get(block.style, ""))
            b.segs(block.segs)
            b.add("\n\n" if block.style != "body" else "\n")
        else:
            b.add("\n")
            for n, row in enumerate(block.rows):
                b.add("|")
                for c in row:
                    b.add(" ")
                    b.segs(c)
                    b.add(" |")
                b.add("\n")
                if n == 0:
                    b.add("|" + "---|" * len(row) + "\n")
            b.add("\n")
    return _finish(b, rng, legacy=False)


def _delimited(doc: Doc, rng: random.Random, sep: str) -> Rendered:
    b = TextBuilder()
    for r, row in enumerate(_rows(doc), start=1):
        for c, value in enumerate(row):
            b.add(sep if c else "")
            b.cell = f"{column_letter(c)}{r}"
            shown = "".join(s.text for s in value)
            quote = sep == "," and any(ch in shown for ch in ',"\n')
            b.add('"' if quote else "")
            for s in value:
                b.seg(s, s.text.replace('"', '""') if quote else None)
            b.add('"' if quote else "")
        b.cell = None
        b.add("\n")
    return _finish(b, rng, legacy=True)


def render_csv(doc: Doc, rng: random.Random) -> Rendered:
    return _delimited(doc, rng, ",")


def render_tsv(doc: Doc, rng: random.Random) -> Rendered:
    return _delimited(doc, rng, "\t")


def render_json(doc: Doc, rng: random.Random) -> Rendered:
    """{"title": …, "records": [{header: value, …}, …]} with two-space indentation."""
    b = TextBuilder()
    table = next(block for block in doc.blocks if isinstance(block, Table))
    keys = ["".join(s.text for s in c) for c in table.rows[0]]

    def string(value: Cell) -> None:
        b.add('"')
        for s in value:
            b.seg(s, json.dumps(s.text, ensure_ascii=False)[1:-1])
        b.add('"')

    b.add('{\n  "title": ')
    b.add(json.dumps(doc.title, ensure_ascii=False))
    b.add(',\n  "records": [')
    for n, row in enumerate(table.rows[1:]):
        b.add(",\n    {" if n else "\n    {")
        for i, (key, value) in enumerate(zip(keys, row, strict=True)):
            b.add(", " if i else "")
            b.add(json.dumps(key, ensure_ascii=False) + ": ")
            string(value)
        b.add("}")
    b.add("\n  ]\n}\n")
    return _finish(b, rng, legacy=False)
