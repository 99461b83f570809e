"""Who may see and do what in the 公開前チェック, built on `org.access.scope_q`.

=============================  ==========================================================
applicant (any staff member)    their own requests: upload, replace, decide, submit,
                                withdraw, download the approved files
課長 (SECTION_MANAGER)           their department's requests (its 係 too when the
                                assignment says so): read, 差戻し, 承認, download
部長 (DEPT_HEAD)                 their 部 subtree, read-only
security office (city-wide)     every request, read-only
everyone else                   nothing
=============================  ==========================================================

"Missing" and "outside your scope" raise the same `NotFound`; inside the scope, a step
the role may not take raises `PermissionDenied`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mamori_web.errors import NotFound, PermissionDenied
from mamori_web.org.access import scope_for, scope_q
from mamori_web.org.models import Role
from mamori_web.publication.models import ApprovedFile, PublicationFile, PublicationRequest
from mamori_web.scanning.models import ScanFinding

APPROVER_ROLES = frozenset({Role.SECTION_MANAGER})


def requests_visible(*, user: Any) -> QuerySet[PublicationRequest]:
    scope = scope_for(user)
    return PublicationRequest.objects.filter(
        scope_q(scope, department="department", owner="applicant_id")
    )


def requests_approvable(*, user: Any) -> QuerySet[PublicationRequest]:
    """Requests of the departments where `user` is 所属長 (not their own)."""
    scope = scope_for(user, roles=APPROVER_ROLES)
    if not scope.is_department_manager:
        return PublicationRequest.objects.none()
    return PublicationRequest.objects.filter(scope_q(scope, department="department")).exclude(
        applicant_user=user
    )


def access_request_by_id(*, user: Any, request_id: int) -> PublicationRequest:
    try:
        return (
            requests_visible(user=user)
            .select_related("department", "applicant", "applicant_user")
            .get(pk=request_id)
        )
    except PublicationRequest.DoesNotExist as err:
        raise NotFound from err


def access_file_by_id(
    *, user: Any, pub_request: PublicationRequest, file_id: int
) -> PublicationFile:
    try:
        found: PublicationFile = PublicationFile.objects.select_related("job").get(
            pk=file_id, request=pub_request
        )
    except PublicationFile.DoesNotExist as err:
        raise NotFound from err
    return found


def access_finding_by_id(
    *, user: Any, pub_request: PublicationRequest, finding_id: int
) -> ScanFinding:
    """A finding of a file of `pub_request` (which the caller got from an access function)."""
    try:
        return ScanFinding.objects.select_related("job").get(
            pk=finding_id, job__publication_file__request=pub_request
        )
    except ScanFinding.DoesNotExist as err:
        raise NotFound from err


def access_approved_file_by_id(
    *, user: Any, pub_request: PublicationRequest, approved_id: int
) -> ApprovedFile:
    try:
        found: ApprovedFile = ApprovedFile.objects.select_related("file__job").get(
            pk=approved_id, request=pub_request
        )
        return found
    except ApprovedFile.DoesNotExist as err:
        raise NotFound from err


# --- Policies --------------------------------------------------------------------------


def is_applicant(user: Any, pub_request: PublicationRequest) -> bool:
    return bool(user.is_authenticated) and pub_request.applicant_user_id == user.pk


def can_approve(user: Any, pub_request: PublicationRequest) -> bool:
    """The 所属長 (課長) of the request's department, never the applicant themselves."""
    return requests_approvable(user=user).filter(pk=pub_request.pk).exists()


def can_download(user: Any, pub_request: PublicationRequest) -> bool:
    return is_applicant(user, pub_request) or can_approve(user, pub_request)


def can_create(user: Any) -> bool:
    """Anyone with a current staff record may ask for a check (contractors too, for their
    own documents): the request belongs to their department."""
    return scope_for(user).staff_pk is not None


def require_applicant(user: Any, pub_request: PublicationRequest) -> None:
    if not is_applicant(user, pub_request):
        raise PermissionDenied


def require_approver(user: Any, pub_request: PublicationRequest) -> None:
    if not can_approve(user, pub_request):
        raise PermissionDenied


def require_downloader(user: Any, pub_request: PublicationRequest) -> None:
    if not can_download(user, pub_request):
        raise PermissionDenied


def can_view_dashboard(user: Any) -> bool:
    """Everyone who can have requests in scope (the figures are scoped like the lists)."""
    scope = scope_for(user)
    return scope.everything or scope.is_department_manager or scope.staff_pk is not None
