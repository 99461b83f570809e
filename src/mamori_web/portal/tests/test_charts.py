from __future__ import annotations

import re
from xml.etree import ElementTree

from django.template import Context, Template

from mamori_web.portal.charts import BAR_WIDTH, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(markup)


def text_of(svg: ElementTree.Element, tag: str) -> str | None:
    element = svg.find(f"{SVG}{tag}")
    assert element is not None, tag
    return element.text


def test_bars_are_proportional_and_values_written_as_text() -> None:
    svg = parse(
        bar_chart(
            [("正規職員", 10), ("委託事業者", 5), ("臨時職員", 0)],
            title="職員数",
            unit="人",
            chart_id="c1",
        )
    )
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert text_of(svg, "title") == "職員数"
    assert text_of(svg, "desc") == "正規職員: 10人、委託事業者: 5人、臨時職員: 0人"
    widths = [int(r.get("width", "-1")) for r in svg.iter(f"{SVG}rect")]
    assert widths == [BAR_WIDTH, BAR_WIDTH // 2, 0]
    values = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert values == ["10人", "5人", "0人"]
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-label"]
    assert labels == ["正規職員", "委託事業者", "臨時職員"]


def test_no_inline_style_and_no_script() -> None:
    markup = str(bar_chart([("a", 1)], title="t"))
    assert "style=" not in markup
    assert "<script" not in markup


def test_labels_are_escaped() -> None:
    markup = str(bar_chart([("<script>x</script>", 1)], title='"><b>', chart_id="c2"))
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    parse(markup)  # still well-formed


def test_empty_and_all_zero_charts() -> None:
    assert text_of(parse(bar_chart([], title="none")), "desc") is None
    svg = parse(bar_chart([("a", 0), ("b", 0)], title="zeros"))
    assert [r.get("width") for r in svg.iter(f"{SVG}rect")] == ["0", "0"]


def test_negative_values_draw_no_bar_but_keep_their_text() -> None:
    svg = parse(bar_chart([("a", -3), ("b", 3)], title="t"))
    assert [r.get("width") for r in svg.iter(f"{SVG}rect")] == ["0", str(BAR_WIDTH)]
    assert "-3" in ElementTree.tostring(svg, encoding="unicode")


def test_ids_are_unique_per_chart() -> None:
    first, second = str(bar_chart([], title="a")), str(bar_chart([], title="b"))
    id_of = re.compile(r'id="([^"]+)-title"')
    ids = [id_of.search(markup) for markup in (first, second)]
    assert ids[0] is not None
    assert ids[1] is not None
    assert ids[0].group(1) != ids[1].group(1)


def test_template_tag() -> None:
    html = Template("{% load mamori_charts %}{% bar_chart rows title='件数' unit='件' %}").render(
        Context({"rows": [("A", 1_234)]})
    )
    assert "<svg" in html
    assert "1,234件" in html
