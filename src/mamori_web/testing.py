"""Test factories for the web application (fictitious names only).

`make_world()` builds a small city: two 部, each with two 課, one 係 under the first 課,
one staff member and one user per role, placed so that every role has objects inside and
outside its scope. Tests across apps use it through the `world` fixture in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from mamori_web.org import services as org_services
from mamori_web.org.models import (
    ContractorCompany,
    Department,
    Employment,
    Municipality,
    Role,
    Staff,
)

TEST_PASSWORD = "Kq7!mamori-test-pw"
_counter = itertools.count(1)


@dataclass
class World:
    city: Municipality
    depts: dict[str, Department]
    users: dict[str, Any] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    companies: dict[str, ContractorCompany] = field(default_factory=dict)


def make_user(username: str, **extra: Any) -> Any:
    return get_user_model().objects.create_user(username=username, password=TEST_PASSWORD, **extra)


def make_staff(
    world: World,
    key: str,
    dept: str,
    *,
    employment: str = Employment.REGULAR,
    company: ContractorCompany | None = None,
    with_user: bool = True,
    end: dt.date | None = None,
) -> Staff:
    n = next(_counter)
    user = make_user(f"{key}-{n}") if with_user else None
    staff = org_services.staff_create(
        municipality=world.city,
        staff_id=f"T{n:05d}",
        name=f"試験 太郎{n}",
        department=world.depts[dept],
        employment=employment,
        start=dt.date(2020, 4, 1),
        end=end,
        company=company,
        user=user,
    )
    world.staff[key] = staff
    if user is not None:
        world.users[key] = user
    return staff


def make_world() -> World:
    city = Municipality.objects.create(name="試験市", code="999990", prefecture="試験県")
    d: dict[str, Department] = {}
    c = org_services.department_create
    d["bu_a"] = c(municipality=city, code="A", name="市民部")
    d["ka_a1"] = c(municipality=city, code="A1", name="市民課", parent=d["bu_a"])
    d["kakari_a1"] = c(municipality=city, code="A1a", name="住民記録係", parent=d["ka_a1"])
    d["ka_a2"] = c(municipality=city, code="A2", name="保険年金課", parent=d["bu_a"])
    d["bu_b"] = c(municipality=city, code="B", name="税務部")
    d["ka_b1"] = c(municipality=city, code="B1", name="市民税課", parent=d["bu_b"])
    d["ka_b2"] = c(municipality=city, code="B2", name="資産税課", parent=d["bu_b"])
    world = World(city=city, depts=d)
    world.companies["acme"] = ContractorCompany.objects.create(
        municipality=city, name="試験システム株式会社"
    )
    world.companies["other"] = ContractorCompany.objects.create(
        municipality=city, name="別件サービス株式会社"
    )
    # One user per role; department roles sit in 市民部 / 市民課.
    placements = {
        Role.CISO: "ka_a1",
        Role.SECURITY_DIRECTOR: "ka_a1",
        Role.CSIRT: "ka_a1",
        Role.PRIVACY_OFFICER: "ka_a1",
        Role.IT_OFFICER: "ka_a1",
        Role.DEPT_HEAD: "bu_a",
        Role.SECTION_MANAGER: "ka_a1",
        Role.WHISTLEBLOWING_HANDLER: "ka_a2",
        Role.STAFF: "kakari_a1",
        Role.CONTRACTOR: "ka_a1",
    }
    for role, dept in placements.items():
        company = world.companies["acme"] if role == Role.CONTRACTOR else None
        employment = Employment.CONTRACTOR if company else Employment.REGULAR
        staff = make_staff(world, str(role), dept, employment=employment, company=company)
        department = world.depts[dept] if role in (Role.DEPT_HEAD, Role.SECTION_MANAGER) else None
        org_services.role_assign(user=staff.user, role=role, department=department)
    # Objects to be seen or not: staff in each department, and contractors' people.
    for dept in d:
        make_staff(world, f"plain_{dept}", dept, with_user=False)
    make_staff(
        world,
        "acme_worker",
        "ka_b1",
        employment=Employment.CONTRACTOR,
        company=world.companies["acme"],
        with_user=False,
    )
    make_staff(
        world,
        "other_worker",
        "ka_a1",
        employment=Employment.CONTRACTOR,
        company=world.companies["other"],
        with_user=False,
    )
    return world
