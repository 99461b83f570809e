"""Word documents (.docx, .docm) read from their XML (docs/corpus.md, "DOCX").

Canonical text: the first section's default header (only when defined), the body's
paragraphs and tables in document order, then the first section's default footer. A
paragraph is its text plus LF; a table row is its cells' texts joined by TAB plus LF
(a cell's paragraphs joined by LF), as python-docx reads them.

Beyond python-docx, nothing that Word would show or keep is left out: text in content
controls, tracked insertions and deletions, and text boxes (after their paragraph, one
line per paragraph); then, after the footer, every other header and footer, footnotes,
endnotes and comments (non-empty paragraphs), and embedded Office files.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from mamori.pii._model import Location, Region
from mamori.pii.extract._archive import open_zip
from mamori.pii.extract._common import Context, Part, Unscannable, shift, table_regions
from mamori.pii.extract._ooxml import MC_FALLBACK, R_ID, Package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt"
_TEXT = {W + "t", W + "delText"}
_CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}
_NO_TEXT = {W + "pPr", W + "rPr", W + "instrText", W + "delInstrText", MC_FALLBACK}
_CONTAINERS = {W + "sdtContent", W + "customXml", W + "ins", W + "del", W + "smartTag"}


class _Builder:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.pieces: list[str] = []
        self.size = 0
        self.regions: list[Region] = []

    def add(self, text: str) -> None:
        self.pieces.append(text)
        self.size += len(text)

    def text(self) -> str:
        return "".join(self.pieces)


def _run_text(el: ET.Element, out: list[str], boxes: list[ET.Element]) -> None:
    for child in el:
        tag = child.tag
        if tag in _TEXT:
            out.append(child.text or "")
        elif tag in _CHARS:
            out.append(_CHARS[tag])
        elif tag == W + "br":
            out.append("\n" if child.get(W + "type", "textWrapping") == "textWrapping" else "")
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag not in _NO_TEXT:
            _run_text(child, out, boxes)


def _paragraph(p: ET.Element) -> tuple[str, list[ET.Element]]:
    out: list[str] = []
    boxes: list[ET.Element] = []
    _run_text(p, out, boxes)
    return "".join(out), boxes


def _inner(el: ET.Element) -> ET.Element:
    """A content control's content, or the element itself for other wrappers."""
    content = el.find(W + "sdtContent")
    return content if content is not None else el


def _blocks(container: ET.Element) -> list[ET.Element]:
    """Paragraphs and tables of a container, content controls opened."""
    found: list[ET.Element] = []
    for child in container:
        if child.tag in (_P, _TBL):
            found.append(child)
        elif child.tag == _SDT or child.tag in _CONTAINERS:
            found += _blocks(_inner(child))
    return found


def _cell_text(tc: ET.Element) -> str:
    lines: list[str] = []
    for block in _blocks(tc):
        if block.tag == _P:
            text, boxes = _paragraph(block)
            lines.append(text)
            lines += [_cell_text(box) for box in boxes]
        else:
            lines += [_row_text(tr) for tr in _rows(block)]
    return "\n".join(lines)


def _rows(tbl: ET.Element) -> list[ET.Element]:
    rows: list[ET.Element] = []
    for child in tbl:
        if child.tag == _TR:
            rows.append(child)
        elif child.tag == _SDT or child.tag in _CONTAINERS:
            rows += _rows(_inner(child))
    return rows


def _cells(tr: ET.Element) -> list[tuple[ET.Element, int]]:
    """(cell, columns it spans) of a row."""
    cells: list[tuple[ET.Element, int]] = []
    for child in tr:
        if child.tag == _TC:
            span = child.find(f"{W}tcPr/{W}gridSpan")
            value = span.get(W + "val", "1") if span is not None else "1"
            cells.append((child, int(value) if value.isdigit() else 1))
        elif child.tag == _SDT or child.tag in _CONTAINERS:
            cells += _cells(_inner(child))
    return cells


