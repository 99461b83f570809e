"""The site on disk: mirror URLs, manifests, de-duplication and page → file links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori._exceptions import ConfigurationError
from mamori.pii.sweep import site_from_manifest, site_from_mirror
from mamori.pii.sweep._site import publish

from .conftest import HOST


def test_a_host_folder_gives_https_urls(mirror: Path) -> None:
    urls = {f.url for f in site_from_mirror(mirror.parent).files}
    assert f"https://{HOST}/kurashi/zeimu/index.html" in urls
    # the same when the host folder itself is given
    assert {f.url for f in site_from_mirror(mirror).files} == urls


def test_base_url_wins_and_a_plain_folder_gives_paths(tmp_path: Path) -> None:
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "a" / "b.txt").write_text("x", encoding="utf-8")
    assert [f.url for f in site_from_mirror(tmp_path / "site").files] == ["/a/b.txt"]
    site = site_from_mirror(tmp_path / "site", base_url="https://www.example.jp/")
    assert [f.url for f in site.files] == ["https://www.example.jp/a/b.txt"]


def test_a_missing_mirror_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not a folder"):
        site_from_mirror(tmp_path / "nope")


def test_identical_files_are_one_entry_with_every_url(mirror: Path) -> None:
    published = {tuple(p.urls): p for p in publish(site_from_mirror(mirror))}
    roster = published[
        (
            f"https://{HOST}/material/files/group/3/copy.txt",
            f"https://{HOST}/material/files/group/3/申告例.txt",
        )
    ]
    assert len(roster.paths) == 2
    assert len(roster.sha256) == 64
    # the slightly different old version is a file of its own
    assert (f"https://{HOST}/material/files/group/9/forgotten.txt",) in published


def test_pages_link_files_by_relative_absolute_and_encoded_hrefs(mirror: Path) -> None:
    published = {p.urls[0].rsplit("/", 1)[-1]: p for p in publish(site_from_mirror(mirror))}
    tax = f"https://{HOST}/kurashi/zeimu/index.html"
    assert published["copy.txt"].linked_from == {tax}  # ../../ and %E7… and #fragment
    assert published["notice.txt"].linked_from == {tax}  # ?v=2 ignored
    assert published["list.xlsx"].linked_from == {tax}
    assert published["forgotten.txt"].linked_from == set()
    # a link to a folder reaches its index.html
    assert published["index.html"].is_page
    zeimu = next(p for p in publish(site_from_mirror(mirror)) if p.urls == [tax])
    assert zeimu.linked_from == {f"https://{HOST}/index.html"}
    assert zeimu.page is not None
    assert zeimu.page.title == "市税の申告"


def _files(tmp_path: Path) -> None:
    (tmp_path / "dl").mkdir()
    (tmp_path / "dl" / "1.txt").write_text("a", encoding="utf-8")
    (tmp_path / "dl" / "2.txt").write_text("a", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("m.csv", "url,path,fetched\nhttps://x.jp/a.txt,dl/1.txt,2024\n/b.txt,dl/2.txt,\n"),
        ("m.tsv", "path\turl\ndl/1.txt\thttps://x.jp/a.txt\ndl/2.txt\t/b.txt\n"),
        (
            "m.jsonl",
            json.dumps({"url": "https://x.jp/a.txt", "path": "dl/1.txt"})
            + "\n\n"
            + json.dumps({"url": "/b.txt", "path": "dl/2.txt"})
            + "\n",
        ),
    ],
)
def test_manifests(tmp_path: Path, name: str, text: str) -> None:
    _files(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    site = site_from_manifest(tmp_path / name, base_url="https://x.jp")
    assert [f.url for f in site.files] == ["https://x.jp/a.txt", "https://x.jp/b.txt"]
    assert [f.path for f in site.files] == [tmp_path / "dl" / "1.txt", tmp_path / "dl" / "2.txt"]
    (entry,) = publish(site)  # same bytes: one file, both URLs
    assert entry.urls == ["https://x.jp/a.txt", "https://x.jp/b.txt"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("address,file\nx,y\n", "must name the columns url and path"),
        ("url,path\nhttps://x.jp/a,dl/missing.txt\n", "does not exist"),
        ("url,path\n,dl/1.txt\n", "needs both url and path"),
    ],
)
def test_bad_manifests_say_what_to_fix(tmp_path: Path, text: str, message: str) -> None:
    _files(tmp_path)
    (tmp_path / "m.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=message):
        site_from_manifest(tmp_path / "m.csv")


def test_a_broken_json_line_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "m.jsonl").write_text('{"url": "x"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="line 1 is not JSON"):
        site_from_manifest(tmp_path / "m.jsonl")
