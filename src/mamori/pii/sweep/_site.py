"""The published site on disk: a folder mirror or a manifest of already-downloaded files.

- A **mirror** is a folder as ``wget --mirror`` leaves it
  (``www.city.example.lg.jp/kurashi/zeimu/index.html``). A file's URL is ``--base-url`` +
  its path under the folder; without a base URL, a folder named like a host
  (``www.city.example.lg.jp``) gives ``https://<host>/``, and failing that the URL is the
  bare path (``/kurashi/zeimu/index.html``).
- A **manifest** lists ``url,path`` pairs: CSV or TSV with a header row naming ``url`` and
  ``path`` (extra columns are ignored), or JSON Lines of ``{"url": …, "path": …}``.
  Relative paths are read from the manifest's folder.

Nothing is fetched: the sweep reads only what is on disk. Identical files (SHA-256) become
one `Published` file with every URL it is served under; HTML pages are read for the files
they link, so each file is reported under the pages that publish it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from mamori._exceptions import ConfigurationError
from mamori.pii.sweep._html import PageInfo, looks_like_html, read_page

__all__ = ["Published", "Site", "SiteFile", "site_from_manifest", "site_from_mirror"]

_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::[0-9]+)?$", re.IGNORECASE)
# Files a website serves for its own layout; not documents a department publishes. The
# sweep counts them as skipped (never as clean) unless asked to scan every file.
ASSET_SUFFIXES = frozenset({
    ".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".ico",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".avif",
    ".mp3", ".mp4", ".m4a", ".webm", ".ogg", ".wav", ".mov",
})  # fmt: skip
_INDEXES = ("index.html", "index.htm", "index.shtml", "default.htm", "default.html")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class SiteFile:
    """One URL and the file on disk that holds what it serves."""

    url: str
    path: Path


@dataclass(slots=True)
class Published:
    """One distinct file (by SHA-256): every URL and path it is published under."""

    sha256: str
    size: int
    urls: list[str]
    paths: list[Path]
    is_page: bool = False
    page: PageInfo | None = None
    linked_from: set[str] = field(default_factory=set)  # URLs of pages that link it

    @property
    def suffix(self) -> str:
        return PurePosixPath(url_path_of(self.urls[0])).suffix.lower() or self.paths[0].suffix


@dataclass(frozen=True, slots=True)
class Site:
    kind: str  # "mirror" or "manifest"
    root: str
    base_url: str | None
    files: tuple[SiteFile, ...]


def url_path_of(url: str) -> str:
    return unquote(urlsplit(url).path)


def url_key(url: str) -> tuple[str, str]:
    """What identifies a URL for linking: host (lower case) and percent-decoded path."""
    parts = urlsplit(url)
    return parts.netloc.lower(), unquote(parts.path)


def _join(base: str, rel: str) -> str:
    return base.rstrip("/") + "/" + rel.lstrip("/")


def site_from_mirror(root: str | Path, *, base_url: str | None = None) -> Site:
    """Every file under ``root`` with its URL (see the module docstring)."""
    folder = Path(root)
    if not folder.is_dir():
        raise ConfigurationError(f"{root} is not a folder; give the mirror's top folder")
    files: list[SiteFile] = []
    for dirpath, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            files.append(SiteFile(_mirror_url(folder, rel, base_url), path))
    return Site("mirror", str(folder), base_url, tuple(files))


def _mirror_url(folder: Path, rel: str, base_url: str | None) -> str:
    if base_url:
        return _join(base_url, rel)
    if _HOST.match(folder.resolve().name):
        return _join(f"https://{folder.resolve().name}", rel)
    first, _, rest = rel.partition("/")
    if rest and _HOST.match(first):
        return _join(f"https://{first}", rest)
    return "/" + rel


def site_from_manifest(manifest: str | Path, *, base_url: str | None = None) -> Site:
    """The ``url,path`` pairs of a CSV/TSV or JSON Lines manifest; every path must exist."""
    source = Path(manifest)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigurationError(f"cannot read manifest {manifest}: {err}") from err
    folder = source.parent
    pairs = list(_manifest_pairs(text, source.name))
    files: list[SiteFile] = []
    for line, url, raw_path in pairs:
        if not url or not raw_path:
            raise ConfigurationError(f"manifest {manifest} line {line}: needs both url and path")
        path = Path(raw_path)
        if not path.is_absolute():
            path = folder / path
        if not path.is_file():
            raise ConfigurationError(
                f"manifest {manifest} line {line}: {raw_path} does not exist; download the "
                "file first (the sweep never fetches anything)"
            )
        if base_url and not urlsplit(url).scheme:
            url = _join(base_url, url)
        files.append(SiteFile(url, path))
    return Site("manifest", str(source), base_url, tuple(files))


def _manifest_pairs(text: str, name: str) -> Iterable[tuple[int, str, str]]:
    stripped = text.lstrip()
    if name.lower().endswith((".jsonl", ".ndjson", ".json")) or stripped.startswith("{"):
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as err:
                raise ConfigurationError(f"manifest line {number} is not JSON: {err}") from err
            if not isinstance(entry, dict):
                raise ConfigurationError(f"manifest line {number}: expected an object")
            yield number, str(entry.get("url") or "").strip(), str(entry.get("path") or "")
        return
    first = text.split("\n", 1)[0]
    delimiter = "\t" if name.lower().endswith(".tsv") or "\t" in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    if "url" not in header or "path" not in header:
        raise ConfigurationError(
            "manifest: the first row must name the columns url and path (e.g. url,path)"
        )
    url_col, path_col = header.index("url"), header.index("path")
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (max(url_col, path_col) + 1 - len(row))
        yield number, cells[url_col].strip(), cells[path_col].strip()


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _skip_link(href: str) -> bool:
    scheme = urlsplit(href).scheme.lower()
    return href.startswith("#") or scheme in ("mailto", "tel", "javascript", "data")


def publish(site: Site) -> list[Published]:
    """The site's distinct files (first URL order), pages read and links resolved.

    A file that cannot be read is kept with an empty digest of its path so that it is
    reported unscannable, never dropped.
    """
    by_sha: dict[str, Published] = {}
    for item in site.files:
        try:
            sha, size = _sha256(item.path)
        except OSError:
            sha, size = "unreadable:" + hashlib.sha256(str(item.path).encode()).hexdigest(), 0
        entry = by_sha.get(sha)
        if entry is None:
            by_sha[sha] = Published(sha, size, [item.url], [item.path])
        else:
            if item.url not in entry.urls:
                entry.urls.append(item.url)
            if item.path not in entry.paths:
                entry.paths.append(item.path)
    published = list(by_sha.values())
    for entry in published:
        entry.urls.sort()
        entry.paths.sort()
    _link(published)
    return published


def _link(published: list[Published]) -> None:
    """Read every page and record, on each file it links, the page's URLs."""
    by_url: dict[tuple[str, str], Published] = {}
    for entry in published:
        for url in entry.urls:
            by_url[url_key(url)] = entry
    for entry in published:
        try:
            with entry.paths[0].open("rb") as fh:
                head = fh.read(1024)
        except OSError:
            continue
        if not looks_like_html(url_path_of(entry.urls[0]), head):
            continue
        entry.is_page = True
        try:
            entry.page = read_page(entry.paths[0].read_bytes())
        except OSError:
            continue
        for page_url in entry.urls:
            for href in entry.page.links:
                if _skip_link(href):
                    continue
                target = _resolve(by_url, urljoin(page_url, href))
                if target is not None and target is not entry:
                    target.linked_from.add(page_url)


def _resolve(by_url: dict[tuple[str, str], Published], url: str) -> Published | None:
    host, path = url_key(url)
    found = by_url.get((host, path))
    if found is None and (path.endswith("/") or not path):
        for index in _INDEXES:
            found = by_url.get((host, (path or "/") + index))
            if found is not None:
                break
    return found
