from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from mamori_web.audittrail.models import AuditRecord
from mamori_web.demo.selectors import demo_city_exists, demo_logins
from mamori_web.demo.services import (
    DEFAULT_DEMO_PASSWORD,
    DemoCity,
    DemoCityExists,
    demo_city_create,
    demo_city_plan,
)
from mamori_web.demo.structure import DEMO_CITY_CODE, LOGINS
from mamori_web.demo.tests.conftest import TODAY
from mamori_web.errors import ValidationFailed
from mamori_web.org.models import (
    ContractorCompany,
    Department,
    DepartmentLevel,
    Employment,
    Municipality,
    Role,
    RoleAssignment,
    Staff,
)

pytestmark = pytest.mark.db


def _counts() -> dict[str, int]:
    return {
        "municipalities": Municipality.objects.count(),
        "departments": Department.objects.count(),
        "companies": ContractorCompany.objects.count(),
        "staff": Staff.objects.count(),
        "users": get_user_model().objects.count(),
        "roles": RoleAssignment.objects.count(),
        "audit": AuditRecord.objects.count(),
    }


def test_city_is_fictitious_and_found_by_its_code(demo: DemoCity) -> None:
    assert demo.municipality.code == DEMO_CITY_CODE == "999999"
    assert demo.municipality.prefecture == "架空県"
    assert demo_city_exists()


def test_department_tree_has_the_size_of_a_real_city_hall(demo: DemoCity) -> None:
    levels = Counter(Department.objects.values_list("level", flat=True))
    assert levels[DepartmentLevel.BU] >= 8
    assert levels[DepartmentLevel.KA] >= 30
    sections_with_units = Department.objects.filter(
        level=DepartmentLevel.KA, children__level=DepartmentLevel.KAKARI
    ).distinct()
    assert sections_with_units.count() >= 5
    for name in (
        "総務部",
        "情報政策課",
        "市民課",
        "住民記録係",
        "税務部",
        "教育委員会事務局",
        "選挙管理委員会事務局",
        "会計課",
        "上下水道局",
    ):
        assert Department.objects.filter(name=name).exists(), name
    for dept in Department.objects.all():
        assert isinstance(dept.code, str)
        parent_path = dept.parent.path if dept.parent else "/"
        assert dept.path == f"{parent_path}{dept.pk}/"


def test_staff_size_and_employment_mix(demo: DemoCity) -> None:
    staff = Staff.objects.all()
    total = staff.count()
    assert 280 <= total <= 320
    mix = Counter(staff.values_list("employment", flat=True))
    assert set(mix) == set(Employment.values)
    assert 0.60 <= mix[Employment.REGULAR] / total <= 0.70
    assert 0.20 <= mix[Employment.KAIKEINENDO] / total <= 0.30
    assert 0.03 <= mix[Employment.TEMPORARY] / total <= 0.07
    assert 0.03 <= mix[Employment.CONTRACTOR] / total <= 0.07


def test_staff_ids_names_and_dates(demo: DemoCity) -> None:
    staff = list(Staff.objects.all())
    assert all(re.fullmatch(r"E\d{5}", s.staff_id) for s in staff)
    assert len({s.name for s in staff}) == len(staff)
    assert all(s.name_kana for s in staff)
    assert all(s.start <= TODAY for s in staff)
    years = {s.start.year for s in staff}
    assert max(years) - min(years) >= 20
    left = [s for s in staff if s.end is not None]
    assert 3 <= len(left) <= 10
    assert all(s.start <= s.end < TODAY for s in left if s.end)


def test_contractors_belong_to_fictitious_companies(demo: DemoCity) -> None:
    companies = ContractorCompany.objects.filter(municipality=demo.municipality)
    assert 2 <= companies.count() <= 3
    assert all(c.name.startswith("架空") for c in companies)
    contractors = Staff.objects.filter(employment=Employment.CONTRACTOR)
    assert not contractors.filter(company__isnull=True).exists()
    assert (
        not Staff.objects.exclude(employment=Employment.CONTRACTOR)
        .filter(company__isnull=False)
        .exists()
    )


def test_every_role_has_a_user_linked_to_a_staff_record(demo: DemoCity) -> None:
    for role in Role:
        assert RoleAssignment.objects.filter(role=role).exists(), role
    users = get_user_model().objects.all()
    assert {u.username for u in users} == {spec.username for spec in LOGINS}
    for user in users:
        assert Staff.objects.filter(user=user).exists(), user.username
        assert user.is_active


