"""Plain text: TXT, Markdown, JSON, CSV, TSV (docs/corpus.md, "Canonical extracted text").

The text is the file decoded: a UTF-8 byte-order mark → UTF-8 without the BOM; otherwise
UTF-8 if the bytes are valid UTF-8, else CP932 (Shift_JIS as Windows writes it) or EUC-JP,
whichever reads as Japanese; then every CRLF becomes LF. Nothing else changes: CSV quotes,
Markdown marks and JSON escapes stay as written, so offsets point into what the user sees.
"""

from __future__ import annotations

import re

from mamori.pii._model import Region
from mamori.pii.extract._common import Context, Part, Unscannable, table_regions

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Kana (hiragana, full-width katakana) are what Japanese prose is made of; text decoded
# with the wrong legacy codec turns into half-width katakana and rare kanji instead.
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
_BINARY = re.compile(rb"\x00")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) with CRLF read as LF; raises Unscannable if no codec fits."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise Unscannable(
                    f"corrupt: invalid {codec} text after its byte-order mark at byte "
                    f"{err.start}; re-save the file as UTF-8"
                ) from err
            return _lf(text), codec
    if _BINARY.search(data):
        raise Unscannable(
            "unsupported type: binary data (NUL bytes), not text; open it in the program "
            "that made it and save it in a supported format"
        )
    try:
        return _lf(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[str, str]] = []
    for codec in ("cp932", "euc_jp"):
        try:
            candidates.append((data.decode(codec), codec))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise Unscannable(
            "unsupported encoding: the text is not UTF-8, Shift_JIS (CP932) or EUC-JP; "
            "convert it to UTF-8 and scan it again"
        )
    if len(candidates) > 1:
        # Both legacy codecs accept the bytes: take the reading with more kana (ties: CP932,
        # the far more common one on office PCs).
        cp932, euc = candidates
        if len(_KANA.findall(euc[0])) > len(_KANA.findall(cp932[0])):
            candidates = [euc]
    text, codec = candidates[0]
    return _lf(text), codec


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n") if "\r\n" in text else text


def extract_plain(data: bytes, ctx: Context, media_type: str) -> Part:
    ctx.check_text(len(data))  # decoded characters never outnumber the bytes
    text, _ = decode(data)
    return Part(text, [], media_type)


def extract_delimited(data: bytes, ctx: Context, sep: str) -> Part:
    ctx.check_text(len(data))
    text, _ = decode(data)
    media_type = "text/csv" if sep == "," else "text/tab-separated-values"
    return Part(text, delimited_regions(text, sep, ctx), media_type)


def _field_pattern(sep: str) -> re.Pattern[str]:
    s = re.escape(sep)
    # A quoted field ("" inside is a quote; anything up to the next separator after the
    # closing quote belongs to it), or an unquoted field up to the separator or line end.
    return re.compile(rf'"(?:[^"]|"")*"[^{s}\n]*|[^{s}\n]*')


_PATTERNS = {",": _field_pattern(","), "\t": _field_pattern("\t")}


def _unquote(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == '"':
        end = raw.rfind('"')
        if end > 0:
            return raw[1:end].replace('""', '"')
    return raw


def delimited_regions(
    text: str, sep: str, ctx: Context, *, part: str | None = None
) -> list[Region]:
    """One region per non-empty field, with the column header, as rows × columns."""
    pattern = _PATTERNS.get(sep) or _field_pattern(sep)
    rows: list[list[tuple[int, int, str]]] = []
    row: list[tuple[int, int, str]] = []
    limit = ctx.limits.max_regions - ctx.budget.regions
    fields = 0
    pos, n = 0, len(text)
    while pos < n:
        match = pattern.match(text, pos)
        end = match.end() if match else pos
        if match is None or (end < n and text[end] not in (sep, "\n")):
            # An unterminated quote: the rest of the line is one field.
            newline = text.find("\n", pos)
            end = n if newline < 0 else newline
        raw = text[pos:end]
        row.append((pos, end, _unquote(raw)))
        fields += 1
        if end >= n:
            break
        if text[end] == "\n":
            rows.append(row)
            row = []
        pos = end + 1
        if fields > limit:
            break
    if row:
        rows.append(row)
    if fields > limit:
        return []
    return table_regions(rows, ctx, part=part)
