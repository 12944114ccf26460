"""Hours of help as people type and read them ("1,5"), and whole days between two moments. Pure."""

from __future__ import annotations

import math
import re
from datetime import datetime


def parse_hours(raw: str | None) -> int | None:
    """'1,5' or '1.5' or '2' hours -> minutes (90, 90, 120); '' -> None; ValueError when it is not 0..24 hours."""
    text = (raw or "").strip().replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(r"\d{1,2}(\.\d{1,2})?", text):
        raise ValueError(raw)
    minutes = round(float(text) * 60)
    if minutes < 0 or minutes > 24 * 60:
        raise ValueError(raw)
    return minutes


def format_hours(minutes: int | None) -> str:
    """90 -> '1,5'; 120 -> '2' (Dutch decimal comma)."""
    if not minutes:
        return "0"
    hours = minutes / 60
    return str(int(hours)) if hours == int(hours) else f"{hours:.1f}".replace(".", ",")


def days_ago(then: datetime, now: datetime) -> int:
    return max(0, math.floor((now - then).total_seconds() / 86400))
