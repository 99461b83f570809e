"""Server-rendered charts: accessible inline SVG, no script and no style attributes.

`bar_chart` turns ``[(label, value), …]`` into a horizontal bar chart. The SVG carries a
``<title>`` and a ``<desc>`` that lists every value, each bar has its value written next
to it as text, and colours come from classes in mamori.css (the CSP forbids inline
styles), so the chart reads the same without colour, in print and to a screen reader.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 200
BAR_WIDTH = 260
VALUE_WIDTH = 110
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PADDING = 6

_ids = itertools.count(1)


def bar_chart(
    rows: Sequence[tuple[str, int | float]],
    *,
    title: str,
    unit: str = "",
    chart_id: str | None = None,
) -> SafeString:
    """An inline ``<svg>`` bar chart of `rows`; values below zero are drawn as zero."""
    chart_id = chart_id or f"chart-{next(_ids)}"
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = max(len(rows), 1) * ROW_HEIGHT + 2 * PADDING
    largest = max((max(v, 0) for _label, v in rows), default=0)
    description = "、".join(f"{label}: {_number(value)}{unit}" for label, value in rows)
    bars = []
    for i, (label, value) in enumerate(rows):
        top = PADDING + i * ROW_HEIGHT
        middle = top + ROW_HEIGHT // 2
        length = round(BAR_WIDTH * max(value, 0) / largest) if largest else 0
        shown = f"{_number(value)}{unit}"
        bars.append(
            (
                i,
                LABEL_WIDTH - 8,
                middle,
                label,  # label, right-aligned before the bar
                LABEL_WIDTH,
                top + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                length,
                BAR_HEIGHT,
                f"{label}: {shown}",  # the bar's tooltip
                LABEL_WIDTH + length + 6,
                middle,
                shown,  # the value, after the bar
            )
        )
    body = format_html_join(
        "",
        '<g class="chart-row" data-row="{}">'
        '<text class="chart-label" x="{}" y="{}" text-anchor="end" '
        'dominant-baseline="middle">{}</text>'
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>'
        '<text class="chart-value" x="{}" y="{}" dominant-baseline="middle">{}</text>'
        "</g>",
        bars,
    )
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        'aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        body=mark_safe(body),  # built with format_html_join above: every value escaped
    )


def _number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"
