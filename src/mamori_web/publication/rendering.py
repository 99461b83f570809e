"""The review screen's text: the extracted text with every finding marked by type.

Built here rather than in a template loop (a 5,000-row sheet has tens of thousands of
findings): every piece of text is escaped, and each mark carries its type as a visible
label ([氏名]) as well as a colour class, so it reads the same without colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from mamori_web.publication.selectors import Mark


def decision_class(decision: str) -> str:
    return f"decided decided-{decision}" if decision else "undecided"


def _opening(mark: Mark, label: str) -> str:
    pk = mark.pk
    return (
        f'<a class="finding-mark {mark.css} {decision_class(mark.decision)}" id="f-{pk}" '
        f'href="#row-{pk}" data-finding="{pk}" data-testid="mark-{pk}">'
        f'<span class="finding-tag">[{label}]</span>'
    )


def marked_text(text: str, marks: Iterable[Mark]) -> SafeString:
    """`text` escaped, with each finding wrapped in its mark. Overlaps are clipped."""
    labels: dict[str, str] = {}
    pieces: list[str] = []
    pos = 0
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        start = max(mark.start, pos)
        end = min(mark.end, len(text))
        if start >= end:
            continue
        label = labels.get(mark.type)
        if label is None:
            label = labels[mark.type] = escape(mark.label)
        pieces.append(escape(text[pos:start]))
        pieces.append(_opening(mark, label))
        pieces.append(escape(text[start:end]))
        pieces.append("</a>")
        pos = end
    pieces.append(escape(text[pos:]))
    return mark_safe("".join(pieces))  # every piece escaped (css classes are ours)
