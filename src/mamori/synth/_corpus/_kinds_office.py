"""Documents of the counter: manuals with worked examples, notices, filled-in forms."""

from __future__ import annotations

from mamori.synth._corpus import _traps
from mamori.synth._corpus._common import Ctx
from mamori.synth._corpus._doc import Cell, Doc, Para, Seg, line
from mamori.synth._model import Person

_PROCEDURES = ("転入届", "転居届", "世帯変更届", "住民票の写しの交付請求", "印鑑登録申請")


def manual(ctx: Ctx) -> Doc:
    """窓口事務処理マニュアル whose 記載例 use residents (the 市川市 2008 case)."""
    rng = ctx.rng
    households = [ctx.household() for _ in range(rng.choice((1, 1, 2)))]
    procedure = rng.choice(_PROCEDURES)
    doc = Doc("manual", f"{ctx.city}{ctx.dept} 窓口事務処理マニュアル（{procedure}）")
    doc.header.append(Para(line(f"{ctx.city}{ctx.dept}　取扱注意", "（内部資料）")))
    doc.para(doc.title, style="title")
    doc.para("改訂日　", _traps.date(rng, ctx.today), "　", _traps.document_number(rng, ctx.dept))
    doc.para("1　目的", style="heading")
    doc.para(
        f"本マニュアルは、{procedure}の受付から入力までの手順を定める。",
        "窓口では本人確認書類を必ず確認すること。",
    )
    doc.para("2　受付手順", style="heading")
    doc.para("(1) 届出書の記載内容を確認する。住所は方書まで記載させる。")
    doc.para("(2) 個人番号カードまたは通知カードの提示を求め、番号を照合する。")
    doc.para("(3) 施行日：", _traps.date(rng, ctx.today), "から新様式を使用する。")
    for n, household in enumerate(households, start=1):
        head = household.head
        doc.para(f"3-{n}　記載例（世帯{n}）", style="heading")
        post_mark, post = ctx.postal(household.address, head.resident_id)
        doc.para(
            "新住所：", post_mark, post, "　", ctx.address(household.address, head.resident_id)
        )
        doc.para("世帯主：", ctx.name(head), "（", ctx.kana(head), "）")
        rows: list[list[Cell | str | Seg]] = [
            ["続柄", "氏名", "フリガナ", "生年月日", "性別", "個人番号", "住民票コード"]
        ]
        for p in household.members:
            rows.append(
                [
                    p.relationship,
                    ctx.name(p),
                    ctx.kana(p, "katakana"),
                    ctx.dob(p),
                    ctx.sex(p),
                    ctx.my_number(p),
                    ctx.resident_code(p),
                ]
            )
        doc.table(rows)
        doc.para("本人確認：", *_identity_document(ctx, head))
        if ctx.chance(0.5):
            doc.para("連絡先：", ctx.phone(head), "（日中連絡のつく番号）")
    doc.para("4　注意事項", style="heading")
    doc.para(
        "整理番号（例：",
        _traps.bad_my_number(rng),
        "）は個人番号ではないため、",
        "個人番号欄に記入させないこと。",
    )
    doc.para("転入者が", _traps.place(rng), "から転入する場合は転出証明書を確認する。")
    doc.footer.append(Para(line(f"{ctx.city}{ctx.dept}　代表 ", _traps.office_phone(rng))))
    return doc


def _identity_document(ctx: Ctx, p: Person) -> tuple[Seg, ...]:
    if ctx.chance(0.5):
        return (Seg("運転免許証（第"), ctx.license(p), Seg("号）"))
    return (Seg("旅券（旅券番号 "), ctx.passport(p), Seg("）"))


