"""What the sweep reads from a mirror's HTML pages: links to files, the title, the footer's
department (「このページに関するお問い合わせ 税務課」).

Only the standard library's ``html.parser``: the pages are the city's own, often old
Shift_JIS CMS output, and a page that fails to parse still yields what was read before the
error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from mamori.pii.extract._text import decode

__all__ = ["PageInfo", "footer_department", "looks_like_html", "read_page"]

# (tag, attribute) pairs that publish another file.
_LINK_ATTRS = frozenset({
    ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("iframe", "src"),
    ("frame", "src"), ("embed", "src"), ("source", "src"), ("object", "data"),
    ("audio", "src"), ("video", "src"),
})  # fmt: skip
_SKIP_TEXT = frozenset({"script", "style", "noscript", "template"})
_HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)

# The phrases that introduce a page's contact department on Japanese municipal sites.
_CONTACT = re.compile(
    r"(?:このページ(?:に関する|についての|の)?(?:お問い?合わせ|お問合せ|問い合わせ)(?:先)?"
    r"|お問い?合わせ先|お問合せ先|問い合わせ先|担当部署|担当課|所管課|発行元)"
)
# A department name: up to 20 characters ending in an organisational suffix.
_DEPARTMENT = re.compile(
    r"^[^\s0-9０-９〒☎:：、。,]{1,20}?(?:部|課|室|係|局|センター|事務所|館|委員会|担当)$"
)
_SEPARATORS = re.compile(r"[\s:：・/／|｜「」『』()（）【】\[\]<>＜＞]+")
_LOOKAHEAD = 80
# What pages declare, read as the code page that office software actually wrote.
_CODEC_ALIASES = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
                  "windows-31j": "cp932", "euc-jp": "euc_jp"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PageInfo:
    """One HTML page: the links it holds (as written), its title and footer department."""

    links: tuple[str, ...]
    title: str | None
    department: str | None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (tag, name) in _LINK_ATTRS:
                self.links.append(value.strip())
        if tag in _SKIP_TEXT:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in ("br", "p", "div", "li", "tr", "td", "th", "dt", "dd", "footer", "address"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TEXT and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        else:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title.append(data)
        else:
            self.text.append(data)


def looks_like_html(name: str, head: bytes) -> bool:
    """A page: an HTML suffix, or HTML markup in the first bytes (``index.php?id=3``)."""
    return name.lower().endswith(_HTML_SUFFIXES) or bool(_HTML_SNIFF.search(head[:1024]))


def _decode(data: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, else the declared charset, else detected."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            codec = declared.group(1).decode("ascii").lower()
            return data.decode(_CODEC_ALIASES.get(codec, codec))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode(data)[0]
    except Exception:  # an undecodable page still has ASCII links
        return data.decode("utf-8", errors="replace")


def footer_department(text: str) -> str | None:
    """The most specific department named after a contact phrase, or None.

    「このページに関するお問い合わせ 財政局 税務部 市民税課 電話…」 → 市民税課: the names
    that follow the phrase are read until the first word that is not a department name.
    """
    found: str | None = None
    for match in _CONTACT.finditer(text):
        window = text[match.end() : match.end() + _LOOKAHEAD]
        named: str | None = None
        for word in _SEPARATORS.split(window):
            if not word:
                continue
            if _DEPARTMENT.match(word):
                named = word
            elif named is not None or len(word) > 1:
                break
        if named is not None:
            found = named  # the last contact block on the page is the footer's
    return found


def read_page(data: bytes) -> PageInfo:
    """Links, title and footer department of one HTML page (never raises)."""
    parser = _Parser()
    try:
        parser.feed(_decode(data))
        parser.close()
    except Exception:  # html.parser gives up on some broken markup; keep what it read
        pass
    title = " ".join("".join(parser.title).split()) or None
    return PageInfo(
        links=tuple(parser.links),
        title=title,
        department=footer_department("".join(parser.text)),
    )