def _row_text(tr: ET.Element) -> str:
    return "\t".join(_cell_text(tc) for tc, _ in _cells(tr))


def _emit(b: _Builder, container: ET.Element, *, skip_empty: bool = False) -> None:
    for block in _blocks(container):
        if block.tag == _P:
            text, boxes = _paragraph(block)
            if text or not skip_empty:
                b.add(text + "\n")
            for box in boxes:
                _emit(b, box, skip_empty=True)
            continue
        cells: list[list[tuple[int, int, str]]] = []
        for tr in _rows(block):
            row: list[tuple[int, int, str]] = []
            for c, (tc, span) in enumerate(_cells(tr)):
                if c:
                    b.add("\t")
                text = _cell_text(tc)
                row.append((b.size, b.size + len(text), text))
                row += [(b.size, b.size, "")] * (span - 1)
                b.add(text)
            b.add("\n")
            cells.append(row)
        b.regions += table_regions(cells, b.ctx)


def _section_refs(body: ET.Element) -> list[ET.Element]:
    """Section properties in document order (python-docx's `sections`)."""
    found = list(body.iterfind(f"{W}p/{W}pPr/{W}sectPr"))
    last = body.find(W + "sectPr")
    return found + ([last] if last is not None else [])


def default_section_part(
    pkg: Package, rels: dict[str, tuple[str, str]], body: ET.Element, kind: str, used: set[str]
) -> str | None:
    """The first section's default header or footer part (`kind`), recorded in `used`.

    The canonical text puts this header before the body and this footer after it; the
    redactor walks the same parts in the same order, so both call this one function.
    """
    sections = _section_refs(body)
    if not sections:
        return None
    for ref in sections[0].iterfind(f"{W}{kind}Reference"):
        if ref.get(W + "type", "default") == "default":
            target = rels.get(ref.get(R_ID, ""))
            if target and pkg.has(target[1]):
                used.add(target[1])
                return target[1]
    return None


def extract_docx(data: bytes, ctx: Context) -> Part:
    what = "Word document"
    archive = open_zip(data, ctx, what)
    with archive:
        pkg = Package(archive, ctx, what)
        main = pkg.main_part("word/document.xml")
        root = pkg.xml(main)
        body = root.find(W + "body")
        if body is None:
            raise Unscannable(f"corrupt: {what} has no body; re-save it in Word")
        rels = pkg.rels(main)
        b = _Builder(ctx)
        used: set[str] = set()

        header = default_section_part(pkg, rels, body, "header", used)
        footer = default_section_part(pkg, rels, body, "footer", used)
        if header:
            _emit(b, pkg.xml(header))
        _emit(b, body)
        if footer:
            _emit(b, pkg.xml(footer))
        _extras(b, pkg, rels, used)
        return Part(b.text(), b.regions, _MEDIA)


_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_EXTRA_KINDS = ("header", "footer", "footnotes", "endnotes", "comments")


def _extras(b: _Builder, pkg: Package, rels: dict[str, tuple[str, str]], used: set[str]) -> None:
    for kind in _EXTRA_KINDS:
        for name in sorted(n for k, n in rels.values() if k == kind and n not in used):
            if pkg.has(name):
                used.add(name)
                root = pkg.xml(name)
                containers = list(root) if kind in ("footnotes", "endnotes", "comments") else [root]
                for container in containers:
                    _emit(b, container, skip_empty=True)
    for kind, name in sorted(rels.values(), key=lambda kn: kn[1]):
        if kind not in ("package", "oleObject") or not pkg.has(name):
            continue
        inner = b.ctx.child(pkg.read(name), name.rsplit("/", 1)[-1])
        if inner.text:
            start = b.size
            b.regions += shift(inner.regions, start, name)
            b.add(inner.text if inner.text.endswith("\n") else inner.text + "\n")
            b.regions.append(Region(start, b.size, Location(part=name)))
