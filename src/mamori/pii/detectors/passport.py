"""旅券番号: 2 capital letters + 7 digits; context (旅券/パスポート) required."""

from __future__ import annotations

from mamori.pii.detectors._base import RegexDetector


class PassportDetector(RegexDetector):
    detector_id = "jp.passport"
