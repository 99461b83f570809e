"""Who may manage sign-in locks: the security office (org administrators).

The role decision lives in `mamori_web.org.access`; this module only names the policy
and gives the access function for locks named in request data.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mamori_web.accounts import selectors
from mamori_web.accounts.models import AccountLock
from mamori_web.errors import NotFound, PermissionDenied
from mamori_web.org.access import can_administer_org


def can_manage_locks(user: Any) -> bool:
    """The security office (CISO, 統括, 情報政策 and 個人情報保護 offices)."""
    return can_administer_org(user)


def require_manage_locks(user: Any) -> None:
    if not can_manage_locks(user):
        raise PermissionDenied(_("Only the security office may manage account locks."))


def access_active_lock_by_id(*, user: Any, lock_id: int) -> AccountLock:
    """An active lock for `user` to act on; a missing or ended lock is `NotFound`."""
    require_manage_locks(user)
    try:
        return selectors.locks_active().get(pk=lock_id)
    except AccountLock.DoesNotExist as err:
        raise NotFound from err
