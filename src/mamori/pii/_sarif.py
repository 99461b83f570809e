"""SARIF 2.1.0 output of scan results (``mamori scan --format sarif``).

One rule per detector id; one result per finding with the file as the artifact and the
finding's character offset and length in the extracted text as the region. The message
names the type and a masked preview — never the whole value (SARIF files end up in CI
logs). Unscannable files are tool execution notifications of level ``error``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mamori import __version__
from mamori.pii._model import Finding, Label, Status
from mamori.pii._pipeline import FileResult

__all__ = ["SARIF_SCHEMA", "mask", "to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_PUBLIC = frozenset({Label.CORPORATE_NUMBER.value})


def mask(text: str) -> str:
    """A preview that shows the shape but not the value: first and last character kept."""
    if len(text) <= 2:
        return "*" * len(text)
    middle = "".join(c if c in " -()\u3000" else "*" for c in text[1:-1])
    return text[0] + middle + text[-1]


def _rule(detector: str, label: str) -> dict[str, Any]:
    return {
        "id": detector,
        "name": detector.replace(".", "_"),
        "shortDescription": {"text": f"{label} (personal data) found by {detector}"},
        "properties": {"label": label},
    }


def _result(path: str, finding: Finding, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.detector,
        "ruleIndex": rule_index,
        "level": "note" if finding.type in _PUBLIC else "error",
        "message": {"text": f"{finding.type}: {mask(finding.text)} (score {finding.score:.2f})"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": path},
                    "region": {
                        "charOffset": finding.start,
                        "charLength": finding.end - finding.start,
                    },
                }
            }
        ],
        "properties": {
            "type": finding.type,
            "score": round(finding.score, 3),
            "explanation": finding.explanation.describe(),
        },
    }


def to_sarif(
    results: Iterable[FileResult], *, rules: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of ``results``; ``rules`` (detector id → label) adds unused rules."""
    files = list(results)
    labels: dict[str, str] = dict(rules or {})
    for file in files:
        for finding in file.findings:
            labels.setdefault(finding.detector, finding.type)
    ordered = sorted(labels)
    index = {detector: i for i, detector in enumerate(ordered)}
    sarif_results = [
        _result(file.path, finding, index[finding.detector])
        for file in files
        for finding in file.findings
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": f"unscannable: {file.path}: {file.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": file.path}}}],
        }
        for file in files
        if file.status != Status.OK
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mamori",
                        "version": __version__,
                        "informationUri": "https://example.invalid/mamori",
                        "rules": [_rule(d, labels[d]) for d in ordered],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "artifacts": [{"location": {"uri": file.path}} for file in files],
                "results": sarif_results,
            }
        ],
    }
