"""法人番号 (corporate number): 13 digits, check digit first. Public, reported as its own type."""

from __future__ import annotations

from mamori.checkdigits import is_valid_corporate_number
from mamori.pii.detectors._base import NumberDetector


class CorporateNumberDetector(NumberDetector):
    detector_id = "jp.corporate_number"

    def validate(self, digits: str) -> bool:
        return is_valid_corporate_number(digits)
