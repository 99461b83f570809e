"""名簿 and 台帳 (tables), data exports, e-mails and notes."""

from __future__ import annotations

from mamori.synth._corpus import _traps
from mamori.synth._corpus._common import Ctx
from mamori.synth._corpus._doc import Cell, Doc, Seg, line, make_table
from mamori.synth._corpus._variants import romaji

Rows = list[list[Cell | str | Seg]]

_POSTS = ("主事", "主任", "係長", "課長補佐", "会計年度任用職員")


def staff_roster(ctx: Ctx) -> Doc:
    """職員名簿 / 公用車運転者名簿: staff with birth dates, home addresses and mobiles."""
    rng = ctx.rng
    drivers = ctx.chance(0.4)
    doc = Doc("staff_roster", "公用車運転者名簿" if drivers else "職員名簿")
    doc.para(f"{ctx.city}{ctx.dept} {doc.title}（", _traps.date(rng, ctx.today), "現在）")
    header = ["No", "職員番号", "氏名", "フリガナ", "職名", "生年月日", "住所", "携帯電話"]
    header.append("運転免許証番号" if drivers else "内線")
    rows: Rows = [list(header)]
    for n in range(1, rng.randrange(8, 30)):
        p = ctx.official()
        last: Seg | str = ctx.license(p) if drivers else str(rng.randrange(2000, 4000))
        rows.append(
            [
                str(n),
                f"{rng.randrange(10000, 99999)}",
                ctx.name(p),
                ctx.kana(p),
                rng.choice(_POSTS),
                ctx.dob(p),
                ctx.address(p.address, p.resident_id),
                ctx.phone(p),
                last,
            ]
        )
    doc.table(rows, name="名簿")
    return doc


def voter_list(ctx: Ctx) -> Doc:
    """選挙人名簿抄本 style: every adult of a few households, by 投票区."""
    rng = ctx.rng
    doc = Doc("voter_list", "選挙人名簿抄本")
    district = f"第{rng.randrange(1, 40)}投票区"
    doc.para(f"{ctx.city}選挙管理委員会　{doc.title}　{district}")
    rows: Rows = [["番号", "氏名", "フリガナ", "生年月日", "性別", "住所"]]
    number = rng.randrange(1, 3000)
    for _ in range(rng.randrange(4, 12)):
        household = ctx.household()
        for p in household.members:
            if p.age_on(ctx.today) < 18:
                continue
            number += 1
            rows.append(
                [
                    str(number),
                    ctx.name(p),
                    ctx.kana(p),
                    ctx.dob(p),
                    ctx.sex(p),
                    ctx.address(household.address, p.resident_id, prefecture=False),
                ]
            )
    doc.table(rows, name=district)
    return doc


def register(ctx: Ctx) -> Doc:
    """台帳 of 要配慮 data: 障害者手帳交付台帳 or 国民健康保険 被保険者台帳."""
    rng = ctx.rng
    disability = ctx.chance(0.5)
    doc = Doc("register", "障害者手帳交付台帳" if disability else "被保険者台帳")
    doc.para(f"{ctx.city}{ctx.dept}　{doc.title}")
    if disability:
        rows: Rows = [
            ["受付番号", "氏名", "生年月日", "住所", "電話", "手帳", "番号", "等級", "交付日"]
        ]
    else:
        rows = [
            [
                "受付番号",
                "氏名",
                "生年月日",
                "住所",
                "電話",
                "保険者番号",
                "記号",
                "番号",
                "資格取得日",
            ]
        ]
    for _ in range(rng.randrange(5, 20)):
        p = ctx.person()
        common: list[Cell | str | Seg] = [
            _traps.document_number(rng),
            ctx.name(p),
            ctx.dob(p),
            ctx.address(p.address, p.resident_id),
            ctx.phone(p),
        ]
        if disability:
            kind, number, grade = ctx.disability(p)
            rows.append([*common, kind, number, grade, _traps.date(rng, ctx.today)])
        else:
            insurer, symbol, num = ctx.insurance(p)
            rows.append([*common, insurer, symbol, num, _traps.date(rng, ctx.today)])
    doc.table(rows, name="台帳")
    if ctx.chance(0.5):
        summary: Rows = [["区分", "件数", "予算額"]]
        for label in ("新規", "更新", "再交付"):
            summary.append([label, str(rng.randrange(1, 300)), _traps.money(rng)])
        doc.table(summary, name="集計")
    return doc


