"""mamori.pii.redact: a masked copy of a file, in the same format, with layout kept.

    from mamori.pii import Registry, Scanner
    from mamori.pii.redact import redact_file
    report = redact_file("名簿.xlsx", "名簿_公開用.xlsx", scanner=Scanner(Registry.from_config()))
    report.counts            # {"ADDRESS": 12, "PERSON": 14, …}

Formats: TXT, MD, CSV, TSV, JSON (encoding and line ends kept), HTML (text nodes only),
DOCX (runs, tables, headers, footers, notes, comments) and XLSX (cell values; styles kept).
PDF and other formats are refused (``NotRedactableError``): redact the source document and
export again. Each finding becomes ■ per character or a type tag (``TAGS``); 法人番号
(CORPORATE_NUMBER, public data) is kept unless asked for. The copy is verified by
extracting and scanning it again before it is renamed into place (docs/redaction.md).
"""

from __future__ import annotations

from mamori.pii.redact._core import MAX_PASSES, MaskedSpan, RedactReport, redact_file
from mamori.pii.redact._errors import NotRedactableError, RedactionError
from mamori.pii.redact._mask import BLOCK, DEFAULT_TYPES, MASK_MODES, TAGS

__all__ = [
    "BLOCK",
    "DEFAULT_TYPES",
    "MASK_MODES",
    "MAX_PASSES",
    "TAGS",
    "MaskedSpan",
    "NotRedactableError",
    "RedactReport",
    "RedactionError",
    "redact_file",
]
