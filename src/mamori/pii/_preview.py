"""The masked preview of a finding: what may be stored and shown instead of the value.

Wherever findings are kept (the web application's scan jobs, DESIGN.md §4), a finding is its
type, its place, this preview and a keyed hash — never the value. Names and addresses keep
their first character (山■ ■■), e-mail addresses the first character and the domain,
numbers their separators and, from ten digits on, the last two digits (■■-■■■■-■■78).
"""

from __future__ import annotations

from typing import Final

__all__ = ["masked_preview"]

_TEXT_TYPES: Final = frozenset({"PERSON", "ADDRESS", "REAL_RESIDENT"})


def masked_preview(label: str, text: str) -> str:
    """The preview of a `label` finding whose value is `text` (see the module docstring)."""
    text = " ".join(text.split())
    if label in _TEXT_TYPES:
        shown = text[:1] + "".join(" " if ch == " " else "■" for ch in text[1:])
    elif label == "EMAIL":
        local, _at, domain = text.partition("@")
        shown = local[:1] + "■" * max(0, len(local) - 1) + ("@" + domain if _at else "")
    else:
        digits = [i for i, ch in enumerate(text) if ch.isalnum()]
        keep = set(digits[-2:]) if len(digits) > 8 else set()  # 2 of 10+ digits
        shown = "".join(ch if (i in keep or not ch.isalnum()) else "■" for i, ch in enumerate(text))
    return shown[:64]
