"""Configuration defaults and the standard environment variables (no secrets here)."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from wijkhulp.database import LOCAL_TIMEZONE


class Defaults:
    SECRET_KEY = "dev"
    SQLALCHEMY_DATABASE_URI = "sqlite:///wijkhulp.sqlite3"  # relative => instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = LOCAL_TIMEZONE
    LANGUAGES = ("nl", "en")
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # switched on outside debug/testing in create_app
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14
    REDIS_URL: str | None = None
    # wijkhulp/cache.py: the shared cache (public impact figures, a minute) is Redis when REDIS_URL is set, else per
    # process; WIJKHULP_CACHE_TYPE=simple|redis|null overrides. Rendered listing cards stay in each process (LRU).
    CACHE_TYPE: str | None = None
    CACHE_KEY_PREFIX = "wijkhulp:cache:"
    FRAGMENT_CACHE_SIZE = 5000
    RATELIMIT_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"  # no fresh allowance at a minute boundary (and tests do not depend on it)
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    # Test every limit of a request, so the 429 page can say when the last one it broke lets it through again.
    RATELIMIT_FAIL_ON_FIRST_BREACH = False
    RATELIMIT_KEY_PREFIX = "wijkhulp"
    # Per-process memory storage gives every app server its own counters: refused outside debug/testing unless
    # REDIS_URL is set or this says a single process serves the site (WIJKHULP_RATELIMIT_ALLOW_MEMORY=true).
    RATELIMIT_ALLOW_MEMORY = False
    # The limit on forms that check a password (extensions.PASSWORD_CHECK_LIMIT); None: "10 per minute;50 per
    # hour" per address. Only raised for a load test whose residents all come from one address (bench/faults.py).
    RATELIMIT_PASSWORD_CHECK: str | None = None
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto (WIJKHULP_TRUSTED_PROXIES=1 behind
    # one nginx). 0: the address of the connection is the client, and forwarded headers are ignored.
    TRUSTED_PROXIES = 0
    # Managers and admins must pass a second sign-in step (TOTP) before staff pages (WIJKHULP_REQUIRE_STAFF_2FA).
    REQUIRE_STAFF_2FA = True
    # Mail: "console" prints, "smtp" sends, "capture" keeps messages in app.extensions for tests.
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_FROM = "wijkhulp <noreply@wijkhulp.local>"
    MAIL_DELIVER_AFTER_REQUEST = False  # development: deliver the outbox right after each request
    # Base URL for links in mail sent from the command line (no request there).
    BASE_URL = "http://127.0.0.1:5000"  # absolute links in mail
    GEOCODER = "off"  # "nominatim" enables the optional online geocoder (never in tests)
    POSTCODE_DATA_FILE = os.path.join(os.path.dirname(__file__), "geo", "data", "pc4.tsv")
    PREFERRED_URL_SCHEME = "http"
    # Operations (docs/deploy.md). /metrics answers only with "Authorization: Bearer <METRICS_TOKEN>"; unset: 404.
    METRICS_TOKEN: str | None = None
    # "json": one JSON line per request (production default); "text": Flask's usual log; "auto": json unless
    # debug or testing.
    LOG_FORMAT = "auto"
    READYZ_TIMEOUT = 2.0  # seconds the database may take to answer /readyz


_MAIL_KEYS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_FROM")
_TRUE = {"1", "true", "yes", "on"}


def load(app: Flask, test_config: Any = None) -> None:
    """Defaults < instance/config.py < WIJKHULP_* < the standard variables; tests pass one mapping instead."""
    app.config.from_object("wijkhulp.config.Defaults")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("WIJKHULP")
        apply_standard_env(app)
    else:
        app.config.from_mapping(test_config)


def database_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// (and the old postgres://) URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def apply_standard_env(app: Flask, environ: os._Environ[str] | dict[str, str] | None = None) -> None:
    """Read SECRET_KEY, DATABASE_URL, REDIS_URL and MAIL_* as DESIGN.md names them."""
    env = os.environ if environ is None else environ
    if env.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = env["SECRET_KEY"]
    if env.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    if env.get("REDIS_URL"):
        app.config["REDIS_URL"] = env["REDIS_URL"]
    if env.get("METRICS_TOKEN"):
        app.config["METRICS_TOKEN"] = env["METRICS_TOKEN"]
    for key in _MAIL_KEYS:
        if key in env:
            value: Any = env[key]
            if key == "MAIL_PORT":
                value = int(value)
            elif key == "MAIL_USE_TLS":
                value = value.strip().lower() in _TRUE
            app.config[key] = value


def as_bool(value: Any) -> bool:
    """A switch from the environment ("true", "0", ...) or from Python (True)."""
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return bool(value)


def as_proxy_count(value: Any) -> int:
    try:
        count = int(value or 0)
    except (TypeError, ValueError):
        raise RuntimeError(f"TRUSTED_PROXIES must be a whole number of proxies (0, 1, 2 ...), not {value!r}.") \
            from None
    if not 0 <= count <= 10:
        raise RuntimeError(f"TRUSTED_PROXIES must be between 0 and 10, not {count}.")
    return count


def finalise(app: Flask) -> None:
    """Derive settings that depend on others, whatever their source; refuse what must never run."""
    derive(app)
    refuse_unsafe(app)


def derive(app: Flask) -> None:
    """Settings that follow from others (`flask check` uses this without the refusals, to report them all)."""
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # After a database restart every idle pooled connection is dead: test each one as it is taken, so the
        # first request of each worker does not fail on it (bench/faults.py).
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True,
                                                   **(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})}
    if app.config.get("REDIS_URL") and app.config.get("RATELIMIT_STORAGE_URI") == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if storage.startswith(("redis://", "rediss://")):
        # A Redis that is down must cost a request little: fail fast, then the limiter counts in memory.
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 0.5, "socket_timeout": 0.5})
    for key in ("RATELIMIT_ALLOW_MEMORY", "REQUIRE_STAFF_2FA", "RATELIMIT_ENABLED"):
        app.config[key] = as_bool(app.config.get(key))
    app.config["TRUSTED_PROXIES"] = as_proxy_count(app.config.get("TRUSTED_PROXIES"))
    if not (app.debug or app.testing):
        app.config["SESSION_COOKIE_SECURE"] = app.config.get("SESSION_COOKIE_SECURE_IN_PRODUCTION", True)
        app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]


def refuse_unsafe(app: Flask) -> None:
    """The two settings wijkhulp will not start with outside debug/testing; `flask check` reports the rest."""
    if app.config["SECRET_KEY"] in ("dev", "", None) and not (app.debug or app.testing):
        raise RuntimeError("Set SECRET_KEY (or WIJKHULP_SECRET_KEY) before running wijkhulp in production.")
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if not (app.debug or app.testing) and app.config["RATELIMIT_ENABLED"] and storage.startswith("memory://") \
            and not app.config["RATELIMIT_ALLOW_MEMORY"]:
        raise RuntimeError(
            "Rate limits are counted in the memory of each process, so with several app servers (or gunicorn "
            "workers) every one has its own count. Set REDIS_URL, or, for a single-process install, "
            "WIJKHULP_RATELIMIT_ALLOW_MEMORY=true.")
