"""Server-rendered bar charts: the geometry of a horizontal bar chart, computed here and drawn as SVG by
templates/dashboard/_chart.html. Pure: no Flask, no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 640
# Row labels are drawn right-aligned left of the bars at 14 px: 26 characters need about 220 px, so the label
# column is wider than that, or long labels ("Verstuurd: wacht op beoordeling") are cut off at the left edge.
LABEL_WIDTH = 240
VALUE_SPACE = 70
BAR_HEIGHT = 22
BAR_GAP = 4
ROW_GAP = 12
TOP = 8
LEGEND_LINE = 22  # one legend item per line: side by side, long column names would overlap or run off
LEGEND_CHARS = 40
LABEL_CHARS = 26
# Dark colours with at least 3:1 contrast against white (WCAG 1.4.11); patterns tell columns apart without colour.
COLOURS = ("#1d4f91", "#a34700", "#2c6e2f", "#6a2c91")
PATTERNS = ("solid", "stripes", "dots", "solid")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    column: int
    value_text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class RowLabel:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class LegendItem:
    text: str
    column: int
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[RowLabel]
    legend: list[LegendItem]
    axis_x: float
    axis_top: float
    axis_bottom: float
    colours: tuple[str, ...] = COLOURS
    patterns: tuple[str, ...] = PATTERNS


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: Any) -> float:
    if isinstance(value, bool) or value is None:
        return 0.0
    if isinstance(value, int | float):
        return max(float(value), 0.0)
    return 0.0  # a suppressed "<5" is drawn as an empty bar with its text


def bar_chart(rows: Sequence[Sequence[Any]], columns: Sequence[str], texts: Sequence[Sequence[str]] | None = None,
              width: int = WIDTH) -> Chart:
    """rows: (label, value, value, ...), one value per column. texts: what to print beside each bar (the
    formatted, maybe suppressed values); defaults to the values themselves."""
    n_columns = max(len(columns), 1)
    legend_height = n_columns * LEGEND_LINE + 4 if n_columns > 1 else 0
    values = [[_number(v) for v in row[1:1 + n_columns]] for row in rows]
    largest = max((v for row in values for v in row), default=0.0)
    span = width - LABEL_WIDTH - VALUE_SPACE
    scale = span / largest if largest > 0 else 0.0
    group = n_columns * BAR_HEIGHT + (n_columns - 1) * BAR_GAP
    bars: list[Bar] = []
    labels: list[RowLabel] = []
    y = TOP + legend_height
    for r, row in enumerate(rows):
        labels.append(RowLabel(_short(str(row[0])), LABEL_WIDTH - 8, y + group / 2 + 5))
        for c in range(n_columns):
            value = values[r][c] if c < len(values[r]) else 0.0
            bar_width = value * scale
            top = y + c * (BAR_HEIGHT + BAR_GAP)
            text = texts[r][c] if texts is not None else str(row[1 + c] if 1 + c < len(row) else "")
            bars.append(Bar(LABEL_WIDTH, top, round(bar_width, 2), BAR_HEIGHT, c, text,
                            round(LABEL_WIDTH + bar_width + 6, 2), top + BAR_HEIGHT / 2 + 5))
        y += group + ROW_GAP
    legend = [LegendItem(_short(str(name), LEGEND_CHARS), c, LABEL_WIDTH, TOP + c * LEGEND_LINE)
              for c, name in enumerate(columns)] if n_columns > 1 else []
    height = int(max(y - ROW_GAP + TOP, TOP * 2 + legend_height + BAR_HEIGHT))
    return Chart(width=width, height=height, bars=bars, labels=labels, legend=legend, axis_x=LABEL_WIDTH,
                 axis_top=TOP + legend_height - 4, axis_bottom=height - TOP + 4)
