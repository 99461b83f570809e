"""HTML: masks in text nodes only; tags, attributes, comments, scripts and every other byte
stay as they were.

The page is parsed by the extractor's own body walker (so the text and its offsets are the
extractor's); each text node it keeps is a slot, located in the source by the parser's
position. A character reference (``&amp;``, ``&#x5c71;``) is one unit: a masked one is
replaced as a whole, an unmasked one in a changed node is kept as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from mamori.pii._model import Extracted, Finding
from mamori.pii.extract._text import decode
from mamori.pii.extract._web import _BodyText
from mamori.pii.redact._errors import RedactionError
from mamori.pii.redact._mask import Redacted, Slot, plan_masks
from mamori.pii.redact._residue import in_hidden_text
from mamori.pii.redact._text import encode_like

__all__ = ["redact_html"]

# html.unescape's own pattern: a reference is replaced match by match.
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")

Token = tuple[int, int, str]  # (source start, source end, decoded text)


class _Walker(_BodyText):
    """The extractor's walker, also noting where in the source each kept text node is."""

    def __init__(self, *, whole: bool, line_starts: list[int]) -> None:
        super().__init__(whole=whole)
        self.line_starts = line_starts
        self.nodes: list[tuple[int, str, int]] = []  # (text offset, data, source offset)

    def handle_data(self, data: str) -> None:
        before = self.size
        super().handle_data(data)
        if self.size != before:
            line, column = self.getpos()
            self.nodes.append((before, data, self.line_starts[line - 1] + column))


def _walk(source: str, *, whole: bool) -> _Walker:
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    walker = _Walker(whole=whole, line_starts=starts)
    walker.feed(source)
    walker.close()
    return walker


def _tokens(source: str, at: int, data: str) -> list[Token] | None:
    """The source of a text node as units that decode to ``data``; None if they do not."""
    tokens: list[Token] = []
    decoded = 0
    pos = at
    while decoded < len(data) and pos < len(source):
        match = _CHARREF.match(source, pos) if source[pos] == "&" else None
        if match is not None:
            piece = html.unescape(match.group())
            tokens.append((pos, match.end(), piece))
            pos = match.end()
        else:
            piece = source[pos]
            tokens.append((pos, pos + 1, piece))
            pos += 1
        decoded += len(piece)
    if "".join(t[2] for t in tokens) != data:
        return None
    return tokens


def _markup(source: str, slots: Sequence[Slot]) -> str:
    """The source without the text nodes the extractor reads: tags, attributes, comments,
    <head>, scripts (each node replaced by NUL so that no value spans two pieces)."""
    pieces: list[str] = []
    pos = 0
    for slot in sorted(slots, key=lambda s: s.start):
        units: list[Token] = slot.handle  # type: ignore[assignment]
        pieces += [source[pos : units[0][0]], "\x00"]
        pos = units[-1][1]
    pieces.append(source[pos:])
    return "".join(pieces)


def redact_html(
    data: bytes, extracted: Extracted, findings: Sequence[Finding], mask: str
) -> Redacted:
    source, codec = decode(data)
    walker = _walk(source, whole=False)
    if not walker.saw_body:
        walker = _walk(source, whole=True)
    text = "".join(walker.out)
    if text != extracted.text:
        raise RedactionError(
            "the page's text could not be matched to its source (the extractor changed?); "
            "nothing was written"
        )
    slots: list[Slot] = []
    for offset, node, at in walker.nodes:
        tokens = _tokens(source, at, node)
        if tokens is not None:  # a node that cannot be located stays unmapped: fail closed
            slots.append(Slot(offset, node, tokens))
    plan = plan_masks(text, slots, findings, mask)
    plan.unmapped += in_hidden_text(plan.masked, _markup(source, slots))
    edits: list[tuple[int, int, str]] = []
    for index, slot in enumerate(slots):
        reps = plan.replacements.get(index)
        if reps is None:
            continue
        units: list[Token] = slot.handle  # type: ignore[assignment]
        char = 0
        for start, end, piece in units:
            mine = reps[char : char + len(piece)]
            char += len(piece)
            if all(rep is None for rep in mine):
                continue
            new = "".join(
                html.escape(ch, quote=False) if rep is None else rep
                for ch, rep in zip(piece, mine, strict=True)
            )
            edits.append((start, end, new))
    if not edits:
        return Redacted.of(data, plan, text, slots)
    pieces: list[str] = []
    pos = 0
    for start, end, new in sorted(edits):
        pieces += [source[pos:start], new]
        pos = end
    pieces.append(source[pos:])
    written = encode_like(data, codec, source, "".join(pieces))
    return Redacted.of(written, plan, text, slots)
