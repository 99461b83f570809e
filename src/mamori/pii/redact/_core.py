"""``redact_file``: extract, scan, mask in the file's own format, verify, write atomically.

    data ─ extract ─ scan ─ map findings onto the file's structure ─ mask ─┐
      ▲                                                                   │
      └──────────── again (up to MAX_PASSES) while the masked copy ───────┘
                    still has findings of the masked types
    then: write a temporary file beside OUT, extract and scan *that file*; if any finding
    of the masked types is left, delete it and fail; else rename it to OUT.

With ``select`` (a predicate on findings) only the chosen findings are masked, e.g. the
ones a reviewer marked マスキング while the city's official contact stays. The predicate
decides on the first pass; in later passes and in the verification scan a finding counts
as a remainder of a masked one when the predicate chooses it *or* it touches a mask (and is
not a value the first pass left alone), so "what was chosen is gone" is checked as
strictly as "everything is gone" is without it.

Fail closed: a finding that cannot be mapped onto the file, or that is still found in the
written copy, fails the whole redaction (``RedactionError``, naming type and place, never
the value) and no output is left behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mamori._exceptions import ConfigurationError
from mamori.pii._model import Extracted, Finding, Label, Status
from mamori.pii._pipeline import Scanner
from mamori.pii.extract import extract, extract_bytes
from mamori.pii.redact._docx import redact_docx
from mamori.pii.redact._errors import NotRedactableError, RedactionError
from mamori.pii.redact._html import redact_html
from mamori.pii.redact._mask import DEFAULT_TYPES, MASK_MODES, Masks, Redacted, where
from mamori.pii.redact._text import redact_text
from mamori.pii.redact._xlsx import redact_xlsx

__all__ = ["MAX_PASSES", "MaskedSpan", "RedactReport", "redact_file"]

log = logging.getLogger(__name__)

MAX_PASSES = 3

Redactor = Callable[[bytes, Extracted, Sequence[Finding], str], Redacted]

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_REDACTORS: dict[str, tuple[str, Redactor]] = {
    "text/plain": ("TXT", redact_text),
    "text/markdown": ("MD", redact_text),
    "text/csv": ("CSV", redact_text),
    "text/tab-separated-values": ("TSV", redact_text),
    "application/json": ("JSON", redact_text),
    "text/html": ("HTML", redact_html),
    _DOCX: ("DOCX", redact_docx),
    _XLSX: ("XLSX", redact_xlsx),
}
_REFUSED = {
    "application/pdf": "PDF",
    "message/rfc822": "e-mail (EML)",
    "application/vnd.ms-excel": "legacy Excel (XLS)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "application/zip": "ZIP archive",
    "application/xml": "XML",
}


@dataclass(frozen=True, slots=True)
class MaskedSpan:
    """One masked finding: its type and place (never its value)."""

    type: str
    where: str


@dataclass(frozen=True, slots=True)
class RedactReport:
    path: str
    out_path: str
    format: str
    mask: str
    masked: tuple[MaskedSpan, ...] = ()
    notes: tuple[str, ...] = ()
    passes: int = 0
    kept: dict[str, int] = field(default_factory=dict)  # findings of types not masked

    @property
    def counts(self) -> dict[str, int]:
        """Masked findings per type, sorted by type."""
        return dict(sorted(Counter(m.type for m in self.masked).items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "out": self.out_path,
            "format": self.format,
            "mask": self.mask,
            "counts": self.counts,
            "masked": [{"type": m.type, "where": m.where} for m in self.masked],
            "kept": dict(sorted(self.kept.items())),
            "notes": list(self.notes),
            "passes": self.passes,
        }


def _check_types(types: Iterable[str] | None) -> frozenset[str]:
    if types is None:
        return DEFAULT_TYPES
    wanted = frozenset(t.strip().upper() for t in types if t.strip())
    known = {label.value for label in Label}
    unknown = sorted(wanted - known)
    if unknown or not wanted:
        raise ConfigurationError(
            f"types: unknown labels {unknown or '(none given)'}; known: {', '.join(sorted(known))}"
        )
    return wanted


def _redactor(extracted: Extracted) -> tuple[str, Redactor]:
    media = extracted.media_type or ""
    if media in _REDACTORS:
        return _REDACTORS[media]
    what = _REFUSED.get(media, media or "this file type")
    raise NotRedactableError(
        f"not redactable: {what}; redact the source document and export again"
        + (
            ""
            if media == "application/pdf"
            else " (supported: TXT, MD, CSV, TSV, JSON, HTML, DOCX, XLSX)"
        )
    )


def _scan(scanner: Scanner, extracted: Extracted, what: str) -> list[Finding]:
    if extracted.status != Status.OK:
        raise RedactionError(f"{what} is unscannable: {extracted.error}")
    result = scanner.scan(extracted)
    if result.status != Status.OK:
        raise RedactionError(f"{what} is unscannable: {result.error}")
    return list(result.findings)


Select = Callable[[Finding], bool]


def _leaks(
    findings: Iterable[Finding],
    types: frozenset[str],
    text: str,
    select: Select | None = None,
    left_alone: frozenset[tuple[str, str]] | None = None,
) -> list[Finding]:
    """Findings of ``types`` still showing in ``text`` that are to be masked.

    Without ``select`` every one is. With it, on the first pass (``left_alone`` None) those
    it chooses; on a masked text also those that touch a mask — the remainders of chosen
    ones — unless one is the very value (type and text) the first pass left alone.
    """
    masks = Masks(text)
    out = []
    for f in findings:
        if f.type not in types:
            continue
        remainder = (
            left_alone is not None and (f.type, f.text) not in left_alone and masks.touches(f)
        )
        if select is not None and not select(f) and not remainder:
            continue
        if masks.is_leak(f):
            out.append(f)
    return out


def _failures(findings: Iterable[Finding], text: str) -> list[str]:
    return [f"{f.type} at {where(f, text)}" for f in findings]


def redact_file(
    in_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    scanner: Scanner,
    mask: str = "■",
    types: Iterable[str] | None = None,
    select: Select | None = None,
) -> RedactReport:
    """Write a masked copy of ``in_path`` to ``out_path`` in the same format.

    ``mask`` is ``"■"`` (one per character) or ``"tag"`` (``[氏名]`` …, see ``TAGS``);
    ``types`` are the labels to mask (default: all but CORPORATE_NUMBER, public data);
    ``select``, when given, chooses which findings of those types are masked (called with
    each ``Finding`` of the scan; findings it leaves are counted in ``kept``).
    Raises ``ConfigurationError`` for bad arguments, ``NotRedactableError`` for a format
    without a redactor (PDF …), ``RedactionError`` when the input is unscannable or a
    finding could not be masked or is still found in the written copy; then no output
    file is left.
    """
    if mask not in MASK_MODES:
        raise ConfigurationError(f"mask must be ■ or tag, not {mask!r}")
    wanted = _check_types(types)
    source, target = Path(in_path), Path(out_path)
    if target.exists() and source.exists() and source.resolve() == target.resolve():
        raise ConfigurationError("the output must not be the input file; choose another path")
    if not (target.parent if str(target.parent) else Path(".")).is_dir():
        raise ConfigurationError(f"the folder of {target} does not exist; create it first")
    if source.suffix.lower() != target.suffix.lower():
        raise ConfigurationError(
            f"the output keeps the input's format: name it with {source.suffix or 'no suffix'}"
        )
    extracted = extract(source)
    if extracted.status != Status.OK:
        raise RedactionError(f"{source} is unscannable: {extracted.error}")
    kind, redactor = _redactor(extracted)
    try:
        data = source.read_bytes()
    except OSError as err:
        raise RedactionError(f"{source} cannot be read: {err.strerror}") from err

    masked: list[MaskedSpan] = []
    notes: list[str] = []
    kept: Counter[str] = Counter()
    left_alone: frozenset[tuple[str, str]] | None = None
    unchosen: list[Finding] = []
    passes = 0
    for passes in range(1, MAX_PASSES + 1):
        findings = _scan(scanner, extracted, str(source))
        if passes == 1:
            unchosen = [f for f in findings if select is not None and not select(f)]
            kept.update(f.type for f in findings if f.type not in wanted)
            kept.update(f.type for f in unchosen if f.type in wanted)
        todo = _leaks(findings, wanted, extracted.text, select, left_alone)
        if passes == 1 and select is not None:
            left_alone = frozenset((f.type, f.text) for f in unchosen)
        if not todo:
            break
        result = redactor(data, extracted, todo, mask)
        if result.unmapped:
            raise RedactionError(
                f"{source}: findings could not be mapped onto the {kind} file, or a copy of "
                "them sits where no mask reaches (a link target, attribute, field code, "
                "comment or the document's properties); nothing was written",
                _failures(result.unmapped, extracted.text),
            )
        masked += [MaskedSpan(f.type, where(f, extracted.text)) for f in result.masked]
        notes += result.notes
        data = result.data
        extracted = extract_bytes(data, source.name)
        _check_readback(extracted, result.text, str(source))
    _write_verified(
        data,
        extracted.text,
        target,
        scanner,
        wanted,
        str(source),
        select,
        None if not masked else (left_alone or frozenset()),
    )
    log.debug("redacted %s → %s: %d masked", source, target, len(masked))
    return RedactReport(
        path=str(source),
        out_path=str(target),
        format=kind,
        mask=mask,
        masked=tuple(masked),
        notes=tuple(notes),
        passes=passes,
        kept=dict(kept),
    )


def _check_readback(extracted: Extracted, expected: str, source: str) -> None:
    """The masked copy must read back exactly as planned: every mask where it was meant to
    go and nothing else changed."""
    if extracted.status != Status.OK:
        raise RedactionError(
            f"{source}: the masked copy cannot be read back ({extracted.error}); nothing was "
            "written"
        )
    if extracted.text != expected:
        at = next(
            (i for i, (a, b) in enumerate(zip(extracted.text, expected, strict=False)) if a != b),
            min(len(extracted.text), len(expected)),
        )
        line = expected.count("\n", 0, at) + 1
        raise RedactionError(
            f"{source}: the masked copy does not read back as planned (first difference at "
            f"line {line} of its text); nothing was written"
        )


def _write_verified(
    data: bytes,
    expected: str,
    target: Path,
    scanner: Scanner,
    wanted: frozenset[str],
    source: str,
    select: Select | None = None,
    left_alone: frozenset[tuple[str, str]] | None = None,
) -> None:
    """Write ``data`` beside ``target``; extract that file, check it reads back as
    ``expected`` and that a scan finds nothing of the masked types left; then rename.
    ``left_alone``: see `_leaks` (None when nothing was masked: a ■ in the input is the
    author's, not a mask of ours)."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=folder, prefix=f".{target.stem}.", suffix=f".part{target.suffix}"
        )
    except OSError as err:
        raise RedactionError(f"cannot write into {folder}: {err.strerror}") from err
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        check = extract(temp)
        _check_readback(check, expected, source)
        found = _scan(scanner, check, "the masked copy")
        left = _leaks(found, wanted, check.text, select, left_alone)
        if left:
            raise RedactionError(
                f"{source}: personal data is still found in the masked copy after "
                f"{MAX_PASSES} passes; nothing was written",
                _failures(left, check.text),
            )
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
