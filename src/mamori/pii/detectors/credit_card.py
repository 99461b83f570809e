"""Card numbers: 13–19 digits, plain or grouped, passing Luhn, with a card-network prefix."""

from __future__ import annotations

from mamori.checkdigits import is_valid_luhn
from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment
from mamori.pii._packs import DetectorSpec
from mamori.pii.detectors._base import NumberDetector, NumberRun


class CreditCardDetector(NumberDetector):
    detector_id = "jp.credit_card"

    def __init__(self, spec: DetectorSpec) -> None:
        super().__init__(spec)
        self.prefixes = tuple(str(p) for p in spec.option("prefixes", ()))

    def validate(self, digits: str) -> bool:
        return is_valid_luhn(digits)

    def accept(self, doc: ScanDocument, run: NumberRun) -> tuple[Adjustment, ...] | None:
        if self.prefixes and not run.digits.startswith(self.prefixes):
            return None
        return ()
