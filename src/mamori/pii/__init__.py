"""mamori.pii: find Japanese personal data in extracted text.

    from mamori.pii import Registry, Scanner
    scanner = Scanner(Registry.from_config())       # the default rule pack
    scanner.scan_text("個人番号 1234 5678 9018")     # -> [Finding(type="MY_NUMBER", …)]
    scanner.scan(extracted)                         # -> FileResult (findings, summary, status)

The pipeline (normalise → detect → context → resolve → threshold → allowlist → explain),
the rule packs and the detectors are described in their modules; spec/pii.md is the
contract for labels and the JSON output.
"""

from __future__ import annotations

from mamori.pii._allowlist import Allowlist, allowlist_entry
from mamori.pii._document import Detector, NormalizedText, ScanDocument
from mamori.pii._model import (
    Adjustment,
    Candidate,
    Explanation,
    Extracted,
    Finding,
    Label,
    Location,
    Region,
    Status,
)
from mamori.pii._normalize import normalize
from mamori.pii._packs import DetectorSpec
from mamori.pii._pipeline import FileResult, Scanner
from mamori.pii._preview import masked_preview
from mamori.pii._registry import Registry
from mamori.pii._sarif import to_sarif
from mamori.pii._summary import Summary

__all__ = [
    "Adjustment",
    "Allowlist",
    "Candidate",
    "Detector",
    "DetectorSpec",
    "Explanation",
    "Extracted",
    "FileResult",
    "Finding",
    "Label",
    "Location",
    "NormalizedText",
    "Region",
    "Registry",
    "ScanDocument",
    "Scanner",
    "Status",
    "Summary",
    "allowlist_entry",
    "masked_preview",
    "normalize",
    "to_sarif",
]
