"""ZIP archives: recursion, and the limits that stop bombs and deep nesting."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from mamori.pii._model import Status
from mamori.pii.extract import ExtractLimits, extract, extract_bytes
from tests.mamori.pii.extract.conftest import make_docx, make_xlsx


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_members_are_extracted_recursively_with_their_names_and_regions() -> None:
    inner = _zip({"名簿.xlsx": make_xlsx({"S": [["氏名"], ["見守 太郎"]]})})
    data = _zip({"readme.txt": "送付資料\n".encode(), "data/inner.zip": inner})
    result = extract_bytes(data, "outer.zip")
    assert result.status is Status.OK, result.error
    assert result.text == "readme.txt\n送付資料\ndata/inner.zip\n名簿.xlsx\n氏名\n見守 太郎\n"
    cell = next(r for r in result.regions if r.location.cell == "A2")
    assert result.text[cell.start : cell.end] == "見守 太郎"
    assert cell.location.part == "data/inner.zip/名簿.xlsx"
    assert (cell.location.sheet, cell.header) == ("S", "氏名")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1 GB of zeros, deflated to about 1 MB, written in chunks (never 1 GB in memory)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("zeros.txt")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = bytes(1 << 24)
            for _ in range(64):
                member.write(chunk)
    return path


def test_zip_bomb_is_refused_before_it_is_inflated(bomb: Path) -> None:
    assert bomb.stat().st_size < 2 * 1024 * 1024
    result = extract(bomb)
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("zip bomb: ZIP archive member zeros.txt expands")


def test_zip_bomb_inside_a_docx_name_is_refused(bomb: Path) -> None:
    result = extract_bytes(bomb.read_bytes(), "looks-like.docx")
    assert result.status is Status.UNSCANNABLE
    assert "zip bomb" in (result.error or "")


def test_total_uncompressed_limit() -> None:
    data = _zip({f"{i}.txt": "見守 太郎\n".encode() * 1000 for i in range(10)})
    limits = ExtractLimits(max_total_uncompressed=50_000, max_ratio=1e9)
    result = extract_bytes(data, "a.zip", limits=limits)
    assert result.status is Status.UNSCANNABLE
    assert "in total" in (result.error or "")


def test_member_count_limit() -> None:
    data = _zip({f"{i}.txt": b"x" for i in range(20)})
    result = extract_bytes(data, "many.zip", limits=ExtractLimits(max_members=10))
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("too many members")


def test_zip_in_zip_ten_levels_is_refused_as_too_deep() -> None:
    data = "見守 太郎\n".encode()
    name = "leaf.txt"
    for level in range(10):
        data, name = _zip({name: data}), f"level{level}.zip"
    result = extract_bytes(data, name)
    assert result.status is Status.UNSCANNABLE
    assert "too deeply nested" in (result.error or "")
    shallow = _zip({"a.zip": _zip({"b.txt": b"ok"})})
    assert extract_bytes(shallow, "s.zip").status is Status.OK


def _set_encrypted_flag(data: bytes) -> bytes:
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        raw[at + offset] |= 0x01
    return bytes(raw)


def test_encrypted_member_is_unscannable() -> None:
    result = extract_bytes(_set_encrypted_flag(_zip({"secret.csv": b"a,b\n"})), "e.zip")
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("encrypted: ZIP archive member secret.csv")


def test_unscannable_member_makes_the_archive_unscannable() -> None:
    data = _zip({"ok.docx": make_docx(["x"]), "photo.jpg": b"\xff\xd8\xff\xe0" + bytes(20)})
    result = extract_bytes(data, "a.zip")
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("photo.jpg: unsupported type: image/jpeg")


def test_truncated_zip_is_corrupt() -> None:
    data = _zip({"a.txt": b"hello" * 100})
    result = extract_bytes(data[:-30], "cut.zip")
    assert result.status is Status.UNSCANNABLE
    assert (result.error or "").startswith("corrupt:")
