"""口座番号: 7 digits after 普通/当座/口座番号, with a bank or branch on the same line."""

from __future__ import annotations

import re

from mamori.pii._context import line_span
from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment
from mamori.pii._packs import DetectorSpec
from mamori.pii.detectors._base import RegexDetector


class BankAccountDetector(RegexDetector):
    detector_id = "jp.bank_account"

    def __init__(self, spec: DetectorSpec) -> None:
        super().__init__(spec)
        words = [str(w) for w in spec.option("bank_words", ())]
        self.bank = re.compile("|".join(map(re.escape, words))) if words else None
        self.without_bank = float(spec.option("without_bank_penalty", 0.3))

    def prefilter(self, text: str) -> bool:
        return "普通" in text or "当座" in text or "口座" in text

    def accept(self, doc: ScanDocument, match: re.Match[str]) -> tuple[Adjustment, ...] | None:
        if self.bank is None:
            return ()
        _, start, end = line_span(doc, match.start())
        hit = self.bank.search(doc.normalized.text, start, end)
        if hit:
            return (Adjustment(f"bank context '{hit.group()}'", 0.0),)
        return (Adjustment("no bank or branch on the line", -self.without_bank),)
