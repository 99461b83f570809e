"""PDF: text per page, page regions, and the PDFs that are refused."""

from __future__ import annotations

import io

import pypdf
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from mamori.pii._model import Status
from mamori.pii.extract import extract_bytes
from tests.mamori.pii.extract.conftest import make_pdf


def test_pages_joined_by_lf_with_one_region_per_page() -> None:
    result = extract_bytes(make_pdf([["見守 太郎 様", "090-0123-4567"], ["二頁目"]]), "a.pdf")
    assert result.status is Status.OK, result.error
    assert result.text == "見守 太郎 様\n090-0123-4567\n\n二頁目\n"
    pages = [(r.location.page, result.text[r.start : r.end]) for r in result.regions]
    assert pages == [(1, "見守 太郎 様\n090-0123-4567\n"), (2, "二頁目\n")]


def _encrypted(user: str, owner: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf([["見守 太郎"]])))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_that_needs_a_password_is_unscannable() -> None:
    result = extract_bytes(_encrypted("secret", "owner"), "locked.pdf")
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("encrypted: the PDF needs a password")


def test_pdf_with_only_an_owner_password_is_read() -> None:
    # anyone can open it; the owner password only restricts printing and copying
    result = extract_bytes(_encrypted("", "owner"), "restricted.pdf")
    assert result.status is Status.OK
    assert "見守 太郎" in result.text


def test_pdf_without_text_is_unscannable() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    pdf.rect(50, 50, 200, 200, fill=1)
    pdf.showPage()
    pdf.save()
    result = extract_bytes(out.getvalue(), "scan.pdf")
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("no text layer (scanned image?)")


def test_a_scanned_page_among_text_pages_is_unscannable() -> None:
    from PIL import Image

    image = Image.new("RGB", (40, 40), "white")
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    pdf.drawString(50, 800, "page one")
    pdf.showPage()
    pdf.drawInlineImage(image, 50, 500)
    pdf.showPage()
    pdf.save()
    result = extract_bytes(out.getvalue(), "mixed.pdf")
    assert result.status is Status.UNSCANNABLE
    assert "page(s) 2" in (result.error or "")


def test_truncated_pdf_is_corrupt() -> None:
    data = make_pdf([["見守 太郎"]])
    result = extract_bytes(data[: len(data) // 2], "cut.pdf")
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("corrupt: truncated PDF")
