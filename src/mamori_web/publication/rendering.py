"""The review screen's text: the extracted text with every finding marked by type.

Built here rather than in a template loop (a 5,000-row sheet has tens of thousands of
findings): every piece of text goes through `escape`, and each mark carries its type as
a visible label ([氏名]) as well as a colour class, so it reads the same without colour.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from mamori_web.publication.models import FindingDecision
from mamori_web.publication.selectors import FindingRow


def decision_class(decision: FindingDecision | None) -> str:
    return f"decided decided-{decision.decision}" if decision is not None else "undecided"


def finding_mark(row: FindingRow) -> SafeString:
    """One finding's mark, opening tag and label (the text follows, then ``</a>``)."""
    return format_html(
        '<a class="finding-mark {} {}" id="f-{}" href="#row-{}" data-finding="{}" '
        'data-testid="mark-{}"><span class="finding-tag">[{}]</span>',
        row.css,
        decision_class(row.decision),
        row.finding.pk,
        row.finding.pk,
        row.finding.pk,
        row.finding.pk,
        row.label,
    )


def marked_text(text: str, rows: Iterable[FindingRow]) -> SafeString:
    """`text` escaped, with each finding wrapped in its mark. Overlaps are clipped."""
    pieces: list[str] = []
    pos = 0
    for row in sorted(rows, key=lambda r: (r.finding.start, r.finding.end)):
        start = max(row.finding.start, pos)
        end = min(row.finding.end, len(text))
        if start >= end:
            continue
        pieces.append(escape(text[pos:start]))
        pieces.append(finding_mark(row))
        pieces.append(escape(text[start:end]))
        pieces.append("</a>")
        pos = end
    pieces.append(escape(text[pos:]))
    return mark_safe("".join(pieces))  # every piece escaped or built with format_html
