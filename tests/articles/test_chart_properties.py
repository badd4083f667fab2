"""Properties of the chart capsule's data (quire/articles/charts.py), for any text an author
types: it is read into points or refused with a message naming the line, never a server
error; what it reads is what was written; any points it accepts draw inside the picture."""

import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from quire.articles.charts import (
    BAR,
    LINE,
    MAX_POINTS,
    ChartDataError,
    build_chart,
    parse_chart_data,
)

LABEL = st.text(
    alphabet=st.characters(blacklist_characters=',\t"\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'),
    min_size=1,
    max_size=30,
).filter(lambda label: label.strip())
VALUE = st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False)


@settings(max_examples=300)
@given(st.text(max_size=2000))
def test_any_text_is_read_or_refused_with_a_message(text):
    try:
        points = parse_chart_data(text)
    except ChartDataError as refusal:
        assert str(refusal)
    else:
        assert 1 <= len(points) <= MAX_POINTS
        assert all(math.isfinite(p.value) and p.label for p in points)


@given(st.lists(st.tuples(LABEL, VALUE), min_size=1, max_size=MAX_POINTS))
def test_what_is_read_is_what_was_written(rows):
    text = "\n".join(f"{label}, {value}" for label, value in rows)
    points = parse_chart_data(text)
    assert [p.label for p in points] == [label.strip() for label, _ in rows]
    assert [p.value for p in points] == [float(value) for _, value in rows]


@given(
    st.lists(st.tuples(LABEL, VALUE), min_size=1, max_size=MAX_POINTS),
    st.sampled_from([BAR, LINE]),
)
def test_every_chart_draws_inside_its_picture(rows, kind):
    points = parse_chart_data("\n".join(f"{label}, {value}" for label, value in rows))
    chart = build_chart(kind, points, title="T", unit="%")
    for bar in chart.bars:
        assert bar.width >= 0 and bar.height >= 0
        assert bar.x >= -1e-6 and bar.x + bar.width <= chart.width + 1e-6
    for tick in chart.ticks:
        assert math.isfinite(tick.position) and tick.text
    for marker in chart.markers:
        assert all(math.isfinite(v) for v in marker.values() if isinstance(v, float))


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separators_are_read(number):
    written = f"{number:,}"
    (point,) = parse_chart_data(f'Label, "{written}"')
    assert Decimal(point.value) == number or math.isclose(point.value, number)
