"""Charts as server-rendered SVG: geometry computed here, drawn by reports.markup.chart with
CSS classes for colours (no script, no inline style, so a strict Content Security Policy holds).
A suppressed value (None) draws no bar: the table behind the chart shows it as "<5"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 720
PLOT_LEFT = 48
PLOT_TOP = 12
PLOT_BOTTOM = 40
COLUMN_HEIGHT = 260


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    title: str


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    kind: str  # "columns" (stacked, one per category) or "rows" (horizontal, grouped)
    title: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    value_ticks: list[Tick] = field(default_factory=list)
    category_ticks: list[Tick] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    empty: bool = False


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (
        1,
        2,
        5,
        10,
        15,
        20,
        25,
        50,
        75,
        100,
        125,
        150,
        200,
        250,
        300,
        500,
        750,
        1000,
        1500,
        2000,
        2500,
        5000,
        10_000,
        20_000,
        50_000,
        100_000,
    ):
        if value <= step * 4:
            return step * 4
    return value


def stacked_columns(title: str, categories: list[str], series: Sequence[tuple[str, Sequence[int | None]]]) -> Chart:
    """One column per category (e.g. month), stacked by series (e.g. risk level)."""
    chart = Chart("columns", title, WIDTH, COLUMN_HEIGHT, series=[name for name, _ in series])
    totals = [sum(v or 0 for _, values in series for v in [values[i]]) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    chart.empty = not any(totals)
    plot_h = COLUMN_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    plot_w = WIDTH - PLOT_LEFT - 8
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.7
    for i, category in enumerate(categories):
        x = PLOT_LEFT + i * slot + (slot - bar_w) / 2
        base: float = PLOT_TOP + plot_h
        for s, (name, values) in enumerate(series):
            value = values[i]
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            chart.bars.append(
                Bar(round(x, 1), round(base, 1), round(bar_w, 1), round(h, 1), s, f"{category}, {name}: {value}")
            )
        chart.category_ticks.append(Tick(round(x + bar_w / 2, 1), category))
    for k in range(5):
        chart.value_ticks.append(Tick(round(PLOT_TOP + plot_h - plot_h * k / 4, 1), f"{top * k / 4:,.0f}"))
    return chart


ROW_HEIGHT = 18
LABEL_WIDTH = 260


def grouped_rows(
    title: str,
    categories: list[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    maximum: float | None = None,
    unit: str = "",
) -> Chart:
    """Horizontal bars, one group per category (e.g. outcome), one bar per series (e.g. period)."""
    group_h = ROW_HEIGHT * len(series) + 10
    height = PLOT_TOP + group_h * len(categories) + PLOT_BOTTOM
    chart = Chart("rows", title, WIDTH, height, series=[name for name, _ in series])
    top = maximum or _nice_max(max((v or 0 for _, values in series for v in values), default=0))
    chart.empty = not any(v for _, values in series for v in values)
    plot_w = WIDTH - LABEL_WIDTH - 16
    for i, category in enumerate(categories):
        y0 = PLOT_TOP + i * group_h
        chart.category_ticks.append(Tick(round(y0 + group_h / 2, 1), category))
        for s, (name, values) in enumerate(series):
            value = values[i]
            if value is None:
                continue
            w = plot_w * value / top
            shown = f"{value:.1f}{unit}" if unit else f"{value:,.0f}"
            chart.bars.append(
                Bar(
                    LABEL_WIDTH,
                    round(y0 + s * ROW_HEIGHT, 1),
                    round(w, 1),
                    ROW_HEIGHT - 4,
                    s,
                    f"{category}, {name}: {shown}",
                )
            )
    for k in range(5):
        chart.value_ticks.append(Tick(round(LABEL_WIDTH + plot_w * k / 4, 1), f"{top * k / 4:,.0f}{unit}"))
    return chart
