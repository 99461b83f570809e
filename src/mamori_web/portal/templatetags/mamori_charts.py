"""``{% load mamori_charts %}{% bar_chart rows title=… unit=… %}``: see `portal.charts`."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.safestring import SafeString

from mamori_web.portal.charts import bar_chart as _bar_chart

register = template.Library()


@register.simple_tag
def bar_chart(rows: Sequence[tuple[str, int | float]], title: str, unit: str = "") -> SafeString:
    return _bar_chart(rows, title=str(title), unit=str(unit))
