"""A department head sees their own department only, in the browser as in the tests below.

`make_world()` puts the 部長 (情報セキュリティ責任者) over 市民部 and the 課長
(情報セキュリティ管理者) over 市民課; 税務部 and 保険年金課 are someone else's.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e._browser import login

MISSING_PK = 987_654


def _not_found_page(page: Any, url: str) -> tuple[int, str]:
    response = page.goto(url)
    assert response is not None
    return response.status, page.locator("main").inner_text()


@pytest.mark.parametrize(
    ("role", "own", "foreign"),
    [
        ("dept_head", "plain_ka_a2", "plain_ka_b1"),  # 市民部長: 保険年金課 yes, 市民税課 no
        ("section_manager", "plain_kakari_a1", "plain_ka_a2"),  # 市民課長: 係 yes, 保険年金課 no
    ],
)
def test_another_departments_staff_page_is_the_same_404_as_a_missing_one(
    page: Any, e2e_world: Any, role: str, own: str, foreign: str
) -> None:
    login(page, e2e_world.users[role])
    mine = e2e_world.staff[own]
    response = page.goto(f"/org/staff/{mine.pk}/")
    assert response is not None
    assert response.status == 200
    assert page.get_by_text(mine.name).first.is_visible()

    other = e2e_world.staff[foreign]
    foreign_status, foreign_text = _not_found_page(page, f"/org/staff/{other.pk}/")
    missing_status, missing_text = _not_found_page(page, f"/org/staff/{MISSING_PK}/")
    assert foreign_status == missing_status == 404
    assert foreign_text == missing_text  # nothing tells that the record exists
    assert "ページが見つかりません" in foreign_text
    assert other.name not in foreign_text
    assert other.department.name not in foreign_text


def test_a_department_head_lists_only_their_department(
    page: Any, e2e_world: Any, shoot: Any
) -> None:
    login(page, e2e_world.users["dept_head"])
    page.goto("/org/staff/")
    table = page.locator("table").first.inner_text()
    for key in ("plain_bu_a", "plain_ka_a1", "plain_kakari_a1", "plain_ka_a2"):
        assert e2e_world.staff[key].staff_id in table
    for key in ("plain_bu_b", "plain_ka_b1", "plain_ka_b2", "acme_worker"):
        assert e2e_world.staff[key].staff_id not in table
        assert e2e_world.staff[key].name not in table
    assert "税務部" not in table
    shoot(page, "10-staff-list-dept-head")

    # the department filter offers the head's own departments only
    options = page.locator("select option").all_inner_texts()
    assert any("市民課" in o for o in options)
    assert not any(n in o for o in options for n in ("税務部", "市民税課", "資産税課"))

    # the department tree too
    page.goto("/org/")
    tree = page.locator("main").inner_text()
    assert "市民部" in tree
    assert "保険年金課" in tree
    assert "税務部" not in tree
    assert "市民税課" not in tree
    shoot(page, "11-departments-dept-head")

    # the dashboard counts its own staff only
    page.goto("/")
    dashboard = page.locator("main").inner_text()
    assert "税務部" not in dashboard
    shoot(page, "12-dashboard-dept-head")


def test_a_staff_member_sees_only_their_own_record(page: Any, e2e_world: Any) -> None:
    login(page, e2e_world.users["staff"])
    own = e2e_world.staff["staff"]
    assert page.goto(f"/org/staff/{own.pk}/").status == 200  # type: ignore[union-attr]
    colleague = e2e_world.staff["plain_kakari_a1"]  # the same 係, but not theirs
    assert page.goto(f"/org/staff/{colleague.pk}/").status == 404  # type: ignore[union-attr]