def data_export(ctx: Ctx) -> Doc:
    """A record export from a business system (移行テストで使われた本番データ)."""
    rng = ctx.rng
    doc = Doc("data_export", "住民情報 移行検証データ")
    doc.para(doc.title)
    rows: Rows = [
        ["atena_no", "name", "kana", "birth_date", "postal_code", "address", "phone", "kojin_no"]
    ]
    for _ in range(rng.randrange(3, 10)):
        household = ctx.household()
        for p in household.members:
            rows.append(
                [
                    f"{rng.randrange(10**9):09d}",
                    ctx.name(p),
                    ctx.kana(p, "katakana"),
                    ctx.dob(p, rng.choice(("iso", "slash", "short"))),
                    Seg(household.address.postal_code, "POSTAL_CODE", resident_id=p.resident_id),
                    ctx.address(household.address, p.resident_id),
                    ctx.phone(p),
                    Seg(ctx.ids(p).my_number, "MY_NUMBER", resident_id=p.resident_id),
                ]
            )
    doc.table(rows, name="data")
    return doc


def email(ctx: Ctx) -> Doc:
    """A staff member writes to a contractor about residents; sometimes a CSV is attached."""
    rng = ctx.rng
    sender, receiver = ctx.official(), ctx.person(max_age=70)
    household = ctx.household()
    p = household.head
    doc = Doc("email", "【確認依頼】住民情報の照会について")
    local = f"{romaji(sender.surname_kana)}-{romaji(sender.given_name_kana)[:1]}"
    address = f"{local}{rng.randrange(10, 99)}@{_traps.CITY_DOMAIN}"
    sender_mail = Seg(address, "EMAIL", resident_id=sender.resident_id)
    doc.mail_from = line(ctx.name(sender), " <", sender_mail, ">")
    doc.mail_to = line(ctx.name(receiver), " <", ctx.email(receiver), ">")
    doc.para(_traps.company(rng), "　", ctx.surname(receiver), "様")
    doc.blank()
    doc.para(f"いつもお世話になっております。{ctx.city}{ctx.dept}の", ctx.surname(sender), "です。")
    doc.para("下記の方の宛名データについて、システム上の登録内容をご確認ください。")
    doc.para("氏名：", ctx.name(p), "（", ctx.kana(p), "）")
    doc.para("生年月日：", ctx.dob(p))
    doc.para("住所：", ctx.address(household.address, p.resident_id))
    doc.para("電話：", ctx.phone(p))
    if ctx.chance(0.5):
        doc.para("個人番号：", ctx.my_number(p))
    if ctx.chance(0.3):
        doc.para("ふるさと納税のカード決済（", ctx.card(p), "）が二重計上されています。")
    doc.para("会議は", _traps.date(rng, ctx.today), "に", _traps.facility(rng), "で行います。")
    doc.blank()
    doc.para("--")
    doc.para(f"{ctx.city}{ctx.dept}　", ctx.name(sender), "（", ctx.romaji(sender), "）")
    doc.para("直通 ", _traps.office_phone(rng), "　共用 ", _traps.office_email(ctx.dept_romaji))
    if ctx.chance(0.5):
        rows: Rows = [["氏名", "生年月日", "住所", "電話"]]
        for m in household.members:
            rows.append(
                [
                    ctx.name(m),
                    ctx.dob(m),
                    ctx.address(household.address, m.resident_id),
                    ctx.phone(m),
                ]
            )
        doc.attachment = make_table(rows, name="attachment")
        doc.attachment_name = "taisho_list.csv"
    return doc


def memo(ctx: Ctx) -> Doc:
    """引継ぎメモ / 電話対応記録 in Markdown or plain text."""
    rng = ctx.rng
    doc = Doc("memo", "電話対応記録・引継ぎメモ")
    doc.para(doc.title, style="title")
    for _ in range(rng.randrange(2, 5)):
        caller = ctx.person()
        doc.para(_traps.date(rng, ctx.today), "　", ctx.name(caller), "様より", style="heading")
        doc.para("- 連絡先：", ctx.phone(caller), "　", ctx.email(caller))
        doc.para("- 住所：", ctx.address(caller.address, caller.resident_id))
        choice = rng.randrange(4)
        if choice == 0:
            doc.para(
                "- 旅券の受取について。旅券番号 ",
                ctx.passport(caller),
                "、生年月日 ",
                ctx.dob(caller),
            )
        elif choice == 1:
            doc.para("- クレジット納付の件。カード番号 ", ctx.card(caller), " は使えないとのこと。")
        elif choice == 2:
            doc.para(
                "- 年金の相談。基礎年金番号 ",
                ctx.pension(caller),
                "。",
                _traps.place(rng),
                "から転入。",
            )
        else:
            bank, branch, account = ctx.bank(caller)
            doc.para(f"- 還付金の振込先 {bank} {branch} ", account)
        doc.para(
            "- 折返し担当：",
            ctx.surname(ctx.official()),
            "主任（内線",
            str(rng.randrange(2000, 4000)),
            "）",
        )
    doc.para("参考：", _traps.company(rng), "（委託先）の窓口 ", _traps.office_phone(rng))
    return doc