def test_department_roles_sit_on_the_right_departments(demo: DemoCity) -> None:
    def assigned(username: str, role: Role) -> str:
        a = RoleAssignment.objects.get(user__username=username, role=role)
        assert a.department is not None
        return a.department.name

    assert assigned("shimin-bucho", Role.DEPT_HEAD) == "市民部"
    assert assigned("soumu-bucho", Role.DEPT_HEAD) == "総務部"
    assert assigned("shiminka-kacho", Role.SECTION_MANAGER) == "市民課"
    assert RoleAssignment.objects.filter(
        user__username="soumu-bucho", role=Role.SECURITY_DIRECTOR
    ).exists()
    kaikei = Staff.objects.get(user__username="kaikei-staff")
    assert kaikei.employment == Employment.KAIKEINENDO
    itaku = Staff.objects.get(user__username="itaku")
    assert itaku.company is not None
    assert itaku.company.name == "架空システム株式会社"
    # A department head is the head of their own department's staff record.
    assert Staff.objects.get(user__username="shimin-bucho").department.name == "市民部"


def test_every_write_has_its_audit_record(demo: DemoCity) -> None:
    actions = Counter(AuditRecord.objects.values_list("action", flat=True))
    assert actions["org.staff.create"] == Staff.objects.count()
    assert actions["org.department.create"] == Department.objects.count()
    assert actions["org.role.assign"] == RoleAssignment.objects.count()
    assert actions["demo.user.create"] == get_user_model().objects.count()
    assert actions["demo.city.create"] == 1


def test_second_create_changes_nothing(demo: DemoCity) -> None:
    before = _counts()
    with pytest.raises(DemoCityExists):
        demo_city_create(password=DEFAULT_DEMO_PASSWORD, today=TODAY)
    assert _counts() == before


def test_weak_password_is_refused_and_nothing_is_written(db: None) -> None:
    with pytest.raises(ValidationFailed) as info:
        demo_city_create(password="password", today=TODAY)
    assert info.value.detail
    assert info.value.detail["password"]
    assert not demo_city_exists()
    assert Department.objects.count() == 0


def _created_staff() -> list[tuple[str, str, str, str, dt.date, dt.date | None]]:
    return list(
        Staff.objects.order_by("staff_id").values_list(
            "staff_id", "name", "department__code", "employment", "start", "end"
        )
    )


def test_two_runs_on_fresh_databases_give_the_same_city(db: None) -> None:
    runs = []
    for _ in range(2):
        with transaction.atomic():
            demo_city_create(password=DEFAULT_DEMO_PASSWORD, today=TODAY)
            runs.append(_created_staff())
            transaction.set_rollback(True)
        assert not demo_city_exists()
    assert runs[0] == runs[1]
    assert len(runs[0]) >= 280


def test_plan_is_deterministic_and_names_do_not_move_with_the_date() -> None:
    plan = demo_city_plan(today=TODAY)
    assert plan == demo_city_plan(today=TODAY)
    later = demo_city_plan(today=dt.date(2031, 6, 1))
    assert [(p.name, p.department, p.employment) for p in plan] == [
        (p.name, p.department, p.employment) for p in later
    ]
    other_seed = demo_city_plan(seed=1, today=TODAY)
    assert [p.name for p in plan] != [p.name for p in other_seed]


def test_logins_selector_reports_changed_passwords(demo: DemoCity) -> None:
    logins = demo_logins(password=DEFAULT_DEMO_PASSWORD)
    assert [login.username for login in logins] == [spec.username for spec in LOGINS]
    assert all(login.has_demo_password for login in logins)
    user = demo.users["csirt"]
    user.set_password("Another-Secret-42!")
    user.save()
    changed = {
        lg.username
        for lg in demo_logins(password=DEFAULT_DEMO_PASSWORD)
        if not lg.has_demo_password
    }
    assert changed == {"csirt"}


def test_refused_when_a_demo_username_or_staff_id_is_taken(db: None) -> None:
    get_user_model().objects.create_user(username="ciso", password="Kq7!unrelated-pw")
    with pytest.raises(ValidationFailed) as info:
        demo_city_create(password=DEFAULT_DEMO_PASSWORD, today=TODAY)
    assert info.value.detail == {"in_use": ["ciso"]}
    assert not demo_city_exists()
