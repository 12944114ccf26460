"""Authentication: sign in and out, registration, passwords; wires Flask-Login's user loader."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from wijkhulp.accounts.models import User
    from wijkhulp.extensions import db, login_manager

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        ident, _, token = user_id.partition(":")
        if not ident.isdigit() or not token:
            return None
        user = db.session.get(User, int(ident))
        if user is None or user.session_token != token or not user.is_active:
            return None
        return user
