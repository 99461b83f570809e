"""PERSON (jp.person.sudachi): positive and negative cases; spans in original offsets."""

from __future__ import annotations

import pytest

from mamori.pii._model import Location, Region
from mamori.pii._tokens import Tokenizer
from mamori.pii.detectors.person import PersonDetector
from tests.mamori.pii._jp_docs import found, make_doc


@pytest.fixture(scope="module")
def detector() -> PersonDetector:
    return PersonDetector(Tokenizer())


POSITIVE = [
    # (text, the names that must be found)
    # a name found whole: its surname or given name alone later in the document is a name
    ("高橋健一氏が登壇した。質疑応答では高橋の提案が議論された。", ["高橋健一", "高橋"]),
    ("山田太郎が出席。山田、発言。", ["山田太郎", "山田"]),  # no particle, no title after it
    # a katakana full name: its last part alone later
    ("ロバート・ハリントンが来日した。空港でハリントン、妻と合流した。", ["ハリントン"]),
    ("申請者は山田太郎です。", ["山田太郎"]),
    ("山田 太郎 様", ["山田 太郎"]),
    ("山田\u3000太郎様", ["山田\u3000太郎"]),
    ("○佐藤市民課長　お答えします。", ["佐藤"]),
    ("○根本委員長　ただいまから会議を開きます。", ["根本"]),
    ("○石川委員　伺います。", ["石川"]),  # 石川 is also a place: the title decides
    ("折返し担当：荒川主任（内線3445）", ["荒川"]),
    ("宮戸田 斗菜（MIYATODA Tona）", ["宮戸田 斗菜", "MIYATODA Tona"]),
    ("氏名：尾渡 諒璃（オワタリ アサリ）", ["尾渡 諒璃", "オワタリ アサリ"]),
    ("世帯主：宮崎 愛乃（ﾐﾔｻﾞｷ ｱﾕﾉ）", ["宮崎 愛乃", "ﾐﾔｻﾞｷ ｱﾕﾉ"]),
    ("口座名義人（カナ）　ｲﾏﾀ ﾐﾂｷ", ["ｲﾏﾀ ﾐﾂｷ"]),
    ("代表取締役 高瀬 敏雄 氏", ["高瀬 敏雄"]),
    ("宮城　千恵子 様", ["宮城\u3000千恵子"]),  # a prefecture's name as a surname
    ("兵庫慎司は日本の音楽評論家である。", ["兵庫慎司"]),
    ("ジョー・バイデン大統領は演説した。", ["ジョー・バイデン"]),
    (
        '{"name": "金城\u3000夕弦", "kana": "カネシロ ユツル"}',
        ["金城\u3000夕弦", "カネシロ ユツル"],
    ),
    ("From: 遠藤 立樹 <endo-r57@city.example.jp>", ["遠藤 立樹"]),
    ("■2026年4月22日　羽上宣子様より", ["羽上宣子"]),
    ("江東区保険年金課の小山です。", ["小山"]),  # an official naming themself
    ("株式会社ミナモリ建設商事　山上様", ["山上"]),  # 山上 is an ordinary noun in the dictionary
    (
        "○谷原選挙管理委員長　お答えします。",
        ["谷原"],
    ),  # a place name as a surname, ○ marks a speaker
    ("折返し担当：原主任（内線3781）", ["原"]),
    # katakana chains (・/=) are read whole: name parts and a title, role or particle
    ("ロバート・ハリントン監督は会見で語った。", ["ロバート・ハリントン"]),  # title after
    ("哲学者ヨハン・ブルクハルトは講演した。", ["ヨハン・ブルクハルト"]),  # role before
    ("作家のマルティナ・ロッシが来日した。", ["マルティナ・ロッシ"]),  # role + の
    ("教授カール・ヘンケルに師事した。", ["カール・ヘンケル"]),  # カール is a common noun
    ("エドワード・グレイが反対した。", ["エドワード・グレイ"]),  # a given name + particle
    # a title written as its own word, even when another word follows it
    ("同国はペトロフ大統領指示で動いた。", ["ペトロフ"]),
    ("協会のマルティン会長夫妻が来日した。", ["マルティン"]),
    # a word the dictionary analyses as an ordinary noun but also knows as a surname, titled
    ("体調を崩し、嘉納館長が見舞った。", ["嘉納"]),
    ("当番の植木さんが来た。", ["植木"]),
    # a full name with one space: both parts, even when the dictionary knows only one
    ("委員\u3000米良\u3000一徹（交通事業者）", ["米良\u3000一徹"]),
    ("保護者\u3000鳰川\u3000蒼真", ["鳰川\u3000蒼真"]),
    ("山田 太郎 佐藤 花子", ["山田 太郎", "佐藤 花子"]),
    # an unknown katakana word with a personal title
    ("ゴルディーニ大統領は声明を出した。", ["ゴルディーニ"]),
    # a lone surname: a particle after it is evidence, 家 marks a family
    ("山田は会議に出席した。", ["山田"]),
    ("伊藤家の墓所がある。", ["伊藤"]),
    # a given name in kanji the dictionary splits, after a surname (玉|蘊) or a one-kanji one
    ("画家としては平田玉蘊が知られる。", ["平田玉蘊"]),
    ("徐明は上海で生まれた。", ["徐明"]),
    # a place and its office after a full name: the office is a title (高知県知事)
    ("佐藤花子高知県知事が出席した。", ["佐藤花子"]),
    # a place name used as a surname before a personal title that is no office of a place
    ("等々力警部が到着した。", ["等々力"]),
    # Latin-script names in Japanese text: capitalised words, the first a 人名 to SudachiPy
    ("論文はWilliam Harperと共同で執筆した。", ["William Harper"]),
    # an unknown katakana word of 3-6 characters as a subject or a source (は, が, によれば)
    ("ポージーは1912年から教壇に立った。", ["ポージー"]),
    ("ヤマサキによれば、この計画は失敗した。", ["ヤマサキ"]),
    # a place name used as a surname: at a clause start, は/が, a person's predicate after it
    ("玉木が当選し、瀬戸は比例復活できなかった。", ["瀬戸"]),
]

