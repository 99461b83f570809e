"""PDF with a text layer (reportlab, Japanese CID fonts, reproducible with `invariant=1`).

Every line is one `drawString`; pypdf's `extract_text()` returns a page as its lines, each
followed by LF, in drawing order. The canonical text is the pages' texts joined by LF.
Lines are wrapped between segments (a labelled segment is never split across lines); empty
lines are not drawn.
"""

from __future__ import annotations

import io
import random

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from mamori.synth._corpus._doc import Doc, Line, Para, Seg, TextBuilder, line
from mamori.synth._corpus._render_text import Rendered

FONTS = ("HeiseiKakuGo-W5", "HeiseiMin-W3")
_MARGIN = 50.0
_SIZES = {"title": 14.0, "heading": 11.0, "body": 9.5}


def _register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name in FONTS:
        if name not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont(name))


def _wrap(segs: Line, font: str, size: float, width: float) -> list[Line]:
    """Split a line between segments (plain segments also inside) to fit `width`."""
    lines: list[list[Seg]] = [[]]
    used = 0.0
    for seg in segs:
        pieces = [seg]
        if seg.label is None and seg.trap is None:
            pieces = [Seg(ch) for ch in seg.text]  # plain text may break anywhere
        for piece in pieces:
            w = pdfmetrics.stringWidth(piece.text, font, size)
            if used + w > width and lines[-1]:
                lines.append([])
                used = 0.0
            lines[-1].append(piece)
            used += w
    merged: list[Line] = []
    for parts in lines:
        out: list[Seg] = []
        for piece in parts:
            plain = piece.label is None and piece.trap is None
            if plain and out and out[-1].label is None and out[-1].trap is None:
                out[-1] = Seg(out[-1].text + piece.text)
            else:
                out.append(piece)
        merged.append(tuple(out))
    return merged


def render_pdf(doc: Doc, rng: random.Random) -> Rendered:
    _register_fonts()
    font = rng.choice(FONTS)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    pdf.setTitle(doc.title)
    pdf.setAuthor("mamori synth corpus")
    _width, page_height = A4
    b = TextBuilder()
    page = 1
    y = page_height - _MARGIN

    def draw(segs: Line, size: float) -> None:
        nonlocal y
        text = "".join(s.text for s in segs)
        if not text.strip():
            return
        pdf.setFont(font, size)
        pdf.drawString(_MARGIN, y, text)
        b.page = page
        b.segs(segs)
        b.add("\n")
        y -= size * 1.6

    def header() -> None:
        for para in doc.header:
            draw(para.segs, 8.0)

    def new_page() -> None:
        nonlocal page, y
        pdf.showPage()
        page += 1
        y = page_height - _MARGIN
        b.page = None
        b.add("\n")  # pages are joined by LF
        header()

    header()
    lines: list[tuple[Line, float]] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            size = _SIZES.get(block.style, 9.5)
            lines.extend((wrapped, size) for wrapped in _wrap(block.segs, font, size, 495))
        else:
            for row in block.rows:
                cells: list[Seg | str] = []
                for c, value in enumerate(row):
                    cells += ["  " if c else "", *value]
                for wrapped in _wrap(line(*cells), font, 8.5, 495):
                    lines.append((wrapped, 8.5))
    footer = [(para.segs, 8.0) for para in doc.footer]
    for segs, size in lines:
        if y < _MARGIN + 30 and "".join(s.text for s in segs).strip():
            new_page()
        draw(segs, size)
    for segs, size in footer:
        draw(segs, size)
    pdf.showPage()
    pdf.save()
    return Rendered(out.getvalue(), b.text, b.gold, b.traps)
