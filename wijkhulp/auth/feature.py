"""Manifest of authentication: sign in and out, registration, passwords, and Flask-Login's user loader."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from wijkhulp.accounts.models import User
from wijkhulp.auth import views
from wijkhulp.extensions import db, login_manager
from wijkhulp.registry.feature import Feature


def _init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(_load_user)


def _load_user(user_id: str) -> User | None:
    """The login id is "<user id>:<session token>": a new token (password change, block) ends every session."""
    ident, _, token = user_id.partition(":")
    if not ident.isdigit() or not token:
        return None
    user = db.session.get(User, int(ident))
    if user is None or user.session_token != token or not user.is_active:
        return None
    return user


FEATURE = Feature(name="auth", blueprints=(views.bp,), init_app=_init_app)
