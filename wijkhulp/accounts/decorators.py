"""View decorators for roles; a visitor is sent to the sign-in page, a signed-in person without the role gets 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask_login import current_user

from wijkhulp.accounts.permissions import can_administer, can_manage
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import login_manager


def role_required(check: Callable[[Any], bool]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                raise NotAllowed()
            return view(*args, **kwargs)

        wrapped.required_role = check  # type: ignore[attr-defined]  # lets tests find every staff route
        return wrapped

    return decorator


admin_required = role_required(can_administer)
manager_required = role_required(can_manage)