def notice(ctx: Ctx) -> Doc:
    """通知書 / お知らせ addressed to a resident: 〒, 住所, 宛名 様, then the matter."""
    rng = ctx.rng
    household = ctx.household()
    p = household.head
    rid = p.resident_id
    subject = rng.choice(
        (
            "国民健康保険被保険者証の交付について",
            "口座振替開始のお知らせ",
            "障害者手帳の更新について",
            "国民年金保険料のお知らせ",
        )
    )
    doc = Doc("notice", subject)
    post_mark, post = ctx.postal(household.address, rid)
    doc.para(post_mark, post)
    doc.para(ctx.address(household.address, rid))
    doc.para(ctx.name(p), rng.choice(("　様", " 様", "様")))
    doc.blank()
    doc.para(_traps.document_number(rng, ctx.dept), "　", _traps.date(rng, ctx.today))
    doc.para(f"{ctx.city}長", style="heading")
    doc.para(subject, style="title")
    doc.para("日頃より市政にご理解とご協力を賜り、ありがとうございます。")
    if subject.startswith("国民健康保険"):
        insurer, symbol, number = ctx.insurance(p)
        doc.para("保険者番号　", insurer)
        doc.para("被保険者証　記号 ", symbol, "　番号 ", number)
        doc.para("生年月日　", ctx.dob(p), "　性別　", ctx.sex(p))
        doc.para("有効期限は", _traps.date(rng, ctx.today), "までです。")
    elif subject.startswith("口座振替"):
        bank, branch, account = ctx.bank(p)
        doc.para(f"振替口座　{bank}　{branch}　", account)
        doc.para("口座名義　", ctx.kana(p, "katakana"))
        doc.para("初回振替日　", _traps.date(rng, ctx.today), "　振替金額　", _traps.money(rng))
    elif subject.startswith("障害者手帳"):
        kind, number, grade = ctx.disability(p)
        doc.para(f"{kind}　第", number, "号　等級 ", grade)
        doc.para("生年月日　", ctx.dob(p))
        doc.para("更新手続きは", _traps.facility(rng), "でも受け付けます。")
    else:
        doc.para("基礎年金番号　", ctx.pension(p))
        doc.para("納付期限　", _traps.date(rng, ctx.today), "　金額　", _traps.money(rng))
    doc.para("この通知は", _traps.date(rng, ctx.today), "から施行された条例に基づくものです。")
    doc.para("お問い合わせ　", *ctx.contact(ctx.official(), email=False))
    return doc


def application(ctx: Ctx) -> Doc:
    """申請書の記入例 (児童手当 認定請求書): a worked example with a whole household."""
    rng = ctx.rng
    household = ctx.household_with_children()
    head = household.head
    rid = head.resident_id
    doc = Doc("application", "児童手当・特例給付 認定請求書（記入例）")
    doc.header.append(Para(line(f"{ctx.city}　", _traps.document_number(rng, ctx.dept))))
    doc.para(doc.title, style="title")
    doc.para("請求年月日　", _traps.date(rng, ctx.today))
    doc.para("請求者氏名　", ctx.name(head), "（フリガナ ", ctx.kana(head, "katakana"), "）")
    doc.para("生年月日　", ctx.dob(head), "生")
    post_mark, post = ctx.postal(household.address, rid)
    doc.para("住所　", post_mark, post, "　", ctx.address(household.address, rid))
    doc.para("電話番号　", ctx.phone(head))
    doc.para("個人番号　", ctx.my_number(head))
    doc.para("加入している年金　国民年金　基礎年金番号 ", ctx.pension(head))
    insurer, symbol, number = ctx.insurance(head)
    doc.para("健康保険証　保険者番号 ", insurer, "　記号 ", symbol, "　番号 ", number)
    rows: list[list[Cell | str | Seg]] = [["児童の氏名", "続柄", "生年月日", "個人番号"]]
    children = [p for p in household.members if p.age_on(ctx.today) < 18]
    for child in children or household.members[1:] or household.members:
        rows.append([ctx.name(child), child.relationship, ctx.dob(child), ctx.my_number(child)])
    doc.table(rows)
    bank, branch, account = ctx.bank(head)
    doc.para(f"振込先　{bank}　{branch}　口座番号 ", account)
    doc.para("口座名義人（カナ）　", ctx.kana(head, "halfwidth"))
    doc.para("※記入例の氏名・住所・番号はすべて架空のものです。")
    doc.para("受付：", _traps.facility(rng), "または", f"{ctx.city}{ctx.dept}")
    doc.footer.append(Para(line("代表電話 ", _traps.office_phone(rng))))
    return doc
