"""Periods for the dashboard: calendar days in the Netherlands, turned into UTC moments. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from wijkhulp.database import LOCAL_TZ
from wijkhulp.errors import InvalidInput
from wijkhulp.metrics import local_midnight

DEFAULT_DAYS = 12 * 7
MAX_DAYS = 366
IMPACT_START = datetime(2000, 1, 1, tzinfo=UTC)


class InvalidPeriod(InvalidInput):
    default_message = _l("Choose a period: the first day must come before the last day.")


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date  # inclusive

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_day)

    @property
    def end(self) -> datetime:
        return local_midnight(self.last_day + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def today(now: datetime) -> date:
    return now.astimezone(LOCAL_TZ).date()


def default_period(now: datetime) -> Period:
    """The last twelve weeks, up to and including today."""
    last = today(now)
    return Period(last - timedelta(days=DEFAULT_DAYS - 1), last)


def make_period(first_day: date | None, last_day: date | None, now: datetime) -> Period:
    """The period a manager chose; missing days are filled in from the default. Raises InvalidPeriod."""
    default = default_period(now)
    last = last_day or (first_day + timedelta(days=DEFAULT_DAYS - 1) if first_day else default.last_day)
    first = first_day or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidPeriod(field="start")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidPeriod(_l("Choose a period of at most %(n)s days.", n=MAX_DAYS), field="start")
    return Period(first, last)


# ---------------------------------------------------------------- the public impact page's period chooser

IMPACT_PERIODS = ("all", "4w", "3m", "12m", "year")  # the first is the default
IMPACT_PERIOD_LABELS = {
    "all": _l("Since the start"),
    "4w": _l("The last 4 weeks"),
    "3m": _l("The last 3 months"),
    "12m": _l("The last 12 months"),
    "year": _l("This year"),
}


def _months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def impact_period(key: str, now: datetime) -> Period | None:
    """The chosen period of the impact page, up to and including today; None for "since the start".
    An unknown key is the default."""
    last = today(now)
    if key == "4w":
        return Period(last - timedelta(days=27), last)
    if key == "3m":
        return Period(_months_before(last, 3) + timedelta(days=1), last)
    if key == "12m":
        return Period(_months_before(last, 12) + timedelta(days=1), last)
    if key == "year":
        return Period(date(last.year, 1, 1), last)
    return None
