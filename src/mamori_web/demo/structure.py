"""The shape of the demo city as data: its municipality, departments, contractors and logins.

The organisation follows a typical Japanese city hall of modest size: 12 部 (市長公室 … 教育委員会
事務局), 39 課 (two of them, 会計課 and 選挙管理委員会事務局, stand on their own outside any 部, as
in most cities) and 係 under the larger 課. `members` is the number of people placed in a
department besides its head (部長 or 課長); `contractors` places contractors' people there.

Department codes are strings: 部 two digits, 課 four, 係 six; the independent 課 use 99xx.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from mamori_web.org.models import DepartmentLevel, Employment, Role

# 全国地方公共団体コード: the first two digits are the prefecture (01–47), so 99xxxx is not
# assigned to any real local government and cannot be confused with one.
DEMO_CITY_CODE: Final = "999999"
DEMO_CITY_NAME: Final = "みなと守市"
DEMO_PREFECTURE: Final = "架空県"

# Share of each employment type among all staff (contractors are placed by the table below).
EMPLOYMENT_SHARES: Final[dict[str, float]] = {
    Employment.KAIKEINENDO: 0.25,
    Employment.TEMPORARY: 0.05,
}


@dataclass(frozen=True)
class Dept:
    code: str
    name: str
    members: int = 0
    children: tuple[Dept, ...] = ()
    contractors: tuple[tuple[str, int], ...] = ()  # (company key, people)
    level: str | None = None  # only for a 課 that stands outside any 部


def _bu(code: str, name: str, *children: Dept, members: int = 0) -> Dept:
    return Dept(code, name, members=members, children=children)


def _ka(
    code: str,
    name: str,
    members: int = 0,
    *kakari: Dept,
    contractors: tuple[tuple[str, int], ...] = (),
) -> Dept:
    return Dept(code, name, members=members, children=kakari, contractors=contractors)


def _kakari(
    code: str, name: str, members: int, contractors: tuple[tuple[str, int], ...] = ()
) -> Dept:
    return Dept(code, name, members=members, contractors=contractors)


DEPARTMENTS: Final[tuple[Dept, ...]] = (
    # The 副市長 (CISO) is placed in 市長公室 itself.
    _bu("00", "市長公室", _ka("0001", "秘書課", 3), _ka("0002", "広報広聴課", 4), members=1),
    _bu(
        "01",
        "総務部",
        _ka(
            "0101", "総務課", 0, _kakari("010101", "文書法制係", 4), _kakari("010102", "庶務係", 3)
        ),
        _ka(
            "0102", "人事課", 0, _kakari("010201", "人事係", 3), _kakari("010202", "給与厚生係", 3)
        ),
        _ka(
            "0103",
            "情報政策課",
            0,
            _kakari("010301", "情報システム係", 4, contractors=(("system", 6),)),
            _kakari("010302", "情報セキュリティ係", 3),
        ),
        _ka("0104", "危機管理課", 4),
    ),
    _bu(
        "02",
        "企画財政部",
        _ka("0201", "企画課", 4),
        _ka("0202", "財政課", 4),
        _ka("0203", "契約課", 3),
    ),
    _bu(
        "03",
        "市民部",
        _ka(
            "0301",
            "市民課",
            0,
            _kakari("030101", "住民記録係", 7, contractors=(("counter", 5),)),
            _kakari("030102", "証明発行係", 8),
        ),
        _ka("0302", "戸籍課", 5),
        _ka(
            "0303",
            "保険年金課",
            0,
            _kakari("030301", "国民健康保険係", 6),
            _kakari("030302", "国民年金係", 4),
        ),
        _ka("0304", "市民協働課", 3),
    ),
    _bu(
        "04",
        "税務部",
        _ka("0401", "市民税課", 7, contractors=(("data", 2),)),
        _ka("0402", "資産税課", 6),
        _ka(
            "0403",
            "納税課",
            0,
            _kakari("040301", "収納係", 4, contractors=(("data", 2),)),
            _kakari("040302", "徴収係", 5),
        ),
    ),
    _bu(
        "05",
        "福祉部",
        _ka("0501", "福祉総務課", 4),
        _ka("0502", "障害福祉課", 6),
        _ka(
            "0503",
            "生活支援課",
            0,
            _kakari("050301", "保護係", 7),
            _kakari("050302", "自立支援係", 4),
        ),
        _ka(
            "0504",
            "高齢介護課",
            0,
            _kakari("050401", "高齢福祉係", 5),
            _kakari("050402", "介護保険係", 6),
        ),
    ),
    _bu(
        "06",
        "こども未来部",
        _ka("0601", "子育て支援課", 7),
        _ka("0602", "保育課", 9),
        _ka("0603", "こども家庭相談課", 5),
    ),
    _bu("07", "健康部", _ka("0701", "健康推進課", 7), _ka("0702", "保健予防課", 6)),
    _bu("08", "環境部", _ka("0801", "環境政策課", 4), _ka("0802", "ごみ対策課", 6)),
    _bu(
        "09",
        "都市整備部",
        _ka("0901", "都市計画課", 5),
        _ka("0902", "道路課", 6),
        _ka("0903", "建築指導課", 5),
    ),
    _bu(
        "10",
        "上下水道局",
        _ka("1001", "経営総務課", 5),
        _ka("1002", "水道工務課", 6),
        _ka("1003", "下水道課", 5),
    ),
    _bu(
        "11",
        "教育委員会事務局",
        _ka("1101", "教育総務課", 4),
        _ka("1102", "学務課", 5),
        _ka("1103", "学校教育課", 6),
        _ka("1104", "生涯学習課", 5),
    ),
    Dept("9901", "会計課", members=5, level=DepartmentLevel.KA),
    Dept("9902", "選挙管理委員会事務局", members=3, level=DepartmentLevel.KA),
)

# Contractor companies (fictitious; no 法人番号 is given, so none can match a real one).
COMPANIES: Final[dict[str, str]] = {
    "system": "架空システム株式会社",
    "counter": "架空窓口サービス株式会社",
    "data": "架空データ入力株式会社",
}


@dataclass(frozen=True)
class LoginSpec:
    """A demo login: where its staff record sits and which roles it holds.

    `head` puts the login on the head position (部長 / 課長) of `dept`; otherwise it takes a
    member position there. `roles` pairs a role with the code of the department it is
    assigned to (None for city-wide and personal roles). `left_years_ago` gives the staff
    record an end of employment at the end of that many fiscal years ago.
    """

    username: str
    dept: str
    roles: tuple[tuple[str, str | None], ...]
    head: bool = False
    employment: str = Employment.REGULAR
    company: str | None = None
    left_years_ago: int | None = None


LOGINS: Final[tuple[LoginSpec, ...]] = (
    LoginSpec("ciso", "00", ((Role.CISO, None),)),  # 副市長
    LoginSpec(
        "soumu-bucho", "01", ((Role.SECURITY_DIRECTOR, None), (Role.DEPT_HEAD, "01")), head=True
    ),
    LoginSpec("shimin-bucho", "03", ((Role.DEPT_HEAD, "03"),), head=True),
    LoginSpec("zeimu-bucho", "04", ((Role.DEPT_HEAD, "04"),), head=True),
    LoginSpec("fukushi-bucho", "05", ((Role.DEPT_HEAD, "05"),), head=True),
    LoginSpec("kodomo-bucho", "06", ((Role.DEPT_HEAD, "06"),), head=True),
    LoginSpec("johoseisakuka-kacho", "0103", ((Role.SECTION_MANAGER, "0103"),), head=True),
    LoginSpec("shiminka-kacho", "0301", ((Role.SECTION_MANAGER, "0301"),), head=True),
    LoginSpec("shiminzeika-kacho", "0401", ((Role.SECTION_MANAGER, "0401"),), head=True),
    LoginSpec("seikatsushienka-kacho", "0503", ((Role.SECTION_MANAGER, "0503"),), head=True),
    LoginSpec("privacy", "010101", ((Role.PRIVACY_OFFICER, None),)),
    LoginSpec("joho", "010301", ((Role.IT_OFFICER, None),)),
    LoginSpec("csirt", "010302", ((Role.CSIRT, None),)),
    LoginSpec("koeki", "010201", ((Role.WHISTLEBLOWING_HANDLER, None),)),
    LoginSpec("staff", "030101", ((Role.STAFF, None),)),
    LoginSpec("kaikei-staff", "030102", ((Role.STAFF, None),), employment=Employment.KAIKEINENDO),
    LoginSpec("rinji-staff", "0402", ((Role.STAFF, None),), employment=Employment.TEMPORARY),
    LoginSpec(
        "itaku",
        "010301",
        ((Role.CONTRACTOR, None),),
        employment=Employment.CONTRACTOR,
        company="system",
    ),
    # Left at the end of last fiscal year, but the login was never disabled: the kind of
    # leftover account the monitoring must find.
    LoginSpec("taishoku", "0302", ((Role.STAFF, None),), left_years_ago=1),
)


@dataclass(frozen=True)
class Placed:
    """A department with the code of its parent and its level (部, 課 or 係)."""

    dept: Dept
    parent: str | None
    level: str


_CHILD_LEVEL: Final = {
    DepartmentLevel.BU: DepartmentLevel.KA,
    DepartmentLevel.KA: DepartmentLevel.KAKARI,
}


def all_departments() -> list[Placed]:
    """Every department of the demo city, parents before children."""
    placed: list[Placed] = []

    def walk(dept: Dept, parent: Placed | None) -> None:
        level = _CHILD_LEVEL[DepartmentLevel(parent.level)] if parent else dept.level
        here = Placed(dept, parent.dept.code if parent else None, level or DepartmentLevel.BU)
        placed.append(here)
        for child in dept.children:
            walk(child, here)

    for top in DEPARTMENTS:
        walk(top, None)
    return placed
