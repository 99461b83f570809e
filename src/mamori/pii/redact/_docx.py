"""Word documents (.docx, .docm): masks inside ``<w:t>`` text, run formatting kept.

The package is walked exactly as the extractor walks it (mamori.pii.extract._docx: the
first section's default header, the body's paragraphs and tables, the footer, then the
other headers and footers, footnotes, endnotes and comments); every ``<w:t>`` and
``<w:delText>`` is a slot. The text rebuilt from the walk must equal the extracted text
(or its beginning, when embedded files follow: a finding inside an embedded file cannot be
masked and fails the redaction). Only the XML parts that change are rewritten, through lxml
so that namespace prefixes stay; every other member of the package is copied unchanged.

A finding that spans several runs is masked in each run (■), or its tag goes into the
first run and the others lose their part of it (tag), so every run keeps its formatting.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from mamori.pii._model import Extracted, Finding
from mamori.pii.extract._common import Context, ExtractLimits
from mamori.pii.extract._docx import (
    _CHARS,
    _CONTAINERS,
    _EXTRA_KINDS,
    _NO_TEXT,
    _P,
    _SDT,
    _TBL,
    _TC,
    _TEXT,
    _TR,
    W,
    default_section_part,
)
from mamori.pii.extract._ooxml import Package
from mamori.pii.redact._errors import RedactionError
from mamori.pii.redact._mask import Redacted, Slot, plan_masks
from mamori.pii.redact._residue import package_residue

__all__ = ["redact_docx"]

# The text the extractor reads: runs' text and deleted text, whatever the prefix.
_SHOWN = re.compile(r"<(\w+:)?(t|delText)(\s[^>]*)?>.*?</\1\2>", re.DOTALL)
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


class _Walk:
    """The text as the extractor builds it, with a slot per text element."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.size = 0
        self.slots: list[Slot] = []

    def add(self, text: str) -> None:
        self.pieces.append(text)
        self.size += len(text)

    def element(self, el: Any) -> None:
        text = el.text or ""
        if text:
            self.slots.append(Slot(self.size, text, el))
            self.add(text)

    def mark(self) -> tuple[int, int, int]:
        return len(self.pieces), self.size, len(self.slots)

    def rollback(self, mark: tuple[int, int, int]) -> None:
        del self.pieces[mark[0] :]
        self.size = mark[1]
        del self.slots[mark[2] :]

    def text(self) -> str:
        return "".join(self.pieces)


def _run_text(w: _Walk, el: Any, boxes: list[Any]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):  # comments and processing instructions
            continue
        if tag in _TEXT:
            w.element(child)
        elif tag in _CHARS:
            w.add(_CHARS[tag])
        elif tag == W + "br":
            w.add("\n" if child.get(W + "type", "textWrapping") == "textWrapping" else "")
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag not in _NO_TEXT:
            _run_text(w, child, boxes)


def _inner(el: Any) -> Any:
    content = el.find(W + "sdtContent")
    return content if content is not None else el


def _blocks(container: Any) -> list[Any]:
    found: list[Any] = []
    for child in container:
        if child.tag in (_P, _TBL):
            found.append(child)
        elif child.tag == _SDT or child.tag in _CONTAINERS:
            found += _blocks(_inner(child))
    return found


def _rows(tbl: Any) -> list[Any]:
    rows: list[Any] = []
    for child in tbl:
        if child.tag == _TR:
            rows.append(child)
        elif child.tag == _SDT or child.tag in _CONTAINERS:
            rows += _rows(_inner(child))
    return rows


def _cells(tr: Any) -> list[Any]:
    cells: list[Any] = []
    for child in tr:
        if child.tag == _TC:
            cells.append(child)
        elif child.tag == _SDT or child.tag in _CONTAINERS:
            cells += _cells(_inner(child))
    return cells


def _cell_text(w: _Walk, tc: Any) -> None:
    first = True

    def line() -> None:
        nonlocal first
        if not first:
            w.add("\n")
        first = False

    for block in _blocks(tc):
        if block.tag == _P:
            line()
            boxes: list[Any] = []
            _run_text(w, block, boxes)
            for box in boxes:
                line()
                _cell_text(w, box)
        else:
            for tr in _rows(block):
                line()
                _row_text(w, tr)


def _row_text(w: _Walk, tr: Any) -> None:
    for c, tc in enumerate(_cells(tr)):
        if c:
            w.add("\t")
        _cell_text(w, tc)


