"""Numbers as people read them on the dashboard and the impact page (in the page's language)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask_babel import format_currency, format_date, format_decimal, gettext, ngettext

from wijkhulp import metrics


def shown(value: Any, unit: str, *, suppress: bool) -> Any:
    """The value to show: suppressed for exports and public pages, exact on the managers' own dashboard."""
    return metrics.suppress(value, unit) if suppress else metrics.plain(value)


def number_text(value: Any, unit: str) -> str:
    """12 · 4,5 uur · € 1.250,00 · 63 % · 2,5 dagen; "–" for no value; "<5" stays "<5"."""
    if value is None:
        return "–"
    if value in (metrics.SUPPRESSED, metrics.TOO_FEW):
        return str(value)
    if unit == "euro_cents":
        return format_currency(value / 100, "EUR")
    if unit == "percent":
        return format_decimal(round(value, 1), "#,##0.#") + " %"
    if unit in ("hours", "days"):
        amount = format_decimal(round(value, 1), "#,##0.#")
        plural = 1 if value == 1 else 2  # 0,5 and 1,5 read as plural too
        if unit == "hours":
            return ngettext("%(amount)s hour", "%(amount)s hours", plural, amount=amount)
        return ngettext("%(amount)s day", "%(amount)s days", plural, amount=amount)
    return format_decimal(value, "#,##0.#")


_ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def _day_month(day: date) -> str:
    return format_date(day, "d MMM").rstrip(".")


def row_text(label: Any) -> str:
    """A row label as people read it: the ISO week "2026-W38" (kept so in CSV files) becomes
    "week 38 (15–21 sep)", or "week 40 (29 sep – 5 okt)" across two months; other labels stay."""
    text = str(label)
    match = _ISO_WEEK.fullmatch(text)
    if match is None:
        return text
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return text
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        days = f"{monday.day}–{_day_month(sunday)}"
    else:
        days = f"{_day_month(monday)} – {_day_month(sunday)}"
    return gettext("week %(number)s (%(days)s)", number=int(match[2]), days=days)
