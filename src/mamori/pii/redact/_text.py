"""TXT, Markdown, CSV, TSV and JSON: masks in the decoded text (docs/corpus.md).

The text is decoded as the extractor decodes it; the masked text is written back in the
file's own encoding (CP932 stays CP932, a byte-order mark stays) and with its own line
ends (CRLF stays CRLF, lone LF stays LF). Lines without a mask are copied byte for byte.
Line ends, and a table's separators and quotes, are never masked, so rows and columns stay
where they were; a JSON file that parsed before must parse after.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from mamori.pii._model import Extracted, Finding
from mamori.pii.extract._text import decode
from mamori.pii.redact._errors import RedactionError
from mamori.pii.redact._mask import Redacted, Slot, plan_masks

__all__ = ["encode_like", "redact_text"]

_PROTECT = {
    "text/csv": '\n\r,"',
    "text/tab-separated-values": '\n\r\t"',
    "application/json": '\n\r"\\',
    "text/markdown": "\n\r|",
}


def redact_text(
    data: bytes, extracted: Extracted, findings: Sequence[Finding], mask: str
) -> Redacted:
    text, codec = decode(data)
    if text != extracted.text:
        raise RedactionError("the file changed while it was being redacted; run again")
    media = extracted.media_type or "text/plain"
    slot = Slot(0, text)
    plan = plan_masks(text, [slot], findings, mask, protect=_PROTECT.get(media, "\n\r"))
    new = plan.new_text(0, slot)
    if new is None:
        return Redacted.of(data, plan, text, [slot])
    if media == "application/json" and _parses(text) and not _parses(new):
        raise RedactionError(
            "masking would break the JSON syntax (a finding inside an escape sequence); "
            "redact the source data and export it again"
        )
    return Redacted.of(encode_like(data, codec, text, new), plan, text, [slot])


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def encode_like(data: bytes, codec: str, old: str, new: str) -> bytes:
    """``new`` (a changed copy of ``old``, the LF-normalised decoding of ``data`` with the
    same number of lines) encoded as ``data`` was: same codec, BOM and line ends; unchanged
    lines are copied from ``data`` byte for byte."""
    bom, enc = b"", codec
    if codec == "utf-8-sig":
        bom, enc = data[:3], "utf-8"
    elif codec == "utf-16":
        bom = data[:2]
        enc = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
    body = data[len(bom) :]
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) != len(new_lines):  # pragma: no cover - line ends are never masked
        raise RedactionError("internal error: masking changed the number of lines")
    try:
        if enc.startswith("utf-16"):
            raw_lines = body.decode(enc).split("\n")
            last = len(raw_lines) - 1
            out = [
                n + ("\r" if i < last and r.endswith("\r") else "")
                for i, (r, n) in enumerate(zip(raw_lines, new_lines, strict=True))
            ]
            return bom + "\n".join(out).encode(enc)
        byte_lines = body.split(b"\n")
        last = len(byte_lines) - 1
        pieces: list[bytes] = []
        for i, (raw, o, n) in enumerate(zip(byte_lines, old_lines, new_lines, strict=True)):
            if o == n:
                pieces.append(raw)
            else:
                cr = b"\r" if i < last and raw.endswith(b"\r") else b""
                pieces.append(n.encode(enc) + cr)
        return bom + b"\n".join(pieces)
    except UnicodeEncodeError as err:
        raise RedactionError(
            f"the mask cannot be written in the file's encoding ({codec}); use --mask ■"
        ) from err
