"""Retention periods as people read them, and the cut-off moments the purge uses (domain, no writes)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import ngettext

from wijkhulp.privacy import setting_specs as keys
from wijkhulp.registry import settings as registry
from wijkhulp.settings import services as settings

WARNING_NOTICE = timedelta(days=30)  # an inactive resident is warned this long before the account is deleted
RECORD_YEARS = 7  # grant decisions, granted amounts, receipts and final reports of plans (Archiefwet)

DAY_KEYS = frozenset({keys.SENT_MAIL})


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter month)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def cutoff(key: str, now: datetime) -> datetime:
    """Whatever is older than this moment is past the retention period of setting `key`."""
    value = int(settings.get(key))
    return now - timedelta(days=value) if key in DAY_KEYS else months_before(now, value)


def describe(key: str) -> str:
    """'12 months', '90 days' (in the current language) for a retention setting."""
    value = int(settings.get(key))
    if key in DAY_KEYS:
        return ngettext("%(num)d day", "%(num)d days", value)
    return ngettext("%(num)d month", "%(num)d months", value)


@dataclass(frozen=True)
class Period:
    key: str
    label: Any
    value: int
    text: str


def periods() -> dict[str, Period]:
    """Every retention setting with its current value, by short name (closed_listings, conversations, ...)."""
    names = {keys.CLOSED_LISTINGS: "closed_listings", keys.CONVERSATIONS: "conversations",
             keys.THANK_YOU: "thank_you", keys.NOTIFICATIONS: "notifications", keys.SENT_MAIL: "sent_mail",
             keys.INACTIVE_ACCOUNTS: "inactive_accounts"}
    result = {}
    for key, name in names.items():
        spec = registry.spec(key)
        result[name] = Period(key, spec.label if spec else key, int(settings.get(key)), describe(key))
    return result


def describe_keys(setting_keys: tuple[str, ...]) -> list[tuple[Any, str]]:
    """(label, '12 months') for the retention settings a processing names."""
    rows = []
    for key in setting_keys:
        spec = registry.spec(key)
        rows.append((spec.label if spec else key, describe(key) if key.startswith("retention_") else
                     str(settings.get(key))))
    return rows
