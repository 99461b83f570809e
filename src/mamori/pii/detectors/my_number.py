"""個人番号 (My Number): 12 digits, plain or 4-4-4; a failing check digit is never reported."""

from __future__ import annotations

from mamori.checkdigits import is_valid_my_number
from mamori.pii.detectors._base import NumberDetector


class MyNumberDetector(NumberDetector):
    detector_id = "jp.my_number"

    def validate(self, digits: str) -> bool:
        return is_valid_my_number(digits)
