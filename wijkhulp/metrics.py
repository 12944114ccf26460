"""The dashboard registry (a low module): features register figures and series; the dashboard and the public
impact page show them without importing the features.

Every compute function gets (pc4s, start, end):
  pc4s   frozenset of PC4 areas, or None for everywhere
  start  aware UTC datetime, inclusive;  end  aware UTC datetime, exclusive
A figure returns a number (or a Measure, or None when it cannot be computed); a series returns rows
(row label, value, value, ...), one value per column. Compute functions only read.

Suppression: in every export and public figure, counts from 1 to 4 are shown as "<5" (see `suppress`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

SMALL = 5  # counts below this (except 0) are shown as "<5"
SUPPRESSED = "<5"
from wijkhulp.database import LOCAL_TZ  # noqa: E402  (the one local time zone)

UNITS = ("count", "hours", "euro_cents", "percent", "days")
_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")

Scope = frozenset[str] | None
Value = int | float | None


@dataclass(frozen=True)
class Measure:
    """A value derived from a number of cases (a rate, a median, hours over matches). When `basis` lies between
    1 and 4 the value is shown as "<5" in exports and public figures, like a small count."""

    value: Value
    basis: int | None = None


FigureResult = Value | Measure
Row = Sequence[Any]  # (label, value, ...)


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    compute: Callable[[Scope, datetime, datetime], FigureResult]
    unit: str = "count"
    section: Any = ""
    order: int = 50
    public: bool = False  # also on the public impact page
    description: Any = ""


@dataclass(frozen=True)
class Series:
    key: str
    label: Any
    compute: Callable[[Scope, datetime, datetime], list[Row]]
    columns: tuple[Any, ...] = (_l("Number"),)
    row_heading: Any = ""
    unit: str = "count"
    section: Any = ""
    order: int = 50
    public: bool = False
    description: Any = ""


_FIGURES: dict[str, Figure] = {}
_SERIES: dict[str, Series] = {}


def _check(key: str, unit: str) -> None:
    if not _KEY.fullmatch(key):
        raise ValueError(f"metric key {key!r}: use lower-case letters, digits and _")
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {UNITS}")


def register_figure(key: str, *, label: Any, compute: Callable[[Scope, datetime, datetime], FigureResult],
                    unit: str = "count", section: Any = "", order: int = 50, public: bool = False,
                    description: Any = "") -> Figure:
    """One number for the dashboard (and, when public, the impact page). The same key again replaces it."""
    _check(key, unit)
    figure = Figure(key=key, label=label, compute=compute, unit=unit, section=section, order=order, public=public,
                    description=description)
    _FIGURES[key] = figure
    return figure


def register_series(key: str, *, label: Any, compute: Callable[[Scope, datetime, datetime], list[Row]],
                    columns: Sequence[Any] = (), row_heading: Any = "", unit: str = "count", section: Any = "",
                    order: int = 50, public: bool = False, description: Any = "") -> Series:
    """Rows for a bar chart with its table, e.g. per category or per week. The same key again replaces it."""
    _check(key, unit)
    series = Series(key=key, label=label, compute=compute, columns=tuple(columns) or (_l("Number"),),
                    row_heading=row_heading, unit=unit, section=section, order=order, public=public,
                    description=description)
    _SERIES[key] = series
    return series


def figures(*, public_only: bool = False) -> list[Figure]:
    return sorted((f for f in _FIGURES.values() if f.public or not public_only), key=lambda f: (f.order, f.key))


def series(*, public_only: bool = False) -> list[Series]:
    return sorted((s for s in _SERIES.values() if s.public or not public_only), key=lambda s: (s.order, s.key))


def figure(key: str) -> Figure | None:
    return _FIGURES.get(key)


# ---------------------------------------------------------------- suppression (pure)

def is_small(count: int | None) -> bool:
    """1 to 4: too few to show without the risk of pointing at a person. 0 is not small: nobody is involved."""
    return count is not None and 0 < count < SMALL


def suppress(value: Any, unit: str = "count") -> Any:
    """The value as exports and public pages may show it: counts 1-4 become "<5"; a Measure on 1-4 cases
    becomes "<5"; other values (0, 5 and more, hours and money without a basis) stay. None stays None."""
    if isinstance(value, Measure):
        return SUPPRESSED if is_small(value.basis) else value.value
    if unit == "count" and isinstance(value, int | float) and not isinstance(value, bool):
        return SUPPRESSED if is_small(int(value)) else value
    return value


def plain(value: Any) -> Value:
    """The unsuppressed number (for the managers' own dashboard and for charts)."""
    return value.value if isinstance(value, Measure) else value


# ---------------------------------------------------------------- periods and weeks (pure)

def local_midnight(day: Any) -> datetime:
    """The start of a calendar day in the Netherlands, as an aware UTC datetime."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


def week_starts(start: datetime, end: datetime) -> list[datetime]:
    """The Mondays (00:00 Dutch time, as UTC) of the weeks that overlap [start, end)."""
    first = start.astimezone(LOCAL_TZ).date()
    monday = first - timedelta(days=first.weekday())
    starts = []
    while True:
        moment = local_midnight(monday)
        if moment >= end:
            break
        starts.append(moment)
        monday += timedelta(days=7)
    return starts


def week_label(week_start: datetime) -> str:
    """'2024-W05': the ISO week, the same in every language and in CSV files."""
    year, week, _ = week_start.astimezone(LOCAL_TZ).date().isocalendar()
    return f"{year}-W{week:02d}"


def per_week(count_between: Callable[[datetime, datetime], int | float], start: datetime,
             end: datetime) -> list[tuple[str, int | float]]:
    """Rows (week, value) for every week overlapping the period; each week is clipped to [start, end).
    `count_between(a, b)` should be one cheap indexed query."""
    rows = []
    for monday in week_starts(start, end):
        next_monday = local_midnight(monday.astimezone(LOCAL_TZ).date() + timedelta(days=7))
        a, b = max(monday, start), min(next_monday, end)
        rows.append((week_label(monday), count_between(a, b)))
    return rows
