"""Server-side charts: numbers in, geometry for an accessible SVG out.

No chart library and no JavaScript: the template ``articles/charts/chart.svg.html`` draws
what ``build_chart`` computes. Dashboards (statistics, earnings) reuse the same code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from quire.core.errors import UserError

MAX_POINTS = 100
BAR = "bar"
LINE = "line"


class ChartDataError(UserError, ValueError):
    """Chart data an author entered that cannot be drawn; the message says why."""


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    display: str


def parse_chart_data(text: str) -> list[Point]:
    """Read one point per line, "label, number" (the last comma or tab separates them).

    Numbers may use thousands separators ("1,234.5" in quotes or "1 234.5") and a trailing
    percent sign. Raises ChartDataError naming the first bad line.
    """
    points: list[Point] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        label, sep, value_text = _split_label(line)
        if not sep:
            raise ChartDataError(
                f"Line {number}: “{_clip(line)}” needs a label and a number separated "
                "by a comma, e.g. “Portugal, 42”."
            )
        if not label:
            raise ChartDataError(f"Line {number}: the label before the number is empty.")
        value = _parse_number(value_text)
        if value is None:
            raise ChartDataError(f"Line {number}: “{_clip(value_text)}” is not a number.")
        points.append(Point(label=label, value=value, display=_display(value_text)))
    if not points:
        raise ChartDataError("Enter at least one line of data, e.g. “Portugal, 42”.")
    if len(points) > MAX_POINTS:
        raise ChartDataError(
            f"A chart can show at most {MAX_POINTS} values; this one has {len(points)}. "
            "Split it into several charts or group the smallest values."
        )
    return points


def _split_label(line: str) -> tuple[str, str, str]:
    if "\t" in line:
        label, sep, value = line.rpartition("\t")
    elif line.count('"') >= 2 and line.endswith('"'):
        # "Label, 1,234" written with the number quoted.
        label, sep, value = line[: line.rindex('"', 0, -1)].rstrip(), ",", line
        label = label.rstrip(",").strip()
        value = value[value.rindex('"', 0, -1) :].strip('"')
    else:
        label, sep, value = line.rpartition(",")
    return label.strip().strip('"').strip(), sep, value.strip()


def _parse_number(text: str) -> float | None:
    cleaned = text.strip().rstrip("%").replace("\u00a0", "").replace(" ", "").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return float(value)


def _display(value_text: str) -> str:
    return value_text.strip().strip('"').rstrip("%").strip()


def _clip(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks (multiples of 1, 2 or 5 × 10^k) covering low..high."""
    if high == low:
        high = low + 1
    raw_step = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
    start = math.floor(low / step) * step
    ticks = [round(start, 10)]
    while ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def format_tick(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass
class Bar:
    label: str
    display: str
    value: float
    x: float
    y: float
    width: float
    height: float
    label_y: float
    value_x: float


@dataclass
class Tick:
    text: str
    position: float


@dataclass
class Chart:
    kind: str
    title: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    zero: float
    points: list[Point]
    unit: str = ""
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    line_path: str = ""
    markers: list[dict] = field(default_factory=list)


# Layout constants, in SVG user units (the SVG scales to its container).
# The viewBox is narrow so text stays legible when a phone scales the chart down.
WIDTH = 480
BAR_HEIGHT = 24
BAR_GAP = 8
LABEL_WIDTH = 132
VALUE_ROOM = 58
TOP = 12
AXIS_ROOM = 28
LINE_HEIGHT = 280
LINE_LEFT = 56


def build_chart(kind: str, points: list[Point], title: str = "", unit: str = "") -> Chart:
    if kind == LINE:
        return _line_chart(points, title, unit)
    return _bar_chart(points, title, unit)


def _scale(points: list[Point]) -> tuple[float, float, list[float]]:
    low = min(0.0, *(p.value for p in points))
    high = max(0.0, *(p.value for p in points))
    ticks = nice_ticks(low, high)
    return ticks[0], ticks[-1], ticks


def _bar_chart(points: list[Point], title: str, unit: str) -> Chart:
    """Horizontal bars: long labels (country names, say) stay readable on a phone."""
    low, high, ticks = _scale(points)
    left, right = LABEL_WIDTH, WIDTH - VALUE_ROOM
    span = high - low

    def x_of(value: float) -> float:
        return left + (value - low) / span * (right - left)

    zero = x_of(0.0)
    height = TOP + len(points) * (BAR_HEIGHT + BAR_GAP) + AXIS_ROOM
    chart = Chart(
        kind=BAR,
        title=title,
        width=WIDTH,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=TOP,
        plot_bottom=height - AXIS_ROOM,
        zero=round(zero, 2),
        points=points,
        unit=unit,
    )
    for i, point in enumerate(points):
        end = x_of(point.value)
        y = TOP + i * (BAR_HEIGHT + BAR_GAP)
        chart.bars.append(
            Bar(
                label=point.label,
                display=point.display,
                value=point.value,
                x=round(min(zero, end), 2),
                y=y,
                width=round(abs(end - zero), 2),
                height=BAR_HEIGHT,
                label_y=y + BAR_HEIGHT / 2,
                value_x=round(max(zero, end) + 6, 2),
            )
        )
    chart.ticks = [Tick(format_tick(t), round(x_of(t), 2)) for t in ticks]
    return chart


def _line_chart(points: list[Point], title: str, unit: str) -> Chart:
    low, high, ticks = _scale(points)
    left, right = LINE_LEFT, WIDTH - 24
    top, bottom = TOP + 8, LINE_HEIGHT - AXIS_ROOM - 24
    span = high - low

    def y_of(value: float) -> float:
        return bottom - (value - low) / span * (bottom - top)

    step = (right - left) / max(len(points) - 1, 1)
    chart = Chart(
        kind=LINE,
        title=title,
        width=WIDTH,
        height=LINE_HEIGHT,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        zero=round(y_of(0.0), 2),
        points=points,
        unit=unit,
    )
    coords = []
    # Label at most ~10 points on the x axis so labels never overlap.
    every = max(1, math.ceil(len(points) / 10))
    for i, point in enumerate(points):
        x = left + i * step if len(points) > 1 else (left + right) / 2
        y = y_of(point.value)
        coords.append(f"{x:.2f},{y:.2f}")
        chart.markers.append(
            {
                "x": round(x, 2),
                "y": round(y, 2),
                "label": point.label,
                "display": point.display,
                "show_label": i % every == 0 or i == len(points) - 1,
            }
        )
    chart.line_path = "M" + " L".join(coords)
    chart.ticks = [Tick(format_tick(t), round(y_of(t), 2)) for t in ticks]
    return chart
