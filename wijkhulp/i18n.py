"""Locale selection (user setting, then session, then Dutch) and formatting filters for templates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel import support
from flask import Flask, current_app, has_request_context, session
from flask.globals import _cv_app
from flask_babel import format_currency, format_date, format_datetime, get_locale, get_translations
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


_NULL_TRANSLATIONS = support.NullTranslations()


def bound_translations() -> support.NullTranslations:
    """The catalogue of the current locale, looked up once per request (and again inside force_locale).

    Flask-Babel's own template callables resolve `g`, the babel context, the locale and the catalogue cache on
    every `_()` in a template: thousands of look-ups per page. This keeps the catalogue on the same per-request
    babel namespace, next to the Locale object it belongs to; force_locale puts another Locale object there, so
    a forced locale (a mail in the recipient's language) never gets the page's catalogue, and back again."""
    app_ctx = _cv_app.get(None)
    if app_ctx is None:
        return _NULL_TRANSLATIONS
    babel_ctx = app_ctx.g.__dict__.get("_flask_babel")
    if babel_ctx is not None:
        cached = babel_ctx.__dict__.get("wijkhulp_bound")
        if cached is not None and cached[0] is babel_ctx.__dict__.get("babel_locale"):
            return cached[1]
    translations = get_translations()
    babel_ctx = app_ctx.g.__dict__.get("_flask_babel")
    if babel_ctx is not None:
        babel_ctx.wijkhulp_bound = (babel_ctx.__dict__.get("babel_locale"), translations)
    return translations


def init_app(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  (added by jinja2.ext.i18n)
        gettext=lambda s: bound_translations().ugettext(s),
        ngettext=lambda s, p, n: bound_translations().ungettext(s, p, n),
        pgettext=lambda c, s: bound_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: bound_translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["datetime"] = datetime_local
    app.jinja_env.filters["date"] = date_local
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject_locale() -> dict[str, Any]:
        return {"current_locale": current_locale(), "languages": supported()}