NEGATIVE = [
    # (text, why nothing may be found)
    ("中野区では宮崎県の事例を参考にした。", "place names (区, 県) are places, not persons"),
    ("瀬戸は晴れの日が多い。", "a place name before は with no person's predicate after it"),
    ("株式会社ヤマサキは解散した。", "an unknown katakana word after 株式会社 is a firm"),
    ("ロックマンシリーズは人気を集めた。", "a long unknown katakana word is mostly a compound"),
    ("前橋市の事例では予算額は69,250,000円です。", "a city name that is also a surname"),
    ("株式会社佐賀ミモリ情報システムに委託した。", "a company name containing a place"),
    ("山口ミナモリ建設株式会社に委託しております。", "surname-like word starting a company"),
    ("市民会館で開催します。", "a facility"),
    ("住所：静岡県藤枝市青葉町2丁目935番13号エクセル守の森 212号室", "a building name"),
    ("真庭市長", "a place followed by an office head is the office, not a person"),
    ('{"phone": "090-0123-4567"}', "an English key Sudachi tags as a name"),
    ("説明員　環境政策課長", "an office after a label is not a name"),
    ("会員様各位", "会員様 is a word, not a surname with a title"),
    ("利用者様へのお知らせ", "利用者 is an ordinary noun before 様"),
    ("委員長 お答えします。", "お of お答え is not a kana name after the label 委員長"),
    ("ブルームバーグ社の記事によれば", "a name-like word before 社 is a company"),
    ("ダイムラー製のエンジンを搭載した。", "a name-like word before 製 is a maker"),
    ("リオ・ティント・グループは鉱山会社である。", "a chain ending in グループ is a firm"),
    ("ギブソン・ギター・コーポレーションが買収した。", "a chain of ordinary words and a firm"),
    ("高知県知事が出席した。", "an office of a place, no name"),
    ("アメリカ大統領が来日した。", "a country before 大統領 is the office"),
    ("アジア選手権に出場した。", "選手 inside 選手権 is no title"),
    ("ホロウェイ委員会が設置された。", "委員 inside 委員会 is no title"),
    ("サッカー選手として活躍した。", "an ordinary katakana word before a title"),
    ("見守印刷に発注した。", "a one-kanji surname inside a compound is no name"),
    ("角川書店の代表取締役", "a surname starting a compound noun (a firm)"),
    ("青木バスターミナルに到着した。", "a surname before a facility word"),
    ("Please contact William Harper today.", "English text: no Japanese after the name"),
    ("農家さんが来た。", "an occupation before さん (honorific_nouns), not a surname"),
    ("会社社長が出席した。", "a post after an ordinary noun"),
    ("東京 大阪 名古屋", "places separated by spaces are no spaced full name"),
    ("会議 資料", "ordinary words separated by a space"),
]


@pytest.mark.parametrize(("text", "names"), POSITIVE)
def test_finds_names(detector: PersonDetector, text: str, names: list[str]) -> None:
    got = found(list(detector.detect(make_doc(text))), text)
    for name in names:
        assert name in got, (text, got)


@pytest.mark.parametrize(("text", "why"), NEGATIVE)
def test_ignores_non_names(detector: PersonDetector, text: str, why: str) -> None:
    assert found(list(detector.detect(make_doc(text))), text) == [], why


