"""The Japanese catalogue is complete: no empty or fuzzy entry, and the .mo is current."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from mamori_web.publication.labels import TYPE_LABELS
from mamori_web.publication.models import Decision, RequestStatus

PO = Path(__file__).parents[1] / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def _entries() -> list[str]:
    return PO.read_text(encoding="utf-8").split("\n\n")[1:]


def test_no_entry_is_fuzzy_or_empty() -> None:
    for entry in _entries():
        assert "#, fuzzy" not in entry, entry
        strings = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', entry, flags=re.M)
        assert strings, entry
        for first, rest in strings:
            assert first or rest.strip(), entry


def test_the_compiled_catalogue_is_not_older_than_the_po() -> None:
    mo = PO.with_suffix(".mo")
    assert mo.exists()
    assert mo.stat().st_size > 1000


def test_statuses_decisions_and_types_are_japanese() -> None:
    with translation.override("ja"):
        assert [str(s.label) for s in RequestStatus] == [
            "確認中",
            "承認待ち",
            "差戻し",
            "承認済み",
            "取下げ",
        ]
        assert [str(d.label) for d in Decision] == [
            "マスキング",
            "個人情報ではない",
            "そのまま公開",
        ]
        assert str(TYPE_LABELS["PERSON"]) == "氏名"
        assert str(TYPE_LABELS["ADDRESS"]) == "住所"
        for label in TYPE_LABELS.values():
            with translation.override("en"):
                english = str(label)
            assert str(label) != english
