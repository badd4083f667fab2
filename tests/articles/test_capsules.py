"""Every capsule renders, escapes what authors write, and refuses bad input with a message."""

import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from quire.articles import blocks, charts
from tests.factories import make_image

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def render(block, raw: dict) -> str:
    return block.render(block.to_python(raw))


def assert_escaped(html: str) -> None:
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_text_section_heading_is_escaped_and_rich_text_rendered():
    html = render(
        blocks.TextSectionBlock(), {"heading": HOSTILE, "text": "<p>Hello <b>there</b></p>"}
    )
    assert_escaped(html)
    assert "<h2>" in html and "Hello <b>there</b>" in html


@pytest.mark.django_db
def test_image_capsule_renders_caption_under_image_with_alt():
    image = make_image()
    html = render(
        blocks.ImageCapsuleBlock(),
        {"image": image.pk, "alt_text": 'Hills "at" dusk', "caption": HOSTILE, "credit": "Me"},
    )
    assert 'alt="Hills &quot;at&quot; dusk"' in html
    assert html.index("<img") < html.index("<figcaption>")
    assert_escaped(html)
    assert "srcset=" in html


@pytest.mark.django_db
def test_image_capsule_without_alt_text_is_refused():
    image = make_image()
    block = blocks.ImageCapsuleBlock()
    for alt in ["", "   "]:
        with pytest.raises((StructBlockValidationError, ValidationError)) as error:
            block.clean(block.to_python({"image": image.pk, "alt_text": alt, "caption": "c"}))
        assert "alt_text" in error.value.block_errors


@pytest.mark.parametrize(("style", "tag"), [("bulleted", "ul"), ("numbered", "ol")])
def test_list_capsule(style, tag):
    html = render(
        blocks.ListCapsuleBlock(), {"style": style, "items": ["<p>One</p>", "<p>Two</p>"]}
    )
    assert f"<{tag} " in html and html.count("<li>") == 2


def test_quote_capsule_escapes_quote_and_attribution():
    html = render(blocks.QuoteBlock(), {"quote": HOSTILE, "attribution": HOSTILE, "source_url": ""})
    assert "<blockquote>" in html
    assert_escaped(html)


def test_quote_rejects_javascript_links():
    block = blocks.QuoteBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"quote": "Hi", "source_url": "javascript:alert(1)"}))


def test_footnote_starts_with_a_star_and_strips_a_typed_one():
    block = blocks.FootnoteBlock()
    value = block.clean(block.to_python({"text": "* Figures are rounded."}))
    html = block.render(value)
    assert re.search(r"\*</span> Figures are rounded\.", html)
    assert "* *" not in html
    assert_escaped(render(block, {"text": HOSTILE}))


def test_table_capsule_escapes_cells_and_shows_header():
    raw = {
        "data": [["Country", "Share"], [HOSTILE, "42"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_header_choice": "row",
        "table_caption": "Shares",
    }
    html = render(blocks.TableCapsuleBlock(), raw)
    assert '<th scope="col"' in html and "<caption>Shares</caption>" in html
    assert_escaped(html)


def test_code_capsule_keeps_code_verbatim_but_escaped():
    html = render(
        blocks.CodeBlock(),
        {"language": "python", "code": "if a < b:\n    print('<b>')", "caption": ""},
    )
    assert "if a &lt; b:\n    print(&#x27;&lt;b&gt;&#x27;)" in html
    assert 'data-language="python"' in html


CHART = {
    "title": "Readers by country",
    "kind": "bar",
    "data": "Portugal, 40\nSpain, 20\nItaly, 10",
    "unit": "",
    "caption": "",
    "source": "",
}


def bar_widths(html: str) -> dict[str, float]:
    return {
        label: float(width)
        for width, label in re.findall(
            r'<rect class="chart-bar"[^>]*width="([\d.]+)"[^>]*><title>([^:]+):', html
        )
    }


def test_chart_bars_are_proportional_to_the_numbers():
    html = render(blocks.ChartBlock(), CHART)
    widths = bar_widths(html)
    assert set(widths) == {"Portugal", "Spain", "Italy"}
    assert widths["Portugal"] == pytest.approx(2 * widths["Spain"], rel=0.01)
    assert widths["Spain"] == pytest.approx(2 * widths["Italy"], rel=0.01)


def test_chart_is_accessible_svg_with_a_data_table():
    html = render(blocks.ChartBlock(), CHART)
    assert 'role="img"' in html
    title_id = re.search(r'<title id="([^"]+)">Readers by country</title>', html).group(1)
    assert f'aria-labelledby="{title_id} ' in html
    assert "Portugal 40; Spain 20; Italy 10" in html  # the description lists every value
    table = html.split('<div class="visually-hidden"><table>', 1)[1]
    assert '<th scope="row">Spain</th><td>20</td>' in table
    assert "<script" not in html


def test_chart_labels_and_title_are_escaped():
    raw = {**CHART, "title": HOSTILE, "data": f"{HOSTILE}, 5\nOther, 3"}
    assert_escaped(render(blocks.ChartBlock(), raw))


def test_line_chart_has_a_point_per_value():
    raw = {**CHART, "kind": "line", "data": "Jan, 1\nFeb, 3\nMar, 2\nApr, 5"}
    html = render(blocks.ChartBlock(), raw)
    assert html.count('<circle class="chart-marker"') == 4
    assert '<path class="chart-line" d="M' in html


def test_negative_values_draw_bars_left_of_zero():
    chart = charts.build_chart("bar", charts.parse_chart_data("Up, 10\nDown, -5"))
    up, down = chart.bars
    assert down.x + down.width == pytest.approx(chart.zero)
    assert up.x == pytest.approx(chart.zero)
    assert up.width == pytest.approx(2 * down.width, rel=0.01)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Portugal, lots", "Line 1: “lots” is not a number."),
        ("Portugal, 4\nSpain 5", "Line 2: “Spain 5” needs a label and a number"),
        ("", "Enter at least one line of data"),
        ("  \n \n", "Enter at least one line of data"),
        (", 4", "Line 1: the label before the number is empty."),
        ("\n".join(f"Place {i}, {i}" for i in range(101)), "at most 100 values; this one has 101"),
        ("Portugal, nan", "is not a number"),
        ("Portugal, inf", "is not a number"),
    ],
)
def test_chart_with_bad_data_is_refused_with_a_clear_message(data, message):
    block = blocks.ChartBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({**CHART, "data": data}))
    errors = error.value.block_errors["data"]
    assert message in " ".join(errors.messages)


def test_chart_accepts_tabs_quotes_and_percent():
    points = charts.parse_chart_data('Portugal\t1,234\n"Korea, South", "2,500"\nSpain, 45%')
    assert [(p.label, p.value) for p in points] == [
        ("Portugal", 1234.0),
        ("Korea, South", 2500.0),
        ("Spain", 45.0),
    ]


def test_a_chart_of_one_hundred_values_is_accepted():
    block = blocks.ChartBlock()
    data = "\n".join(f"Place {i}, {i}" for i in range(100))
    block.clean(block.to_python({**CHART, "data": data}))


def test_stored_bad_chart_data_renders_a_note_not_an_error():
    html = render(blocks.ChartBlock(), {**CHART, "data": "oops"})
    assert "This chart could not be drawn" in html


def test_nice_ticks_cover_the_data():
    ticks = charts.nice_ticks(-5, 1234)
    assert ticks[0] <= -5 and ticks[-1] >= 1234
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
