"""The scanner: a pipeline of named, pure stages over one extracted file.

    normalise → detect → context → resolve overlaps → threshold → allowlist → explain

Each stage is a function below; ``Scanner`` only strings them together. Offsets in every
``Finding`` are offsets into the original extracted text.

Fail closed: a file the extractor could not read stays unscannable, and so does a file on
which a detector fails — it is never reported clean.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mamori.pii._allowlist import Allowlist
from mamori.pii._context import apply_context
from mamori.pii._document import ScanDocument
from mamori.pii._model import Candidate, Explanation, Extracted, Finding, Location, Region, Status
from mamori.pii._normalize import normalize
from mamori.pii._registry import Registry
from mamori.pii._resolve import apply_thresholds, resolve_overlaps
from mamori.pii._summary import Summary, summarize

if TYPE_CHECKING:
    from mamori.pii.edm import EdmMatcher, RealMatch

__all__ = ["FileResult", "Scanner", "finding_to_json"]

log = logging.getLogger(__name__)


def finding_to_json(finding: Finding, *, explain: bool = False) -> dict[str, Any]:
    """One finding as spec/pii.md writes it (``explanation`` added when asked)."""
    out: dict[str, Any] = {
        "type": finding.type,
        "start": finding.start,
        "end": finding.end,
        "text": finding.text,
        "score": round(finding.score, 3),
        "detector": finding.detector,
        "location": {
            "page": finding.location.page,
            "sheet": finding.location.sheet,
            "cell": finding.location.cell,
        },
    }
    if finding.location.part is not None:
        out["location"]["part"] = finding.location.part
    if finding.matched_fields:
        out["matched_fields"] = list(finding.matched_fields)
    if explain:
        out["explanation"] = finding.explanation.describe()
    return out


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    status: Status
    findings: tuple[Finding, ...] = ()
    summary: Summary = field(default_factory=Summary)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == Status.OK

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        """The file's entry of ``mamori scan --format json`` (spec/pii.md)."""
        out: dict[str, Any] = {"path": self.path, "status": self.status.value}
        if self.error is not None or self.status != Status.OK:
            out["error"] = self.error or "unscannable"
        out["findings"] = [finding_to_json(f, explain=explain) for f in self.findings]
        out["summary"] = self.summary.to_json()
        return out


# --- stages -----------------------------------------------------------------------------


def stage_normalize(extracted: Extracted) -> ScanDocument:
    return ScanDocument(extracted=extracted, normalized=normalize(extracted.text))


def stage_detect(
    doc: ScanDocument, registry: Registry, types: frozenset[str] | None
) -> list[Candidate]:
    candidates: list[Candidate] = []
    for detector in registry.detectors:
        if types is not None and not (detector.labels & types):
            continue
        candidates.extend(detector.detect(doc))
    if types is not None:
        candidates = [c for c in candidates if c.label in types]
    return candidates


def stage_context(
    doc: ScanDocument, candidates: list[Candidate], registry: Registry
) -> list[Candidate]:
    return apply_context(doc, candidates, registry.context)


def stage_resolve(candidates: list[Candidate], registry: Registry) -> list[Candidate]:
    return resolve_overlaps(candidates, registry.priority)


def stage_threshold(candidates: list[Candidate], registry: Registry) -> list[Candidate]:
    return apply_thresholds(candidates, registry.threshold)


def _locator(regions: Sequence[Region]) -> tuple[list[int], list[Region]]:
    ordered = sorted(regions, key=lambda r: (r.start, -r.end))
    return [r.start for r in ordered], ordered


def _location(position: int, starts: list[int], ordered: list[Region]) -> Location:
    """The innermost regions' locations at ``position``, merged field by field."""
    fields: dict[str, Any] = {}
    index = bisect.bisect_right(starts, position) - 1
    for region in reversed(ordered[max(0, index - 64) : index + 1]):
        if region.start <= position < region.end:
            for name, value in vars_of(region.location).items():
                if value is not None:
                    fields.setdefault(name, value)
    return Location(**fields)


def vars_of(location: Location) -> dict[str, Any]:
    return {name: getattr(location, name) for name in Location.__slots__}


_NOWHERE = Location()  # plain text: no page, sheet or cell (shared, it is frozen)


