"""E-mail addresses. A department's shared mailbox (``somu@city…``) is the organisation's
contact, not a person's: local parts listed in the spec's ``organisational`` option are
lowered below the threshold (docs/corpus.md, OFFICE_EMAIL)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mamori.pii._document import ScanDocument
from mamori.pii._model import Adjustment, Candidate
from mamori.pii._packs import DetectorSpec
from mamori.pii.detectors._base import make_candidate

_LOCAL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}$")
_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}"
)


class EmailDetector:
    detector_id = "jp.email"

    def __init__(self, spec: DetectorSpec) -> None:
        if spec.id != self.detector_id:
            raise ValueError(f"EmailDetector is {self.detector_id}, not {spec.id}")
        self.spec = spec
        self.labels = frozenset({spec.label})
        self.organisational = frozenset(str(s).lower() for s in spec.option("organisational", ()))
        self.penalty = float(spec.option("organisational_penalty", 0.6))

    @classmethod
    def from_spec(cls, spec: DetectorSpec) -> EmailDetector:
        return cls(spec)

    def detect(self, doc: ScanDocument) -> Iterator[Candidate]:
        text = doc.normalized.text
        at = text.find("@")
        while at != -1:
            local = _LOCAL.search(text, max(0, at - 64), at)
            domain = _DOMAIN.match(text, at + 1)
            if local and domain:
                start = local.start()
                while start < at and text[start] in ".-":
                    start += 1
                if start < at:
                    name = text[start:at].lower()
                    adjustments: tuple[Adjustment, ...] = ()
                    if name in self.organisational:
                        adjustments = (Adjustment("a department's shared mailbox", -self.penalty),)
                    yield make_candidate(
                        doc,
                        self.spec,
                        start,
                        domain.end(),
                        pattern="address",
                        adjustments=adjustments,
                    )
                at = text.find("@", domain.end())
            else:
                at = text.find("@", at + 1)
