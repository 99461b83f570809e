"""住民票コード: 11 digits with the modulus-11 check digit; context (住民票コード) required."""

from __future__ import annotations

from mamori.checkdigits import is_valid_resident_code
from mamori.pii.detectors._base import NumberDetector


class ResidentCodeDetector(NumberDetector):
    detector_id = "jp.resident_code"

    def validate(self, digits: str) -> bool:
        return is_valid_resident_code(digits)
