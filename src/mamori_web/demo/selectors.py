"""Reading the demo city: whether it exists, and its logins for `demo_city --show-logins`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password

from mamori_web.demo.structure import DEMO_CITY_CODE, LOGINS
from mamori_web.org.models import Department, Municipality, Role, RoleAssignment, Staff

_ROLE_ORDER = {role: index for index, role in enumerate(Role)}
_LOGIN_ORDER = {spec.username: index for index, spec in enumerate(LOGINS)}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    roles: tuple[Role, ...]
    department: str  # the full name, e.g. "市民部 市民課 住民記録係"
    employment: str
    company: str  # contractor company name, or ""
    end: dt.date | None  # end of employment of the person behind the login
    active: bool  # the login's is_active
    has_demo_password: bool  # False once the password was changed


def demo_city_exists() -> bool:
    """The demo city is recognised by its local government code (999999)."""
    return Municipality.objects.filter(code=DEMO_CITY_CODE).exists()


def demo_logins(*, password: str) -> list[DemoLogin]:
    """The logins of the demo city's staff, in the order of `structure.LOGINS`.

    `has_demo_password` says whether the login still has `password`. The demo logins are
    created with one shared hash, so this costs one password check per distinct hash.
    """
    city = Municipality.objects.filter(code=DEMO_CITY_CODE).first()
    if city is None:
        return []
    names = dict(Department.objects.filter(municipality=city).values_list("pk", "name"))
    staff = list(
        Staff.objects.filter(municipality=city, user__isnull=False).select_related(
            "user", "department", "company"
        )
    )
    roles: dict[int, list[Role]] = {}
    for user_id, role in RoleAssignment.objects.filter(
        user__in=[s.user_id for s in staff]
    ).values_list("user_id", "role"):
        roles.setdefault(user_id, []).append(Role(role))
    checked = {h: check_password(password, h) for h in {s.user.password for s in staff if s.user}}
    logins = []
    for s in staff:
        assert s.user is not None
        assert s.user_id is not None
        path_ids = [int(pk) for pk in s.department.path.strip("/").split("/")]
        logins.append(
            DemoLogin(
                username=s.user.username,
                roles=tuple(sorted(roles.get(s.user_id, []), key=_ROLE_ORDER.__getitem__)),
                department=" ".join(names[pk] for pk in path_ids if pk in names),
                employment=s.employment,
                company=s.company.name if s.company else "",
                end=s.end,
                active=s.user.is_active,
                has_demo_password=checked[s.user.password],
            )
        )
    logins.sort(key=lambda login: (_LOGIN_ORDER.get(login.username, len(LOGINS)), login.username))
    return logins
