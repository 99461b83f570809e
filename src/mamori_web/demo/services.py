"""Creating the demo city: a fictitious municipality of real size, with demo logins per role.

`demo_city_plan` decides everything (who works where, employment, dates, names) from a seed
and a date, without touching the database; `demo_city_create` writes the plan through the
org services in one transaction, so every department, staff record and role assignment has
its audit record. Names, departments and employment depend on the seed only; dates are
placed relative to the fiscal year of `today`, so that "left last year" stays in the past.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, Final

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mamori import FiscalYear, fiscal_year_of
from mamori_web.audittrail.services import audit_record
from mamori_web.demo.names import pick_names
from mamori_web.demo.selectors import demo_city_exists
from mamori_web.demo.structure import (
    COMPANIES,
    DEMO_CITY_CODE,
    DEMO_CITY_NAME,
    DEMO_PREFECTURE,
    EMPLOYMENT_SHARES,
    LOGINS,
    all_departments,
)
from mamori_web.errors import InvalidTransition, ValidationFailed
from mamori_web.org import services as org_services
from mamori_web.org.models import (
    ContractorCompany,
    Department,
    DepartmentLevel,
    Employment,
    Municipality,
    Staff,
)

DEMO_SEED: Final = 20260401
# Shared by every demo login; meets AUTH_PASSWORD_VALIDATORS (length, classes, not common).
DEFAULT_DEMO_PASSWORD: Final = "Minato-Mamori-Demo-7!"

# How many people of each employment type have left (end of employment in the past).
_LEAVERS: Final = {
    Employment.REGULAR: 3,
    Employment.KAIKEINENDO: 1,
    Employment.TEMPORARY: 1,
    Employment.CONTRACTOR: 1,
}
_KAIKEINENDO_SINCE: Final = 2020  # 会計年度任用職員制度 began in 令和2年度


class DemoCityExists(InvalidTransition):
    default_message = _("The demo city already exists.")


@dataclass(frozen=True)
class PlannedStaff:
    staff_id: str
    name: str
    name_kana: str
    department: str  # department code
    employment: str
    start: dt.date
    end: dt.date | None
    head: bool  # 部長 or 課長 of `department`
    company: str | None = None  # key in COMPANIES
    username: str | None = None


@dataclass
class DemoCity:
    """What `demo_city_create` wrote."""

    municipality: Municipality
    departments: dict[str, Department] = field(default_factory=dict)  # by code
    companies: dict[str, ContractorCompany] = field(default_factory=dict)  # by key
    staff: list[Staff] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)  # by username


@dataclass
class _Slot:
    department: str
    head: bool
    employment: str | None = None
    company: str | None = None
    username: str | None = None
    end: dt.date | None = None


def _slots() -> list[_Slot]:
    """One slot per person: the head of each 部 and 課, its members, contractors' people."""
    slots: list[_Slot] = []
    for placed in all_departments():
        dept = placed.dept
        if placed.level != DepartmentLevel.KAKARI:
            slots.append(_Slot(dept.code, head=True, employment=Employment.REGULAR))
        slots.extend(_Slot(dept.code, head=False) for _ in range(dept.members))
        for company, people in dept.contractors:
            slots.extend(
                _Slot(dept.code, head=False, employment=Employment.CONTRACTOR, company=company)
                for _ in range(people)
            )
    return slots


def _place_logins(slots: list[_Slot], fy: FiscalYear) -> None:
    for spec in LOGINS:
        slot = next(
            (
                s
                for s in slots
                if s.department == spec.dept
                and s.head == spec.head
                and s.company == spec.company
                and s.username is None
            ),
            None,
        )
        if slot is None:
            raise ValueError(f"no free position in {spec.dept} for the login {spec.username}")
        slot.username = spec.username
        slot.employment = spec.employment
        if spec.left_years_ago is not None:
            slot.end = FiscalYear(fy.year - spec.left_years_ago).end


def _assign_employment(rng: random.Random, slots: list[_Slot]) -> None:
    """Fill the open slots so that the whole city matches EMPLOYMENT_SHARES."""
    open_slots = [s for s in slots if s.employment is None]
    pool: list[str] = []
    for employment, share in EMPLOYMENT_SHARES.items():
        already = sum(s.employment == employment for s in slots)
        pool += [employment] * max(0, round(share * len(slots)) - already)
    pool += [Employment.REGULAR] * (len(open_slots) - len(pool))
    rng.shuffle(pool)
    for slot, employment in zip(open_slots, pool, strict=True):
        slot.employment = employment


def _choose_leavers(rng: random.Random, slots: list[_Slot], fy: FiscalYear) -> None:
    last, before_last = fy.previous(), fy.previous().previous()
    ends: dict[str, list[dt.date]] = {
        Employment.REGULAR: [last.end, before_last.end, dt.date(last.year, 9, 30)],
        Employment.KAIKEINENDO: [last.end],
        Employment.TEMPORARY: [last.end],
        Employment.CONTRACTOR: [dt.date(last.year, 12, 31)],
    }
    for employment, count in _LEAVERS.items():
        candidates = [
            s
            for s in slots
            if s.employment == employment and not s.head and s.username is None and s.end is None
        ]
        for slot, end in zip(rng.sample(candidates, count), ends[employment], strict=True):
            slot.end = end


