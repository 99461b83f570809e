"""障害者手帳 (身体障害者手帳・療育手帳・精神障害者保健福祉手帳): the number and the grade.

The certificate kind is the anchor (it is not reported); the number (``第12345号`` →
``12345``) and the grade (``2級``, ``A1``) are two spans (docs/corpus.md). A bare 第…号 is
a document number, never a certificate.
"""

from __future__ import annotations

from mamori.pii.detectors._base import RegexDetector


class DisabilityCertDetector(RegexDetector):
    detector_id = "jp.disability_cert"

    def prefilter(self, text: str) -> bool:
        return "手帳" in text
