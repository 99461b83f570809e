"""`mamori scan`'s reports (text, JSON, SARIF), written file by file as results arrive.

Each report takes the results one at a time (`add`) and writes as it goes, so memory does
not grow with the number of files; `close()` finishes the document. Nothing is written
before the first result or `close()`, so a usage error found while the workers start
leaves stdout empty. The JSON is byte for byte what
``json.dumps({"files": [r.to_json() …]}, ensure_ascii=False, indent=2) + "\\n"`` gives
(spec/pii.md); the SARIF is that of `mamori.pii.to_sarif`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["JsonReport", "Report", "SarifReport", "TextReport", "make_report"]

Write = Callable[[str], object]


class Report(Protocol):
    def add(self, result: Any) -> None: ...

    def close(self) -> None: ...


class JsonReport:
    """``{"files": [...]}`` (spec/pii.md), one entry written per result."""

    def __init__(self, write: Write, *, explain: bool) -> None:
        self._write = write
        self._explain = explain
        self._count = 0

    def add(self, result: Any) -> None:
        entry = json.dumps(result.to_json(explain=self._explain), ensure_ascii=False, indent=2)
        # an entry sits two levels deep; JSON strings hold no raw line breaks
        entry = "    " + entry.replace("\n", "\n    ")
        self._write(('{\n  "files": [\n' if self._count == 0 else ",\n") + entry)
        self._count += 1

    def close(self) -> None:
        self._write("\n  ]\n}\n" if self._count else '{\n  "files": []\n}\n')


class SarifReport:
    """SARIF 2.1.0; the results are spooled until the rules are known (mamori.pii._sarif)."""

    def __init__(self, write: Write) -> None:
        from mamori.pii._sarif import SarifWriter

        self._writer = SarifWriter(write)

    def add(self, result: Any) -> None:
        self._writer.add(result)

    def close(self) -> None:
        self._writer.close()


class TextReport:
    """A table per file (件数, 人数, 世帯, types), masked findings with --explain, totals."""

    def __init__(self, write: Write, *, explain: bool) -> None:
        self._write = write
        self._explain = explain
        self._files = self._found = self._bad = 0

    def add(self, result: Any) -> None:
        from mamori.pii._model import Status
        from mamori.pii._sarif import mask

        if self._files == 0:
            self._write("ファイル\t状態\t件数\t人数\t世帯\t種類\n")
        self._files += 1
        self._found += bool(result.findings)
        self._bad += result.status != Status.OK
        status = "OK" if result.status == Status.OK else f"読めません ({result.error})"
        kinds = ", ".join(f"{k} {v}" for k, v in result.summary.by_type.items())
        lines = [
            f"{result.path}\t{status}\t{len(result.findings)}\t{result.summary.persons}\t"
            f"{result.summary.households}\t{kinds}\n"
        ]
        if result.summary.edm is not None:
            lines.append(f"  照合: {result.summary.edm.describe()}\n")
        if self._explain:
            lines += [
                f"  {f.type}\t{f.start}-{f.end}\t{mask(f.text)}\t{f.explanation.describe()}\n"
                for f in result.findings
            ]
        self._write("".join(lines))

    def close(self) -> None:
        if self._files == 0:
            self._write("ファイル\t状態\t件数\t人数\t世帯\t種類\n")
        self._write(f"\n{self._files} ファイル: 検出あり {self._found}, 読めない {self._bad}\n")


def make_report(fmt: str, write: Write, *, explain: bool) -> Report:
    """The report for ``--format`` ``fmt`` (text, json or sarif)."""
    if fmt == "json":
        return JsonReport(write, explain=explain)
    if fmt == "sarif":
        return SarifReport(write)
    return TextReport(write, explain=explain)