def _start(rng: random.Random, slot: _Slot, today: dt.date) -> dt.date:
    """The start of employment; never after the end (or `today` for those still here)."""
    ref = slot.end or today
    year = fiscal_year_of(ref).year
    if slot.head:
        start = dt.date(rng.randint(year - 37, year - 27), 4, 1)
    elif slot.employment == Employment.REGULAR:
        if rng.random() < 0.1:  # mid-career hire
            start = dt.date(rng.randint(year - 20, year - 1), 10, 1)
        else:
            start = dt.date(rng.randint(year - 35, year), 4, 1)
    elif slot.employment == Employment.KAIKEINENDO:
        start = dt.date(rng.randint(min(max(_KAIKEINENDO_SINCE, year - 6), year), year), 4, 1)
    elif slot.employment == Employment.TEMPORARY:
        first = FiscalYear(year).start
        start = first + dt.timedelta(days=rng.randint(0, (ref - first).days))
    else:  # contractor: when the contract or the person's assignment began
        start = dt.date(rng.randint(year - 5, year), rng.choice((4, 10)), 1)
    return min(start, ref)


def demo_city_plan(*, seed: int = DEMO_SEED, today: dt.date) -> list[PlannedStaff]:
    """Everyone in the demo city, in staff-id order. Pure: no database access."""
    rng = random.Random(seed)
    fy = fiscal_year_of(today)
    slots = _slots()
    _place_logins(slots, fy)
    _assign_employment(rng, slots)
    names = pick_names(rng, len(slots))
    _choose_leavers(rng, slots, fy)
    planned = []
    for number, (slot, (name, kana)) in enumerate(zip(slots, names, strict=True), start=1):
        assert slot.employment is not None
        planned.append(
            PlannedStaff(
                staff_id=f"E{number:05d}",
                name=name,
                name_kana=kana,
                department=slot.department,
                employment=slot.employment,
                start=_start(rng, slot, today),
                end=slot.end,
                head=slot.head,
                company=slot.company,
                username=slot.username,
            )
        )
    return planned


def _check_password(password: str, users: list[Any]) -> None:
    try:
        validate_password(password)
        for user in users:
            validate_password(password, user=user)
    except DjangoValidationError as err:
        raise ValidationFailed(
            _("The demo password does not meet the password policy."),
            detail={"password": list(err.messages)},
        ) from err


def _check_free(*, usernames: list[str], staff_ids: list[str]) -> None:
    """Refuse, rather than fail half-way, when another city already uses the demo's ids."""
    taken = sorted(
        get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    taken += sorted(Staff.objects.filter(staff_id__in=staff_ids).values_list("staff_id", flat=True))
    if taken:
        raise ValidationFailed(
            _("The demo city needs usernames and staff ids that are already in use."),
            detail={"in_use": taken},
        )


@transaction.atomic
def demo_city_create(
    *,
    password: str,
    seed: int = DEMO_SEED,
    today: dt.date | None = None,
    actor: Any = None,
) -> DemoCity:
    """Create the demo city with one login per entry of `structure.LOGINS`, all sharing
    `password`. Raises `DemoCityExists` when it is there already, and `ValidationFailed`
    when the password does not meet the password policy or a demo username or staff id is
    in use; nothing is written then.
    """
    if demo_city_exists():
        raise DemoCityExists
    plan = demo_city_plan(seed=seed, today=today or timezone.localdate())
    user_model = get_user_model()
    new_users = {
        p.username: user_model(username=p.username, display_name=p.name)
        for p in plan
        if p.username is not None
    }
    _check_password(password, list(new_users.values()))
    _check_free(usernames=list(new_users), staff_ids=[p.staff_id for p in plan])

    city = Municipality.objects.create(
        name=DEMO_CITY_NAME, code=DEMO_CITY_CODE, prefecture=DEMO_PREFECTURE
    )
    audit_record(
        actor=actor,
        action="demo.city.create",
        obj=city,
        detail={"code": DEMO_CITY_CODE, "seed": seed},
    )
    created = DemoCity(municipality=city)
    for placed in all_departments():
        created.departments[placed.dept.code] = org_services.department_create(
            municipality=city,
            code=placed.dept.code,
            name=placed.dept.name,
            parent=created.departments[placed.parent] if placed.parent else None,
            level=placed.level,
            actor=actor,
        )
    for key, company_name in COMPANIES.items():
        company = ContractorCompany.objects.create(municipality=city, name=company_name)
        audit_record(
            actor=actor, action="demo.contractor.create", obj=company, detail={"name": company_name}
        )
        created.companies[key] = company
    # One hash for the shared password: hashing it per user would cost a second each.
    hashed = make_password(password)
    for username, user in new_users.items():
        user.password = hashed
        user.save()
        audit_record(
            actor=actor, action="demo.user.create", obj=user, detail={"username": username}
        )
        created.users[username] = user
    for p in plan:
        created.staff.append(
            org_services.staff_create(
                municipality=city,
                staff_id=p.staff_id,
                name=p.name,
                name_kana=p.name_kana,
                department=created.departments[p.department],
                employment=p.employment,
                start=p.start,
                end=p.end,
                company=created.companies[p.company] if p.company else None,
                user=created.users.get(p.username) if p.username else None,
                actor=actor,
            )
        )
    for spec in LOGINS:
        for role, dept_code in spec.roles:
            org_services.role_assign(
                user=created.users[spec.username],
                role=role,
                department=created.departments[dept_code] if dept_code else None,
                actor=actor,
            )
    return created
