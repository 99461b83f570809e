"""E-mail messages (.eml) with their attachments (docs/corpus.md, "EML").

Text: "From: …\\nTo: …\\nSubject: …\\n\\n" with decoded header values (a "Cc: …" line
follows To when there is one), the decoded text/plain body (the HTML body's text when
there is no plain one), CRLF read as LF; then, per attachment, LF plus its text. A text
attachment is decoded by its charset parameter (Shift_JIS read as CP932, a byte-order
mark dropped); any other attachment is extracted like a file of its own (an image is
unscannable, so the message is too). One region per attachment, plus a CSV's cells.
"""

from __future__ import annotations

import email
from email.message import EmailMessage, Message
from email.policy import default as default_policy

from mamori.pii._model import Location, Region
from mamori.pii.extract._common import Context, Part, Unscannable, shift
from mamori.pii.extract._text import decode, delimited_regions
from mamori.pii.extract._web import extract_html

MEDIA = "message/rfc822"
_CODECS = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932"}
_DELIMITED = {"csv": ",", "tab-separated-values": "\t"}


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message[name]
    except (ValueError, IndexError, TypeError, LookupError) as err:
        raise Unscannable(f"corrupt: the {name} header cannot be decoded ({err})") from err
    return None if value is None else str(value)


def _decode_part(raw: bytes, charset: str | None, ctx: Context) -> str:
    if charset:
        codec = _CODECS.get(charset.lower(), charset.lower())
        if codec in ("utf-8", "utf8"):
            codec = "utf-8-sig"
        try:
            return raw.decode(codec).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown charset: fall back to detection
    ctx.check_text(len(raw))
    return decode(raw)[0]


def _body(message: EmailMessage, ctx: Context) -> str:
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        raw = plain.get_payload(decode=True)
        if not isinstance(raw, bytes):
            return ""
        return _decode_part(raw, plain.get_content_charset(), ctx)
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        raw = html.get_payload(decode=True)
        return extract_html(raw, ctx).text if isinstance(raw, bytes) else ""
    return ""


def _attachment(part: Message, ctx: Context, index: int) -> tuple[str, Part]:
    name = part.get_filename() or f"attachment-{index}"
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return name, ctx.child(inner[0].as_bytes(), name + ".eml")
        raise Unscannable(f"corrupt: attached message {name} cannot be read")
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        raise Unscannable(f"corrupt: attachment {name} cannot be decoded")
    if part.get_content_maintype() == "text" and part.get_content_subtype() != "html":
        text = _decode_part(raw, part.get_content_charset(), ctx)
        sep = _DELIMITED.get(part.get_content_subtype())
        if sep is None and name.lower().endswith((".csv", ".tsv")):
            sep = "," if name.lower().endswith(".csv") else "\t"
        regions = delimited_regions(text, sep, ctx) if sep else []
        return name, Part(text, regions)
    return name, ctx.child(raw, name)


def extract_eml(data: bytes, ctx: Context) -> Part:
    message = email.message_from_bytes(data, policy=default_policy)
    if not isinstance(message, EmailMessage):  # pragma: no cover - the policy makes one
        raise Unscannable("corrupt: not an e-mail message")
    if not any(message.get(h) for h in ("From", "To", "Subject", "Content-Type", "Date")):
        raise Unscannable(
            "unsupported type: the file has no e-mail headers; if it is text, give it a "
            "text suffix such as .txt"
        )
    head = f"From: {_header(message, 'From')}\nTo: {_header(message, 'To')}\n"
    for extra in ("Cc", "Bcc"):
        if (value := _header(message, extra)) is not None:
            head += f"{extra}: {value}\n"
    head += f"Subject: {_header(message, 'Subject')}\n\n"
    pieces = [head, _body(message, ctx)]
    size = sum(map(len, pieces))
    regions: list[Region] = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        name, inner = _attachment(part, ctx, index)
        pieces.append("\n")
        size += 1
        regions += shift(inner.regions, size, name)
        regions.append(Region(size, size + len(inner.text), Location(part=name)))
        pieces.append(inner.text)
        size += len(inner.text)
        ctx.check_text(size)
    regions.sort(key=lambda r: (r.start, -r.end))
    return Part("".join(pieces), regions, MEDIA)
