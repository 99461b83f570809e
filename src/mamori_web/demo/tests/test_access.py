"""The demo's role assignments give each login the scope DESIGN.md §2 describes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from mamori_web.demo.services import DemoCity
from mamori_web.demo.tests.conftest import TODAY
from mamori_web.org.access import scope_for, staff_visible
from mamori_web.org.models import Department, Staff

pytestmark = pytest.mark.db


def _user(username: str) -> object:
    return get_user_model().objects.get(username=username)


def _subtree(name: str) -> set[int]:
    dept = Department.objects.get(name=name)
    return set(Staff.objects.filter(dept.subtree_q("department__")).values_list("pk", flat=True))


def _visible(username: str) -> set[int]:
    return set(staff_visible(user=_user(username)).values_list("pk", flat=True))


def test_department_head_sees_own_department_only(demo: DemoCity) -> None:
    visible = _visible("shimin-bucho")
    shimin = _subtree("市民部")
    assert len(shimin) > 30
    assert shimin <= visible
    assert not visible & _subtree("税務部")
    assert visible == shimin  # nothing outside 市民部 (the 部長 is inside it too)


def test_section_manager_sees_own_section_and_its_units(demo: DemoCity) -> None:
    visible = _visible("shiminka-kacho")
    assert _subtree("市民課") == visible
    assert _subtree("住民記録係") <= visible
    assert not visible & _subtree("戸籍課")


@pytest.mark.parametrize("username", ["ciso", "soumu-bucho", "csirt", "privacy", "joho"])
def test_city_wide_roles_see_everyone(demo: DemoCity, username: str) -> None:
    assert scope_for(_user(username)).everything
    assert _visible(username) == set(Staff.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("username", ["staff", "kaikei-staff", "rinji-staff", "koeki"])
def test_staff_see_only_themselves(demo: DemoCity, username: str) -> None:
    assert _visible(username) == {Staff.objects.get(user__username=username).pk}


def test_contractor_sees_own_company_only(demo: DemoCity) -> None:
    itaku = Staff.objects.get(user__username="itaku")
    assert _visible("itaku") == set(
        Staff.objects.filter(company=itaku.company).values_list("pk", flat=True)
    )


def test_login_of_a_leaver_sees_nothing(demo: DemoCity) -> None:
    leaver = Staff.objects.get(user__username="taishoku")
    assert leaver.end is not None
    assert leaver.end < TODAY
    assert leaver.user is not None
    assert leaver.user.is_active  # the leftover login: the signal to be found
    assert scope_for(leaver.user, today=TODAY).roles == frozenset()
    assert not _visible("taishoku")
