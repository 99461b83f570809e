"""基礎年金番号: 4 + 6 digits (no check digit); context (基礎年金番号/年金番号) required."""

from __future__ import annotations

from mamori.pii.detectors._base import NumberDetector


class PensionNumberDetector(NumberDetector):
    detector_id = "jp.pension_number"
