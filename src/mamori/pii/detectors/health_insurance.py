"""被保険者証の記号・番号 and 保険者番号: three spans (docs/corpus.md).

Inline, the spec's patterns name groups ``insurer`` (保険者番号: 6 or 8 digits with the
check digit), ``symbol`` (記号) and ``number`` (番号). In a table, a plain digit run is
taken when its column header is one of the spec's ``headers`` and the header line names
the insurance (``table_words``) — so the 番号 column of a voter list is never one.
"""

from __future__ import annotations

from collections.abc import Iterator

from mamori.checkdigits import is_valid_insurer_number
from mamori.pii._context import column_header, line_span
from mamori.pii._document import ScanDocument
from mamori.pii._model import Candidate
from mamori.pii._packs import DetectorSpec
from mamori.pii.detectors._base import make_candidate, numeric_runs

_PARTS = ("insurer", "symbol", "number")


class HealthInsuranceDetector:
    detector_id = "jp.health_insurance"

    def __init__(self, spec: DetectorSpec) -> None:
        if spec.id != self.detector_id:
            raise ValueError(f"HealthInsuranceDetector is {self.detector_id}, not {spec.id}")
        self.spec = spec
        self.labels = frozenset({spec.label})
        self.patterns = spec.compiled()
        headers = spec.option("headers", {})
        self.headers: dict[str, str] = {str(k): str(v) for k, v in headers.items()}
        self.table_words = tuple(str(w) for w in spec.option("table_words", ()))
        self.line_words = tuple(str(w) for w in spec.option("line_words", ()))
        self.max_digits = int(spec.option("max_digits", 10))

    @classmethod
    def from_spec(cls, spec: DetectorSpec) -> HealthInsuranceDetector:
        return cls(spec)

    def _part_ok(self, part: str, digits: str) -> bool | None:
        if part == "insurer":
            return is_valid_insurer_number(digits)
        return None

    def _inline(self, doc: ScanDocument) -> Iterator[tuple[int, int, str, bool | None]]:
        text = doc.normalized.text
        for name, pattern in self.patterns.items():
            for match in pattern.finditer(text):
                _, start, end = line_span(doc, match.start())
                if self.line_words and not any(w in text[start:end] for w in self.line_words):
                    continue
                for part in _PARTS:
                    if part not in pattern.groupindex or match.group(part) is None:
                        continue
                    validated = self._part_ok(part, match.group(part))
                    if validated is False:
                        continue
                    s, e = match.span(part)
                    yield s, e, name, validated

    def _tables(self, doc: ScanDocument) -> Iterator[tuple[int, int, str, bool | None]]:
        text = doc.normalized.text
        for length, runs in numeric_runs(doc).items():
            if length > self.max_digits:
                continue
            for run in runs:
                if not run.text.isdigit():
                    continue
                header = column_header(doc, run.start)
                if header is None:
                    continue
                part = self.headers.get(header.cell)
                if part is None or not any(w in header.line for w in self.table_words):
                    continue
                if run.end < len(text) and text[run.end] not in "\t,| \n":
                    continue
                validated = self._part_ok(part, run.digits)
                if validated is False:
                    continue
                yield run.start, run.end, f"table:{part}", validated

    def detect(self, doc: ScanDocument) -> Iterator[Candidate]:
        text = doc.normalized.text
        if "保険" not in text and not any(h in text for h in self.headers if h != "番号"):
            return
        seen: set[tuple[int, int]] = set()
        sources = [self._inline(doc)]
        if any(word in text for word in self.table_words):
            sources.append(self._tables(doc))
        for source in sources:
            for start, end, pattern, validated in source:
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                yield make_candidate(
                    doc, self.spec, start, end, pattern=pattern, validated=validated
                )
