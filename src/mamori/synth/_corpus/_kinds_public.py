"""Documents a city publishes: council minutes, press releases, web pages."""

from __future__ import annotations

from mamori.synth._corpus import _ids, _traps
from mamori.synth._corpus._common import Ctx
from mamori.synth._corpus._doc import Cell, Doc, Para, Seg, line

_COMMITTEES = ("総務常任委員会", "厚生常任委員会", "予算特別委員会", "個人情報保護審議会")
_TOPICS = (
    "マイナンバーカードの交付状況",
    "窓口の混雑対策",
    "公共施設の再編",
    "防災行政無線の更新",
    "子育て支援策の拡充",
)


def minutes(ctx: Ctx) -> Doc:
    """会議録: members speak as ○山田委員, the department head answers as ○佐藤市民課長."""
    rng = ctx.rng
    members = [ctx.person() for _ in range(rng.randrange(3, 6))]
    chair, official = ctx.person(), ctx.official()
    committee = rng.choice(_COMMITTEES)
    topic = rng.choice(_TOPICS)
    title_word = "議員" if committee.endswith("委員会") and ctx.chance(0.3) else "委員"
    doc = Doc("minutes", f"{committee} 会議録")
    doc.para(doc.title, style="title")
    doc.para("開催日時　", _traps.date(rng, ctx.today), f"　午前{rng.randrange(9, 12)}時")
    doc.para("開催場所　", _traps.facility(rng), f"　第{rng.randrange(1, 5)}会議室")
    doc.para("出席委員", style="heading")
    names: list[Seg | str] = []
    for m in members:
        names += [ctx.name(m), "　" + title_word + "　"]
    doc.para("委員長　", ctx.name(chair), "　", *names)
    doc.para("説明員　", f"{ctx.dept}長　", ctx.name(official))
    doc.para("議事", style="heading")
    doc.para(f"(1) {topic}について")
    doc.para("○", ctx.surname(chair), "委員長　ただいまから会議を開きます。")
    for m in members[: rng.randrange(2, len(members) + 1)]:
        doc.para(
            "○",
            ctx.surname(m),
            f"{title_word}　{topic}について伺います。",
            _traps.place(rng),
            "の事例では、予算額",
            _traps.money(rng),
            "と聞いていますが、本市の見込みはいかがですか。",
        )
        doc.para(
            "○",
            ctx.surname(chair),
            "委員長　",
            ctx.surname(official),
            f"{ctx.dept}長。",
        )
        doc.para(
            "○",
            ctx.surname(official),
            f"{ctx.dept}長　お答えします。令和7年度は",
            _traps.money(rng),
            "を計上しており、",
            _traps.company(rng),
            "に委託しております。",
        )
    if ctx.chance(0.4):
        resident = ctx.person()
        doc.para(
            "○",
            ctx.surname(members[0]),
            f"{title_word}　先日、",
            ctx.address(resident.address, resident.resident_id, prefecture=False),
            "にお住まいの",
            ctx.name(resident),
            "さんから相談を受けました。",
        )
    doc.para("○", ctx.surname(chair), "委員長　以上で本日の会議を閉じます。")
    doc.footer.append(Para(line(f"{committee}　", _traps.document_number(rng))))
    return doc


def press(ctx: Ctx) -> Doc:
    """報道発表資料: an agreement with a company; 担当 課名 氏名 電話 at the end."""
    rng = ctx.rng
    official, head = ctx.official(), ctx.person(max_age=75)
    partner = _traps.company(rng)
    doc = Doc("press", "報道発表資料")
    doc.header.append(Para(line("報道発表資料　", _traps.date(rng, ctx.today))))
    doc.para(f"{ctx.city}", "と", partner, "が包括連携協定を締結します", style="title")
    doc.para(
        f"{ctx.city}は、",
        partner,
        "（法人番号 ",
        Seg(_ids.corporate_number(rng), "CORPORATE_NUMBER"),
        "）と地域の見守りに関する協定を締結します。",
    )
    doc.para("1　締結日　", _traps.date(rng, ctx.today))
    doc.para("2　場所　", _traps.facility(rng))
    doc.para("3　事業費　", _traps.money(rng), "（", _traps.document_number(rng, ctx.dept), "）")
    doc.para("4　出席者　市長、", partner, "代表取締役 ", ctx.name(head), " 氏")
    if ctx.chance(0.5):
        winner = ctx.person()
        doc.para(
            "5　市民表彰　",
            ctx.name(winner),
            rng.choice(("さん", " さん", "様")),
            f"（{winner.age_on(ctx.today)}歳）",
        )
    doc.para("問い合わせ先", style="heading")
    doc.para(*ctx.contact(official))
    doc.para("代表電話　", _traps.office_phone(rng))
    return doc


def webpage(ctx: Ctx) -> Doc:
    """A city web page: news, a bid result table with 法人番号, the contact section."""
    rng = ctx.rng
    official = ctx.official()
    doc = Doc(
        "webpage", rng.choice(("入札結果のお知らせ", "イベントのお知らせ", "市民表彰のお知らせ"))
    )
    doc.para(f"{ctx.city}", style="heading")
    doc.para(doc.title, style="title")
    doc.para("更新日：", _traps.date(rng, ctx.today), "　ページ番号 ", _traps.code_number(rng))
    if doc.title.startswith("入札"):
        rows: list[list[Cell | str | Seg]] = [["件名", "落札者", "法人番号", "落札金額"]]
        for _ in range(rng.randrange(2, 5)):
            rows.append(
                [
                    rng.choice(("庁舎清掃業務委託", "住民情報システム保守", "封入封緘業務")),
                    _traps.company(rng),
                    Seg(_ids.corporate_number(rng), "CORPORATE_NUMBER"),
                    _traps.money(rng),
                ]
            )
        doc.table(rows)
    elif doc.title.startswith("イベント"):
        doc.para("日時：", _traps.date(rng, ctx.today), "　会場：", _traps.facility(rng))
        doc.para("参加費：無料　定員：", f"{rng.randrange(20, 200)}人")
        doc.para(_traps.place(rng), "・", _traps.place(rng), "との交流事業の一環です。")
    else:
        doc.para("次の方々を表彰しました（敬称略）。")
        rows = [["氏名", "功績"]]
        for _ in range(rng.randrange(2, 6)):
            rows.append(
                [ctx.name(ctx.person()), rng.choice(("自治会活動", "防犯活動", "保健活動"))]
            )
        doc.table(rows)
    doc.para("このページに関するお問い合わせ", style="heading")
    doc.para(*ctx.contact(official))
    return doc
