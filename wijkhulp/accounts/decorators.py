"""View decorators for roles; a visitor is sent to the sign-in page, a signed-in person without the role gets 403.

Staff pages also need the second sign-in step: a manager or admin whose session has not passed it is sent to the
code page, or, while two-step sign-in is required (REQUIRE_STAFF_2FA) and not yet set up, to its setup page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user

from wijkhulp.accounts import services as accounts
from wijkhulp.accounts.permissions import can_administer, can_manage
from wijkhulp.accounts.twofactor import services as twofactor
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import login_manager

# Session keys: the user id whose second step this session passed; a password sign-in waiting for its code.
SECOND_STEP_PASSED = "2fa_passed"
SECOND_STEP_PENDING = "2fa_pending"


def start_second_step(user: Any, *, remember: bool, next_url: str | None) -> Any:
    """After a right password for an account with two-step sign-in: not signed in yet, ask for the code."""
    session[SECOND_STEP_PENDING] = {"uid": user.id, "login_id": twofactor.pending_key(user), "remember": bool(remember),
                                    "next": next_url, "at": int(time.time())}
    return redirect(url_for("twofactor.second_step"))


def mark_second_step_passed(user: Any) -> None:
    session[SECOND_STEP_PASSED] = user.id


def second_step_passed(user: Any) -> bool:
    return session.get(SECOND_STEP_PASSED) == user.id


def account_limit_key() -> str:
    """Rate-limit key of the signed-in person (whatever address they come from), else their address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address() or ""


def _second_step_redirect(user: Any) -> Any:
    if second_step_passed(user):
        return None
    if twofactor.is_enabled(user):
        return redirect(url_for("twofactor.second_step", next=request.full_path))
    if twofactor.required_for(user):
        flash(_("Community managers and admins sign in with two steps. Set it up first; it takes two minutes."),
              "info")
        return redirect(url_for("twofactor.setup", next=request.full_path))
    return None


def role_required(check: Callable[[Any], bool]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                raise NotAllowed()
            gate = _second_step_redirect(current_user)
            if gate is not None:
                return gate
            return view(*args, **kwargs)

        wrapped.required_role = check  # type: ignore[attr-defined]  # lets tests find every staff route
        return wrapped

    return decorator


admin_required = role_required(can_administer)
manager_required = role_required(can_manage)


def sign_in(user: Any, *, remember: bool = False) -> None:
    """Start a server-side sign-in for this device and put its token in the login id (session and remember-me
    cookie). Every way into an account goes through here, after the credentials (and the code) were checked."""
    accounts.start_sign_in(user, user_agent=request.headers.get("User-Agent"))
    login_user(user, remember=remember)
