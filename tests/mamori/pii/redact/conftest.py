"""Fixtures: one scanner, fictitious persons, a labelled corpus (once per session) and the
text of a small letter that names a resident."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from mamori.pii import Registry, Scanner
from mamori.synth import Person, generate_corpus, generate_residents


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    return Scanner(Registry.from_config())


@pytest.fixture(scope="session")
def persons() -> list[Person]:
    complete = [
        p
        for p in generate_residents(40, seed=5, with_my_number=True)
        if p.phone and p.email and p.my_number
    ]
    assert len(complete) >= 4
    return complete[:4]


OFFICE_PHONE = "03-0123-4567"  # the city's switchboard: published on purpose, never masked
CORPORATE = "7000012050002"  # 法人番号: public, kept by default


def letter_lines(p: Person) -> list[str]:
    """Lines of a notice to a fictitious resident, with the two kept values at the end."""
    return [
        f"〒{p.address.postal_code_display}",
        f"住所：{p.address.full()}",
        f"氏名：{p.name} 様",
        f"生年月日：{p.birth_date:%Y年%-m月%-d日}",
        f"電話：{p.phone}",
        f"個人番号：{p.my_number}",
        f"メール：{p.email}",
        f"お問い合わせ：市民課 代表 {OFFICE_PHONE}",
        f"委託先 法人番号 {CORPORATE}",
    ]


def secrets_of(p: Person) -> list[str]:
    """The values a redacted copy must not contain."""
    return [
        p.address.postal_code_display,
        p.address.full(),
        p.name,
        f"{p.birth_date:%Y年%-m月%-d日}",
        p.phone,
        p.my_number,
        p.email,
    ]


@dataclass(frozen=True)
class Corpus:
    root: Path
    files: list[dict[str, str]]
    gold: dict[str, list[dict[str, object]]]
    traps: dict[str, list[dict[str, object]]]

    def of_format(self, *formats: str) -> list[dict[str, str]]:
        return [f for f in self.files if f["format"] in formats]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("redact-corpus") / "out"
    generate_corpus(root, n=80, seed=11)

    def lines(name: str) -> list[dict[str, object]]:
        text = (root / name).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines()]

    files = [{k: str(v) for k, v in f.items()} for f in lines("corpus.jsonl")]
    gold: dict[str, list[dict[str, object]]] = defaultdict(list)
    for record in lines("gold.jsonl"):
        gold[str(record["file"])].append(record)
    traps: dict[str, list[dict[str, object]]] = defaultdict(list)
    for record in lines("traps.jsonl"):
        traps[str(record["file"])].append(record)
    return Corpus(root, files, gold, traps)
