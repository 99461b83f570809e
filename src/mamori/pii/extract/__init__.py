"""Text extraction for the personal-data scanner: one file in, one `Extracted` out.

`extract(path)` and `extract_bytes(data, name)` never raise for bad input: a file that
cannot be read completely (encrypted, corrupt, truncated, unsupported, too large, a ZIP
bomb) comes back with `Status.UNSCANNABLE` and an `error` that says why and what to do
(DESIGN.md §4, fail closed). The type is sniffed from the content first (magic bytes) and
from the suffix second. The text of each format is the canonical text of docs/corpus.md.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from mamori.pii._model import Extracted, Status
from mamori.pii.extract._common import (
    Budget,
    Context,
    ExtractLimits,
    Part,
    Unscannable,
    human_size,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ExtractLimits",
    "extract",
    "extract_bytes",
    "extract_many",
    "unsupported_reason",
]

logger = logging.getLogger(__name__)

_TEXT_SUFFIXES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".json": "application/json",
    ".log": "text/plain",
    ".xml": "application/xml",
    ".yaml": "text/plain",
    ".yml": "text/plain",
    ".ini": "text/plain",
}
_BINARY_SUFFIXES = frozenset({
    ".pdf", ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".zip",
    ".doc", ".xls", ".ppt", ".msg",
})  # fmt: skip
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"BM", "image/bmp"),
)
_OTHER = (
    (b"\x1f\x8b", "gzip archive (.gz)"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"{\\rtf", "RTF document"),
    (b"PK\x07\x08", "split ZIP archive"),
)


_LEGACY_OLE = frozenset({".doc", ".ppt", ".msg"})  # _office.refuse_ole says why

# The file names extraction reads (a file is also recognised by its content, but a caller
# that accepts files from others, such as the CMS API, asks for one of these names).
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {*_TEXT_SUFFIXES, *(_BINARY_SUFFIXES - _LEGACY_OLE)}
        | {".csv", ".tsv", ".html", ".htm", ".xhtml", ".eml"}
    )
)


def unsupported_reason(head: bytes, name: str) -> str | None:
    """Why a file of this name starting with `head` is of a type extraction does not read
    (an image, another archive format, legacy Office, an unknown suffix), or None.

    A None does not promise a clean read: a damaged or encrypted file of a supported type
    is still reported unscannable by `extract`. This only answers "is this a type we read".
    """
    suffix = Path(name).suffix.lower()
    kind = sniff(head, name)
    if kind.startswith("refuse:unsupported"):
        return kind.removeprefix("refuse:")
    if suffix in _LEGACY_OLE:
        from mamori.pii.extract._office import _LEGACY

        return f"unsupported: {_LEGACY[suffix]}"
    if suffix not in SUPPORTED_SUFFIXES:
        return f"unsupported type: {suffix or 'a file without a suffix'}"
    return None


def sniff(head: bytes, name: str) -> str:
    """The format: pdf, docx, xlsx, pptx, zip, ole, html, eml, csv, tsv, text, or
    'refuse:<reason>' for a type without text."""
    suffix = Path(name).suffix.lower()
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    for magic, media in _IMAGES:
        if head.startswith(magic):
            return f"refuse:unsupported type: {media} has no text; OCR is not supported"
    if head[:12].startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "refuse:unsupported type: image/webp has no text; OCR is not supported"
    for magic, what in _OTHER:
        if head.startswith(magic):
            return f"refuse:unsupported type: {what}; convert or unpack it and scan the result"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix == ".eml":
        return "eml"
    if suffix == ".csv":
        return "csv"
    if suffix == ".tsv":
        return "tsv"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    if suffix in _BINARY_SUFFIXES:
        return (
            f"refuse:corrupt: the content is not what a {suffix} file holds (its signature is "
            "missing; empty or truncated?); copy it again from the original"
        )
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


_PACKAGES = {".docx": "docx", ".docm": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx"}
_PACKAGES.update({".pptx": "pptx", ".pptm": "pptx"})


def _zip_kind(data: bytes, name: str) -> str:
    """A ZIP's real kind from its member names (an Office package or a plain archive)."""
    import io
    import zipfile

    by_suffix = _PACKAGES.get(Path(name).suffix.lower(), "zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return by_suffix  # its extractor reports the damage, naming the format
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "[Content_Types].xml" in names and by_suffix != "zip":
        return by_suffix
    if "mimetype" in names and "content.xml" in names:
        return (
            "refuse:unsupported: OpenDocument (.odt/.ods/.odp) is not supported; save it "
            "as .docx, .xlsx or .pptx"
        )
    return "zip"


def _extract_part(data: bytes, ctx: Context) -> Part:
    from mamori.pii.extract import _archive, _docx, _mail, _office, _pdf, _text, _web

    kind = sniff(data[:2048], ctx.name)
    if kind == "zip":
        kind = _zip_kind(data, ctx.name)
    if kind.startswith("refuse:"):
        raise Unscannable(kind.removeprefix("refuse:"))
    suffix = Path(ctx.name).suffix.lower()
    handlers: dict[str, Callable[[], Part]] = {
        "pdf": lambda: _pdf.extract_pdf(data, ctx),
        "docx": lambda: _docx.extract_docx(data, ctx),
        "xlsx": lambda: _office.extract_xlsx(data, ctx),
        "pptx": lambda: _office.extract_pptx(data, ctx),
        "zip": lambda: _archive.extract_zip(data, ctx),
        "ole": lambda: (
            _office.extract_xls(data, ctx)
            if _office.is_xls(data, suffix)
            else _office.refuse_ole(data, suffix)
        ),
        "html": lambda: _web.extract_html(data, ctx),
        "eml": lambda: _mail.extract_eml(data, ctx),
        "csv": lambda: _text.extract_delimited(data, ctx, ","),
        "tsv": lambda: _text.extract_delimited(data, ctx, "\t"),
        "text": lambda: _text.extract_plain(data, ctx, _TEXT_SUFFIXES.get(suffix, "text/plain")),
    }
    return handlers[kind]()


def _nested(limits: ExtractLimits, budget: Budget) -> Callable[[bytes, str, int], Part]:
    def run(data: bytes, name: str, depth: int) -> Part:
        if len(data) > limits.max_file_bytes:
            raise Unscannable(
                f"{name}: too large: {human_size(len(data))} exceeds the "
                f"{human_size(limits.max_file_bytes)} limit; split the file"
            )
        ctx = Context(limits, name, depth, budget, run)
        try:
            return _extract_part(data, ctx)
        except Unscannable as err:
            raise Unscannable(f"{name}: {err}") from err
        except Exception as err:
            raise Unscannable(f"{name}: {_classify(err)}") from err

    return run


def _classify(err: BaseException) -> str:
    if isinstance(err, MemoryError):
        return "too large: ran out of memory while reading it; split the file"
    if isinstance(err, RecursionError):
        return "corrupt: structures nested too deeply to read; scan the original"
    return (
        f"corrupt: cannot be read ({type(err).__name__}: {err}); open and re-save it, "
        "or scan the original"
    )


def extract_bytes(data: bytes, name: str, *, limits: ExtractLimits | None = None) -> Extracted:
    """Extract a file given as bytes; `name` (a file name or path) gives the suffix."""
    limits = limits or ExtractLimits()
    if len(data) > limits.max_file_bytes:
        return _unscannable(
            name,
            f"too large: {human_size(len(data))} exceeds the "
            f"{human_size(limits.max_file_bytes)} limit; split the file",
        )
    budget = Budget()
    ctx = Context(limits, name, 0, budget, _nested(limits, budget))
    try:
        part = _extract_part(data, ctx)
        ctx.check_text(len(part.text))
    except Unscannable as err:
        return _unscannable(name, str(err))
    except Exception as err:  # fail closed: anything unexpected makes the file unscannable
        logger.debug("extraction of %s failed", name, exc_info=True)
        return _unscannable(name, _classify(err))
    return Extracted(
        path=name, text=part.text, regions=tuple(part.regions), media_type=part.media_type
    )


def extract(path: str | os.PathLike[str], *, limits: ExtractLimits | None = None) -> Extracted:
    """Extract one file from disk (see the module docstring)."""
    limits = limits or ExtractLimits()
    name = os.fspath(path)
    try:
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode):
            what = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            return _unscannable(name, f"unsupported: {what}, not a regular file")
        size = info.st_size
        if size > limits.max_file_bytes:
            return _unscannable(
                name,
                f"too large: {human_size(size)} exceeds the "
                f"{human_size(limits.max_file_bytes)} limit; split the file",
            )
        with open(name, "rb") as handle:
            head = handle.read(2048)
            kind = sniff(head, name)
            if kind in ("text", "csv", "tsv", "html", "eml") and size > limits.max_text_chars:
                return _unscannable(
                    name,
                    f"too large: {human_size(size)} of text exceeds the "
                    f"{limits.max_text_chars:,} character limit; split the file",
                )
            data = head + handle.read()
    except FileNotFoundError:
        return _unscannable(name, "missing: the file does not exist")
    except PermissionError:
        return _unscannable(
            name, "unreadable: permission denied; scan it as a user who may read it"
        )
    except OSError as err:
        return _unscannable(name, f"unreadable: {err.strerror or err}; check the disk or share")
    except MemoryError:
        return _unscannable(name, _classify(MemoryError()))
    return extract_bytes(data, name, limits=limits)


def extract_many(
    paths: Iterable[str | os.PathLike[str]], *, limits: ExtractLimits | None = None
) -> Iterator[Extracted]:
    """Extract each file in turn; a failure is that file's UNSCANNABLE result, never a stop."""
    for path in paths:
        yield extract(path, limits=limits)


def _unscannable(name: str, reason: str) -> Extracted:
    logger.warning("unscannable: %s: %s", name, reason)
    return Extracted(path=name, text="", status=Status.UNSCANNABLE, error=reason)
