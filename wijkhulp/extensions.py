"""Flask extensions, created unbound and initialised in create_app."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from wijkhulp.database import LOCAL_TIMEZONE, Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# When the storage (Redis) is down, count in this process's memory and log it (the "flask-limiter" logger warns
# "Rate limit storage unreachable"), and never turn a storage error into an error page.
limiter = Limiter(key_func=get_remote_address, default_limits=[], in_memory_fallback_enabled=True,
                  swallow_errors=True)
# Every form that checks a password (sign-in, change password or e-mail address, delete the account).
DEFAULT_PASSWORD_CHECK_LIMIT = "10 per minute;50 per hour"


def PASSWORD_CHECK_LIMIT() -> str:  # named like the constant it replaced
    """The limit for forms that check a password: RATELIMIT_PASSWORD_CHECK (WIJKHULP_RATELIMIT_PASSWORD_CHECK)
    or the default. Only a load test behind one address raises it (bench/faults.py)."""
    from flask import current_app

    return str(current_app.config.get("RATELIMIT_PASSWORD_CHECK") or DEFAULT_PASSWORD_CHECK_LIMIT)


def init_app(app: Flask) -> None:
    from wijkhulp import i18n

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", _migrations_dir()))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=lambda: LOCAL_TIMEZONE)
    limiter.init_app(app)


def _migrations_dir() -> str:
    import os

    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")
