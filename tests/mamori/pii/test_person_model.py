"""The learned second opinion of the PERSON detector (detectors/_person_model.py).

The sentences are invented; each positive case is one the rules alone miss, so a test
fails if the model stops being consulted or stops finding it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mamori._exceptions import ConfigurationError
from mamori.pii._tokens import Tokenizer
from mamori.pii.detectors._jp import DEFAULT_PACK, load_keywords
from mamori.pii.detectors._person_model import FORMAT, PersonModel, train
from mamori.pii.detectors.person import PersonDetector
from tests.mamori.pii._jp_docs import found, make_doc


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def with_model(tokenizer: Tokenizer) -> PersonDetector:
    return PersonDetector(tokenizer)


@pytest.fixture(scope="module")
def rules_only(tokenizer: Tokenizer) -> PersonDetector:
    options = load_keywords("jp.person.sudachi", "person")
    options["model"] = None  # how a city switches the model off in its pack
    return PersonDetector(tokenizer, options=options)


MODEL_FINDS = [
    # (text, a name the rules miss and the model finds)
    ("当日は島、池田、桝の3人が受付を担当した。", "島"),  # a surname in a list of names
    ("編集者の伏見は、同様の見解を示した。", "伏見"),  # a place name used as a surname
    ("主人公・すみれを演じたのは新人である。", "すみれ"),  # a hiragana given name
    ("ヘンデルスドルフと馬文青は協議した。", "ヘンデルスドルフ"),  # an unknown foreign name
]


@pytest.mark.parametrize(("text", "name"), MODEL_FINDS)
def test_the_model_finds_what_the_rules_miss(
    with_model: PersonDetector, rules_only: PersonDetector, text: str, name: str
) -> None:
    assert name not in found(list(rules_only.detect(make_doc(text))), text)
    got = list(with_model.detect(make_doc(text)))
    assert name in found(got, text)
    (finding,) = [c for c in got if text[c.start : c.end] == name]
    # explained like every finding, on the pipeline's scale below the rules' sure ones
    assert any("model" in a.reason for a in finding.adjustments)
    assert 0.5 <= finding.score < 0.7


MODEL_IGNORES = [
    # (text, why the model must report nothing)
    ("レーンを変更して走行すること。", "レーン (a lane) is an ordinary word here"),
    ("ライスを注文した。", "rice on a menu, not the surname"),
    ("当日はパークで集合する。", "a park, not the surname"),
    ("金曜日に提出すること。", "金 is a surname, 金曜日 a day"),
    ("市民課の窓口で受け付けます。", "an office"),
    ("ホームページをご覧ください。", "an ordinary katakana word"),
]


@pytest.mark.parametrize(("text", "why"), MODEL_IGNORES)
def test_the_model_leaves_ordinary_words(with_model: PersonDetector, text: str, why: str) -> None:
    assert found(list(with_model.detect(make_doc(text))), text) == [], why


def test_the_model_never_removes_a_rule_finding(
    with_model: PersonDetector, rules_only: PersonDetector
) -> None:
    text = "山田太郎様、佐藤市民課長、ジョー・バイデン大統領が出席した。"
    by_rules = found(list(rules_only.detect(make_doc(text))), text)
    assert by_rules
    assert set(by_rules) <= set(found(list(with_model.detect(make_doc(text))), text))


def test_the_shipped_model_says_what_it_was_learnt_from() -> None:
    data = json.loads((DEFAULT_PACK / "person_model.json").read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    assert "CC BY-SA" in data["info"]["data"]
    assert data["info"]["held_out"]  # the scores measured on data it had not seen
    assert len(data["weights"]) > 1000


def test_a_higher_threshold_reports_fewer_names(tokenizer: Tokenizer) -> None:
    options = load_keywords("jp.person.sudachi", "person")
    options["model"] = {"file": "person_model.json", "threshold": 0.999}
    strict = PersonDetector(tokenizer, options=options)
    text = MODEL_FINDS[0][0]
    assert "島" not in found(list(strict.detect(make_doc(text))), text)


def test_a_missing_or_foreign_model_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="model: null"):
        PersonModel.load(tmp_path / "missing.json")
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else", "weights": {}}', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="train_person_model"):
        PersonModel.load(other)
    broken = tmp_path / "broken.json"
    broken.write_text(f'{{"format": "{FORMAT}", "weights": [1, 2]}}', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="weights"):
        PersonModel.load(broken)


def test_save_and_load_keep_the_decisions(tmp_path: Path) -> None:
    model = PersonModel({"bias": -1.0, "a": 2.5, "b": -0.004}, threshold=0.6, info={"x": 1})
    path = tmp_path / "m.json"
    model.save(path)
    again = PersonModel.load(path)
    assert again.threshold == 0.6
    assert again.info == {"x": 1}
    assert "b" not in again.weights  # weights too small to change a decision are dropped
    for names in (["bias"], ["bias", "a"], ["bias", "a", "b"], ["unknown"]):
        assert again.probability(names) == pytest.approx(model.probability(names), abs=0.01)


def test_training_learns_a_separable_rule() -> None:
    # names with feature "title" are positive, with "compound" negative
    examples = [(["bias", "title", f"w{i}"], 1) for i in range(40)]
    examples += [(["bias", "compound", f"w{i}"], 0) for i in range(40, 120)]
    weights = train(examples, epochs=10)
    model = PersonModel(weights)
    assert model.probability(["bias", "title", "new"]) > 0.9
    assert model.probability(["bias", "compound", "new"]) < 0.1


def test_averaged_runs_are_one_linear_model_of_the_mean_weights() -> None:
    examples = [(["bias", "title", f"w{i}"], 1) for i in range(30)]
    examples += [(["bias", "compound", f"w{i}"], 0) for i in range(30, 90)]
    runs = [train(examples, epochs=4, seed=s) for s in (7, 8, 9)]
    averaged = train(examples, epochs=4, seed=7, runs=3)
    for name in ("bias", "title", "compound"):
        assert averaged[name] == pytest.approx(sum(r.get(name, 0.0) for r in runs) / 3)
    model = PersonModel(averaged)
    assert model.probability(["bias", "title", "new"]) > 0.8
    assert model.probability(["bias", "compound", "new"]) < 0.2


def test_sample_weights_scale_what_an_example_teaches() -> None:
    # "odd" is positive in the first examples and negative in the second; weighting the
    # second ones zero must leave only the first ones' lesson
    examples = [(["bias", "odd", f"a{i}"], 1) for i in range(30)]
    examples += [(["bias", "odd", f"b{i}"], 0) for i in range(30)]
    weights = [1.0] * 30 + [0.0] * 30
    learnt = PersonModel(train(examples, epochs=6, sample_weights=weights))
    assert learnt.probability(["bias", "odd"]) > 0.9
    balanced = PersonModel(train(examples, epochs=6))
    assert 0.2 < balanced.probability(["bias", "odd"]) < 0.8
    with pytest.raises(ValueError, match="one sample weight"):
        train(examples, sample_weights=weights[:-1])
    with pytest.raises(ValueError, match="runs"):
        train(examples, runs=0)


def test_name_kinds_reads_the_dictionary_beyond_the_chosen_analysis(tokenizer: Tokenizer) -> None:
    # レーン is analysed as a common noun (a lane), yet the dictionary knows it as a name too
    assert "一般" in tokenizer.name_kinds("レーン")
    assert tokenizer.name_kinds("伏見").startswith("姓")
    assert tokenizer.name_kinds("市役所") == ""  # an office is never a name
