"""Reads for the 公開前チェック pages. The caller has the request from `access`."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from mamori_web.org.access import scope_for, scope_q
from mamori_web.publication.labels import type_class, type_label
from mamori_web.publication.models import (
    ApprovedFile,
    Decision,
    FindingDecision,
    PublicationFile,
    PublicationRequest,
    RequestStatus,
    RequestTransition,
)
from mamori_web.scanning.models import ScanFinding, ScanStatus, Verdict

# Formats `mamori.pii.redact` writes masked copies of; masks on other files (PDF, PPTX,
# ZIP, e-mail …) cannot be honoured: the source must be fixed and the file replaced.
REDACTABLE_SUFFIXES = frozenset(
    {".txt", ".md", ".csv", ".tsv", ".json", ".html", ".htm", ".docx", ".xlsx"}
)


def is_redactable(filename: str) -> bool:
    return PurePath(filename).suffix.lower() in REDACTABLE_SUFFIXES


def current_files(pub_request: PublicationRequest) -> list[PublicationFile]:
    """The files that count: every file not replaced by another."""
    return list(
        PublicationFile.objects.filter(request=pub_request, replaced_by__isnull=True)
        .select_related("job")
        .order_by("id")
    )


def latest_decisions(pub_request: PublicationRequest) -> dict[int, FindingDecision]:
    """The decision that counts for each finding: the latest one recorded."""
    latest: dict[int, FindingDecision] = {}
    for d in FindingDecision.objects.filter(request=pub_request).select_related("decided_by"):
        latest[d.finding_id] = d  # ordered by id: later ones win
    return latest


def latest_decision_kinds(pub_request: PublicationRequest) -> dict[int, str]:
    """finding id → the decision that counts (light: for counting and marking)."""
    latest: dict[int, str] = {}
    for finding_id, decision in (
        FindingDecision.objects.filter(request=pub_request)
        .order_by("id")
        .values_list("finding_id", "decision")
    ):
        latest[finding_id] = decision
    return latest


def decisions_for(
    pub_request: PublicationRequest, finding_ids: list[int]
) -> dict[int, FindingDecision]:
    """The decisions that count for some findings (full records, for showing them)."""
    latest: dict[int, FindingDecision] = {}
    for d in FindingDecision.objects.filter(
        request=pub_request, finding_id__in=finding_ids
    ).select_related("decided_by"):
        latest[d.finding_id] = d
    return latest


@dataclass
class FileState:
    file: PublicationFile
    findings: int = 0
    resolved: int = 0
    masks: int = 0
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def job(self) -> Any:
        return self.file.job

    @property
    def scanned(self) -> bool:
        return bool(self.job.status == ScanStatus.DONE)

    @property
    def unscannable(self) -> bool:
        return self.scanned and self.job.verdict == Verdict.UNSCANNABLE

    @property
    def redactable(self) -> bool:
        return is_redactable(self.job.filename)

    @property
    def blocked_by_mask(self) -> bool:
        """Masks chosen on a file no masked copy can be made of (PDF …)."""
        return self.masks > 0 and not self.redactable

    @property
    def persons(self) -> int:
        return int(self.job.summary.get("persons") or 0)

    @property
    def households(self) -> int:
        return int(self.job.summary.get("households") or 0)


@dataclass
class Readiness:
    files: list[FileState]

    @property
    def total(self) -> int:
        return len(self.files)

    @property
    def scanned(self) -> int:
        return sum(f.scanned for f in self.files)

    @property
    def scanning(self) -> bool:
        return self.scanned < self.total

    @property
    def findings(self) -> int:
        return sum(f.findings for f in self.files)

    @property
    def unresolved(self) -> int:
        return sum(f.findings - f.resolved for f in self.files)

    @property
    def unscannable(self) -> list[FileState]:
        return [f for f in self.files if f.unscannable]

    @property
    def mask_blocked(self) -> list[FileState]:
        return [f for f in self.files if f.blocked_by_mask]

    @property
    def persons(self) -> int:
        return sum(f.persons for f in self.files)

    @property
    def households(self) -> int:
        return sum(f.households for f in self.files)

    @property
    def by_type(self) -> list[tuple[str, str, str, int]]:
        """(type, label, css class, count), most frequent first."""
        counts: Counter[str] = Counter()
        for f in self.files:
            counts.update(f.by_type)
        return [(t, type_label(t), type_class(t), n) for t, n in counts.most_common()]

    @property
    def blockers(self) -> list[str]:
        """Machine-readable reasons the request cannot be submitted yet."""
        out = []
        if not self.files:
            out.append("no_files")
        if self.scanning:
            out.append("scanning")
        if self.unscannable:
            out.append("unscannable")
        if self.unresolved:
            out.append("unresolved")
        if self.mask_blocked:
            out.append("mask_not_possible")
        return out

    @property
    def ready(self) -> bool:
        return not self.blockers


def request_readiness(pub_request: PublicationRequest) -> Readiness:
    files = current_files(pub_request)
    decisions = latest_decision_kinds(pub_request)
    states = []
    for f in files:
        state = FileState(file=f)
        by_type: Counter[str] = Counter()
        for finding_id, finding_type in ScanFinding.objects.filter(job=f.job).values_list(
            "id", "type"
        ):
            state.findings += 1
            by_type[finding_type] += 1
            decision = decisions.get(finding_id)
            if decision is not None:
                state.resolved += 1
                state.masks += decision == Decision.MASK
        state.by_type = dict(by_type)
        states.append(state)
    return Readiness(files=states)


def request_list(*, queryset: QuerySet[PublicationRequest], status: str = "") -> Any:
    qs = queryset.select_related("department", "applicant")
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        file_count=Count("files", filter=Q(files__replaced_by__isnull=True), distinct=True)
    ).order_by("-created_at", "-id")


def transitions(pub_request: PublicationRequest) -> QuerySet[RequestTransition]:
    return RequestTransition.objects.filter(request=pub_request).order_by("at", "id")


def approval(pub_request: PublicationRequest) -> RequestTransition | None:
    return (
        RequestTransition.objects.filter(request=pub_request, to_status=RequestStatus.APPROVED)
        .select_related("actor")
        .last()
    )


def approved_files(pub_request: PublicationRequest) -> list[ApprovedFile]:
    return list(
        ApprovedFile.objects.filter(request=pub_request)
        .select_related("file__job")
        .annotate(download_count=Count("downloads"))
        .order_by("id")
    )


@dataclass
class FindingRow:
    finding: ScanFinding
    label: str
    css: str
    decision: FindingDecision | None


def finding_rows(
    pub_file: PublicationFile, decisions: dict[int, FindingDecision], *, finding_type: str = ""
) -> list[FindingRow]:
    qs = ScanFinding.objects.filter(job=pub_file.job).order_by("index")
    if finding_type:
        qs = qs.filter(type=finding_type)
    return [FindingRow(f, type_label(f.type), type_class(f.type), decisions.get(f.pk)) for f in qs]


@dataclass(frozen=True)
class Mark:
    """What the review text needs of a finding (no model instance: 20,000+ per sheet)."""

    pk: int
    type: str
    start: int
    end: int
    label: str
    css: str
    decision: str  # "" while undecided


def finding_marks(pub_file: PublicationFile, decisions: dict[int, str]) -> list[Mark]:
    return [
        Mark(pk, t, start, end, type_label(t), type_class(t), decisions.get(pk, ""))
        for pk, t, start, end in ScanFinding.objects.filter(job=pub_file.job)
        .order_by("index")
        .values_list("pk", "type", "start", "end")
    ]


def rows_of(findings: list[ScanFinding], decisions: dict[int, FindingDecision]) -> list[FindingRow]:
    return [
        FindingRow(f, type_label(f.type), type_class(f.type), decisions.get(f.pk)) for f in findings
    ]


def check_record_rows(
    pub_request: PublicationRequest,
) -> list[tuple[PublicationFile, list[FindingRow]]]:
    decisions = latest_decisions(pub_request)
    return [(f, finding_rows(f, decisions)) for f in current_files(pub_request)]


def closed_at(pub_request: PublicationRequest) -> dt.datetime | None:
    """When the request was closed: withdrawn; or approved, when every approved file was
    downloaded at least once (the applicant has what they need) — and at the approval
    itself while some file was not, so that originals nobody fetches are not kept for
    ever (the retention then also ends the masked copies). None while open."""
    if pub_request.status == RequestStatus.WITHDRAWN:
        last = transitions(pub_request).filter(to_status=RequestStatus.WITHDRAWN).last()
        return None if last is None else last.at
    if pub_request.status != RequestStatus.APPROVED:
        return None
    approved_by = approval(pub_request)
    firsts: list[dt.datetime] = []
    for approved in ApprovedFile.objects.filter(request=pub_request):
        first = approved.downloads.order_by("at").first()
        if first is None:
            return None if approved_by is None else approved_by.at
        firsts.append(first.at)
    if not firsts:
        return None if approved_by is None else approved_by.at
    return max(firsts)


# --- Dashboard ---------------------------------------------------------------------------


@dataclass
class Dashboard:
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    by_department: list[dict[str, Any]]  # department name + count per status
    statuses: list[tuple[str, str]]
    months: list[tuple[str, list[tuple[str, int]]]]  # ("2025-04", [(type label, count)])
    failed: list[PublicationFile]
    total: int


def dashboard(*, user: Any, months: int = 12, today: dt.date | None = None) -> Dashboard:
    """Requests by status and department, findings by type per month, unscannable files —
    all within `user`'s scope."""
    scope = scope_for(user)
    visible = PublicationRequest.objects.filter(
        scope_q(scope, department="department", owner="applicant_id")
    )
    statuses = [(str(v), str(label)) for v, label in RequestStatus.choices]
    counts = Counter(dict(visible.values_list("status").annotate(n=Count("id")).order_by()))
    by_status = [(v, label, counts.get(v, 0)) for v, label in statuses]
    per_dept: dict[str, dict[str, Any]] = {}
    for name, status, n in (
        visible.values_list("department__name", "status").annotate(n=Count("id")).order_by()
    ):
        row = per_dept.setdefault(name, {"department": name, "counts": Counter(), "total": 0})
        row["counts"][status] += n
        row["total"] += n
    by_department = [
        {
            "department": r["department"],
            "cells": [r["counts"].get(v, 0) for v, _l in statuses],
            "total": r["total"],
        }
        for r in sorted(per_dept.values(), key=lambda r: (-r["total"], r["department"]))
    ]
    today = today or timezone.localdate()
    since = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    findings = (
        ScanFinding.objects.filter(
            job__publication_file__request__in=visible,
            job__publication_file__replaced_by__isnull=True,
            job__created_at__date__gte=since,
        )
        .annotate(month=TruncMonth("job__created_at"))
        .values_list("month", "type")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_month: dict[str, Counter[str]] = defaultdict(Counter)
    for month, finding_type, n in findings:
        key = f"{month:%Y-%m}"  # TruncMonth works in the current time zone (JST)
        per_month[key][finding_type] += n
    month_rows = [
        (key, [(type_label(t), n) for t, n in per_month[key].most_common()])
        for key in sorted(per_month, reverse=True)
    ]
    failed = list(
        PublicationFile.objects.filter(
            request__in=visible,
            replaced_by__isnull=True,
            job__verdict=Verdict.UNSCANNABLE,
        )
        .select_related("job", "request__department")
        .order_by("-job__created_at")[:50]
    )
    return Dashboard(
        by_status=by_status,
        by_department=by_department,
        statuses=statuses,
        months=month_rows,
        failed=failed,
        total=sum(counts.values()),
    )


def portal_card(*, user: Any) -> dict[str, int] | None:
    """The 公開前チェック card of the portal dashboard: open requests in scope, own open
    requests, and requests awaiting the user's approval."""
    from mamori_web.publication import access

    if not access.can_view_dashboard(user):
        return None
    visible = access.requests_visible(user=user)
    open_statuses = [RequestStatus.REVIEW, RequestStatus.RETURNED, RequestStatus.SUBMITTED]
    return {
        "open": visible.filter(status__in=open_statuses).count(),
        "mine": visible.filter(applicant_user=user, status__in=open_statuses).count(),
        "awaiting": access.requests_approvable(user=user)
        .filter(status=RequestStatus.SUBMITTED)
        .count(),
        "unscannable": PublicationFile.objects.filter(
            request__in=visible.filter(status__in=open_statuses),
            replaced_by__isnull=True,
            job__verdict=Verdict.UNSCANNABLE,
        ).count(),
    }