def stage_explain(doc: ScanDocument, candidates: Iterable[Candidate]) -> list[Finding]:
    text = doc.text
    starts, ordered = _locator(doc.extracted.regions)
    findings: list[Finding] = []
    for c in candidates:
        base = c.score - sum(a.delta for a in c.adjustments)
        explanation = Explanation(
            detector=c.detector,
            pattern=c.pattern,
            base_score=round(min(1.0, max(0.0, base)), 4),
            adjustments=c.adjustments,
            validated=c.validated,
        )
        location = _location(c.start, starts, ordered) if ordered else _NOWHERE
        findings.append(
            Finding(
                type=c.label,
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                score=c.score,
                detector=c.detector,
                explanation=explanation,
                location=location,
                matched_fields=c.matched_fields,
            )
        )
    return findings


def stage_allowlist(findings: list[Finding], allowlist: Allowlist | None) -> list[Finding]:
    return findings if allowlist is None else allowlist.filter(findings)


def stage_edm(
    doc: ScanDocument, candidates: list[Candidate], edm: EdmMatcher
) -> tuple[list[Candidate], list[RealMatch]]:
    """Exact data matching: REAL_RESIDENT candidates from the resolved candidates (all of
    them, before thresholds) and the document's own structured values."""
    matches = edm.match(doc, candidates)
    return edm.candidates(matches), matches


# --- the scanner ------------------------------------------------------------------------


class Scanner:
    """Runs a registry's detectors over texts or extracted files.

    ``types`` limits the scan to some labels (``mamori scan --types``); ``allowlist``
    drops findings a city has allowlisted (by keyed hash); ``edm`` matches each file
    against EDM indexes of the resident register (REAL_RESIDENT findings) and of registered
    fictitious datasets (``mamori.pii.edm``).
    """

    def __init__(
        self,
        registry: Registry | None = None,
        *,
        types: Iterable[str] | None = None,
        allowlist: Allowlist | None = None,
        edm: EdmMatcher | None = None,
    ) -> None:
        self.registry = registry if registry is not None else Registry.from_config()
        self.types = frozenset(types) if types is not None else None
        self.allowlist = allowlist
        self.edm = edm

    def findings(self, extracted: Extracted) -> list[Finding]:
        """The pipeline's findings for one extracted text (exceptions propagate)."""
        return self._run(extracted)[0]

    def _run(
        self, extracted: Extracted
    ) -> tuple[list[Finding], list[RealMatch] | None, ScanDocument]:
        doc = stage_normalize(extracted)
        candidates = stage_detect(doc, self.registry, self.types)
        candidates = stage_context(doc, candidates, self.registry)
        candidates = stage_resolve(candidates, self.registry)
        kept = stage_threshold(candidates, self.registry)
        matches: list[RealMatch] | None = None
        if self.edm is not None:
            real: list[Candidate] = []
            if self.types is None or "REAL_RESIDENT" in self.types:
                real, matches = stage_edm(doc, candidates, self.edm)
            else:
                matches = []
            kept = sorted([*kept, *real], key=lambda c: (c.start, c.end))
        findings = stage_explain(doc, kept)
        return stage_allowlist(findings, self.allowlist), matches, doc

    def scan_text(self, text: str) -> list[Finding]:
        return self.findings(Extracted(path="<text>", text=text))

    def scan(self, extracted: Extracted) -> FileResult:
        if extracted.status != Status.OK:
            return FileResult(
                path=extracted.path,
                status=Status.UNSCANNABLE,
                error=extracted.error or "unscannable",
            )
        try:
            findings, matches, doc = self._run(extracted)
            summary = summarize(findings)
            if self.edm is not None:
                edm = self.edm.summarize(matches or [], findings, doc)
                summary = dataclasses.replace(summary, edm=edm)
        except Exception as err:  # fail closed: a detector failure never reads as clean
            log.exception("scanning %s failed", extracted.path)
            return FileResult(
                path=extracted.path,
                status=Status.UNSCANNABLE,
                error=f"scan failed: {type(err).__name__}: {err}",
            )
        return FileResult(
            path=extracted.path,
            status=Status.OK,
            findings=tuple(findings),
            summary=summary,
        )
