"""Who may see and import sweep reports.

- The security office (the city-wide roles of `org.access`) sees every row and imports.
- A department manager (部長, 課長) sees the runs, but only the rows of files mapped to a
  department in their scope (`scope_q` on ``department``); rows of an unknown or unmatched
  department are seen city-wide only.
- Everyone else gets the usual 404, as for the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mamori_web.errors import NotFound, PermissionDenied
from mamori_web.org.access import CITY_WIDE_ROLES, Scope, scope_for, scope_q
from mamori_web.sweep.models import SweepFile, SweepRun

IMPORTER_ROLES = CITY_WIDE_ROLES


def can_read_sweeps(scope: Scope) -> bool:
    return scope.everything or scope.is_department_manager


def require_sweep_reader(*, user: Any) -> Scope:
    """The user's scope; NotFound for a user who may not see sweep reports at all."""
    scope = scope_for(user)
    if not can_read_sweeps(scope):
        raise NotFound
    return scope


def require_sweep_importer(*, user: Any) -> Scope:
    scope = require_sweep_reader(user=user)
    if not scope.has_role(*IMPORTER_ROLES):
        raise PermissionDenied
    return scope


def can_import_sweeps(scope: Scope) -> bool:
    return scope.has_role(*IMPORTER_ROLES)


def sweep_runs_visible(*, user: Any) -> QuerySet[SweepRun]:
    require_sweep_reader(user=user)
    return SweepRun.objects.all()


def access_sweep_run_by_id(*, user: Any, run_id: int) -> SweepRun:
    try:
        return sweep_runs_visible(user=user).get(pk=run_id)
    except SweepRun.DoesNotExist as err:
        raise NotFound from err


def sweep_files_visible(*, scope: Scope, run: SweepRun) -> QuerySet[SweepFile]:
    """The rows of ``run`` that ``scope`` may see."""
    return SweepFile.objects.filter(run=run).filter(scope_q(scope, department="department"))
