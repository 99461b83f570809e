"""PDF through pypdf's text layer (docs/corpus.md, "PDF"): each page's `extract_text()`,
pages joined by LF, one region per page.

Refused: encrypted files that need a password (a PDF with only an owner password, which
anyone can open, is read), files without `%%EOF` near the end (truncated), and pages
without text that show images (a scan: OCR is not supported).
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from mamori.pii._model import Location, Region
from mamori.pii.extract._common import Context, Part, Unscannable

MEDIA = "application/pdf"
logger = logging.getLogger(__name__)


_INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s.*?\sID\s", re.S)


def _xobject_images(resources: Any, depth: int = 0) -> bool:
    xobjects = resources.get("/XObject") if resources is not None else None
    if xobjects is None:
        return False
    xobjects = xobjects.get_object()
    for name in xobjects:
        xobject = xobjects[name].get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            return True
        if (
            subtype == "/Form"
            and depth < 3
            and _xobject_images(xobject.get("/Resources"), depth + 1)
        ):
            return True
    return False


def _has_images(page: Any) -> bool:
    """Whether a page shows an image (an XObject, also inside forms, or an inline image)."""
    try:
        if _xobject_images(page.get("/Resources")):
            return True
        contents = page.get_contents()
        return bool(contents is not None and _INLINE_IMAGE.search(contents.get_data()))
    except Exception:  # a page we cannot inspect counts as showing something
        return True


def extract_pdf(data: bytes, ctx: Context) -> Part:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if b"%%EOF" not in data[-2048:]:
        raise Unscannable(
            "corrupt: truncated PDF (no %%EOF at the end); copy it again from the original"
        )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (NotImplementedError, DependencyError) as err:
                raise Unscannable(
                    f"encrypted: the PDF uses encryption this installation cannot open "
                    f"({err}); save an unencrypted copy or scan the original"
                ) from err
            if not opened:
                raise Unscannable(
                    "encrypted: the PDF needs a password; save an unencrypted copy or scan "
                    "the original"
                )
        pages: list[str] = []
        regions: list[Region] = []
        size = 0
        blank_with_images: list[int] = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text()
            if not text.strip() and _has_images(page):
                blank_with_images.append(number)
            if number > 1:
                size += 1
            regions.append(Region(size, size + len(text), Location(page=number)))
            pages.append(text)
            size += len(text)
            ctx.check_text(size)
    except FileNotDecryptedError as err:
        raise Unscannable(
            "encrypted: the PDF needs a password; save an unencrypted copy or scan the original"
        ) from err
    except (PdfReadError, KeyError, ValueError, TypeError, AttributeError, IndexError) as err:
        raise Unscannable(
            f"corrupt: the PDF cannot be read ({type(err).__name__}: {err}); open and "
            "re-save it, or scan the original"
        ) from err
    if not pages:
        raise Unscannable("corrupt: the PDF has no pages; scan the original")
    if not any(text.strip() for text in pages):
        raise Unscannable(
            "no text layer (scanned image?): the PDF holds no text; OCR is not supported, "
            "scan the original or a PDF with text"
        )
    if blank_with_images:
        shown = ", ".join(map(str, blank_with_images[:10]))
        raise Unscannable(
            f"no text layer (scanned image?): page(s) {shown} show images but hold no "
            "text; OCR is "
            "not supported, scan the original or a PDF with text"
        )
    return Part("\n".join(pages), regions, MEDIA)
