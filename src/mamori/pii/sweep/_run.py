"""Running a sweep: scan each distinct file once, in killable workers, and build the report.

    from mamori.pii import Registry, Scanner
    from mamori.pii.sweep import DepartmentMap, site_from_mirror, sweep

    report = sweep(
        site_from_mirror("mirror/"),
        init=lambda: Scanner(Registry.from_config()),
        departments=DepartmentMap.from_file("departments.yaml"),
        jobs=4,
    )

Files are scanned with `mamori._workers.run_isolated`, as `mamori scan` does: a file that
runs out of time or kills its worker is unscannable with the reason, and the others go on.
The worker turns each result into a `ScanOutcome` — counts and masked previews — so raw
values never leave it.

A file's department: the longest URL prefix of the department map that covers one of its
URLs; for a page without one, the department named in its footer; for any other file, the
department of the pages that link it (the most frequent); otherwise 「所属不明」.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mamori._workers import Failure, run_isolated
from mamori.pii.sweep._departments import UNKNOWN, Department, DepartmentMap
from mamori.pii.sweep._report import (
    CLEAN,
    FINDINGS,
    UNSCANNABLE,
    FileEntry,
    Preview,
    ScanOutcome,
    SweepReport,
)
from mamori.pii.sweep._site import ASSET_SUFFIXES, Published, Site, publish

if TYPE_CHECKING:
    from mamori.pii import FileResult, Scanner

__all__ = ["MAX_PREVIEWS", "mask", "outcome_of", "sweep"]

MAX_PREVIEWS = 20  # masked previews kept per file


def mask(text: str) -> str:
    """The masked preview of a finding (first and last character kept), as `mamori scan
    --explain` shows it."""
    from mamori.pii._sarif import mask as _mask

    return _mask(text)


def outcome_of(result: FileResult, key: bytes | None = None) -> ScanOutcome:
    """A scanner's FileResult as the sweep keeps it: counts and masked previews only.

    With the installation `key`, each preview also carries the value's keyed hash (the
    allowlist's HMAC): the security office can allowlist a finding that is meant to be
    public, such as the office number in every page footer, without the value itself.
    """
    from mamori.pii import Status, allowlist_entry

    if result.status != Status.OK:
        return ScanOutcome(status=UNSCANNABLE, error=result.error or "unscannable")
    edm = result.summary.edm
    return ScanOutcome(
        status=FINDINGS if result.findings else CLEAN,
        findings=len(result.findings),
        by_type=dict(result.summary.by_type),
        persons=result.summary.persons,
        households=result.summary.households,
        real_persons=edm.real_persons if edm is not None else None,
        real_households=edm.real_households if edm is not None else None,
        fictitious=bool(edm and edm.all_fictitious),
        previews=tuple(
            Preview(
                type=f.type,
                preview=mask(f.text),
                page=f.location.page,
                sheet=f.location.sheet,
                cell=f.location.cell,
                hash=allowlist_entry(key, f.type, f.text) if key else None,
            )
            for f in result.findings[:MAX_PREVIEWS]
        ),
    )


def _scan_task(scanner: Scanner, path: str, key: bytes | None = None) -> ScanOutcome:
    from mamori.pii import FileResult, Status
    from mamori.pii.extract import extract

    try:
        extracted = extract(path)
    except Exception as err:  # fail closed: an extractor crash is an unscannable file
        return outcome_of(
            FileResult(path=path, status=Status.UNSCANNABLE, error=f"extraction failed: {err}")
        )
    return outcome_of(scanner.scan(extracted), key)


def _failure_reason(failure: Failure) -> str:
    return f"{failure.kind}: {failure.detail}"


def _assign(
    published: list[Published], departments: DepartmentMap
) -> dict[str, tuple[Department, str]]:
    """sha256 → (department, how it was found): prefix, footer, page or none."""
    out: dict[str, tuple[Department, str]] = {}

    def by_prefix(entry: Published) -> Department | None:
        hits = [hit for url in entry.urls if (hit := departments.lookup(url)) is not None]
        if not hits:
            return None
        return max(hits, key=lambda h: (len(h[0]), h[0]))[1]

    page_department: dict[str, Department] = {}
    for entry in published:
        if not entry.is_page:
            continue
        found = by_prefix(entry)
        if found is not None:
            out[entry.sha256] = (found, "prefix")
        elif entry.page is not None and entry.page.department:
            out[entry.sha256] = (departments.named(entry.page.department), "footer")
        else:
            out[entry.sha256] = (UNKNOWN, "none")
        for url in entry.urls:
            page_department[url] = out[entry.sha256][0]
    for entry in published:
        if entry.is_page:
            continue
        found = by_prefix(entry)
        if found is not None:
            out[entry.sha256] = (found, "prefix")
            continue
        votes = Counter(
            page_department[url]
            for url in entry.linked_from
            if page_department.get(url, UNKNOWN) != UNKNOWN
        )
        if votes:
            best = min(votes, key=lambda d: (-votes[d], d.name, d.code or ""))
            out[entry.sha256] = (best, "page")
        else:
            out[entry.sha256] = (UNKNOWN, "none")
    return out


def _scannable(entry: Published, all_files: bool) -> bool:
    return all_files or entry.is_page or entry.suffix not in ASSET_SUFFIXES


def sweep(
    site: Site,
    *,
    init: Callable[[], Scanner],
    departments: DepartmentMap | None = None,
    jobs: int = 1,
    timeout: float | None = None,
    edm: bool = False,
    all_files: bool = False,
    progress: Callable[[int, int], Any] | None = None,
    failure_reason: Callable[[Failure], str] = _failure_reason,
    hash_key: bytes | None = None,
) -> SweepReport:
    """Scan ``site`` and build its report.

    ``init`` builds the Scanner once per worker; ``edm`` records that it matches against
    EDM indexes (real residents are counted). Layout files (CSS, scripts, fonts, images,
    media: ``ASSET_SUFFIXES``) are counted as skipped, never as clean, unless ``all_files``.
    ``progress(done, total)`` is called after each file. ``failure_reason`` words the
    reason of a file whose worker timed out or died. With ``hash_key`` (the installation
    key) each masked preview carries the value's keyed hash.
    """
    published = publish(site)
    assigned = _assign(published, departments or DepartmentMap())
    skipped: Counter[str] = Counter()
    todo: list[Published] = []
    for entry in published:
        if _scannable(entry, all_files):
            todo.append(entry)
        else:
            skipped[entry.suffix or "(none)"] += 1
    paths = [str(entry.paths[0]) for entry in todo]
    files: list[FileEntry] = []
    if paths:
        task = functools.partial(_scan_task, key=hash_key)
        outcomes = run_isolated(paths, init=init, task=task, jobs=jobs, timeout=timeout)
    else:
        init()  # nothing to scan, but a bad rule pack or key is still an error
        outcomes = iter(())
    for done, (entry, (_path, outcome)) in enumerate(zip(todo, outcomes, strict=True), start=1):
        if isinstance(outcome, Failure):
            outcome = ScanOutcome(status=UNSCANNABLE, error=failure_reason(outcome))
        if entry.sha256.startswith("unreadable:"):
            outcome = ScanOutcome(status=UNSCANNABLE, error="unreadable: the file cannot be read")
        department, how = assigned[entry.sha256]
        pages = sorted(entry.urls) if entry.is_page else sorted(entry.linked_from)
        files.append(
            FileEntry(
                sha256=entry.sha256,
                size=entry.size,
                urls=tuple(entry.urls),
                paths=tuple(str(p) for p in entry.paths),
                pages=tuple(pages),
                is_page=entry.is_page,
                title=entry.page.title if entry.page is not None else None,
                department=department,
                department_source=how,
                outcome=outcome,
            )
        )
        if progress is not None:
            progress(done, len(todo))
    return SweepReport(
        files=tuple(files),
        source={"kind": site.kind, "root": site.root, "base_url": site.base_url},
        edm=edm,
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        skipped=dict(skipped),
    )
