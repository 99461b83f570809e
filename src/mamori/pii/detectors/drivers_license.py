"""運転免許証番号: 12 digits; context (免許証/免許番号) required."""

from __future__ import annotations

from mamori.pii.detectors._base import NumberDetector


class DriversLicenseDetector(NumberDetector):
    detector_id = "jp.drivers_license"