def test_span_is_the_name_only(detector: PersonDetector) -> None:
    # docs/corpus.md: never 様, 氏, さん, 委員, 課長 inside the span
    for text, name in [("山田様", "山田"), ("鈴木一郎氏", "鈴木一郎"), ("○田中議員", "田中")]:
        assert found(list(detector.detect(make_doc(text))), text) == [name], text


def test_offsets_map_to_the_original_text(detector: PersonDetector) -> None:
    text = "ＡＢＣ１２３　氏名：ﾔﾏﾀﾞ ﾀﾛｳ（山田　太郎）様"  # half-width kana, full-width digits
    got = list(detector.detect(make_doc(text)))
    spans = {text[c.start : c.end] for c in got if c.score >= 0.5}
    assert "ﾔﾏﾀﾞ ﾀﾛｳ" in spans
    assert "山田\u3000太郎" in spans
    assert all(c.detector == "jp.person.sudachi" and c.pattern for c in got)


def test_every_cell_under_a_name_header_is_a_person(detector: PersonDetector) -> None:
    # Region.header from the extractor: a column named 氏名カナ; the names are unknown words
    text = "氏名カナ\tメモ\nﾎｹﾞ ﾌｶﾞ\t案内済\nぽよ ぴよ\t未\n"

    def cell(value: str, name: str, header: str | None) -> Region:
        start = text.index(value)
        return Region(start, start + len(value), Location(cell=name), header=header)

    regions = (
        cell("氏名カナ", "A1", None),
        cell("ﾎｹﾞ ﾌｶﾞ", "A2", "氏名カナ"),
        cell("案内済", "B2", "メモ"),
        cell("ぽよ ぴよ", "A3", "氏名カナ"),
        cell("未", "B3", "メモ"),
    )
    got = list(detector.detect(make_doc(text, regions)))
    assert [(text[c.start : c.end], c.pattern) for c in got] == [
        ("ﾎｹﾞ ﾌｶﾞ", "column"),
        ("ぽよ ぴよ", "column"),
    ]
    assert all(c.score >= 0.9 for c in got)


def test_text_table_without_regions(detector: PersonDetector) -> None:
    # a table pasted into plain text: header row, then rows with as many cells
    text = "受付番号\t氏名\t生年月日\n第2312号\tほげ\u3000ふが\t1990年2月19日\n"
    got = found(list(detector.detect(make_doc(text))), text)
    assert got == ["ほげ\u3000ふが"]  # not 第2312号 (another column)


def test_a_form_of_labels_and_values_is_no_table(detector: PersonDetector) -> None:
    # 氏名 beside a filled-in value is a form line, not a table header: the labels of the
    # lines below (生年月日, 転入者1) are not names in a 氏名 column
    text = (
        "\u3000氏名\u3000\u3000\u3000\u3000汐見\u3000虎太郎\n"
        "\u3000生年月日\u3000\u3000平成2年5月30日\n"
    )
    got = found(list(detector.detect(make_doc(text))), text)
    assert "生年月日" not in got
    assert "汐見\u3000虎太郎" in got


def test_a_second_table_header_under_the_name_column_is_not_a_name(
    detector: PersonDetector,
) -> None:
    text = "氏名,住所\nほげ ふが,中野区\n区分,件数\n新規,4\n"
    got = found(list(detector.detect(make_doc(text))), text)
    assert "件数" not in got
    assert "区分" not in got


def test_pack_options_switch_a_title_off() -> None:
    from mamori.pii.detectors._jp import load_keywords

    options = load_keywords("jp.person.sudachi", "person")
    options["titles"] = {"strong": ["様"], "posts": ["課長"]}
    detector = PersonDetector(Tokenizer(), options=options)
    text = "○根本委員長　開会します。"
    assert found(list(detector.detect(make_doc(text))), text) == []


REPEATED_NOT_NAMES = [
    # (text, the full name found, a later text that must not be a name, why)
    ("木下直樹が受賞した。会場は木下町の公民館である。", "木下直樹", "木下町", "a place name"),
    (
        "木下直樹が受賞した。木下建設株式会社が協賛した。",
        "木下直樹",
        "木下建設",
        "a company name starting with the surname",
    ),
]


@pytest.mark.parametrize(("text", "name", "word", "why"), REPEATED_NOT_NAMES)
def test_repeated_name_parts_respect_suffixes(
    detector: PersonDetector, text: str, name: str, word: str, why: str
) -> None:
    candidates = list(detector.detect(make_doc(text)))
    got = found(candidates, text)
    assert name in got, why
    later = text.index(word)
    assert not any(c.start >= later and c.score >= 0.5 for c in candidates), (why, got)


def test_repeated_name_parts_only_after_the_full_name(detector: PersonDetector) -> None:
    text = "高橋の提案が議論された。高橋健一氏が登壇した。"
    patterns = [c.pattern for c in detector.detect(make_doc(text))]
    assert "name_repeated" not in patterns  # 高橋 comes first: nothing is known yet
