"""The sweep report: per file, per page, per department; JSON ``mamori-sweep/1``.

Only counts and masked previews are kept (DESIGN.md §4): a finding is its type, where it
is, and a preview such as ``0**-****-***7`` — never the value. Page and department views
are computed from the files, so a report read back from JSON (`SweepReport.from_json`) or
rebuilt from a database gives the same views.

Persons and households of a page or a department are sums over its files (延べ): the same
resident in two files counts twice; each file's own figure is the estimate of
``mamori scan`` (spec/pii.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mamori._exceptions import InputError
from mamori.pii.sweep._departments import UNKNOWN, Department

__all__ = [
    "FORMAT",
    "NO_PAGE",
    "DepartmentEntry",
    "FileEntry",
    "PageEntry",
    "Preview",
    "ScanOutcome",
    "SweepReport",
    "Totals",
]

FORMAT = "mamori-sweep/1"
NO_PAGE = ""  # the page of files no page links (left on the server, still served)
CLEAN, FINDINGS, UNSCANNABLE = "clean", "findings", "unscannable"
STATUSES = (CLEAN, FINDINGS, UNSCANNABLE)


@dataclass(frozen=True, slots=True)
class Preview:
    """One finding as the report keeps it: type, masked preview, location."""

    type: str
    preview: str
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None
    hash: str | None = None  # keyed HMAC of the value (the allowlist's), with a key

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "preview": self.preview}
        for name in ("page", "sheet", "cell", "hash"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    """What scanning one distinct file gave, without any raw value."""

    status: str  # clean, findings or unscannable
    error: str | None = None
    findings: int = 0
    by_type: Mapping[str, int] = field(default_factory=dict)
    persons: int = 0
    households: int = 0
    real_persons: int | None = None  # None: scanned without an EDM index
    real_households: int | None = None
    fictitious: bool = False  # every personal-data finding is registered fictitious data
    previews: tuple[Preview, ...] = ()


@dataclass(frozen=True, slots=True)
class FileEntry:
    sha256: str
    size: int
    urls: tuple[str, ...]
    paths: tuple[str, ...]
    pages: tuple[str, ...]  # URLs of the pages that publish it; a page: its own URLs
    is_page: bool
    title: str | None
    department: Department
    department_source: str  # prefix, footer, page or none
    outcome: ScanOutcome

    @property
    def status(self) -> str:
        return self.outcome.status

    def to_json(self) -> dict[str, Any]:
        o = self.outcome
        return {
            "sha256": self.sha256,
            "size": self.size,
            "urls": list(self.urls),
            "paths": list(self.paths),
            "pages": list(self.pages),
            "is_page": self.is_page,
            "title": self.title,
            "department": self.department.to_json(),
            "department_source": self.department_source,
            "status": o.status,
            "error": o.error,
            "findings": o.findings,
            "by_type": dict(o.by_type),
            "persons": o.persons,
            "households": o.households,
            "real_persons": o.real_persons,
            "real_households": o.real_households,
            "fictitious": o.fictitious,
            "previews": [p.to_json() for p in o.previews],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FileEntry:
        department = data.get("department") or {}
        status = str(data["status"])
        if status not in STATUSES:
            raise InputError(f"unknown status {status!r}")
        outcome = ScanOutcome(
            status=status,
            error=data.get("error"),
            findings=int(data.get("findings") or 0),
            by_type={str(k): int(v) for k, v in (data.get("by_type") or {}).items()},
            persons=int(data.get("persons") or 0),
            households=int(data.get("households") or 0),
            real_persons=_optional_int(data.get("real_persons")),
            real_households=_optional_int(data.get("real_households")),
            fictitious=bool(data.get("fictitious")),
            previews=tuple(
                Preview(
                    type=str(p["type"]),
                    preview=str(p["preview"]),
                    page=p.get("page"),
                    sheet=p.get("sheet"),
                    cell=p.get("cell"),
                    hash=p.get("hash"),
                )
                for p in data.get("previews") or ()
            ),
        )
        return cls(
            sha256=str(data["sha256"]),
            size=int(data.get("size") or 0),
            urls=tuple(str(u) for u in data["urls"]),
            paths=tuple(str(p) for p in data.get("paths") or ()),
            pages=tuple(str(p) for p in data.get("pages") or ()),
            is_page=bool(data.get("is_page")),
            title=data.get("title"),
            department=Department(
                str(department.get("name") or UNKNOWN.name), department.get("code") or None
            ),
            department_source=str(data.get("department_source") or "none"),
            outcome=outcome,
        )


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass(slots=True)
class Totals:
    files: int = 0
    with_findings: int = 0
    unscannable: int = 0
    findings: int = 0
    persons: int = 0
    households: int = 0
    real_persons: int = 0
    real_households: int = 0
    by_type: Counter[str] = field(default_factory=Counter)

    def add(self, entry: FileEntry) -> None:
        o = entry.outcome
        self.files += 1
        self.with_findings += o.status == FINDINGS
        self.unscannable += o.status == UNSCANNABLE
        self.findings += o.findings
        self.persons += o.persons
        self.households += o.households
        self.real_persons += o.real_persons or 0
        self.real_households += o.real_households or 0
        self.by_type.update(o.by_type)

    @classmethod
    def of(cls, entries: Iterable[FileEntry]) -> Totals:
        totals = cls()
        for entry in entries:
            totals.add(entry)
        return totals

    @property
    def status(self) -> str:
        if self.unscannable:
            return UNSCANNABLE
        return FINDINGS if self.with_findings else CLEAN

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "with_findings": self.with_findings,
            "unscannable": self.unscannable,
            "findings": self.findings,
            "persons": self.persons,
            "households": self.households,
            "real_persons": self.real_persons,
            "real_households": self.real_households,
            "by_type": dict(sorted(self.by_type.items())),
        }


@dataclass(frozen=True, slots=True)
class PageEntry:
    url: str  # NO_PAGE for files that no page links
    title: str | None
    department: Department
    files: tuple[FileEntry, ...]  # the page itself first, then the files it links
    totals: Totals

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "department": self.department.to_json(),
            "files": [f.sha256 for f in self.files],
            "totals": self.totals.to_json(),
        }


@dataclass(frozen=True, slots=True)
class DepartmentEntry:
    department: Department
    pages: int
    totals: Totals

    def to_json(self) -> dict[str, Any]:
        return {**self.department.to_json(), "pages": self.pages, "totals": self.totals.to_json()}


def _department_key(department: Department) -> tuple[bool, str, str]:
    return (department == UNKNOWN, department.name, department.code or "")


@dataclass(frozen=True, slots=True)
class SweepReport:
    files: tuple[FileEntry, ...]
    source: Mapping[str, Any] = field(default_factory=dict)
    edm: bool = False
    generated_at: str | None = None
    skipped: Mapping[str, int] = field(default_factory=dict)  # suffix → files not scanned

    def totals(self) -> Totals:
        return Totals.of(self.files)

    def pages(self) -> list[PageEntry]:
        """One entry per page URL (and one for unlinked files), worst first."""
        own: dict[str, FileEntry] = {}
        members: dict[str, list[FileEntry]] = {}
        for entry in self.files:
            if entry.is_page:
                for url in entry.urls:
                    own[url] = entry
            for url in entry.pages or (NO_PAGE,):
                members.setdefault(url, []).append(entry)
        out: list[PageEntry] = []
        for url, entries in members.items():
            page = own.get(url)
            ordered = sorted(entries, key=lambda e: (e is not page, e.urls[0]))
            out.append(
                PageEntry(
                    url=url,
                    title=page.title if page is not None else None,
                    department=page.department if page is not None else _common(entries),
                    files=tuple(ordered),
                    totals=Totals.of(ordered),
                )
            )
        out.sort(key=lambda p: (_rank(p.totals), -p.totals.persons, p.url == NO_PAGE, p.url))
        return out

    def departments(self) -> list[DepartmentEntry]:
        """Totals per department (所属不明 last)."""
        files: dict[Department, list[FileEntry]] = {}
        for entry in self.files:
            files.setdefault(entry.department, []).append(entry)
        pages: Counter[Department] = Counter(p.department for p in self.pages() if p.url)
        return [
            DepartmentEntry(department, pages[department], Totals.of(files[department]))
            for department in sorted(files, key=_department_key)
        ]

    @property
    def exit_status(self) -> int:
        """Like `mamori scan`: 0 nothing found, 1 findings, 3 some file unscannable."""
        return {CLEAN: 0, FINDINGS: 1, UNSCANNABLE: 3}[self.totals().status]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "generated_at": self.generated_at,
            "source": dict(self.source),
            "edm": self.edm,
            "totals": self.totals().to_json(),
            "skipped": dict(sorted(self.skipped.items())),
            "departments": [d.to_json() for d in self.departments()],
            "pages": [p.to_json() for p in self.pages()],
            "files": [f.to_json() for f in self.files],
        }

    @classmethod
    def from_json(cls, data: Any) -> SweepReport:
        """Read a report back; `InputError` for anything that is not ``mamori-sweep/1``."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, Mapping) else type(data).__name__
            raise InputError(
                f"not a sweep report: expected format {FORMAT!r}, found {found!r}; "
                "make it with mamori sweep --format json"
            )
        files = data.get("files")
        if not isinstance(files, Sequence):
            raise InputError("sweep report: 'files' must be a list")
        try:
            entries = tuple(FileEntry.from_json(f) for f in files)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise InputError(f"sweep report: a file entry is malformed ({err!r})") from err
        return cls(
            files=entries,
            source=dict(data.get("source") or {}),
            edm=bool(data.get("edm")),
            generated_at=data.get("generated_at"),
            skipped={str(k): int(v) for k, v in (data.get("skipped") or {}).items()},
        )


def _rank(totals: Totals) -> int:
    return {UNSCANNABLE: 1, FINDINGS: 0, CLEAN: 2}[totals.status]


def _common(entries: Sequence[FileEntry]) -> Department:
    counts = Counter(e.department for e in entries)
    return min(counts, key=lambda d: (-counts[d], _department_key(d))) if counts else UNKNOWN
