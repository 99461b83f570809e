"""Golden corpus: the structured detectors against a generated corpus's gold (exact spans).

The corpus is fictitious by construction (mamori.synth); the gold says what must be found
to the character and the traps what must not (office phones, document numbers, invalid
My Numbers, page numbers shaped like postal codes …).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from mamori.pii import Registry, Scanner
from mamori.pii.extract import extract
from mamori.synth import generate_corpus
from tests.mamori.pii._structured import STRUCTURED

LABELS = {
    "BANK_ACCOUNT", "CORPORATE_NUMBER", "CREDIT_CARD", "DISABILITY_CERT", "DRIVERS_LICENSE",
    "EMAIL", "HEALTH_INSURANCE", "MY_NUMBER", "PASSPORT", "PENSION_NUMBER", "PHONE",
    "POSTAL_CODE", "RESIDENT_CODE",
}  # fmt: skip


@pytest.fixture(scope="module")
def outcome(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    root = tmp_path_factory.mktemp("corpus") / "c"
    generate_corpus(root, n=72, seed=11)
    gold: dict[str, set[tuple[str, int, int]]] = {}
    for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["type"] in LABELS:
            gold.setdefault(record["file"], set()).add(
                (record["type"], record["start"], record["end"])
            )
    scanner = Scanner(Registry.from_config(only=STRUCTURED))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for line in (root / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        name = json.loads(line)["file"]
        result = scanner.scan(extract(Path(root) / name))
        assert result.ok, result.error
        found = {(f.type, f.start, f.end) for f in result.findings}
        expected = gold.get(name, set())
        for item in found:
            (tp if item in expected else fp)[item[0]] += 1
        for item in expected - found:
            fn[item[0]] += 1
    return tp, fp, fn


def test_precision_and_recall_per_label(
    outcome: tuple[Counter[str], Counter[str], Counter[str]],
) -> None:
    tp, fp, fn = outcome
    assert sum(tp.values()) > 500
    for label in LABELS:
        if tp[label] + fn[label] == 0:
            continue
        precision = tp[label] / max(1, tp[label] + fp[label])
        recall = tp[label] / (tp[label] + fn[label])
        assert precision >= 0.97, (label, precision, fp[label])
        assert recall >= 0.95, (label, recall, fn[label])
