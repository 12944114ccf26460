"""Numbers as people read them on the dashboard and the impact page (in the page's language)."""

from __future__ import annotations

from typing import Any

from flask_babel import format_currency, format_decimal, ngettext

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
