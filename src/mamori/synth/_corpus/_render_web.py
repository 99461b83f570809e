"""HTML pages and e-mails (.eml).

HTML canonical text: the text of <body> with character references decoded; text nodes that
are only whitespace are dropped; a TAB before every <td>/<th> but the first of its row; LF
for <br>, and LF at the end of a block element (p, div, h1–h6, li, tr, table, ul, ol,
header, footer, main, nav, section) unless the text is empty or already ends with LF;
<script> and <style> are skipped.

E-mail canonical text: "From: …\\nTo: …\\nSubject: …\\n\\n" with the decoded header values,
then the decoded text/plain body; each attachment follows as LF plus its canonical text
(a CSV attachment: its content decoded by its charset parameter, Shift_JIS read as CP932
as Windows mail clients do, a byte-order mark dropped, CRLF read as LF).
"""

from __future__ import annotations

import html
import random
from email.message import EmailMessage
from email.policy import default as default_policy

from mamori.synth._corpus._doc import Doc, Para, TextBuilder, column_letter, text_of
from mamori.synth._corpus._render_text import Rendered, render_csv

_NAV = ("ホーム", "くらし・手続き", "子育て・教育", "市政情報")


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def render_html(doc: Doc, rng: random.Random) -> Rendered:
    b = TextBuilder()
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_escape(doc.title)}</title>",
        "<style>table { border-collapse: collapse; }</style>",
        "</head>",
        "<body>",
    ]

    def block_end() -> None:
        if len(b) and not b.ends_with_newline():
            b.add("\n")

    def paragraph(para: Para) -> None:
        tag = {"title": "h1", "heading": "h2"}.get(para.style, "p")
        parts = []
        for s in para.segs:
            parts.append(_escape(s.text))
            b.seg(s)
        out.append(f"<{tag}>{''.join(parts)}</{tag}>")
        block_end()

    out.append('<header><nav><ul class="global-nav">')
    for item in _NAV[: rng.randrange(2, len(_NAV) + 1)]:
        out.append(f'<li><a href="#">{item}</a></li>')
        b.add(item)
        block_end()
    out.append("</ul></nav>")
    for para in doc.header:
        paragraph(para)
    out.append("</header>")
    out.append('<main id="content">')
    for block in doc.blocks:
        if isinstance(block, Para):
            paragraph(block)
            continue
        out.append("<table>")
        for r, row in enumerate(block.rows):
            tag = "th" if r == 0 and block.header else "td"
            cells = []
            for c, value in enumerate(row):
                b.add("\t" if c else "")
                b.cell = f"{column_letter(c)}{r + 1}"
                for s in value:
                    b.seg(s)
                cells.append(f"<{tag}>{''.join(_escape(s.text) for s in value)}</{tag}>")
            b.cell = None
            out.append(f"<tr>{''.join(cells)}</tr>")
            block_end()
        out.append("</table>")
    out.append("</main>")
    out.append("<footer>")
    for para in doc.footer:
        paragraph(para)
    out.append(f'<p class="copyright">Copyright © {2025} 市役所</p>')
    b.add(f"Copyright © {2025} 市役所")
    block_end()
    out.append("</footer>")
    out.append("</body>")
    out.append("</html>")
    data = ("\n".join(out) + "\n").encode("utf-8")
    return Rendered(data, b.text, b.gold, b.traps)


def render_eml(doc: Doc, rng: random.Random, *, message_id: str = "") -> Rendered:
    b = TextBuilder()
    message = EmailMessage(policy=default_policy)
    message["From"] = text_of(doc.mail_from)
    message["To"] = text_of(doc.mail_to)
    message["Subject"] = doc.title
    message["Date"] = "Tue, 01 Apr 2025 09:00:00 +0900"
    message["Message-ID"] = f"<{message_id or 'corpus'}@city.minatomori.example.jp>"
    b.add("From: ")
    b.segs(doc.mail_from)
    b.add("\nTo: ")
    b.segs(doc.mail_to)
    b.add(f"\nSubject: {doc.title}\n\n")
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            b.segs(block.segs)
            b.add("\n")
            body.append(text_of(block.segs))
    message.set_content("\n".join(body) + "\n", charset="utf-8")
    if doc.attachment is not None:
        attached = render_csv(Doc(doc.kind, doc.title, [doc.attachment]), rng)
        b.add("\n")
        base = len(b)
        b.add(attached.text)
        for span in attached.gold:
            b.gold.append(
                type(span)(
                    span.type,
                    span.start + base,
                    span.end + base,
                    span.text,
                    span.resident_id,
                    cell=span.cell,
                )
            )
        for span in attached.traps:
            b.traps.append(type(span)(span.type, span.start + base, span.end + base, span.text))
        charset = {"cp932": "Shift_JIS", "utf-8-sig": "utf-8"}.get(attached.encoding, "utf-8")
        message.add_attachment(
            attached.data,
            maintype="text",
            subtype="csv",
            filename=doc.attachment_name,
            params={"charset": charset},
        )
        message.set_boundary(f"mamori-corpus-{message_id or 'boundary'}")
    return Rendered(message.as_bytes(), b.text, b.gold, b.traps)
