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


def datetime_local(value: datetime | None, fmt: str = "medium") -> str:
    return "" if value is None else format_datetime(value, fmt)


def date_local(value: Any, fmt: str = "long") -> str:
    return "" if value is None else format_date(value, fmt)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["datetime"] = datetime_local
    app.jinja_env.filters["date"] = date_local
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject_locale() -> dict[str, Any]:
        return {"current_locale": current_locale(), "languages": supported()}
