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
