"""Manifest of authentication: sign in and out, registration, passwords, and Flask-Login's user loader."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkhulp.accounts import services as accounts
from wijkhulp.accounts.models import User
from wijkhulp.auth import views
from wijkhulp.extensions import login_manager
from wijkhulp.registry.feature import Feature
from wijkhulp.settings import services as settings


def _init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(_load_user)
    app.after_request(_no_store_when_signed_in)
    app.extensions["wijkhulp.reserved_name_words"] = _municipality_words


def _load_user(user_id: str) -> User | None:
    """The login id is "<user id>:<sign-in token>": only a sign-in that has not ended (signing out, "sign out
    everywhere", a password change, a block) lets the session or remember-me cookie in."""
    return accounts.signed_in_user(user_id)


def _no_store_when_signed_in(response: Response) -> Response:
    """Pages for a signed-in person hold personal data: no browser or proxy may keep a copy (static files may)."""
    endpoint = request.endpoint or ""
    if endpoint != "static" and not endpoint.endswith(".static") and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def _municipality_words() -> tuple[str, ...]:
    """The municipality's own name is reserved in residents' display names ("Gemeente Stichtse Vecht" ->
    "Stichtse Vecht")."""
    name = str(settings.get("municipality_name") or "").strip()
    if name.lower().startswith("gemeente"):
        name = name[len("gemeente"):].strip()
    return (name,) if name else ()


FEATURE = Feature(name="auth", blueprints=(views.bp,), init_app=_init_app)
