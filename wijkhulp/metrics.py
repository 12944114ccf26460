"""Figure arithmetic (a low, pure module): scopes, measures, suppression of small counts, weeks.

Features declare their figures and series in their manifests (wijkhulp.registry.metrics); the dashboard and the
public impact page show them without importing the features.

Every compute function gets (pc4s, start, end):
  pc4s   frozenset of PC4 areas, or None for everywhere
  start  aware UTC datetime, inclusive;  end  aware UTC datetime, exclusive
A figure returns a number (or a Measure, or None when it cannot be computed); a series returns rows
(row label, value, value, ...), one value per column. Compute functions only read.

Suppression: in every export and public figure, counts from 1 to 4 are shown as "<5", and medians and rates over
1 to 4 cases as "–" (see `suppress`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any


SMALL = 5  # counts below this (except 0) are shown as "<5"
SUPPRESSED = "<5"
# A median, rate or average over 1-4 people is not shown in exports and public figures: "–" with a note. Not "<5":
# that reads as "fewer than 5 days" (or per cent), and suppression is for counts of people. Not the value either:
# a median over one or two requests is that one person's waiting time, which a neighbour may recognise; a privacy
# officer treats it like the small count it rests on. Managers see the exact value on their own dashboard.
TOO_FEW = "–"
from wijkhulp.database import LOCAL_TZ  # noqa: E402  (the one local time zone)

UNITS = ("count", "hours", "euro_cents", "percent", "days")

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


# ---------------------------------------------------------------- suppression (pure)

def is_small(count: int | None) -> bool:
    """1 to 4: too few to show without the risk of pointing at a person. 0 is not small: nobody is involved."""
    return count is not None and 0 < count < SMALL


def suppress(value: Any, unit: str = "count") -> Any:
    """The value as exports and public pages may show it: counts 1-4 become "<5"; a count Measure on 1-4 cases
    becomes "<5"; a median, rate or average (any other unit) on 1-4 cases becomes TOO_FEW ("–", see above); other
    values (0, 5 and more, hours and money without a basis) stay. None stays None."""
    if isinstance(value, Measure):
        if not is_small(value.basis):
            return value.value
        return SUPPRESSED if unit == "count" else TOO_FEW
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
