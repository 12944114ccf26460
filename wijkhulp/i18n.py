"""Locale selection (user setting, then session, then Dutch) and formatting filters for templates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, current_app, has_request_context, session
from flask_babel import format_currency, format_date, format_datetime, get_locale
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

SESSION_KEY = "locale"


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    try:
        user_locale = getattr(current_user, "locale", None) if current_user else None
    except SQLAlchemyError:  # database down: fall back to the session's choice
        user_locale = None
    if user_locale in supported():
        return user_locale
    chosen = session.get(SESSION_KEY)
    if chosen in supported():
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    locale = get_locale()
    return locale.language if locale is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def money(cents: int | None) -> str:
    return format_currency((cents or 0) / 100, "EUR")


# One style for every page, in both languages: "7 december 2026, 15:52" and "7 December 2026, 15:52"; a date
# alone "7 december 2026"; "full" adds the weekday ("maandag 7 december 2026"). Times in Dutch time (24 hours).
DATE_PATTERN = "d MMMM y"
DATETIME_PATTERN = "d MMMM y, HH:mm"
_NAMED = {"short", "medium", "long"}


def datetime_local(value: datetime | None, fmt: str | None = None) -> str:
    """A moment as every page shows it; the Babel names short/medium/long all give the one site style."""
    if value is None:
        return ""
    if fmt == "full":
        return format_datetime(value, "EEEE " + DATETIME_PATTERN)
    return format_datetime(value, DATETIME_PATTERN if fmt is None or fmt in _NAMED else fmt)


def date_local(value: Any, fmt: str | None = None) -> str:
    """A day as every page shows it ("7 december 2026"); "full" adds the weekday."""
    if value is None:
        return ""
    if fmt == "full":
        return format_date(value, "EEEE " + DATE_PATTERN)
    return format_date(value, DATE_PATTERN if fmt is None or fmt in _NAMED else fmt)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["datetime"] = datetime_local
    app.jinja_env.filters["date"] = date_local
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject_locale() -> dict[str, Any]:
        return {"current_locale": current_locale(), "languages": supported()}
