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
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
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


_MAIL_KEYS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_FROM")
_TRUE = {"1", "true", "yes", "on"}


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
    for key in _MAIL_KEYS:
        if key in env:
            value: Any = env[key]
            if key == "MAIL_PORT":
                value = int(value)
            elif key == "MAIL_USE_TLS":
                value = value.strip().lower() in _TRUE
            app.config[key] = value


def finalise(app: Flask) -> None:
    """Derive settings that depend on others, whatever their source."""
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config.get("REDIS_URL") and app.config.get("RATELIMIT_STORAGE_URI") == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    if not (app.debug or app.testing):
        app.config["SESSION_COOKIE_SECURE"] = app.config.get("SESSION_COOKIE_SECURE_IN_PRODUCTION", True)
        app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
