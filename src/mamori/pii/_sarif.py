"""SARIF 2.1.0 output of scan results (``mamori scan --format sarif``).

One rule per detector id; one result per finding with the file as the artifact and the
finding's character offset and length in the extracted text as the region. The message
names the type and a masked preview — never the whole value (SARIF files end up in CI
logs). Unscannable files are tool execution notifications of level ``error``.

`to_sarif(results)` builds the whole log in memory; `SarifWriter` writes the same bytes as
``json.dumps(to_sarif(results), ensure_ascii=False, indent=2)`` file by file: the rules
(which precede the results in the log) are only known at the end, so the results and
artifacts are spooled to a temporary file meanwhile (masked previews only, as in the log)
and memory does not grow with the number of findings.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

from mamori import __version__
from mamori.pii._model import Finding, Label, Status
from mamori.pii._pipeline import FileResult

__all__ = ["SARIF_SCHEMA", "SarifWriter", "mask", "to_sarif"]

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
    notifications = [_notification(file) for file in files if file.status != Status.OK]
    return _log(
        ordered,
        labels,
        notifications,
        [{"location": {"uri": f.path}} for f in files],
        sarif_results,
    )


def _notification(file: FileResult) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": f"unscannable: {file.path}: {file.error}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": file.path}}}],
    }


def _log(
    ordered: list[str],
    labels: Mapping[str, str],
    notifications: list[dict[str, Any]],
    artifacts: list[Any],
    results: list[Any],
) -> dict[str, Any]:
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
                "artifacts": artifacts,
                "results": results,
            }
        ],
    }


_ARTIFACTS = "@@mamori:artifacts@@"
_RESULTS = "@@mamori:results@@"
_DEPTH = 4  # {"runs": [{"artifacts": [ … ]}]}: the entries' indentation level


def _indented(value: Any, level: int) -> str:
    """``value`` as json.dumps(indent=2) writes it ``level`` levels deep (JSON strings hold
    no raw line breaks, so every line can simply be shifted)."""
    pad = "  " * level
    return pad + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)


class SarifWriter:
    """Writes the SARIF log of results added one at a time (module docstring).

    ``write`` receives the text in pieces; ``close()`` writes the whole log (the results
    spooled so far included) and removes the spool.
    """

    def __init__(
        self, write: Callable[[str], object], *, rules: Mapping[str, str] | None = None
    ) -> None:
        self._write = write
        self._labels: dict[str, str] = dict(rules or {})
        self._notifications: list[dict[str, Any]] = []
        # open from here to close(): no single block spans their lifetime
        self._artifacts: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._results: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._files = 0
        self._findings = 0

    def add(self, file: FileResult) -> None:
        self._files += 1
        self._artifacts.write(json.dumps({"location": {"uri": file.path}}, ensure_ascii=False))
        self._artifacts.write("\n")
        if file.status != Status.OK:
            self._notifications.append(_notification(file))
        for finding in file.findings:
            self._labels.setdefault(finding.detector, finding.type)
            self._findings += 1
            # the rule index is only known at the end; the key keeps its place meanwhile
            self._results.write(json.dumps(_result(file.path, finding, -1), ensure_ascii=False))
            self._results.write("\n")

    def close(self) -> None:
        try:
            ordered = sorted(self._labels)
            index = {detector: i for i, detector in enumerate(ordered)}
            artifacts = [_ARTIFACTS] if self._files else []
            results = [_RESULTS] if self._findings else []
            skeleton = json.dumps(
                _log(ordered, self._labels, self._notifications, artifacts, results),
                ensure_ascii=False,
                indent=2,
            )
            placeholder = {
                _indented(_ARTIFACTS, _DEPTH): (self._artifacts, None),
                _indented(_RESULTS, _DEPTH): (self._results, index),
            }
            for line in skeleton.split("\n"):
                spool, rule_index = placeholder.get(line.rstrip(","), (None, None))
                if spool is None:
                    self._write(line + "\n")
                    continue
                self._copy(spool, rule_index)
                self._write(",\n" if line.endswith(",") else "\n")
        finally:
            self._artifacts.close()
            self._results.close()

    def _copy(self, spool: IO[str], rule_index: dict[str, int] | None) -> None:
        spool.seek(0)
        first = True
        for line in spool:
            entry = json.loads(line)
            if rule_index is not None:
                entry["ruleIndex"] = rule_index[entry["ruleId"]]
            self._write(("" if first else ",\n") + _indented(entry, _DEPTH))
            first = False