def _emit(w: _Walk, container: Any, *, skip_empty: bool = False) -> None:
    for block in _blocks(container):
        if block.tag == _P:
            mark = w.mark()
            boxes: list[Any] = []
            _run_text(w, block, boxes)
            if w.size == mark[1] and skip_empty:
                w.rollback(mark)
            else:
                w.add("\n")
            for box in boxes:
                _emit(w, box, skip_empty=True)
            continue
        for tr in _rows(block):
            _row_text(w, tr)
            w.add("\n")


def _walk(archive: zipfile.ZipFile, name: str) -> tuple[_Walk, dict[str, Any]]:
    """The walk over the package and the parsed parts it read (by part name)."""
    pkg = Package(archive, Context(ExtractLimits(), name), "Word document")
    roots: dict[str, Any] = {}

    def xml(part: str) -> Any:
        if part not in roots:
            roots[part] = etree.fromstring(pkg.read(part), _PARSER)
        return roots[part]

    main = pkg.main_part("word/document.xml")
    body = xml(main).find(W + "body")
    if body is None:
        raise RedactionError("the Word document has no body; nothing was written")
    rels = pkg.rels(main)
    used: set[str] = set()

    w = _Walk()
    header = default_section_part(pkg, rels, body, "header", used)
    footer = default_section_part(pkg, rels, body, "footer", used)
    if header:
        _emit(w, xml(header))
    _emit(w, body)
    if footer:
        _emit(w, xml(footer))
    for kind in _EXTRA_KINDS:
        for part in sorted(n for k, n in rels.values() if k == kind and n not in used):
            if pkg.has(part):
                used.add(part)
                root = xml(part)
                containers = list(root) if kind in ("footnotes", "endnotes", "comments") else [root]
                for container in containers:
                    if isinstance(container.tag, str):
                        _emit(w, container, skip_empty=True)
    # Embedded Office files follow in the extracted text; they are not walked (a finding
    # there stays unmapped and fails the redaction).
    return w, roots


def _set_text(el: Any, text: str) -> None:
    el.text = text
    el.set(_XML_SPACE, "preserve")


def _sync_fallbacks(root: Any, old: dict[int, str], masked: list[Finding]) -> list[Finding]:
    """Mask the Fallback copy of a text box (``mc:AlternateContent``) like its Choice.

    The extractor reads the Choice only; older readers show the Fallback, which holds the
    same text. Its text elements take the masked texts one by one when they held the same
    texts as the Choice's; otherwise a masked value left in it fails the redaction.
    """
    unmapped: list[Finding] = []
    for alt in root.iter(_MC + "AlternateContent"):
        choice, fallback = alt.find(_MC + "Choice"), alt.find(_MC + "Fallback")
        if choice is None or fallback is None:
            continue
        shown = [e for e in choice.iter() if e.tag in _TEXT]
        if not any(id(e) in old for e in shown):
            continue
        hidden = [e for e in fallback.iter() if e.tag in _TEXT]
        before = [old.get(id(e), e.text or "") for e in shown]
        if before == [e.text or "" for e in hidden]:
            for source, copy in zip(shown, hidden, strict=True):
                if (copy.text or "") != (source.text or ""):
                    _set_text(copy, source.text or "")
        else:
            rest = "".join(e.text or "" for e in hidden)
            unmapped += [f for f in masked if f.text in rest]
    return unmapped


def redact_docx(
    data: bytes, extracted: Extracted, findings: Sequence[Finding], mask: str
) -> Redacted:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        w, roots = _walk(archive, extracted.path)
        text = w.text()
        if not extracted.text.startswith(text):
            raise RedactionError(
                "the document's text could not be matched to its XML (the extractor "
                "changed?); nothing was written"
            )
        plan = plan_masks(extracted.text, w.slots, findings, mask)
        if not plan.replacements:
            return Redacted.of(data, plan, extracted.text, w.slots)
        changed: set[str] = set()
        owners = {id(root): part for part, root in roots.items()}
        old: dict[int, str] = {}
        for index, slot in enumerate(w.slots):
            new = plan.new_text(index, slot)
            if new is None:
                continue
            el: Any = slot.handle
            old[id(el)] = slot.text
            _set_text(el, new)
            changed.add(owners[id(el.getroottree().getroot())])
        for part in sorted(changed):
            plan.unmapped += _sync_fallbacks(roots[part], old, plan.masked)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in archive.infolist():
                if info.filename in changed:
                    content = etree.tostring(
                        roots[info.filename],
                        xml_declaration=True,
                        encoding="UTF-8",
                        standalone=True,
                    )
                else:
                    content = archive.read(info)
                target.writestr(info, content)
    written = out.getvalue()
    plan.unmapped += package_residue(written, plan.masked, _SHOWN)
    return Redacted.of(written, plan, extracted.text, w.slots)
