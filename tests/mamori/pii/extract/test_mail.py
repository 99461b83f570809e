"""E-mail: headers, body and attachments extracted recursively."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import default as default_policy

from mamori.pii._model import Status
from mamori.pii.extract import extract_bytes
from tests.mamori.pii.extract.conftest import make_docx


def _message(body: str = "見守 太郎様の件です。\n") -> EmailMessage:
    message = EmailMessage(policy=default_policy)
    message["From"] = "見守 花子 <hanako@example.jp>"
    message["To"] = "業者 <vendor@example.jp>"
    message["Subject"] = "名簿の送付"
    message.set_content(body)
    return message


def test_headers_body_and_csv_attachment_in_shift_jis() -> None:
    message = _message()
    csv = "氏名,電話\r\n見守 次郎,090-0123-4567\r\n".encode("cp932")
    message.add_attachment(
        csv, maintype="text", subtype="csv", filename="list.csv", params={"charset": "Shift_JIS"}
    )
    result = extract_bytes(message.as_bytes(), "m.eml")
    assert result.status is Status.OK, result.error
    assert result.text == (
        "From: 見守 花子 <hanako@example.jp>\nTo: 業者 <vendor@example.jp>\n"
        "Subject: 名簿の送付\n\n見守 太郎様の件です。\n\n氏名,電話\n見守 次郎,090-0123-4567\n"
    )
    cell = next(r for r in result.regions if r.location.cell == "B2")
    assert result.text[cell.start : cell.end] == "090-0123-4567"
    assert (cell.location.part, cell.header) == ("list.csv", "電話")
    whole = next(r for r in result.regions if r.location.cell is None)
    assert whole.location.part == "list.csv"
    assert result.text[whole.start :] == "氏名,電話\n見守 次郎,090-0123-4567\n"


def test_office_attachment_is_extracted() -> None:
    message = _message()
    message.add_attachment(
        make_docx(["記載例 見守 三郎"]),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="例.docx",
    )
    result = extract_bytes(message.as_bytes(), "m.eml")
    assert result.status is Status.OK, result.error
    assert result.text.endswith("\n記載例 見守 三郎\n")


def test_image_attachment_makes_the_message_unscannable() -> None:
    message = _message()
    message.add_attachment(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, maintype="image",
                           subtype="png", filename="住民票.png")  # fmt: skip
    result = extract_bytes(message.as_bytes(), "m.eml")
    assert result.status is Status.UNSCANNABLE
    assert result.error == (
        "住民票.png: unsupported type: image/png has no text; OCR is not supported"
    )


def test_attached_message_is_read_recursively() -> None:
    outer = _message("転送します。\n")
    outer.add_attachment(_message("内側 見守 四郎\n"))
    result = extract_bytes(outer.as_bytes(), "fwd.eml")
    assert result.status is Status.OK, result.error
    assert "内側 見守 四郎" in result.text


def test_html_only_message_uses_the_html_text() -> None:
    message = EmailMessage(policy=default_policy)
    message["From"] = "a@example.jp"
    message["To"] = "b@example.jp"
    message["Subject"] = "s"
    message.set_content("<html><body><p>見守 五郎</p></body></html>", subtype="html")
    assert extract_bytes(message.as_bytes(), "h.eml").text.endswith("\n\n見守 五郎\n")


def test_cc_is_kept() -> None:
    message = _message()
    message["Cc"] = "見守 六郎 <roku@example.jp>"
    assert "\nCc: 見守 六郎 <roku@example.jp>\n" in extract_bytes(message.as_bytes(), "c.eml").text


def test_a_file_without_headers_is_not_taken_for_a_message() -> None:
    result = extract_bytes(b"\x00\x01 not a message", "x.eml")
    assert result.status is Status.UNSCANNABLE
