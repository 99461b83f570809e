"""A small fictitious city website on disk (invented people only) and an EDM index built
from the generator, for the sweep's tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from mamori._keys import generate_key_file, load_key
from mamori.jpdate import to_wareki
from mamori.pii import Registry, Scanner
from mamori.pii.edm import EdmMatcher, build_index, load_schema
from mamori.synth import Person, generate_residents, write_residents

HOST = "www.city.example.lg.jp"
TYPES = ["PHONE", "MY_NUMBER"]
# Fictitious: a mobile number of the generator's range and a My Number with a valid check
# digit that belongs to nobody.
PERSONAL = "申請者連絡先：090-0123-4567\n個人番号 1234 5678 9018\n"
CLEAN = "令和6年度の申告期限は3月15日です。\n"
FOOTER = (
    "<footer><h2>このページに関するお問い合わせ</h2><p>財政局 税務部 市民税課</p>"
    "<p>〒999-0000 試験県試験市本町1-1</p></footer>"
)
SCHEMA = """\
version: 1
name: テスト市住民記録
record_id: 住民ID
household_id: 世帯ID
fields:
  name: 氏名
  kana: 氏名カナ
  birth_date: 生年月日
  address: 住所
  phone: 電話番号
"""


def page(title: str, body: str, footer: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><title>{title}</title>"
        f"<link rel='stylesheet' href='/css/site.css'></head><body>{body}{footer}</body></html>"
    )


def build_mirror(root: Path) -> Path:
    """mirror/www.city.example.lg.jp/…: a tax page (footer only, no prefix) linking a roster
    published twice under two names, a clean notice, an XLSX; a childcare page linking a
    broken PDF; a file nothing links; layout files."""
    site = root / HOST
    files = {
        "index.html": page("試験市", "<a href='kurashi/zeimu/'>税</a>"),
        "kurashi/zeimu/index.html": page(
            "市税の申告",
            "<ul><li><a href='/material/files/group/3/%E7%94%B3%E5%91%8A%E4%BE%8B.txt'>記入例"
            "</a></li><li><a href='../../material/files/group/3/copy.txt#top'>写し</a></li>"
            "<li><a href='/material/files/group/3/notice.txt?v=2'>お知らせ</a></li>"
            "<li><a href='https://other.example.com/x.pdf'>外部</a></li>"
            "<li><a href='mailto:zeimu@example.lg.jp'>メール</a></li>"
            "<li><a href='/material/files/group/3/list.xlsx'>一覧</a></li></ul>"
            "<img src='/img/logo.png' alt=''>",
            FOOTER,
        ),
        "kosodate/hoiku/index.html": page(
            "保育所", "<a href='/material/files/group/8/broken.pdf'>申込書</a>"
        ),
        "material/files/group/3/申告例.txt": PERSONAL,
        "material/files/group/3/copy.txt": PERSONAL,
        "material/files/group/3/notice.txt": CLEAN,
        "material/files/group/9/forgotten.txt": PERSONAL + "（旧版）\n",
        "material/files/group/8/broken.pdf": "%PDF-1.7\n this is not really a PDF",
        "css/site.css": "body { color: black }",
        "img/logo.png": "\x89PNG\r\n\x1a\n",
    }
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if rel != "img/logo.png" else text.encode("latin-1"))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["氏名", "電話番号"])
    sheet.append(["（記入例）", "080-0987-6543"])
    book.save(site / "material/files/group/3/list.xlsx")
    return site


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    return build_mirror(tmp_path / "mirror")


@pytest.fixture(scope="session")
def scanner_init() -> Callable[[], Scanner]:
    registry = Registry.from_config(labels=TYPES)
    return lambda: Scanner(registry, types=TYPES)


@dataclass(frozen=True)
class Edm:
    key_file: Path
    key: bytes
    index: Path
    residents: list[Person]


@pytest.fixture(scope="session")
def edm(tmp_path_factory: pytest.TempPathFactory) -> Edm:
    folder = tmp_path_factory.mktemp("sweep-edm")
    key_file = generate_key_file(folder / "edm.key")
    (folder / "schema.yaml").write_text(SCHEMA, encoding="utf-8")
    residents = list(generate_residents(40, seed="sweep-edm"))
    write_residents(residents, folder / "real.csv")
    key = load_key(key_file)
    build_index(
        folder / "real.csv",
        load_schema(folder / "schema.yaml"),
        key,
        folder / "real.edm",
        jobs=1,
    )
    return Edm(key_file, key, folder / "real.edm", residents)


def roster(persons: list[Person]) -> str:
    """A fictitious roster as a careless manual would show it: name and birth date."""
    return "".join(f"氏名：{p.name}\n生年月日：{to_wareki(p.birth_date)}\n" for p in persons)


def edm_scanner(edm: Edm) -> Callable[[], Scanner]:
    def init() -> Scanner:
        matcher = EdmMatcher.open([edm.index], secret=edm.key)
        return Scanner(Registry.from_config(), edm=matcher)

    return init
