"""Copies of a masked value where no mask can reach: a link target, a field code, an
attribute, a comment, the document's properties, a sheet name …

The extractor reads the text a reader sees; a value masked there may also sit in places it
does not read (``<a href="mailto:…">``, ``HYPERLINK "mailto:…"``, ``docProps/core.xml``).
Those places are searched for each masked value; a value found there fails the redaction
(fail closed) rather than leave a copy that looks clean.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable
from urllib.parse import unquote

from mamori.pii._model import Finding

__all__ = ["in_hidden_text", "package_residue"]

_MIN_CHARS = 3  # shorter values (a two-kanji surname) match too much ordinary text


def in_hidden_text(findings: Iterable[Finding], hidden: str) -> list[Finding]:
    """Findings whose value occurs in ``hidden`` (decoded; case-insensitive for ASCII)."""
    decoded = unquote(html.unescape(hidden))
    folded = decoded.lower()
    out: list[Finding] = []
    for finding in findings:
        value = finding.text.strip()
        if len(value) >= _MIN_CHARS and (value in decoded or value.lower() in folded):
            out.append(finding)
    return out


def package_residue(
    data: bytes, findings: Iterable[Finding], shown: re.Pattern[str]
) -> list[Finding]:
    """Findings whose value occurs in an OOXML package outside the elements ``shown``
    matches (the text the extractor reads: ``<w:t>``, cells, shared strings)."""
    pieces: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels", ".vml")):
                text = archive.read(info).decode("utf-8", errors="replace")
                pieces.append(shown.sub("\x00", text))
    return in_hidden_text(findings, "\x00".join(pieces))
