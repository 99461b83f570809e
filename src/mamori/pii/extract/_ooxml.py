"""Helpers for Office Open XML packages (DOCX, XLSX, PPTX): parts, relationships, XML."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile

from mamori.pii.extract._archive import read_member
from mamori.pii.extract._common import Context, Unscannable

PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


class Package:
    """An opened OOXML package whose parts are read within the limits."""

    def __init__(self, archive: zipfile.ZipFile, ctx: Context, what: str) -> None:
        self.archive = archive
        self.ctx = ctx
        self.what = what
        self.names = {info.filename: info for info in archive.infolist()}

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        info = self.names.get(name)
        if info is None:
            raise Unscannable(f"corrupt: {self.what} lacks its part {name}")
        return read_member(self.archive, info, self.ctx, self.what)

    def xml(self, name: str) -> ET.Element:
        data = self.read(name)
        try:
            return ET.fromstring(data)
        except ET.ParseError as err:
            raise Unscannable(
                f"corrupt: {self.what} part {name} is not well-formed XML ({err}); "
                "open and re-save it in Office, or scan the original"
            ) from err

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """{rId: (type, part name)} of a part's internal relationships."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        out: dict[str, tuple[str, str]] = {}
        for rel in self.xml(rels_name).iter(PKG_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            if target.startswith("/"):
                name = target.lstrip("/")
            else:
                name = posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], name)
        return out

    def main_part(self, default: str) -> str:
        for _rid, (kind, name) in self.rels("").items():
            if kind == "officeDocument" and self.has(name):
                return name
        return default


def localname(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
