"""Errors of redaction (below ``InputError`` in mamori._exceptions' tree)::

InputError
└── RedactionError          the masked copy could not be made or verified; nothing written
    └── NotRedactableError  the format cannot be redacted (PDF, e-mail …)
"""

from __future__ import annotations

from collections.abc import Sequence

from mamori._exceptions import InputError

__all__ = ["NotRedactableError", "RedactionError"]


class RedactionError(InputError):
    """The masked copy could not be completed or verified; no output file was left.

    ``failures`` names each finding that could not be masked by type and place, never by
    value.
    """

    def __init__(self, message: str, failures: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.failures = tuple(failures)

    def __str__(self) -> str:
        text = super().__str__()
        if not self.failures:
            return text
        shown = "; ".join(self.failures[:20])
        more = f" (and {len(self.failures) - 20} more)" if len(self.failures) > 20 else ""
        return f"{text}: {shown}{more}"


class NotRedactableError(RedactionError):
    """The file's format has no redactor; redact its source document instead."""
