"""Authentication: sign in and out, the user loader, and view decorators for roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkhulp.errors import NotAllowed


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


def _role_required(check: Callable[[Any], bool]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            from wijkhulp.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                raise NotAllowed()
            return view(*args, **kwargs)

        return wrapped

    return decorator


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    from wijkhulp.accounts.permissions import can_administer

    return _role_required(can_administer)(view)


def manager_required(view: Callable[..., Any]) -> Callable[..., Any]:
    from wijkhulp.accounts.permissions import can_manage

    return _role_required(can_manage)(view)
